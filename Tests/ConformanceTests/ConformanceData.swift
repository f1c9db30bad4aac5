import Foundation
import Testing

/// Finds `../shared` (the schemes and conformance corpora beside the checkout).
///
/// Tests that need it are skipped with a message when it is absent (a user's fresh clone);
/// `.ci/run` sets `DRG_REQUIRE_SHARED=1`, which makes its absence a failure instead.
enum SharedData {
  /// The package root, found from this file's path.
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let directory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

  static var isRequired: Bool { ProcessInfo.processInfo.environment["DRG_REQUIRE_SHARED"] == "1" }

  static var isAvailable: Bool {
    FileManager.default.fileExists(
      atPath: directory.appendingPathComponent("conformance").path)
  }

  /// Run the shared-data tests when the data is there, or when CI requires it (they then
  /// fail on its absence).
  static var shouldRun: Bool { isAvailable || isRequired }

  static let skipMessage: Comment =
    "../shared (schemes and conformance corpora) is not beside this checkout; skipped. Set DRG_REQUIRE_SHARED=1 to make this a failure."

  /// The scheme ids that have both a scheme and a conformance corpus.
  static let schemeIDs = [
    "chs-drg-1.1", "beijing-2022", "chongqing-2022", "guangxi-2022", "yunnan-2023",
  ]

  static func scheme(_ id: String) -> String {
    directory.appendingPathComponent("schemes/\(id)").path
  }

  static func conformance(_ id: String, _ file: String) -> String {
    directory.appendingPathComponent("conformance/\(id)/\(file)").path
  }
}
