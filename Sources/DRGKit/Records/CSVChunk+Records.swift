extension CSVChunk {
  /// A cursor over the chunk's records: `while records.next(&parser) { … }`.
  public func records() -> CSVRecordCursor { CSVRecordCursor(chunk: self) }
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
public struct CSVRecordCursor {
  private let bytes: UnsafeBufferPointer<UInt8>
  private let isLast: Bool
  private let expectedFieldCount: Int
  private var position = 0
  private var nextLine: Int
  /// The line the current record starts on.
  public private(set) var line: Int
  /// Blank lines skipped so far.
  public private(set) var blankLines = 0

  init(chunk: CSVChunk) {
    bytes = chunk.view
    isLast = chunk.isLast
    expectedFieldCount = chunk.expectedFieldCount
    nextLine = chunk.firstLine
    line = chunk.firstLine
  }

  /// Parses the next record into `parser`; `false` at the end of the chunk.
  @inline(__always)
  public mutating func next(_ parser: inout CSVRecordParser) -> Bool {
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
      parser.expectedFieldCount = expectedFieldCount
      guard
        let next = parser.parse(bytes, from: position, line: nextLine, isFinal: isLast)
          ?? parser.parseLine(bytes, from: position, line: nextLine, isFinal: true)
      else { return false }
      position = next
      line = nextLine
      nextLine += parser.linesConsumed
      return true
    }
    return false
  }
}
