import Foundation

/// The character encoding of an input file.
public enum TextEncoding: String, Sendable, CaseIterable {
  /// UTF-8 (with or without a byte order mark).
  case utf8
  /// GB18030, which includes GBK and GB2312: the usual encoding of Chinese exports.
  case gb18030
  /// Decide from the file: UTF-8, or GB18030 when the 64 KB from the first non-ASCII byte
  /// are not valid UTF-8; a line that is not valid in that encoding is read in the other.
  case auto
  /// UTF-16, little-endian; read when the file starts with its byte order mark.
  case utf16LittleEndian = "utf16le"
  /// UTF-16, big-endian; read when the file starts with its byte order mark.
  case utf16BigEndian = "utf16be"

  /// Accepts `utf8`, `utf-8`, `gb18030`, `gbk`, `gb2312`, `auto` (any case).
  public init?(name: String) {
    switch name.lowercased() {
    case "utf8", "utf-8": self = .utf8
    case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
    case "auto": self = .auto
    default: return nil
    }
  }

  /// The name for messages: `UTF-8`, `GB18030 (GBK)`, `UTF-16LE`, `UTF-16BE`.
  public var displayName: String {
    switch self {
    case .utf8: "UTF-8"
    case .gb18030: "GB18030 (GBK)"
    case .auto: "auto"
    case .utf16LittleEndian: "UTF-16LE"
    case .utf16BigEndian: "UTF-16BE"
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
    return UTF8Check.firstInvalid(bytes, in: 0..<end) == nil
  }
}

/// UTF-8 validation without creating strings: ASCII eight bytes at a time, other
/// characters by the table of RFC 3629 (no overlong forms, no surrogates, nothing past
/// U+10FFFF).
enum UTF8Check {
  /// The length of the valid UTF-8 character at `index` (1–4), or 0 when the bytes there
  /// are not one (a character cut off at `end` is not).
  @inline(__always)
  static func characterLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Int {
    let lead = bytes[index]
    if lead < 0x80 { return 1 }
    @inline(__always) func trail(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
      index + offset < end && bytes[index + offset] >= low && bytes[index + offset] <= high
    }
    switch lead {
    case 0xC2...0xDF: return trail(1) ? 2 : 0
    case 0xE0: return trail(1, 0xA0) && trail(2) ? 3 : 0
    case 0xE1...0xEC, 0xEE...0xEF: return trail(1) && trail(2) ? 3 : 0
    case 0xED: return trail(1, 0x80, 0x9F) && trail(2) ? 3 : 0
    case 0xF0: return trail(1, 0x90) && trail(2) && trail(3) ? 4 : 0
    case 0xF1...0xF3: return trail(1) && trail(2) && trail(3) ? 4 : 0
    case 0xF4: return trail(1, 0x80, 0x8F) && trail(2) && trail(3) ? 4 : 0
    default: return 0
    }
  }

  /// The offset of the first byte in `range` that does not begin a valid UTF-8 character,
  /// or `nil` when the whole range is valid.
  static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    var index = range.lowerBound
    let end = range.upperBound
    while index < end {
      // ASCII: 32, then 8 bytes at a time while no byte has its high bit set.
      while index &+ 32 <= end {
        let a = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        let b = raw.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
        let c = raw.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
        let d = raw.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)
        guard (a | b | c | d) & 0x8080_8080_8080_8080 == 0 else { break }
        index &+= 32
      }
      while index &+ 8 <= end,
        raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        index &+= 8
      }
      // Then character by character until the next ASCII byte. Chinese text is three-byte
      // characters: one 32-bit load and mask tests them (lead 1110xxxx, two 10xxxxxx
      // trails; for lead E0 the second byte must have bit 5 set (no overlong form), for
      // ED it must not (no surrogate): so lead nibble and that bit, 0x200F, must be
      // neither 0x0000 nor 0x200D).
      while index < end {
        let lead = base[index]
        if lead < 0x80 {
          index &+= 1
          break
        }
        if index &+ 8 <= end {
          // Two three-byte characters at once: the same masks for bytes 0–2 and 3–5.
          let pair = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
          let first = pair & 0x200F
          let second = (pair &>> 24) & 0x200F
          if pair & 0x0000_C0C0_F0C0_C0F0 == 0x0000_8080_E080_80E0 && first != 0
            && first != 0x200D && second != 0 && second != 0x200D
          {
            index &+= 6
            continue
          }
        }
        if index &+ 4 <= end {
          let word = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
          let check = word & 0x200F
          if word & 0x00C0_C0F0 == 0x0080_80E0 && check != 0 && check != 0x200D {
            index &+= 3
            continue
          }
        }
        let length = characterLength(bytes, at: index, end: end)
        if length == 0 { return index }
        index &+= length
      }
    }
    return nil
  }

  /// The offset of the first byte of 0x80 or more in `range`, or `nil`.
  static func firstNonASCII(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    let high: UInt64 = 0x8080_8080_8080_8080
    var index = range.lowerBound
    // 32 bytes at a time until a high bit shows; then the word that has it.
    while index &+ 32 <= range.upperBound {
      let a = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      let b = raw.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
      let c = raw.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
      let d = raw.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)
      if (a | b | c | d) & high != 0 { break }
      index &+= 32
    }
    while index &+ 8 <= range.upperBound {
      let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & high
      if word != 0 { return index &+ (UInt64(littleEndian: word).trailingZeroBitCount &>> 3) }
      index &+= 8
    }
    while index < range.upperBound {
      if base[index] >= 0x80 { return index }
      index &+= 1
    }
    return nil
  }

  /// Appends `bytes` to `output` with every byte that does not begin a valid character
  /// replaced by U+FFFD.
  static func appendRepairing(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
    var index = 0
    while index < bytes.count {
      let length = characterLength(bytes, at: index, end: bytes.count)
      if length == 0 {
        output.append(contentsOf: replacementCharacter)
        index += 1
      } else {
        output.append(contentsOf: bytes[index..<(index + length)])
        index += length
      }
    }
  }

  /// U+FFFD REPLACEMENT CHARACTER in UTF-8.
  static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]
}

/// Converts GB18030 or UTF-16 bytes to UTF-8 with glibc's `iconv`, a block at a time.
final class IconvDecoder {
  private let converter: iconv_t

  /// - Parameter source: the iconv name of the input encoding (`GB18030`, `UTF-16LE`, …).
  /// - Returns: `nil` when the system's iconv cannot convert it.
  init?(from source: String) {
    let handle = iconv_open("UTF-8", source)
    guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
    converter = handle
  }

  deinit { iconv_close(converter) }

  /// The outcome of one conversion.
  enum Outcome {
    /// Converted; `consumed` input bytes (a character cut at the end is left for later).
    case converted(consumed: Int)
    /// An invalid sequence at input offset `offset`; everything before it was converted.
    case invalid(offset: Int)
  }

  /// Appends the UTF-8 form of `input` to `output`.
  func convert(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Outcome {
    guard let base = input.baseAddress, input.count > 0 else { return .converted(consumed: 0) }
    var consumed = 0
    let start = output.count
    // UTF-8 takes at most 3 bytes for 2 GB18030 or UTF-16 bytes, and 4 for 4.
    output.append(contentsOf: repeatElement(0, count: input.count * 2 + 16))
    var produced = start
    var failure: Int32 = 0
    output.withUnsafeMutableBytes { raw in
      var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
        .assumingMemoryBound(to: CChar.self)
      var inLeft = input.count
      var outPointer: UnsafeMutablePointer<CChar>? = (raw.baseAddress! + start)
        .assumingMemoryBound(to: CChar.self)
      var outLeft = raw.count - start
      if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 { failure = errno }
      produced = raw.count - outLeft
      consumed = input.count - inLeft
    }
    output.removeLast(output.count - produced)
    switch failure {
    case 0, EINVAL: return .converted(consumed: consumed)  // done, or a character cut at the end
    default: return .invalid(offset: consumed)
    }
  }

  /// Appends the UTF-8 form of `input`, with U+FFFD for each `unit` bytes that do not
  /// convert (and for a character cut off at the end).
  func convertRepairing(_ input: UnsafeBufferPointer<UInt8>, unit: Int, into output: inout [UInt8])
  {
    var index = 0
    while index < input.count {
      switch convert(UnsafeBufferPointer(rebasing: input[index...]), into: &output) {
      case .converted(let consumed):
        index += consumed
        if index < input.count {  // cut off at the end
          output.append(contentsOf: UTF8Check.replacementCharacter)
          index = input.count
        }
      case .invalid(let offset):
        output.append(contentsOf: UTF8Check.replacementCharacter)
        index += offset + unit
      }
    }
  }
}
