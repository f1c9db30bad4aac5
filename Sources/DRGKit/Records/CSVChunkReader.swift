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
  /// The encoding the input was read in (decided from the first block for `.auto`).
  public private(set) var encoding: TextEncoding = .utf8

  private let descriptor: Int32
  private let ownsDescriptor: Bool
  private let path: String
  private let blockSize: Int
  private var pending: [UInt8] = []
  private var endOfInput = false
  /// GB18030 input: bytes read but not yet decoded, and the decoder.
  private var raw: [UInt8] = []
  private var rawEnded = false
  private var decoder: GB18030Decoder?
  private var decodedLines = 0
  private var nextLine = 1

  /// Opens `path` (`-` for standard input) and reads the header.
  /// - Parameter encoding: the input's encoding; `.auto` reads GB18030 (GBK) when the first
  ///   block is not valid UTF-8.
  /// - Throws: ``FileError`` when the file cannot be opened or read, or is in neither
  ///   encoding (naming the line and the fix).
  public init(path: String, blockSize: Int = 4 << 20, encoding: TextEncoding = .auto)
    throws(FileError)
  {
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
    try chooseEncoding(encoding)
    try readHeader()
  }

  deinit {
    if ownsDescriptor { close(descriptor) }
  }

  /// Whether the input had a header record.
  public var hasHeader: Bool { !headerBytes.isEmpty || !header.isEmpty }

  /// Checks that the input starts with a readable header row.
  /// - Throws: ``RecordError`` naming the file when it is empty or its header is malformed.
  public func checkHeader() throws(RecordError) {
    guard hasHeader else {
      throw RecordError(file: path, line: 1, message: "the file is empty; expected a header row")
    }
    if let problem = headerProblem {
      throw RecordError(file: path, line: problem.line, message: "header: \(problem)")
    }
  }

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

  /// Decides the encoding from the first block and, for GB18030, sets up the decoder.
  private func chooseEncoding(_ requested: TextEncoding) throws(FileError) {
    guard requested != .utf8 else { return }
    rawEnded = try readRaw(into: &raw, upTo: 1 << 16)
    var isUTF8 = false
    if requested == .auto {
      isUTF8 = raw.withUnsafeBufferPointer { TextEncoding.isUTF8($0) }
    }
    if isUTF8 {
      pending = raw
      raw = []
      endOfInput = rawEnded
      return
    }
    guard let decoder = GB18030Decoder() else {
      throw FileError.decoding(
        path: path, line: 1,
        message:
          "is not UTF-8, and this system's iconv cannot decode GB18030; convert the file to UTF-8 first"
      )
    }
    self.decoder = decoder
    encoding = .gb18030
  }

  /// Reads from the file into `buffer` until it holds `target` bytes.
  /// - Returns: whether the file ended.
  private func readRaw(into buffer: inout [UInt8], upTo target: Int) throws(FileError) -> Bool {
    guard buffer.count < target else { return false }
    let start = buffer.count
    buffer.append(contentsOf: repeatElement(0, count: target - start))
    var filled = start
    defer { buffer.removeLast(buffer.count - filled) }
    while filled < target {
      let count = buffer.withUnsafeMutableBytes {
        Foundation.read(descriptor, $0.baseAddress! + filled, target - filled)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw FileError(path: path, operation: .read, code: errno)
      }
      if count == 0 { return true }
      filled += count
      bytesRead += count
    }
    return false
  }

  /// Reads until `pending` holds `target` bytes (UTF-8) or the input ends.
  private func read(upTo target: Int) throws(FileError) {
    guard !endOfInput, pending.count < target else { return }
    guard let decoder else {
      endOfInput = try readRaw(into: &pending, upTo: target)
      return
    }
    while pending.count < target && !endOfInput {
      if !rawEnded {
        rawEnded = try readRaw(into: &raw, upTo: raw.count + max(1 << 16, target - pending.count))
      }
      let before = pending.count
      let outcome = raw.withUnsafeBufferPointer { decoder.convert($0, into: &pending) }
      decodedLines += pending[before...].reduce(0) { $0 + ($1 == ASCII.lf ? 1 : 0) }
      switch outcome {
      case .converted(let consumed):
        raw.removeFirst(consumed)
        if rawEnded {
          guard raw.isEmpty else {
            throw FileError.decoding(
              path: path, line: decodedLines + 1,
              message: "the file ends inside a GB18030 character; it may be cut short")
          }
          endOfInput = true
        }
      case .invalid:
        // Everything before the bad bytes was decoded, its line feeds counted.
        throw FileError.decoding(
          path: path, line: decodedLines + 1,
          message:
            "bytes that are neither UTF-8 nor GB18030 (GBK); convert the file to UTF-8 (e.g. iconv -f GBK -t UTF-8) or check the export"
        )
      }
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
      lines = SWAR.count(ASCII.lf, in: UnsafeBufferPointer(start: from, count: length))
    }
    let chunk = CSVChunk(
      bytes: UnsafeMutableBufferPointer(rebasing: bytes[0..<length]), firstLine: nextLine,
      isLast: isLast)
    nextLine += lines
    pending.removeFirst(length)
    return chunk
  }
}
