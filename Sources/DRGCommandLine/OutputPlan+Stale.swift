import DRGKit
import Foundation

extension OutputPlan {
  /// Removes from the output `directory` the files a command may write (`names`, the
  /// files its ``CommandSpec`` lists for the directory) that this run does not write
  /// (not in `written`), so that the directory never mixes this run's files with an
  /// earlier run's (a `perhead_months.csv` of a monthly run beside a yearly run's files).
  /// Called once the run's results are ready, before its files are written. Only regular
  /// files are removed; ``check()`` has already refused a directory whose listed files are
  /// inputs. Returns the names removed, for the run's messages.
  /// - Throws: ``FileError`` when such a file cannot be removed.
  static func removeStale(in directory: String, names: [String], written: [String])
    throws(FileError) -> [String]
  {
    var removed: [String] = []
    for name in names where !written.contains(name) && !removed.contains(name) {
      let path = (directory as NSString).appendingPathComponent(name)
      var status = stat()
      guard lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFDIR else { continue }
      guard unlink(path) == 0 else {
        var error = FileError(path: path, operation: .write, code: errno)
        error.message =
          "cannot remove this file left by an earlier run (\(String(cString: strerror(errno)))); this run does not write it, so the directory would mix two runs: remove it or write elsewhere"
        throw error
      }
      removed.append(name)
    }
    return removed
  }

  /// The message naming the files ``removeStale(in:names:written:)`` removed, or `nil`.
  static func staleMessage(_ removed: [String], command: String, directory: String) -> String? {
    guard !removed.isEmpty else { return nil }
    return
      "drg \(command): removed \(removed.joined(separator: ", ")) from \(directory): left by an earlier run, not written by this one"
  }
}
