import Foundation

/// A run of whole CSV records cut from the input, with the line number it starts on.
///
/// Sendable because a chunk's bytes are written once by the reader and only read after it
/// is handed to a worker.
public struct CSVChunk: @unchecked Sendable {
  /// The chunk's bytes (owned by the chunk; freed with ``release()`` or handed back with
  /// ``CSVChunkReader/recycle(_:)``).
  public let bytes: UnsafeMutableBufferPointer<UInt8>
  /// 1-based line number of the first byte.
  public let firstLine: Int
  /// Whether this is the last chunk of the input.
  public let isLast: Bool
  /// The header's number of fields: what a record spanning lines must have (see
  /// ``CSVRecordParser``).
  public let expectedFieldCount: Int
  /// The whole allocation ``bytes`` lies at the start of.
  let storage: UnsafeMutableBufferPointer<UInt8>

  /// Frees the bytes.
  public func release() { storage.deallocate() }

  /// The bytes, read-only.
  public var view: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(bytes) }
}

/// Cuts a CSV input into chunks of whole records for parallel processing.
///
/// UTF-8 input is read straight into the chunk's buffer; only the partial record after the
/// last cut is copied, to the front of the next chunk. Buffers handed back with
/// ``recycle(_:)`` are reused, so a long run allocates a few buffers in all.
///
/// The cuts fall exactly where sequential reading with ``CSVRecordParser`` ends records:
/// a block without any quote byte is cut after its last line feed; a block with quotes is
/// walked with the record parser itself (told the header's field count), which decides a
/// record only from bytes it has and asks for more otherwise, so quoted line breaks and
/// broken quotes are handled the same way everywhere. ``CSVRecordCursor`` then finds the
/// same records inside each chunk. Chunks therefore depend only on the input and the block
/// size, and the records, lines and problems they hold do not depend even on that.
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
  /// Bytes read but not yet cut into a chunk: the partial record after the last cut (and,
  /// for GB18030 input, everything decoded so far).
  private var pending: [UInt8] = []
  /// Chunk buffers of ``blockSize`` bytes handed back for reuse.
  private var spareBuffers: [UnsafeMutableBufferPointer<UInt8>] = []
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
    self.blockSize = max(blockSize, 1)
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
    for buffer in spareBuffers { buffer.deallocate() }
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
    guard decoder == nil else { return try nextDecodedChunk() }
    if pending.isEmpty && endOfInput { return nil }
    var buffer = takeBuffer(capacity: max(blockSize, pending.count + 1))
    var filled = pending.count
    pending.withUnsafeBufferPointer { carried in
      if let from = carried.baseAddress { memcpy(buffer.baseAddress!, from, carried.count) }
    }
    pending.removeAll(keepingCapacity: true)
    while true {
      do {
        while filled < buffer.count && !endOfInput {
          let count = try readSome(into: buffer.baseAddress! + filled, count: buffer.count - filled)
          if count == 0 { endOfInput = true }
          filled += count
        }
      } catch {
        buffer.deallocate()
        throw error
      }
      let content = UnsafeBufferPointer(rebasing: buffer[0..<filled])
      if let cut = cutPoint(content) {
        pending.append(contentsOf: content[cut...])
        return makeChunk(storage: buffer, length: cut, isLast: endOfInput && cut == filled)
      }
      if endOfInput {  // Nothing left (the input ended with the last cut).
        recycle(buffer)
        return nil
      }
      // No whole record yet (one longer than the block): a bigger buffer.
      let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
      memcpy(bigger.baseAddress!, buffer.baseAddress!, filled)
      recycle(buffer)
      buffer = bigger
    }
  }

  /// Hands a chunk's buffer back, to be reused for a later chunk (instead of
  /// ``CSVChunk/release()``). Call it from the thread that reads chunks.
  public func recycle(_ chunk: CSVChunk) { recycle(chunk.storage) }

  // MARK: - Private

  /// The next chunk of GB18030 input: decoded into ``pending`` first, then copied.
  private func nextDecodedChunk() throws(FileError) -> CSVChunk? {
    while true {
      if pending.isEmpty && endOfInput { return nil }
      if !endOfInput && pending.count < blockSize { try read(upTo: blockSize) }
      let cut = pending.withUnsafeBufferPointer { cutPoint($0) }
      if let cut {
        let storage = takeBuffer(capacity: max(cut, 1))
        pending.withUnsafeBufferPointer { source in
          if let from = source.baseAddress, cut > 0 { memcpy(storage.baseAddress!, from, cut) }
        }
        pending.removeFirst(cut)
        return makeChunk(storage: storage, length: cut, isLast: endOfInput && pending.isEmpty)
      }
      // No whole record yet: read more (a record longer than the block).
      try read(upTo: pending.count + blockSize)
    }
  }

  /// A buffer of at least `capacity` bytes: a spare one when it is large enough.
  private func takeBuffer(capacity: Int) -> UnsafeMutableBufferPointer<UInt8> {
    if let spare = spareBuffers.last, spare.count >= capacity { return spareBuffers.removeLast() }
    return .allocate(capacity: capacity)
  }

  private func recycle(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
    if buffer.count == blockSize && spareBuffers.count < 16 {
      spareBuffers.append(buffer)
    } else {
      buffer.deallocate()
    }
  }

  /// One `read` into `target`, retried when interrupted; 0 at the end of the input.
  private func readSome(into target: UnsafeMutablePointer<UInt8>, count: Int) throws(FileError)
    -> Int
  {
    while true {
      let read = Foundation.read(descriptor, target, count)
      if read >= 0 {
        bytesRead += read
        return read
      }
      if errno != EINTR { throw FileError(path: path, operation: .read, code: errno) }
    }
  }

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
      let count = try buffer.withUnsafeMutableBufferPointer { (bytes) throws(FileError) in
        try readSome(into: bytes.baseAddress! + filled, count: target - filled)
      }
      if count == 0 { return true }
      filled += count
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

  /// Where the last whole record in `buffer` (the unconsumed input) ends, or `nil` when
  /// there is none yet.
  private func cutPoint(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
    if endOfInput { return buffer.isEmpty ? nil : buffer.count }
    guard let base = buffer.baseAddress else { return nil }
    if memchr(base, Int32(ASCII.quote), buffer.count) == nil {
      // No quotes: records end at line feeds.
      var index = buffer.count - 1
      while index >= 0, buffer[index] != ASCII.lf { index -= 1 }
      return index >= 0 ? index + 1 : nil
    }
    // Quotes: walk the records exactly as the parser does.
    var parser = CSVRecordParser()
    parser.expectedFieldCount = header.count
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

  /// A chunk of the first `length` bytes of `storage`, numbered from ``nextLine``.
  private func makeChunk(storage: UnsafeMutableBufferPointer<UInt8>, length: Int, isLast: Bool)
    -> CSVChunk
  {
    let bytes = UnsafeMutableBufferPointer(rebasing: storage[0..<length])
    let chunk = CSVChunk(
      bytes: bytes, firstLine: nextLine, isLast: isLast, expectedFieldCount: header.count,
      storage: storage)
    nextLine += SWAR.count(ASCII.lf, in: UnsafeBufferPointer(bytes))
    return chunk
  }
}
