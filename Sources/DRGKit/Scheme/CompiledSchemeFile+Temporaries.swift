import Foundation

/// The temporary files of cache writers that died before their rename
/// (``CompiledSchemeFile/write(_:tables:to:directory:)`` writes `NAME.drgscheme.PID.N.tmp`
/// and renames it into place). Without this they would stay in the cache forever, each as
/// large as a compiled scheme.
extension CompiledSchemeFile {
  /// A temporary file older than this is a dead writer's, whatever its pid says (a write
  /// takes well under a second).
  static let temporaryLifetime: TimeInterval = 3600
  /// A temporary file whose pid names no running process is a dead writer's once it is
  /// this old: a moment of grace for a writer in another pid namespace (a container
  /// sharing the cache) whose pid means nothing here.
  static let deadWriterGrace: TimeInterval = 60

  /// Removes from `folder` the temporary files of dead writers: older than
  /// ``temporaryLifetime``, or whose pid names no running process and older than
  /// ``deadWriterGrace``. Other files, and a live writer's, are left alone. Returns the
  /// names removed.
  @discardableResult
  static func removeStaleTemporaries(
    in folder: String, now: Date = Date(), isRunning: (Int32) -> Bool = processIsRunning
  ) -> [String] {
    var removed: [String] = []
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
      guard let pid = writerPID(of: name) else { continue }
      let path = folder + "/" + name
      var status = stat()
      guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
      let age = now.timeIntervalSince1970 - Double(status.st_mtim.tv_sec)
      guard age > temporaryLifetime || (age > deadWriterGrace && !isRunning(pid)) else {
        continue
      }
      if unlink(path) == 0 { removed.append(name) }
    }
    return removed
  }

  /// The writer's pid in a temporary file's name (`….drgscheme.PID.N.tmp`), or `nil` for
  /// any other name.
  static func writerPID(of name: String) -> Int32? {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count >= 5, parts[parts.count - 1] == "tmp",
      parts[parts.count - 4] == "drgscheme", UInt32(parts[parts.count - 2]) != nil,
      let pid = Int32(parts[parts.count - 3]), pid > 0
    else { return nil }
    return pid
  }

  /// Whether a process with `pid` runs (one of another user counts: `EPERM`).
  static func processIsRunning(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0 || errno == EPERM
  }
}
