import Foundation
import Testing

/// The demo scheme and cases that ship with the package, and the files the command tests
/// make from them.
public enum DemoFiles {
  /// The package root.
  public static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  /// grouper-tables/demo.
  public static let scheme = root.appendingPathComponent("grouper-tables/demo").path
  /// grouper-tables/samples/demo-cases.csv.
  public static let cases = root.appendingPathComponent("grouper-tables/samples/demo-cases.csv")
    .path

  /// Groups the demo cases under the demo scheme into `g.csv` and weighs them into `w.csv`
  /// in `directory` (each run expected to succeed); returns both paths.
  public static func groupedAndWeights(in directory: TemporaryDirectory) -> (
    grouped: String, weights: String
  ) {
    let grouped = directory.file("g.csv")
    #expect(CommandRun(["group", cases, "-s", scheme, "-o", grouped, "-q"]).status == 0)
    let weights = directory.file("w.csv")
    #expect(CommandRun(["weights", grouped, "-o", weights, "-q"]).status == 0)
    return (grouped, weights)
  }
}
