/// The records of one CSV file, one after another, with the line each starts on: the
/// reading side of ``LongFormatJoin``. Reads in chunks, so memory stays bounded.
final class CSVRowStream {
  /// The file's name in messages.
  let name: String
  let reader: CSVChunkReader
  /// The parser holding the current record.
  var parser = CSVRecordParser()
  /// The line the current record starts on.
  private(set) var line = 0
  private var chunk: CSVChunk?
  private var cursor: CSVRecordCursor?

  /// Opens `path` and reads its header.
  /// - Throws: ``FileError`` when it cannot be read, ``RecordError`` when it has no header.
  init(path: String, encoding: TextEncoding) throws {
    name = path == "-" ? "<stdin>" : path
    reader = try CSVChunkReader(path: path, encoding: encoding)
    try reader.checkHeader()
    try reader.checkHasRows(name: name)
    guard reader.hasHeader else {
      throw RecordError(file: name, line: 1, message: "the file is empty: it needs a header")
    }
  }

  deinit { chunk?.release() }

  /// The bytes the current record's fields index into.
  var bytes: UnsafeBufferPointer<UInt8> { chunk?.view ?? UnsafeBufferPointer(start: nil, count: 0) }

  /// Field `index` of the current record, trimmed.
  func text(_ index: Int) -> String { parser.string(index, in: bytes).trimmingBlanks }

  /// Moves to the next record; `false` at the end of the file.
  func next() throws(FileError) -> Bool {
    while true {
      if var current = cursor {
        let found = current.next(&parser)
        cursor = current
        if found {
          line = current.line
          return true
        }
      }
      chunk?.release()
      chunk = nil
      cursor = nil
      guard let next = try reader.nextChunk() else { return false }
      chunk = next
      cursor = next.records()
    }
  }
}
