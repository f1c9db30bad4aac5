import DRGCommandLine
import Foundation

/// Paths inside the repository, found from this file.
enum Repository {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let demoScheme = root.appendingPathComponent("grouper-tables/demo").path
  static let demoCases = root.appendingPathComponent("grouper-tables/samples/demo-cases.csv").path

  /// A fresh temporary file path.
  static func temporary(_ name: String) -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("drg-cli-\(UUID().uuidString)-\(name)").path
  }
}
