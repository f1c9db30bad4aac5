import DRGCommandLine
import Foundation

/// Runs `drg` in-process and captures what it prints.
struct CommandRun {
  var status: Int32
  var out: String
  var error: String

  init(_ arguments: [String]) {
    final class Capture: @unchecked Sendable {
      var out = ""
      var error = ""
    }
    let capture = Capture()
    let console = Console(out: { capture.out += $0 }, error: { capture.error += $0 })
    status = DRGCommand.run(arguments, console: console)
    out = capture.out
    error = capture.error
  }
}

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
