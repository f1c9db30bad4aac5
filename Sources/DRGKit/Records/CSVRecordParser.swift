import Foundation

/// One field of a parsed record: a byte range in the input buffer, or in the parser's
/// scratch buffer when the field had to be unescaped (`""` inside quotes).
public struct CSVField: Sendable, Equatable {
  /// Offset of the field's first byte.
  public var start: Int
  /// Offset just past the field's last byte.
  public var end: Int
  /// Whether the offsets are in the parser's scratch buffer (an unescaped field) rather than the input.
  public var inScratch: Bool
}

/// Splits RFC 4180 CSV bytes into records and fields without creating strings.
///
/// The parser keeps its field array and scratch buffer across records, so parsing
/// allocates nothing once they have grown to the widest record. Records may end in LF or
/// CRLF; quoted fields may contain commas, quotes (as `""`) and line breaks. A quote
/// inside an unquoted field is kept as data.
///
/// ## Recovery: a broken quote costs one line
///
/// A record is read from the start of a physical line. It is taken as it parses (RFC 4180,
/// quoted fields may hold line breaks) when
/// 1. every quoted field closes, and each closing quote is followed by a comma or the line
///    end, and
/// 2. when it spans more than one physical line: it has exactly ``expectedFieldCount``
///    fields (when that is set), and it ends within ``maximumRecordBytes`` of its start.
///
/// Otherwise the record is its first physical line alone: that line is parsed as if the
/// input ended at its line feed, and is reported with its own problem (an unterminated
/// quote or text after a closing quote, at that line and column). Reading goes on at the
/// next physical line, which is again read by the same rule, so a stray quote makes only
/// its own line invalid, and reading resynchronises at the next line that parses with the
/// header's field count.
///
/// Every decision depends only on the bytes from the record's start to its end (or to the
/// end of the window of ``maximumRecordBytes``), and on whether the input really ends
/// there: when the buffer ends first and more input follows, ``parse(_:from:line:isFinal:)``
/// asks for more instead of deciding. Reading in blocks of any size therefore finds the
/// same records as reading the whole input at once.
public struct CSVRecordParser: Sendable {
  /// A record that spans lines must end within this many bytes of its start; past it, the
  /// quote that opened the line break is taken as stray. This bounds what one stray quote
  /// can make a reader hold in memory (a quoted field of 64 MB or less always reads).
  public static let maximumRecordBytes = 64 << 20

  /// The number of fields a record spanning several lines must have (the header's); 0
  /// accepts any number (for the header itself).
  public var expectedFieldCount = 0
  /// The fields of the last record parsed.
  public var fields: ArraySlice<CSVField> { storage[0..<fieldCount] }
  /// Field slots, kept larger than any record seen; the first ``fieldCount`` are in use.
  @usableFromInline var storage = [CSVField](
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
  /// Line breaks inside the fields of the last record (its terminator excluded).
  private var innerLines = 0

  /// A parser before any record.
  public init() {}

  /// Parses the record that starts at `start`, by the rule in the type's description.
  ///
  /// - Parameters:
  ///   - bytes: the buffer holding the input.
  ///   - start: where the record begins (the start of a physical line).
  ///   - line: the 1-based line number of `start`, for problems.
  ///   - isFinal: `true` when no more input follows `bytes`.
  /// - Returns: where the next record begins, or `nil` when the record is incomplete
  ///   and more input is needed (never `nil` when `isFinal`).
  @inline(__always)
  public mutating func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, isFinal: Bool
  ) -> Int? {
    fieldCount = 0
    problem = nil
    if let next = parseUnquoted(bytes, from: start) { return next }
    return parseGeneral(bytes, from: start, line: line, isFinal: isFinal)
  }

  /// ``parse(_:from:line:isFinal:)`` for a record the fast path left: quotes, a short
  /// tail, or many fields. Kept out of line so that the fast path inlines into the loops
  /// that read records.
  @inline(never)
  private mutating func parseGeneral(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, isFinal: Bool
  ) -> Int? {
    // The window: past it the record is decided as if the input ended there, but broken.
    let windowFull = bytes.count - start > Self.maximumRecordBytes
    let end = windowFull ? start + Self.maximumRecordBytes : bytes.count
    switch parseRecord(bytes, from: start, end: end, isFinal: isFinal && !windowFull) {
    case .complete(let next):
      if innerLines == 0 || expectedFieldCount == 0 || fieldCount == expectedFieldCount {
        return next
      }
    case .needsMore:
      if !windowFull { return nil }
    case .broken:
      break
    }
    return parseLine(bytes, from: start, line: line, isFinal: isFinal)
  }

  /// Parses the physical line that starts at `start` as a record on its own, as if the
  /// input ended at its line feed; a broken quote is reported at its line and column. The
  /// fallback of ``parse(_:from:line:isFinal:)``, and what ``CSVRecordCursor`` uses for a
  /// record that a chunk's end cut short (the reader cut the chunk there because the
  /// record is that line alone).
  /// - Returns: where the next line begins, or `nil` when the line feed is not in `bytes`
  ///   yet and more input follows.
  public mutating func parseLine(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, isFinal: Bool
  ) -> Int? {
    guard let base = bytes.baseAddress else { return isFinal ? start : nil }
    fieldCount = 0
    problem = nil
    let lineEnd: Int
    if let found = memchr(base + start, Int32(ASCII.lf), bytes.count - start) {
      lineEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    } else {
      guard isFinal else { return nil }
      lineEnd = bytes.count
    }
    let next = lineEnd < bytes.count ? lineEnd + 1 : lineEnd
    switch parseRecord(bytes, from: start, end: lineEnd, isFinal: true) {
    case .complete:
      break
    case .needsMore:
      preconditionFailure("a final parse always decides")
    case .broken(let kind, let position):
      problem = CSVRowProblem(kind: kind, line: line, column: position - start + 1)
      fieldCount = 0
      var contentEnd = lineEnd
      if contentEnd > start, bytes[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
      recordRange = start..<contentEnd
    }
    linesConsumed = next > lineEnd ? 1 : 0
    return next
  }

  /// What ``parseRecord(_:from:end:isFinal:)`` found.
  private enum Outcome {
    /// A record that ends where the next begins (``fields``, ``recordRange`` and
    /// ``linesConsumed`` are set).
    case complete(next: Int)
    /// The bytes up to `end` do not decide the record, and `end` is not the input's end.
    case needsMore
    /// The record is broken at `position`.
    case broken(CSVRowProblem.Kind, position: Int)
  }

  /// The general path: parses the record at `start` in `bytes[..<end]` by RFC 4180, quoted
  /// fields with line breaks included. Decides nothing from reaching `end` unless
  /// `isFinal`.
  private mutating func parseRecord(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, isFinal: Bool
  ) -> Outcome {
    fieldCount = 0
    scratch.removeAll(keepingCapacity: true)
    linesConsumed = 0
    innerLines = 0
    var index = start
    var fieldStart = start

    while true {
      if index == end {
        guard isFinal else { return .needsMore }
        appendField(CSVField(start: fieldStart, end: end, inScratch: false))
        recordRange = start..<end
        linesConsumed = innerLines
        return .complete(next: end)
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
            if cursor + 1 == end && !isFinal { return .needsMore }
            closed = true
            break
          }
          if byte == ASCII.lf { lines += 1 }
          cursor += 1
        }
        guard closed else {
          return isFinal ? .broken(.unterminatedQuote, position: index) : .needsMore
        }
        innerLines += lines
        appendQuoted(bytes, from: index + 1, to: cursor, escaped: escaped)
        index = cursor + 1
        if index == end {  // `isFinal` here: else the closing quote asked for more
          recordRange = start..<end
          linesConsumed = innerLines
          return .complete(next: end)
        }
        let next = bytes[index]
        if next == ASCII.comma {
          index += 1
          fieldStart = index
          continue
        }
        if next == ASCII.lf || next == ASCII.cr {
          if next == ASCII.cr, index + 1 == end, !isFinal { return .needsMore }
          if let resume = finishRecord(bytes, start: start, terminator: index, end: end) {
            return .complete(next: resume)
          }
        }
        return .broken(.textAfterClosingQuote, position: index)
      }
      // Unquoted field: run to the next comma or line feed.
      var cursor = index
      while cursor < end {
        let byte = bytes[cursor]
        if byte == ASCII.comma || byte == ASCII.lf { break }
        cursor += 1
      }
      if cursor == end {
        guard isFinal else { return .needsMore }
        var fieldEnd = end
        if fieldEnd > fieldStart, bytes[fieldEnd - 1] == ASCII.cr { fieldEnd -= 1 }
        appendField(CSVField(start: fieldStart, end: fieldEnd, inScratch: false))
        recordRange = start..<fieldEnd
        linesConsumed = innerLines
        return .complete(next: end)
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
      return .complete(next: cursor + 1)
    }
  }

  private mutating func appendField(_ field: CSVField) {
    if fieldCount == storage.count { storage += storage }
    storage[fieldCount] = field
    fieldCount += 1
  }

  // Inlinable: the readers in DRGPayment and DRGAnalysis call it for every field; called
  // across the module boundary it is unspecialized and copies the parser on each call.
  /// The bytes of field `index` of the last record.
  @inlinable @inline(__always)
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

  /// Marks the last record unreadable for `problem` (its fields stay readable).
  package mutating func markUnreadable(_ problem: CSVRowProblem) {
    self.problem = problem
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

  /// Ends the record at the line terminator at `terminator` (LF or CRLF; a lone CR at
  /// `end`, the end of the input, counts too). `nil` when a CR is followed by other text.
  private mutating func finishRecord(
    _ bytes: UnsafeBufferPointer<UInt8>, start: Int, terminator: Int, end: Int
  ) -> Int? {
    var next = terminator
    if bytes[next] == ASCII.cr {
      if next + 1 == end {
        recordRange = start..<terminator
        linesConsumed = innerLines
        return end
      }
      guard bytes[next + 1] == ASCII.lf else { return nil }
      next += 1
    }
    recordRange = start..<terminator
    linesConsumed = innerLines + 1
    return next + 1
  }
}
