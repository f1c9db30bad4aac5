import Foundation

/// The schemes and conformance corpora that ship in `grouper-tables/`.
enum ConformanceData {
  /// The package root, found from this file's path.
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let tables = packageRoot.appendingPathComponent("grouper-tables")

  /// The scheme ids that have both a scheme and a conformance corpus.
  static let schemeIDs = [
    "chs-drg-1.1", "beijing-2022", "chongqing-2022", "guangxi-2022", "yunnan-2023",
  ]

  static func scheme(_ id: String) -> String {
    tables.appendingPathComponent(id).path
  }

  static func conformance(_ id: String, _ file: String) -> String {
    tables.appendingPathComponent("conformance/\(id)/\(file)").path
  }
}
