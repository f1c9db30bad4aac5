/// One field of a parsed record: a byte range in the input buffer, or in the parser's
/// scratch buffer when the field had to be unescaped (`""` inside quotes).
public struct CSVField: Sendable, Equatable {
  public var start: Int
  public var end: Int
  public var inScratch: Bool
}

/// Splits RFC 4180 CSV bytes into records and fields without creating strings.
///
/// The parser keeps its field array and scratch buffer across records, so parsing
/// allocates nothing once they have grown to the widest record. Records may end in LF or
/// CRLF; quoted fields may contain commas, quotes (as `""`) and line breaks. A quote
/// inside an unquoted field is kept as data.
public struct CSVRecordParser: Sendable {
  /// A quoted field longer than this is taken to be unterminated, so that one stray
  /// quote cannot swallow the rest of a large file.
  public static let maximumRecordBytes = 1 << 20

  /// The fields of the last record parsed.
  public var fields: ArraySlice<CSVField> { storage[0..<fieldCount] }
  /// Field slots, kept larger than any record seen; the first ``fieldCount`` are in use.
  private var storage = [CSVField](
    repeating: CSVField(start: 0, end: 0, inScratch: false), count: 64)
  private var fieldCount = 0
  /// Unescaped quoted fields of the last record.
  public private(set) var scratch: [UInt8] = []
  /// Set when the last record could not be read.
  public private(set) var problem: CSVRowProblem?
  /// The bytes of the last record, without its line terminator (offsets into the input).
  public private(set) var recordRange: Range<Int> = 0..<0
  /// How many line breaks the last record spanned, its terminator included.
  public private(set) var linesConsumed = 0

  public init() {}

  /// Parses the record that starts at `start`.
  ///
  /// - Parameters:
  ///   - bytes: the buffer holding the input.
  ///   - start: where the record begins.
  ///   - line: the 1-based line number of `start`, for problems.
  ///   - isFinal: `true` when no more input follows `bytes`.
  /// - Returns: where the next record begins, or `nil` when the record is incomplete
  ///   and more input is needed (never `nil` when `isFinal`).
  public mutating func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, isFinal: Bool
  ) -> Int? {
    fieldCount = 0
    problem = nil
    if let next = parseUnquoted(bytes, from: start) { return next }
    fieldCount = 0
    scratch.removeAll(keepingCapacity: true)
    linesConsumed = 0
    let end = bytes.count
    var index = start
    var fieldStart = start
    var innerLines = 0

    while true {
      if index == end {
        guard isFinal else { return nil }
        appendField(CSVField(start: fieldStart, end: end, inScratch: false))
        recordRange = start..<end
        linesConsumed = innerLines
        return end
      }
      if bytes[index] == ASCII.quote && index == fieldStart {
        // Quoted field: find the closing quote.
        var cursor = index + 1
        var escaped = false
        var closed = false
        var lines = 0
        while cursor < end {
          let byte = bytes[cursor]
          if byte == ASCII.quote {
            if cursor + 1 < end && bytes[cursor + 1] == ASCII.quote {
              escaped = true
              cursor += 2
              continue
            }
            if cursor + 1 == end && !isFinal { return nil }
            closed = true
            break
          }
          if byte == ASCII.lf { lines += 1 }
          cursor += 1
        }
        if !closed {
          if !isFinal && end - start < Self.maximumRecordBytes { return nil }
          return resynchronize(
            bytes, start: start, at: index, isFinal: isFinal, problem: .unterminatedQuote,
            line: line)
        }
        innerLines += lines
        appendQuoted(bytes, from: index + 1, to: cursor, escaped: escaped)
        index = cursor + 1
        if index == end {
          guard isFinal else { return nil }
          recordRange = start..<end
          linesConsumed = innerLines
          return end
        }
        let next = bytes[index]
        if next == ASCII.comma {
          index += 1
          fieldStart = index
          continue
        }
        if next == ASCII.lf || next == ASCII.cr {
          if next == ASCII.cr, index + 1 == end, !isFinal { return nil }
          if let resume = finishRecord(
            bytes, start: start, terminator: index, innerLines: innerLines, isFinal: isFinal)
          {
            return resume
          }
        }
        return resynchronize(
          bytes, start: start, at: index, isFinal: isFinal, problem: .textAfterClosingQuote,
          line: line)
      }
      // Unquoted field: run to the next comma or line feed.
      var cursor = index
      while cursor < end {
        let byte = bytes[cursor]
        if byte == ASCII.comma || byte == ASCII.lf { break }
        cursor += 1
      }
      if cursor == end {
        guard isFinal else { return nil }
        var fieldEnd = end
        if fieldEnd > fieldStart, bytes[fieldEnd - 1] == ASCII.cr { fieldEnd -= 1 }
        appendField(CSVField(start: fieldStart, end: fieldEnd, inScratch: false))
        recordRange = start..<fieldEnd
        linesConsumed = innerLines
        return end
      }
      if bytes[cursor] == ASCII.comma {
        appendField(CSVField(start: fieldStart, end: cursor, inScratch: false))
        index = cursor + 1
        fieldStart = index
        continue
      }
      // Line feed: the record ends here.
      var fieldEnd = cursor
      if fieldEnd > fieldStart, bytes[fieldEnd - 1] == ASCII.cr { fieldEnd -= 1 }
      appendField(CSVField(start: fieldStart, end: fieldEnd, inScratch: false))
      recordRange = start..<fieldEnd
      linesConsumed = innerLines + 1
      return cursor + 1
    }
  }

  private mutating func appendField(_ field: CSVField) {
    if fieldCount == storage.count { storage += storage }
    storage[fieldCount] = field
    fieldCount += 1
  }

  /// The bytes of field `index` of the last record.
  @inline(__always)
  public func withField<R>(
    _ index: Int, in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R
  ) -> R {
    let field = storage[index]
    if field.inScratch {
      return scratch.withUnsafeBufferPointer {
        body(UnsafeBufferPointer(rebasing: $0[field.start..<field.end]))
      }
    }
    return body(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
  }

  /// Why the last record cannot be read as a row of a file whose header has `fieldCount`
  /// fields: its own problem, or a different number of fields; `nil` when it can.
  public func problem(expectingFields fieldCount: Int, line: Int) -> CSVRowProblem? {
    if let problem { return problem }
    guard fields.count != fieldCount else { return nil }
    return CSVRowProblem(
      kind: .fieldCount(expected: fieldCount, found: fields.count), line: line, column: nil)
  }

  /// Field `index` of the last record as a `String` (slow path: headers, messages).
  public func string(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
    withField(index, in: bytes) { $0.string() }
  }

  // MARK: - Private

  /// The fast path for the common record: no quote before its line feed. Scans eight
  /// bytes at a time for commas, line feeds and quotes; returns `nil` (leaving the record
  /// to the general parser) on a quote or when fewer than eight bytes remain before the
  /// line feed is found.
  @inline(__always)
  private mutating func parseUnquoted(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int)
    -> Int?
  {
    guard let base = bytes.baseAddress else { return nil }
    let end = bytes.count
    var count = 0
    var range = start..<start
    let next = storage.withUnsafeMutableBufferPointer { slots -> Int? in
      var fieldStart = start
      var offset = start
      while offset &+ 8 <= end {
        let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
        // Comma, line feed and quote are all below '-' (0x2D); so are only blanks, CR and
        // control bytes, which the switch passes over. Codes, digits, dots, dashes,
        // letters and UTF-8 text are not. One test instead of three per word.
        var found = SWAR.bytesBelow(UInt64(littleEndian: word), ASCII.minus)
        while found != 0 {
          let position = offset &+ (found.trailingZeroBitCount &>> 3)
          found &= found &- 1
          switch base[position] {
          case ASCII.comma:
            guard count < slots.count else { return nil }  // wider than the slots: slow path
            slots[count] = CSVField(start: fieldStart, end: position, inScratch: false)
            count &+= 1
            fieldStart = position &+ 1
          case ASCII.lf:
            guard count < slots.count else { return nil }
            var fieldEnd = position
            if fieldEnd > fieldStart, base[fieldEnd &- 1] == ASCII.cr { fieldEnd &-= 1 }
            slots[count] = CSVField(start: fieldStart, end: fieldEnd, inScratch: false)
            count &+= 1
            range = start..<fieldEnd
            return position &+ 1
          case ASCII.quote:
            return nil  // the general parser handles quoted fields
          default:
            continue
          }
        }
        offset &+= 8
      }
      return nil
    }
    guard let next else { return nil }
    fieldCount = count
    recordRange = range
    linesConsumed = 1
    return next
  }

  private mutating func appendQuoted(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, escaped: Bool
  ) {
    guard escaped else {
      appendField(CSVField(start: start, end: end, inScratch: false))
      return
    }
    let scratchStart = scratch.count
    var index = start
    while index < end {
      scratch.append(bytes[index])
      index += bytes[index] == ASCII.quote ? 2 : 1
    }
    appendField(CSVField(start: scratchStart, end: scratch.count, inScratch: true))
  }

  /// Ends the record at the line terminator at `terminator` (LF or CRLF; a lone CR at the
  /// very end of the input counts too).
  private mutating func finishRecord(
    _ bytes: UnsafeBufferPointer<UInt8>, start: Int, terminator: Int, innerLines: Int,
    isFinal: Bool
  ) -> Int? {
    var next = terminator
    if bytes[next] == ASCII.cr {
      if next + 1 == bytes.count && isFinal {
        recordRange = start..<terminator
        linesConsumed = innerLines
        return bytes.count
      }
      guard next + 1 < bytes.count, bytes[next + 1] == ASCII.lf else { return nil }
      next += 1
    }
    recordRange = start..<terminator
    linesConsumed = innerLines + 1
    return next + 1
  }

  /// Marks the record unreadable and ends it at the first line feed after `position`, so
  /// the rest of the file is read normally. Returns `nil` when that line feed is not in the
  /// buffer yet and more input follows.
  private mutating func resynchronize(
    _ bytes: UnsafeBufferPointer<UInt8>, start: Int, at position: Int, isFinal: Bool,
    problem kind: CSVRowProblem.Kind, line: Int
  ) -> Int? {
    var cursor = position
    while cursor < bytes.count, bytes[cursor] != ASCII.lf { cursor += 1 }
    if cursor == bytes.count && !isFinal && bytes.count - start < Self.maximumRecordBytes {
      return nil
    }
    // Line and column of `position` itself (earlier fields may span several lines).
    var problemLine = line
    var lineStart = start
    for offset in start..<position where bytes[offset] == ASCII.lf {
      problemLine += 1
      lineStart = offset + 1
    }
    problem = CSVRowProblem(kind: kind, line: problemLine, column: position - lineStart + 1)
    var contentEnd = cursor
    if contentEnd > start, bytes[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
    recordRange = start..<contentEnd
    fieldCount = 0
    let lines = problemLine - line
    if cursor == bytes.count {
      linesConsumed = lines
      return cursor
    }
    linesConsumed = lines + 1
    return cursor + 1
  }

}
