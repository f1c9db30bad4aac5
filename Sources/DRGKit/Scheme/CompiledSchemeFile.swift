import Foundation

/// Reads and writes the file of a compiled scheme (see ``SchemeCache``).
///
/// Layout: a magic word; the program stamp (compiled-form version, toolkit version, layout
/// sizes and the running executable's size and time, so a rebuilt program never trusts an
/// older program's file); the checksum of the scheme's tables; the payload's length and
/// checksum; the payload (``Scheme/writeCompiled(to:)``). Integers are little-endian.
enum CompiledSchemeFile {
  /// `DRGSCHEM` read as a little-endian word.
  static let magic: UInt64 = 0x4D45_4843_5353_5244

  /// The files a scheme is loaded from, in the order their bytes enter the checksum.
  static let tableFiles = [
    "scheme.json", "mdc.csv", "adrg.csv", "drg.csv", "lists.csv", "cc.csv", "cc_exclusion.csv",
    "dx_names.csv", "proc_names.csv", "dx_map.csv", "proc_map.csv",
  ]

  /// What must match for a compiled file to be trusted by this program.
  static let programStamp: String = {
    var stamp =
      "compiled-scheme \(SchemeCache.formatVersion) drgkit \(DRGKitVersion.current) "
      + "slot \(MemoryLayout<CodeTable.Slot>.stride) int \(MemoryLayout<Int>.size)"
    #if os(Linux)
      var info = stat()
      if stat("/proc/self/exe", &info) == 0 {
        stamp += " exe \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
      }
    #endif
    return stamp
  }()

  /// The checksum of the scheme's table files (name, presence and bytes of each), or `nil`
  /// when one cannot be read (loading from the tables then reports the problem).
  static func tablesStamp(_ directory: String) -> UInt64? {
    var checksum = TableChecksum()
    // One buffer for every file, grown to the largest.
    var buffer: [UInt8] = []
    for name in tableFiles {
      checksum.add(name)
      let path = directory + "/" + name
      guard FileManager.default.fileExists(atPath: path) else {
        checksum.add("absent")
        continue
      }
      guard let count = readWhole(path, into: &buffer) else { return nil }
      buffer.withUnsafeBytes { checksum.add(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }
    return checksum.value
  }

  /// The scheme in `file`, or why it cannot be trusted.
  static func read(_ file: String, tables: UInt64, directory: String)
    -> Result<Scheme, CompiledFormError>
  {
    let result = withMapped(file) { raw -> Result<Scheme, CompiledFormError> in
      do throws(CompiledFormError) {
        var reader = CompiledFormReader(raw)
        guard (try? reader.word()) == magic else {
          throw CompiledFormError(reason: "not a compiled scheme")
        }
        guard (try? reader.text()) == programStamp else {
          throw CompiledFormError(reason: "written by another version or build of DRGKit")
        }
        guard try reader.word() == tables else {
          throw CompiledFormError(reason: "the scheme's tables changed since it was written")
        }
        let length = try reader.count(limit: .max)
        let expected = try reader.word()
        guard length == raw.count - reader.offset else {
          throw CompiledFormError(reason: "truncated or too long")
        }
        let payload = UnsafeRawBufferPointer(rebasing: raw[reader.offset...])
        var checksum = TableChecksum()
        checksum.add(payload)
        guard checksum.value == expected else {
          throw CompiledFormError(reason: "corrupted: its checksum does not match")
        }
        var body = CompiledFormReader(payload)
        return .success(try Scheme.readCompiled(&body, directory: directory))
      } catch {
        return .failure(error)
      }
    }
    return result ?? .failure(CompiledFormError(reason: "cannot be read"))
  }

  /// Calls `body` with the bytes of the regular file at `path`, mapped into memory (read
  /// only, private); `nil` when it cannot be opened or mapped. Compiled files are only
  /// ever replaced by a rename, never rewritten in place, so the mapping cannot shrink
  /// under the reader.
  static func withMapped<R>(_ path: String, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
      info.st_size < 1 << 32
    else { return nil }
    let size = Int(info.st_size)
    guard size > 0 else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
    #if os(Linux)
      let flags = MAP_PRIVATE | MAP_POPULATE
    #else
      let flags = MAP_PRIVATE
    #endif
    guard let address = mmap(nil, size, PROT_READ, flags, descriptor, 0),
      address != MAP_FAILED
    else { return nil }
    defer { munmap(address, size) }
    return body(UnsafeRawBufferPointer(start: address, count: size))
  }

  /// Writes `scheme` to `file` through a temporary file in the same directory and a rename;
  /// returns the problem when it cannot.
  static func write(_ scheme: Scheme, tables: UInt64, to file: String, directory: String)
    -> String?
  {
    let folder = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL
    if folder.path == URL(fileURLWithPath: directory).standardizedFileURL.path {
      return "the cache directory is the scheme's own directory"
    }
    do {
      try FileManager.default.createDirectory(
        at: folder, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o755])
    } catch {
      return "cannot create \(folder.path)"
    }
    removeStaleTemporaries(in: folder.path)
    var payload = CompiledFormWriter(capacity: 32 << 20)
    scheme.writeCompiled(to: &payload)
    var checksum = TableChecksum()
    payload.bytes.withUnsafeBytes { checksum.add($0) }
    var header = CompiledFormWriter(capacity: 256)
    header.word(magic)
    header.text(programStamp)
    header.word(tables)
    header.integer(payload.bytes.count)
    header.word(checksum.value)
    let temporary = file + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return "cannot write in \(folder.path)" }
    let complete = writeAll(descriptor, header.bytes) && writeAll(descriptor, payload.bytes)
    let closed = close(descriptor) == 0
    guard complete, closed, rename(temporary, file) == 0 else {
      unlink(temporary)
      return "cannot write \(file)"
    }
    return nil
  }

  /// Removes the compiled files of the same scheme that other builds wrote (names starting
  /// with `prefix`, other than `file`), so the cache holds one file per scheme.
  static func removeOthers(besides file: String, prefix: String?) {
    guard let prefix else { return }
    let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
    let start = URL(fileURLWithPath: prefix).lastPathComponent
    let keep = URL(fileURLWithPath: file).lastPathComponent
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    where name.hasPrefix(start) && name.hasSuffix(".drgscheme") && name != keep {
      unlink(folder + "/" + name)
    }
  }

  private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return false }
        offset += written
      }
      return true
    }
  }

  /// Reads the whole of the regular file at `path` into the start of `buffer` (grown when
  /// too small); returns its size, or `nil` when it cannot be read. Tables are read, not
  /// mapped: a table truncated by another program while mapped would crash the reader.
  static func readWhole(_ path: String, into buffer: inout [UInt8]) -> Int? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
      info.st_size < 1 << 31
    else { return nil }
    let size = Int(info.st_size)
    if buffer.count < size {
      // Not zeroed first: every byte used is read from the file below.
      buffer = [UInt8](unsafeUninitializedCapacity: size) { _, initialized in initialized = size }
    }
    var offset = 0
    buffer.withUnsafeMutableBytes { bytes in
      while offset < size {
        let count = Foundation.read(descriptor, bytes.baseAddress! + offset, size - offset)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { break }
        offset += count
      }
    }
    return offset == size ? size : nil
  }
}
