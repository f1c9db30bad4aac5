import Foundation

/// Shared by the libFuzzer harnesses: where the package is, the demo scheme, and how an
/// invariant violation is reported (a trap, which libFuzzer records as a crash with the input).
enum FuzzSupport {
  /// The package root: `DRG_PACKAGE_ROOT` when set (``Fuzz/run.sh`` sets it), else two folders
  /// above this source file.
  static let packageRoot: URL = {
    if let root = ProcessInfo.processInfo.environment["DRG_PACKAGE_ROOT"], !root.isEmpty {
      return URL(fileURLWithPath: root)
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
  }()

  /// The demo scheme's directory.
  static var demoDirectory: String {
    packageRoot.appendingPathComponent("grouper-tables/demo").path
  }

  /// The demo scheme, loaded once per fuzzing process.
  static let demoScheme: Scheme = {
    do {
      return try Scheme(directory: demoDirectory)
    } catch {
      fatalError("cannot load the demo scheme at \(demoDirectory): \(error)")
    }
  }()

  /// A scratch directory private to this fuzzing process (several `-jobs` may run at once).
  static let scratchDirectory: String = {
    let path = NSTemporaryDirectory() + "drg-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }()

  /// Stops the process with `message` when `condition` is false; libFuzzer saves the input.
  static func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    line: UInt = #line
  ) {
    if !condition() { fatalError("invariant violated: \(message())", line: line) }
  }
}

extension FuzzSupport {
  /// Writes the fuzz input to `name` in the scratch directory and returns its path.
  static func write(_ data: UnsafePointer<UInt8>, _ size: Int, to name: String) -> String {
    let path = scratchDirectory + "/" + name
    require(
      FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)),
      "cannot write \(path)")
    return path
  }
}
