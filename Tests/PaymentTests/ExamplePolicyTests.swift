import DRGCommandLine
import DRGKit
import DRGTestSupport
import Foundation
import Testing

/// The five city examples of examples/policies, run as their README runs them on the
/// README's example data (the 1,000 sample cases grouped with chs-drg-1.1): each must put
/// hospitals in every sharing band (issue 18, item 9), and the per-head and alliance
/// inputs of examples/policies/data must be accepted.
@Suite("Example policies on the sample cases")
struct ExamplePolicyTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func path(_ relative: String) -> String {
    root.appendingPathComponent(relative).path
  }

  @Test func everyCityExamplePutsHospitalsInEveryBand() throws {
    let dir = try TemporaryDirectory()
    let grouped = dir.path + "/grouped.csv"
    let weights = dir.path + "/weights.csv"
    let group = CommandRun([
      "group", Self.path("grouper-tables/samples/chs-drg-1.1-cases.csv"), "--scheme",
      Self.path("grouper-tables/chs-drg-1.1"), "-o", grouped, "-q",
    ])
    #expect(group.status == 0, "\(group.error)")
    let weighing = CommandRun(["weights", grouped, "-o", weights, "-q"])
    #expect(weighing.status == 0, "\(weighing.error)")
    let data = Self.path("examples/policies/data")
    let perHead = [
      "--enrolment", data + "/enrolment.csv", "--outpatient", data + "/outpatient.csv",
    ]
    let examples: [(String, [String])] = [
      ("chongqing-2018", []),
      ("tianjin-2017", perHead),
      ("linyi-2018", ["--hospitals", data + "/hospitals.csv"] + perHead),
      ("liuzhou-2017", []),
      ("lincang-2014", []),
    ]
    for (name, extra) in examples {
      let out = dir.path + "/" + name
      let run = CommandRun(
        [
          "settle", grouped, "--policy", Self.path("examples/policies/\(name).json"), "--weights",
          weights, "-o", out,
        ] + extra)
      #expect(run.status == 0, "\(name): \(run.error)")
      let table = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
      let rows = table.split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false)
      }
      let column = try #require(rows.first?.firstIndex(of: "band"))
      let bands = Set(rows.dropFirst().map { String($0[column]) })
      #expect(
        bands == ["surplus", "surplus_capped", "overspend_shared", "overspend_beyond"],
        "\(name): \(bands.sorted())")
      let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
      #expect(!pools.contains(",unspendable,") && !pools.contains(",cap,"), "\(name): \(pools)")
    }
  }
}
