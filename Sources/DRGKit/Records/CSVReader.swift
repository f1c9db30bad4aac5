import Foundation

/// Reads CSV records from a file descriptor in large blocks, in bounded memory.
///
/// Each call to ``next()`` parses one record; its fields stay valid until the next call.
/// A UTF-8 byte order mark at the start is skipped, blank lines are counted and skipped.
///
/// ```swift
/// let reader = try CSVReader(path: "cases.csv")
/// while try reader.next() { print(reader.parser.fields.count) }
/// ```
public final class CSVReader {
  /// The parser holding the current record.
  public private(set) var parser = CSVRecordParser()
  /// 1-based line where the current record starts.
  public private(set) var line = 0
  /// Blank lines skipped so far.
  public private(set) var blankLines = 0
  /// Bytes read from the input so far.
  public private(set) var bytesRead = 0

  private let descriptor: Int32
  private let ownsDescriptor: Bool
  private let path: String
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private var head = 0
  private var tail = 0
  private var endOfInput = false
  private var nextLine = 1
  private var atStart = true

  /// Opens `path` for reading; `-` reads standard input.
  /// - Throws: ``FileError`` naming the path when it cannot be opened.
  public convenience init(path: String, blockSize: Int = 1 << 22) throws(FileError) {
    if path == "-" {
      self.init(descriptor: 0, path: "<stdin>", ownsDescriptor: false, blockSize: blockSize)
      return
    }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw FileError(path: path, operation: .open, code: errno) }
    self.init(descriptor: fd, path: path, ownsDescriptor: true, blockSize: blockSize)
  }

  init(descriptor: Int32, path: String, ownsDescriptor: Bool, blockSize: Int) {
    self.descriptor = descriptor
    self.path = path
    self.ownsDescriptor = ownsDescriptor
    capacity = max(blockSize, 64)
    buffer = .allocate(capacity: capacity)
  }

  deinit {
    buffer.deallocate()
    if ownsDescriptor { close(descriptor) }
  }

  /// The bytes of the current record's buffer; field ranges index into it.
  @inline(__always)
  public var bytes: UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: buffer, count: tail)
  }

  /// The current record's bytes as read, without the line terminator.
  public var rawRecord: UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: bytes[parser.recordRange])
  }

  /// The header's number of fields, for recovery: a record spanning lines must have it,
  /// else its first line alone is the (invalid) record (``CSVRecordParser``). 0: any.
  public var expectedFieldCount: Int {
    get { parser.expectedFieldCount }
    set { parser.expectedFieldCount = newValue }
  }

  /// Reads the first record as a header: names trimmed of blanks and lower-cased. Every
  /// later record is then expected to have the header's number of fields (recovery).
  /// - Throws: ``RecordError`` on line 1 with `emptyMessage` when there is no record at all;
  ///   ``FileError`` when reading fails.
  package func lowercasedHeader(emptyMessage: String) throws -> [String] {
    guard try next() else {
      throw RecordError(file: path, line: 1, message: emptyMessage)
    }
    let header = (0..<parser.fields.count).map {
      parser.string($0, in: bytes).trimmingBlanks.lowercased()
    }
    expectedFieldCount = header.count
    return header
  }

  /// Parses the next record.
  /// - Returns: `false` at the end of the input.
  /// - Throws: ``FileError`` when reading fails.
  public func next() throws(FileError) -> Bool {
    while true {
      if atStart {
        try fill()
        atStart = false
        if tail - head >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { head += 3 }
      }
      // Skip blank lines (LF or CRLF alone).
      while head < tail {
        if buffer[head] == ASCII.lf {
          head += 1
          nextLine += 1
          blankLines += 1
        } else if buffer[head] == ASCII.cr, head + 1 < tail, buffer[head + 1] == ASCII.lf {
          head += 2
          nextLine += 1
          blankLines += 1
        } else {
          break
        }
      }
      if head == tail {
        if endOfInput { return false }
        try fill()
        continue
      }
      let view = UnsafeBufferPointer(start: buffer, count: tail)
      if let resume = parser.parse(view, from: head, line: nextLine, isFinal: endOfInput) {
        line = nextLine
        nextLine += parser.linesConsumed
        head = resume
        return true
      }
      try fill()
    }
  }

  /// Moves the unread bytes to the front and reads another block behind them.
  private func fill() throws(FileError) {
    if head > 0 {
      let remaining = tail - head
      if remaining > 0 { memmove(buffer, buffer + head, remaining) }
      tail = remaining
      head = 0
    }
    if tail == capacity {
      // One record is larger than the block: grow (bounded by the parser's record limit).
      let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
      bigger.update(from: buffer, count: tail)
      buffer.deallocate()
      buffer = bigger
      capacity *= 2
    }
    while tail < capacity {
      let count = read(descriptor, buffer + tail, capacity - tail)
      if count < 0 {
        if errno == EINTR { continue }
        throw FileError(path: path, operation: .read, code: errno)
      }
      if count == 0 {
        endOfInput = true
        return
      }
      tail += count
      bytesRead += count
      // One successful read is enough to make progress.
      return
    }
  }
}
