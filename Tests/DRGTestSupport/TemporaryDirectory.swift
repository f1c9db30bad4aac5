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

  /// Writes raw bytes to `name` and returns its path.
  @discardableResult
  public func write(_ bytes: [UInt8], name: String) throws -> String {
    let path = file(name)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// The contents of `name` as text.
  public func read(_ name: String) throws -> String {
    try String(contentsOfFile: file(name), encoding: .utf8)
  }

  /// The names of the files in the directory, sorted.
  public func fileNames() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}
