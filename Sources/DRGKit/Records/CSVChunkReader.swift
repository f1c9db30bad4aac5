import Foundation

/// A run of whole CSV records cut from the input, with the line number it starts on.
///
/// Sendable because a chunk's bytes are written once by the reader and only read after it
/// is handed to a worker.
public struct CSVChunk: @unchecked Sendable {
  /// The chunk's bytes (owned by the chunk; freed with ``release()``).
  public let bytes: UnsafeMutableBufferPointer<UInt8>
  /// 1-based line number of the first byte.
  public let firstLine: Int
  /// Whether this is the last chunk of the input.
  public let isLast: Bool

  /// Frees the bytes.
  public func release() { bytes.deallocate() }

  /// The bytes, read-only.
  public var view: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(bytes) }
}

/// Cuts a CSV input into chunks of whole records for parallel processing.
///
/// The cuts fall exactly where sequential reading with ``CSVRecordParser`` ends records:
/// a block without any quote byte is cut after its last line feed; a block with quotes is
/// walked with the record parser itself, so quoted line breaks and broken quotes are
/// handled the same way everywhere. Chunks therefore depend only on the input and the
/// block size, and grouping them in any order gives the same records.
public final class CSVChunkReader {
  /// The header record's fields, read when the reader opens.
  public private(set) var header: [String] = []
  /// The header record's bytes, without its line terminator.
  public private(set) var headerBytes: [UInt8] = []
  /// A problem with the header record, if any.
  public private(set) var headerProblem: CSVRowProblem?
  /// Bytes read from the input so far.
  public private(set) var bytesRead = 0
  /// Total size of the input when it is a regular file (for progress), else `nil`.
  public let inputSize: Int?

  private let descriptor: Int32
  private let ownsDescriptor: Bool
  private let path: String
  private let blockSize: Int
  private var pending: [UInt8] = []
  private var endOfInput = false
  private var nextLine = 1

  /// Opens `path` (`-` for standard input) and reads the header.
  /// - Throws: ``FileError`` when the file cannot be opened or read.
  public init(path: String, blockSize: Int = 4 << 20) throws(FileError) {
    self.path = path == "-" ? "<stdin>" : path
    self.blockSize = max(blockSize, 16)
    if path == "-" {
      descriptor = 0
      ownsDescriptor = false
    } else {
      descriptor = open(path, O_RDONLY)
      guard descriptor >= 0 else { throw FileError(path: path, operation: .open, code: errno) }
      ownsDescriptor = true
    }
    var status = stat()
    inputSize =
      fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
      ? Int(status.st_size) : nil
    try readHeader()
  }

  deinit {
    if ownsDescriptor { close(descriptor) }
  }

  /// Whether the input had a header record.
  public var hasHeader: Bool { !headerBytes.isEmpty || !header.isEmpty }

  /// The next chunk of whole records, or `nil` at the end of the input.
  /// - Throws: ``FileError`` when reading fails.
  public func nextChunk() throws(FileError) -> CSVChunk? {
    while true {
      if pending.isEmpty && endOfInput { return nil }
      if !endOfInput && pending.count < blockSize { try read(upTo: blockSize) }
      if let cut = cutPoint() {
        let chunk = makeChunk(length: cut, isLast: endOfInput && cut == pending.count)
        return chunk
      }
      // No whole record yet: read more (a record longer than the block).
      try read(upTo: pending.count + blockSize)
    }
  }

  // MARK: - Private

  private func readHeader() throws(FileError) {
    try read(upTo: min(blockSize, 1 << 16))
    if pending.starts(with: ASCII.byteOrderMark) { pending.removeFirst(3) }
    while true {
      // Skip blank lines before the header.
      while let first = pending.first, first == ASCII.lf || first == ASCII.cr {
        if first == ASCII.lf { nextLine += 1 }
        pending.removeFirst()
      }
      if pending.isEmpty && endOfInput { return }
      var parser = CSVRecordParser()
      let resume = pending.withUnsafeBufferPointer {
        parser.parse($0, from: 0, line: nextLine, isFinal: endOfInput)
      }
      guard let resume else {
        try read(upTo: pending.count + blockSize)
        continue
      }
      pending.withUnsafeBufferPointer { buffer in
        header = (0..<parser.fields.count).map { parser.string($0, in: buffer) }
        headerBytes = Array(buffer[parser.recordRange])
      }
      headerProblem = parser.problem
      nextLine += parser.linesConsumed
      pending.removeFirst(resume)
      return
    }
  }

  /// Reads until `pending` holds `target` bytes or the input ends.
  private func read(upTo target: Int) throws(FileError) {
    guard !endOfInput, pending.count < target else { return }
    let start = pending.count
    pending.append(contentsOf: repeatElement(0, count: target - start))
    var filled = start
    defer { pending.removeLast(pending.count - filled) }
    while filled < target {
      let count = pending.withUnsafeMutableBytes {
        Foundation.read(descriptor, $0.baseAddress! + filled, target - filled)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw FileError(path: path, operation: .read, code: errno)
      }
      if count == 0 {
        endOfInput = true
        break
      }
      filled += count
      bytesRead += count
    }
  }

  /// Where the last whole record in `pending` ends, or `nil` when there is none yet.
  private func cutPoint() -> Int? {
    if endOfInput { return pending.isEmpty ? nil : pending.count }
    return pending.withUnsafeBufferPointer { buffer -> Int? in
      guard let base = buffer.baseAddress else { return nil }
      if memchr(base, Int32(ASCII.quote), buffer.count) == nil {
        // No quotes: records end at line feeds.
        var index = buffer.count - 1
        while index >= 0, buffer[index] != ASCII.lf { index -= 1 }
        return index >= 0 ? index + 1 : nil
      }
      // Quotes: walk the records exactly as the parser does.
      var parser = CSVRecordParser()
      var position = 0
      var lastEnd: Int?
      while position < buffer.count {
        guard let resume = parser.parse(buffer, from: position, line: 1, isFinal: false) else {
          break
        }
        position = resume
        lastEnd = resume
      }
      return lastEnd
    }
  }

  private func makeChunk(length: Int, isLast: Bool) -> CSVChunk {
    let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(length, 1))
    var lines = 0
    pending.withUnsafeBufferPointer { source in
      guard let from = source.baseAddress, let to = bytes.baseAddress, length > 0 else { return }
      memcpy(to, from, length)
      var cursor = UnsafeRawPointer(from)
      var remaining = length
      while remaining > 0, let found = memchr(cursor, Int32(ASCII.lf), remaining) {
        lines += 1
        let next = UnsafeRawPointer(found) + 1
        remaining -= next - cursor
        cursor = next
      }
    }
    let chunk = CSVChunk(
      bytes: UnsafeMutableBufferPointer(rebasing: bytes[0..<length]), firstLine: nextLine,
      isLast: isLast)
    nextLine += lines
    pending.removeFirst(length)
    return chunk
  }
}
