import Foundation

/// A place in a chunk's bytes where what was read was not in the file's encoding: a line
/// read in the other encoding (counted), or bytes in no encoding, replaced by U+FFFD (the
/// row they are in is invalid, see ``CSVRowProblem/Kind/invalidBytes``).
package struct EncodingMark: Sendable, Equatable {
  /// What happened at the mark.
  package enum Kind: Sendable, Equatable {
    /// The line starting at ``EncodingMark/offset`` was read in the file's other encoding.
    case otherEncoding
    /// The byte at ``EncodingMark/offset`` is U+FFFD put for bytes in no encoding.
    case invalidBytes
  }

  /// Offset in the bytes it was made for (in a chunk, from the chunk's start).
  package var offset: Int
  /// What happened there.
  package var kind: Kind
  /// For ``Kind/invalidBytes``: the 1-based column, in bytes as read, of the first bad byte
  /// on its line.
  package var column: Int
}

/// Turns input bytes into UTF-8, a run of whole lines at a time, deciding the encoding of
/// each line on its own bytes:
///
/// - `.auto`: the file's encoding is UTF-8 until the first byte above 0x7F; the 64 KB from
///   there decide it (UTF-8 when they are valid UTF-8, else GB18030). A line that is not
///   valid in the file's encoding is read in the other one (marked
///   ``EncodingMark/Kind/otherEncoding``); a line valid in neither keeps its good
///   characters, has U+FFFD for its bad bytes and is marked
///   ``EncodingMark/Kind/invalidBytes``.
/// - `.utf8` or `.gb18030` asked for: lines are read in that encoding only.
/// - UTF-16 (by its byte order mark): decoded as a stream, bad units marked.
///
/// Line feeds, commas and quotes are single bytes that no GB18030 or UTF-8 multi-byte
/// character contains, so lines and records are the same before and after decoding, and
/// the decision for a line does not depend on how the input was cut into blocks.
final class CSVInputDecoder {
  enum Mode {
    case undecided
    case utf8
    case gb18030
    case utf16(IconvDecoder)
  }

  private(set) var mode: Mode
  /// The encoding asked for.
  private let requested: TextEncoding
  /// Whether a line that fails the file's encoding is tried in the other (`.auto`).
  let readsOtherEncoding: Bool
  private var gb18030: IconvDecoder?
  /// How many bytes from the first non-ASCII byte decide the encoding (`.auto`).
  static let sampleSize = 1 << 16

  /// - Throws: ``FileError`` when GB18030 or UTF-16 is needed and iconv cannot decode it.
  init(requested: TextEncoding, path: String) throws(FileError) {
    readsOtherEncoding = requested == .auto
    self.requested = requested
    switch requested {
    case .utf8: mode = .utf8
    case .gb18030: mode = .gb18030
    case .auto: mode = .undecided
    case .utf16LittleEndian, .utf16BigEndian:
      let name = requested == .utf16LittleEndian ? "UTF-16LE" : "UTF-16BE"
      guard let decoder = IconvDecoder(from: name) else {
        throw FileError.decoding(
          path: path, line: 1,
          message: "is \(name), and this system's iconv cannot decode it; convert it to UTF-8")
      }
      mode = .utf16(decoder)
    }
    if requested == .gb18030 { _ = try gbDecoder(path: path) }
  }

  /// The encoding most lines are read in (UTF-8 while undecided).
  var encoding: TextEncoding {
    switch mode {
    case .undecided, .utf8: .utf8
    case .gb18030: .gb18030
    case .utf16: requested
    }
  }

  /// Sets UTF-8 (a UTF-8 byte order mark was found).
  func decideUTF8() {
    if case .undecided = mode { mode = .utf8 }
  }

  /// Whether the mode is still undecided (`.auto` before the first non-ASCII byte).
  var isUndecided: Bool {
    if case .undecided = mode { return true }
    return false
  }

  /// Decides `.auto` from `sample`, the bytes from the first non-ASCII byte on (up to
  /// ``sampleSize``, or to the input's end): UTF-8 when the sample is valid UTF-8 or reads
  /// no further as GB18030 than as UTF-8 (bytes in neither), else GB18030.
  func decide(sample: UnsafeBufferPointer<UInt8>, path: String) throws(FileError) {
    guard case .undecided = mode else { return }
    guard !TextEncoding.isUTF8(sample) else {
      mode = .utf8
      return
    }
    let gb = try gbDecoder(path: path)
    let utf8Reach = UTF8Check.firstInvalid(sample, in: 0..<sample.count) ?? sample.count
    var scratch: [UInt8] = []
    let gbReach =
      switch gb.convert(sample, into: &scratch) {
      case .converted: sample.count
      case .invalid(let offset): offset
      }
    mode = gbReach > utf8Reach ? .gb18030 : .utf8
  }

  /// Decodes `raw` (whole lines, or the input's end) and appends the UTF-8 to `output`,
  /// marks at `base` + their place in `output`'s new bytes.
  /// - Returns: `nil` when nothing had to change (`raw` is valid UTF-8 read as UTF-8 and
  ///   `output` is untouched); else the number of `raw` bytes consumed (all but a UTF-16
  ///   unit cut off at the end).
  func decode(
    _ raw: UnsafeBufferPointer<UInt8>, isEnd: Bool, into output: inout [UInt8],
    marks: inout [EncodingMark], base: Int
  ) -> Int? {
    let start = output.count
    func mark(_ kind: EncodingMark.Kind, at offset: Int, column: Int = 0) {
      marks.append(EncodingMark(offset: base + offset - start, kind: kind, column: column))
    }
    switch mode {
    case .undecided:
      return nil  // only ASCII reaches here (the reader decides first)
    case .utf16(let decoder):
      var index = 0
      while index < raw.count {
        switch decoder.convert(UnsafeBufferPointer(rebasing: raw[index...]), into: &output) {
        case .converted(let consumed):
          index += consumed
          if index < raw.count {
            guard isEnd else { return index }
            mark(.invalidBytes, at: output.count, column: column(in: output, at: output.count))
            output.append(contentsOf: UTF8Check.replacementCharacter)
            index = raw.count
          }
        case .invalid(let offset):
          index += offset + 2
          mark(.invalidBytes, at: output.count, column: column(in: output, at: output.count))
          output.append(contentsOf: UTF8Check.replacementCharacter)
        }
      }
      return raw.count
    case .utf8:
      guard var bad = UTF8Check.firstInvalid(raw, in: 0..<raw.count) else { return nil }
      var index = 0
      while true {
        let lineStart = Self.lineStart(raw, before: bad, notBefore: index)
        output.append(contentsOf: raw[index..<lineStart])
        let lineEnd = Self.lineEnd(raw, from: bad)
        let line = UnsafeBufferPointer(rebasing: raw[lineStart..<lineEnd])
        let lineOutput = output.count
        if readsOtherEncoding, let gb = gb18030 ?? (try? gbDecoder(path: "")),
          case .converted(let consumed) = gb.convert(line, into: &output), consumed == line.count
        {
          mark(.otherEncoding, at: lineOutput)
        } else {
          output.removeLast(output.count - lineOutput)
          let badOutput = lineOutput + (bad - lineStart)
          UTF8Check.appendRepairing(line, to: &output)
          mark(.invalidBytes, at: badOutput, column: bad - lineStart + 1)
        }
        index = lineEnd
        guard let next = UTF8Check.firstInvalid(raw, in: index..<raw.count) else {
          output.append(contentsOf: raw[index...])
          return raw.count
        }
        bad = next
      }
    case .gb18030:
      guard UTF8Check.firstNonASCII(raw, in: 0..<raw.count) != nil else { return nil }
      let gb = gb18030!
      var index = 0
      while index < raw.count {
        let lineOutputStart = output.count
        switch gb.convert(UnsafeBufferPointer(rebasing: raw[index...]), into: &output) {
        case .converted(let consumed) where index + consumed == raw.count:
          return raw.count
        case .converted(let consumed), .invalid(offset: let consumed):
          // A bad sequence (or a character cut off by the input's end) at `bad`.
          let bad = index + consumed
          let lineStart = Self.lineStart(raw, before: bad, notBefore: index)
          // Take back the output of the bad line's good start: it ends after the last
          // line feed written (line feeds are written as they are).
          var keep = output.count
          while keep > lineOutputStart, output[keep - 1] != ASCII.lf { keep -= 1 }
          output.removeLast(output.count - keep)
          let lineEnd = Self.lineEnd(raw, from: bad)
          let line = UnsafeBufferPointer(rebasing: raw[lineStart..<lineEnd])
          if readsOtherEncoding, UTF8Check.firstInvalid(line, in: 0..<line.count) == nil {
            mark(.otherEncoding, at: output.count)
            output.append(contentsOf: line)
          } else {
            // The good characters before the bad bytes, then the rest repaired.
            _ = gb.convert(UnsafeBufferPointer(rebasing: raw[lineStart..<bad]), into: &output)
            mark(.invalidBytes, at: output.count, column: bad - lineStart + 1)
            gb.convertRepairing(
              UnsafeBufferPointer(rebasing: raw[bad..<lineEnd]), unit: 1, into: &output)
          }
          index = lineEnd
        }
      }
      return raw.count
    }
  }

  // MARK: - Private

  private func gbDecoder(path: String) throws(FileError) -> IconvDecoder {
    if let gb18030 { return gb18030 }
    guard let decoder = IconvDecoder(from: "GB18030") else {
      throw FileError.decoding(
        path: path, line: 1,
        message:
          "is not UTF-8, and this system's iconv cannot decode GB18030; convert the file to UTF-8 first"
      )
    }
    gb18030 = decoder
    return decoder
  }

  /// The 1-based column of `offset` in `bytes`, counted from the last line feed before it.
  private func column(in bytes: [UInt8], at offset: Int) -> Int {
    var start = offset
    while start > 0, bytes[start - 1] != ASCII.lf { start -= 1 }
    return offset - start + 1
  }

  /// The start of the line holding `offset`: after the last line feed before it, and not
  /// before `floor` (a line start).
  static func lineStart(
    _ bytes: UnsafeBufferPointer<UInt8>, before offset: Int, notBefore floor: Int
  )
    -> Int
  {
    var start = offset
    while start > floor, bytes[start - 1] != ASCII.lf { start -= 1 }
    return start
  }

  /// The end of the line holding `offset`: after its line feed, or the end of `bytes`.
  static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int {
    var end = offset
    while end < bytes.count, bytes[end] != ASCII.lf { end += 1 }
    return end < bytes.count ? end + 1 : end
  }
}
