import DRGAnalysis
import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

extension TemporaryDirectory {
  /// The rows of a CSV file as field arrays (no quoting in our outputs' numbers).
  func rows(_ name: String) throws -> [[String]] {
    try String(contentsOfFile: file(name), encoding: .utf8)
      .split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      }
  }
}

/// The package root and its demo scheme.
enum Repository {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let demoScheme = root.appendingPathComponent("grouper-tables/demo").path
  static let demoCases = root.appendingPathComponent("grouper-tables/samples/demo-cases.csv").path
  /// The schemes and conformance corpora that ship with the package.
  static let tables = root.appendingPathComponent("grouper-tables")
}
