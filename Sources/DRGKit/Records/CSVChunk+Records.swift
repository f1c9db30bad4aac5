extension CSVChunk {
  /// A cursor over the chunk's records: `while records.next(&parser) { … }`.
  package func records() -> CSVRecordCursor { CSVRecordCursor(chunk: self) }
}

/// Walks the records of a chunk in order, skipping blank lines, so that every reader of
/// chunks parses them the same way. After ``next(_:)`` returns `true` the parser holds the
/// record and ``line`` is the line it starts on.
///
/// A chunk ends where ``CSVChunkReader`` found a record to end, having seen the input after
/// it. Inside the chunk the parser is told that more input follows (unless the chunk is
/// the last), so it decides exactly as the reader did; a record it cannot decide within
/// the chunk is one that the reader, seeing further, found broken, so it is read as its
/// first line alone (``CSVRecordParser/parseLine(_:from:line:isFinal:)``).
package struct CSVRecordCursor {
  private let bytes: UnsafeBufferPointer<UInt8>
  private let isLast: Bool
  private let expectedFieldCount: Int
  private let marks: [EncodingMark]
  private var markIndex = 0
  /// The offset of the next encoding mark (`Int.max` when there is none).
  private var nextMark: Int
  /// Records read in the file's other encoding (see ``CSVInputDecoder``).
  package private(set) var rowsInOtherEncoding = 0
  /// Records with bytes in no encoding (each made unreadable).
  package private(set) var rowsWithInvalidBytes = 0
  /// Where the next record (or blank line) starts.
  package private(set) var position = 0
  private var nextLine: Int
  /// The line the current record starts on.
  package private(set) var line: Int
  /// Blank lines skipped so far.
  package private(set) var blankLines = 0

  init(chunk: CSVChunk) {
    bytes = chunk.view
    isLast = chunk.isLast
    expectedFieldCount = chunk.expectedFieldCount
    marks = chunk.marks
    nextMark = chunk.marks.first?.offset ?? Int.max
    nextLine = chunk.firstLine
    line = chunk.firstLine
  }

  /// Parses the next record into `parser`; `false` at the end of the chunk.
  @inline(__always)
  package mutating func next(_ parser: inout CSVRecordParser) -> Bool {
    skipBlankLines() && parseRecord(&parser)
  }

  /// Skips blank lines up to the next record, which starts at ``position``; `false` at the
  /// end of the chunk.
  @inline(__always)
  package mutating func skipBlankLines() -> Bool {
    while position < bytes.count {
      let byte = bytes[position]
      if byte == ASCII.lf
        || (byte == ASCII.cr && position + 1 < bytes.count && bytes[position + 1] == ASCII.lf)
      {
        position += byte == ASCII.lf ? 1 : 2
        nextLine += 1
        blankLines += 1
        continue
      }
      return true
    }
    return false
  }

  /// Parses the record at ``position`` into `parser` (after ``skipBlankLines()`` found
  /// one); `false` when nothing could be read.
  @inline(__always)
  package mutating func parseRecord(_ parser: inout CSVRecordParser) -> Bool {
    parser.expectedFieldCount = expectedFieldCount
    guard
      let next = parser.parse(bytes, from: position, line: nextLine, isFinal: isLast)
        ?? parser.parseLine(bytes, from: position, line: nextLine, isFinal: true)
    else { return false }
    if nextMark < next { applyMarks(&parser, before: next) }
    position = next
    line = nextLine
    nextLine += parser.linesConsumed
    return true
  }

  /// Takes the record at ``position`` as one line that the caller read itself, ending
  /// where `next` begins (after its line feed): a record without quotes, which
  /// ``parseRecord(_:)`` would read the same way. `false`, with nothing changed, when an
  /// encoding mark falls inside it: then ``parseRecord(_:)`` must read it.
  @inline(__always)
  mutating func acceptLine(endingAt next: Int) -> Bool {
    guard nextMark >= next else { return false }
    position = next
    line = nextLine
    nextLine &+= 1
    return true
  }

  /// Counts the encoding marks of the record just parsed (it starts at ``position`` and
  /// ends before `end`) and makes it unreadable when it holds bytes in no encoding.
  private mutating func applyMarks(_ parser: inout CSVRecordParser, before end: Int) {
    var other = false
    var invalid: EncodingMark?
    while markIndex < marks.count, marks[markIndex].offset < end {
      let mark = marks[markIndex]
      if mark.kind == .otherEncoding { other = true } else if invalid == nil { invalid = mark }
      markIndex += 1
    }
    nextMark = markIndex < marks.count ? marks[markIndex].offset : Int.max
    guard let invalid else {
      if other { rowsInOtherEncoding += 1 }
      return
    }
    rowsWithInvalidBytes += 1
    let lines = SWAR.count(
      ASCII.lf, in: UnsafeBufferPointer(rebasing: bytes[position..<invalid.offset]))
    parser.markUnreadable(
      CSVRowProblem(kind: .invalidBytes, line: nextLine + lines, column: invalid.column))
  }
}
