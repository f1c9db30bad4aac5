import Foundation

/// A temporary directory for one test, removed when released; shared by the test targets
/// that run commands on files.
public final class TemporaryDirectory {
  public let path: String

  public init() throws {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("drg-test-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// The path of `name` inside the directory.
  public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

  /// Writes `text` (UTF-8) to `name` and returns its path.
  @discardableResult
  public func write(_ text: String, name: String) throws -> String {
    let path = file(name)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}
