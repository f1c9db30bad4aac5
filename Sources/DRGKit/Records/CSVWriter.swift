import Foundation

/// Buffers output bytes and writes them to a file descriptor in large blocks.
///
/// A regular file is written to a temporary name beside it and renamed into place by
/// ``finish()``, so an interrupted run leaves no half-written file behind. Where the file
/// system allows it (Linux, not tmpfs), the file is written with `O_DIRECT` in aligned 8 MB
/// blocks: output of gigabytes then skips the page cache and the kernel's copy of every
/// byte, which took a sixth of `drg group`'s CPU time. Standard output (`-`), devices and
/// pipes are written as they are. The bytes appended are UTF-8; the file is written in the
/// ``OutputEncoding`` current when the writer was opened (a byte-order mark first, or
/// converted to GB18030 as it is written).
package final class CSVWriter {
  /// The bytes of the row being built, not yet written.
  package internal(set) var buffer: [UInt8] = []
  private let descriptor: Int32
  private let path: String
  private let temporaryPath: String?
  private let flushThreshold: Int
  /// With `O_DIRECT`: the aligned block the output is gathered in.
  private var direct: DirectStaging?
  /// With ``OutputEncoding/gb18030``: the converter every write goes through.
  private let encoder: GB18030Encoder?

  /// Opens `path` for writing; `-` writes standard output.
  /// - Parameter encoding: how the file is encoded; by default the task's
  ///   ``OutputEncoding/current`` (`--bom`, `--output-encoding`).
  package init(
    path: String, flushThreshold: Int = 1 << 20, encoding: OutputEncoding = .current
  ) throws(FileError) {
    self.path = path
    self.flushThreshold = flushThreshold
    buffer.reserveCapacity(flushThreshold + 4096)
    if encoding == .utf8WithBOM { buffer.append(contentsOf: ASCII.byteOrderMark) }
    if encoding == .gb18030 {
      guard let encoder = GB18030Encoder() else {
        throw FileError(path: path, operation: .create, code: EINVAL)
      }
      self.encoder = encoder
    } else {
      encoder = nil
    }
    if path == "-" {
      descriptor = 1
      temporaryPath = nil
      return
    }
    if Self.isSpecialFile(path) {
      // A device or pipe (`/dev/null`, a FIFO) is written as it is: a temporary file
      // renamed over it would replace the device with a regular file.
      let fd = open(path, O_WRONLY)
      guard fd >= 0 else { throw FileError(path: path, operation: .create, code: errno) }
      descriptor = fd
      temporaryPath = nil
      return
    }
    let temporary = path + ".partial-\(getpid())"
    TemporaryOutputs.shared.add(temporary, for: path)
    var fd =
      DirectStaging.openFlag == 0
      ? -1 : open(temporary, O_WRONLY | O_CREAT | O_TRUNC | DirectStaging.openFlag, 0o644)
    if fd >= 0 {
      direct = DirectStaging()
    } else {
      fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    guard fd >= 0 else {
      let failure = errno
      TemporaryOutputs.shared.discard(temporary)
      throw FileError(path: path, operation: .create, code: failure)
    }
    descriptor = fd
    temporaryPath = temporary
  }

  deinit {
    if let temporaryPath {
      close(descriptor)
      TemporaryOutputs.shared.discard(temporaryPath)
    } else if descriptor != 1 {
      close(descriptor)
    }
  }

  /// Whether `path` names something other than a regular file (a device, a pipe).
  private static func isSpecialFile(_ path: String) -> Bool {
    var status = stat()
    guard stat(path, &status) == 0 else { return false }
    return status.st_mode & S_IFMT != S_IFREG
  }

  /// Appends raw bytes.
  @inline(__always)
  package func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    buffer.append(contentsOf: bytes)
  }

  /// Appends one field, quoting it when it holds a comma, quote or line break.
  package func appendField(_ text: String) {
    var text = text
    text.withUTF8 { Self.appendField($0, to: &buffer) }
  }

  // Inlinable: settlement writes every field of cases.csv with it from DRGPayment.
  /// Appends one field to `buffer`, quoted as RFC 4180 requires.
  @inlinable @inline(__always)
  package static func appendField(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
    var needsQuotes = false
    for byte in bytes
    where byte == ASCII.comma || byte == ASCII.quote || byte == ASCII.lf || byte == ASCII.cr {
      needsQuotes = true
      break
    }
    guard needsQuotes else {
      buffer.append(contentsOf: bytes)
      return
    }
    buffer.append(ASCII.quote)
    for byte in bytes {
      buffer.append(byte)
      if byte == ASCII.quote { buffer.append(ASCII.quote) }
    }
    buffer.append(ASCII.quote)
  }

  /// Appends one byte to the row being built, as it is.
  package func appendByte(_ byte: UInt8) { buffer.append(byte) }

  /// Writes the buffer out once it is large.
  @inline(__always)
  package func flushIfNeeded() throws(FileError) {
    if buffer.count >= flushThreshold { try flush() }
  }

  /// Writes out everything buffered.
  package func flush() throws(FileError) {
    var failure: Int32 = 0
    buffer.withUnsafeBytes { raw in failure = writeOut(raw) }
    if failure != 0 { throw FileError(path: path, operation: .write, code: failure) }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes `bytes` straight out, after anything buffered.
  package func write(_ bytes: [UInt8]) throws(FileError) {
    try bytes.withUnsafeBufferPointer { (raw) throws(FileError) in try write(raw) }
  }

  /// Writes `bytes` straight out, after anything buffered.
  package func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(FileError) {
    try flush()
    let failure = writeOut(UnsafeRawBufferPointer(bytes))
    if failure != 0 { throw FileError(path: path, operation: .write, code: failure) }
  }

  /// Writes `raw` out: converted to GB18030 when that is the encoding, then gathered into
  /// aligned blocks with `O_DIRECT`, else as it is. Returns 0 or the `errno` of the failure.
  private func writeOut(_ raw: UnsafeRawBufferPointer) -> Int32 {
    if let encoder, raw.count > 0 {
      let encoded = encoder.encode(raw)
      return encoded.withUnsafeBytes { writeEncoded($0) }
    }
    return writeEncoded(raw)
  }

  /// Writes bytes already in the output encoding (see ``writeOut(_:)``).
  private func writeEncoded(_ raw: UnsafeRawBufferPointer) -> Int32 {
    guard let direct else { return Self.writeAll(descriptor, raw) }
    var offset = 0
    while offset < raw.count {
      offset += direct.gather(UnsafeRawBufferPointer(rebasing: raw[offset...]))
      guard direct.isFull else { continue }
      let failure = Self.writeAll(descriptor, direct.bytes)
      if failure == EINVAL {
        // The file system took O_DIRECT at open but not at write: write normally.
        endDirectWriting()
        return writeEncoded(UnsafeRawBufferPointer(rebasing: raw[offset...]))
      }
      if failure != 0 { return failure }
      direct.removeAll()
    }
    return 0
  }

  /// Turns `O_DIRECT` off and writes out what was gathered for it.
  @discardableResult
  private func endDirectWriting() -> Int32 {
    guard let direct else { return 0 }
    self.direct = nil
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~DirectStaging.openFlag)
    return Self.writeAll(descriptor, direct.bytes)
  }

  /// Writes every byte of `raw`; returns 0 or the `errno` of the failure.
  private static func writeAll(_ descriptor: Int32, _ raw: UnsafeRawBufferPointer) -> Int32 {
    var offset = 0
    while offset < raw.count {
      let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return errno
      }
      offset += written
    }
    return 0
  }

  /// Writes `text` as the whole of `path` the way every output is written: into place
  /// once complete, or as it is for `-`, a device or a pipe. Always UTF-8 (HTML reports
  /// declare their charset), whatever ``OutputEncoding/current`` is.
  package static func writeFile(_ text: String, to path: String) throws(FileError) {
    let writer = try CSVWriter(path: path, encoding: .utf8)
    try writer.write(Array(text.utf8))
    try writer.finish()
  }

  /// Flushes, closes and moves the file into place.
  package func finish() throws(FileError) {
    try flush()
    if let encoder, case let tail = encoder.finish(), !tail.isEmpty {
      let failure = tail.withUnsafeBytes { writeEncoded($0) }
      if failure != 0 { throw FileError(path: path, operation: .write, code: failure) }
    }
    if let encoder, encoder.replacedBytes > 0 {
      OutputEncoding.problems?.add(
        .init(
          path: path, bytes: encoder.replacedBytes, rows: encoder.linesWithReplacements,
          firstLine: encoder.firstLineWithReplacement))
    }
    // The tail is not a whole number of blocks: it is written without O_DIRECT.
    let failure = endDirectWriting()
    if failure != 0 { throw FileError(path: path, operation: .write, code: failure) }
    guard let temporaryPath else { return }
    guard fsync(descriptor) == 0 || errno == EINVAL else {
      throw FileError(path: path, operation: .write, code: errno)
    }
    let renaming = TemporaryOutputs.shared.moveIntoPlace(temporaryPath, path)
    guard renaming == 0 else { throw FileError(path: path, operation: .rename, code: renaming) }
  }
}

/// The block-aligned memory `O_DIRECT` writes need.
private final class DirectStaging {
  static let size = 8 << 20
  /// `O_DIRECT`, which Swift's Glibc module does not export (0: not available).
  #if os(Linux) && arch(x86_64)
    static let openFlag: Int32 = 0o40000
  #elseif os(Linux) && arch(arm64)
    static let openFlag: Int32 = 0o200000
  #else
    static let openFlag: Int32 = 0
  #endif
  private let base: UnsafeMutableRawPointer
  private var count = 0

  init() { base = .allocate(byteCount: Self.size, alignment: 4096) }
  deinit { base.deallocate() }

  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
  var isFull: Bool { count == Self.size }

  /// Copies as much of `raw` as fits; returns how much.
  func gather(_ raw: UnsafeRawBufferPointer) -> Int {
    let taken = min(raw.count, Self.size - count)
    if taken > 0 { memcpy(base + count, raw.baseAddress!, taken) }
    count += taken
    return taken
  }

  func removeAll() { count = 0 }
}
