extension CSVChunk {
  /// A cursor over the chunk's records: `while records.next(&parser) { … }`.
  public func records() -> CSVRecordCursor { CSVRecordCursor(chunk: self) }
}

/// Walks the records of a chunk in order, skipping blank lines, so that every reader of
/// chunks parses them the same way. After ``next(_:)`` returns `true` the parser holds the
/// record and ``line`` is the line it starts on.
public struct CSVRecordCursor {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var position = 0
  private var nextLine: Int
  /// The line the current record starts on.
  public private(set) var line: Int
  /// Blank lines skipped so far.
  public private(set) var blankLines = 0

  init(chunk: CSVChunk) {
    bytes = chunk.view
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
      guard let next = parser.parse(bytes, from: position, line: nextLine, isFinal: true) else {
        return false
      }
      position = next
      line = nextLine
      nextLine += parser.linesConsumed
      return true
    }
    return false
  }
}
