import Foundation

/// The character encoding of an input file.
public enum TextEncoding: String, Sendable, CaseIterable {
  /// UTF-8 (with or without a byte order mark).
  case utf8
  /// GB18030, which includes GBK and GB2312: the usual encoding of Chinese exports.
  case gb18030
  /// Decide from the first block: UTF-8 when it is valid UTF-8, else GB18030.
  case auto

  /// Accepts `utf8`, `utf-8`, `gb18030`, `gbk`, `gb2312`, `auto` (any case).
  public init?(name: String) {
    switch name.lowercased() {
    case "utf8", "utf-8": self = .utf8
    case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
    case "auto": self = .auto
    default: return nil
    }
  }

  /// Whether `bytes` is valid UTF-8, allowing a multi-byte character cut off at the end.
  static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var end = bytes.count
    // Drop an incomplete trailing sequence (at most 3 bytes).
    var back = 0
    while back < 3, end - back - 1 >= 0, bytes[end - back - 1] & 0xC0 == 0x80 { back += 1 }
    if end - back - 1 >= 0 {
      let lead = bytes[end - back - 1]
      let needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
      if needed > back { end = end - back - 1 }
    }
    return String(validating: UnsafeBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self) != nil
  }
}

/// Converts GB18030 bytes to UTF-8 with glibc's `iconv`, a block at a time.
final class GB18030Decoder {
  private let converter: iconv_t

  /// - Returns: `nil` when the system's iconv cannot convert GB18030.
  init?() {
    let handle = iconv_open("UTF-8", "GB18030")
    guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
    converter = handle
  }

  deinit { iconv_close(converter) }

  /// The outcome of one conversion.
  enum Outcome {
    /// Converted; `consumed` input bytes (a character cut at the end is left for later).
    case converted(consumed: Int)
    /// An invalid sequence at input offset `offset`.
    case invalid(offset: Int)
  }

  /// Appends the UTF-8 form of `input` to `output`.
  func convert(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Outcome {
    guard let base = input.baseAddress, input.count > 0 else { return .converted(consumed: 0) }
    var consumed = 0
    var block = [UInt8](repeating: 0, count: max(4096, input.count * 2))
    while consumed < input.count {
      var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
        mutating: base + consumed
      ).assumingMemoryBound(to: CChar.self)
      var inLeft = input.count - consumed
      var produced = 0
      var failure: Int32 = 0
      block.withUnsafeMutableBytes { raw in
        var outPointer: UnsafeMutablePointer<CChar>? = raw.baseAddress!.assumingMemoryBound(
          to: CChar.self)
        var outLeft = raw.count
        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
        produced = raw.count - outLeft
        if result == -1 { failure = errno }
      }
      output.append(contentsOf: block[0..<produced])
      consumed = input.count - inLeft
      switch failure {
      case 0, E2BIG: continue  // done, or the output block was full: go on
      case EINVAL: return .converted(consumed: consumed)  // a character cut at the end
      default: return .invalid(offset: consumed)
      }
    }
    return .converted(consumed: consumed)
  }
}
