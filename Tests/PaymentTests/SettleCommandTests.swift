import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

@Suite("drg settle")
struct SettleCommandTests {
  static let weights = """
    drg,name,adrg,cases,cases_kept,mean_cost,median_cost,sd_cost,cv,cv_untrimmed,mean_los,median_los,rw,low_volume,rw_source,trim_lower,trim_upper
    A,Group A,AA1,4,4,1000.00,1000.00,,,,,,1.0000,0,own,,
    B,Group B,BB1,1,1,2000.00,2000.00,,,,,,2.0000,0,own,,

    """

  /// H1: A normal (100 points), B normal (200) → 300 points, actual 1 000 + 2 000 = 3 000.
  /// H2: A normal (100), A high 4 000 = 4× > 3× → 100 + 1 × 100 = 200, one ungroupable
  /// 500 / mean 1 200 × 100 = 41.67 → 341.67 points, actual 1 000 + 4 000 + 500 = 5 500.
  /// (Mean of all = (4 × 1 000 + 2 000) / 5 = 1 200.)
  /// No sharing, no reserve, budget 6 416.70: PV = 6 416.70 / 641.67 = 10 exactly;
  /// H1 3 000.00, H2 3 416.70.
  static let grouped = """
    case_id,hospital_id,total_cost,los,leaving,status,drg
    c1,H1,1000,3,1,grouped,A
    c2,H1,2000,5,1,grouped,B
    c3,H2,1000,3,1,grouped,A
    c4,H2,4000,9,1,grouped,A
    c5,H2,500,2,1,ungroupable,

    """

  @Test func settlesAWorkedExample() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(Self.grouped, name: "grouped.csv")
    let weights = try dir.write(Self.weights, name: "weights.csv")
    let policy = try dir.write(
      #"{"readmission": {"enabled": false}, "name": "worked", "budget": 6416.70, "reserveShare": 0, "sharing": null}"#,
      name: "p.json")
    let out = (dir.path as NSString).appendingPathComponent("out")
    let run = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", out,
    ])
    #expect(run.status == 0, "\(run.error)")
    let cases = try String(contentsOfFile: out + "/cases.csv", encoding: .utf8)
    #expect(cases.contains("c4,H2,all,A,high,200.00,"))
    #expect(cases.contains("c5,H2,all,,ungroupable,41.67,"))
    let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
    #expect(
      pools.contains(
        "all,6416.70,0.00,6416.70,0.00,0.00,6416.70,5,2,641.67,10.000000,10.000000,6416.70,none"))
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(hospitals.contains(",300.00,1.5000,3000.00,3000.00,3000.00,"))
    #expect(hospitals.contains(",341.67,1.0000,3416.70,5500.00,3416.70,"))
    #expect(run.error.contains("point value 10.0000"))

    // What-if: +10 % → budget 7 058.37, PV = 7 058.37 / 641.67 = 11.0000…
    let whatIf = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", out,
      "--budget-change", "+10%",
    ])
    #expect(whatIf.status == 0)
    let poolsAfter = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
    #expect(poolsAfter.contains("all,7058.37,"))
    #expect(poolsAfter.contains(",7058.37,none"))
  }

  @Test func floorBindingIsNamed() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(Self.grouped, name: "grouped.csv")
    let weights = try dir.write(Self.weights, name: "weights.csv")
    let policy = try dir.write(
      #"{"readmission": {"enabled": false}, "budget": 6416.70, "reserveShare": 0, "sharing": null, "pointValue": {"floor": 12}}"#,
      name: "p.json")
    let run = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", dir.path + "/o",
    ])
    #expect(run.status == 0)
    #expect(run.error.contains("FLOOR binds"), "\(run.error)")
  }

  @Test(arguments: [
    ([String](), "missing --policy"),
    (["--policy", "P", "--period", "week"], "--period must be year or month"),
    (["--policy", "P", "--budget-change", "3"], "--budget-change must be a percentage"),
  ])
  func usageErrors(_ extra: [String], _ message: String) throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(Self.grouped, name: "grouped.csv")
    let run = CommandRun(["settle", grouped] + extra)
    #expect(run.status == 64)
    #expect(run.error.contains(message), "\(run.error)")
  }

  @Test func badPolicyFieldExits65() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(Self.grouped, name: "grouped.csv")
    let policy = try dir.write(#"{"budget": 1, "reserveshare": 0}"#, name: "p.json")
    let run = CommandRun(["settle", grouped, "--policy", policy, "-o", dir.path + "/o"])
    #expect(run.status == 65)
    #expect(run.error.contains("unknown field 'reserveshare'"), "\(run.error)")
  }

  @Test func helpHasExamples() {
    let run = CommandRun(["settle", "--help"])
    #expect(run.status == 0)
    #expect(run.out.contains("EXAMPLES:"))
    #expect(run.out.contains("--budget-change"))
  }

  @Test func shippedExamplePoliciesLoad() throws {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("examples/policies")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".json") }
    #expect(files.count >= 5)
    for file in files {
      #expect(throws: Never.self) {
        _ = try SettlementPolicy.load(path: directory.appendingPathComponent(file).path)
      }
    }
  }
}
