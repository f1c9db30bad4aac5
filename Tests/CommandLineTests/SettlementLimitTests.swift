import DRGKit
import DRGTestSupport
import Foundation
import Testing

/// Settlement numbers that used to stop the process (SIGILL on an `Int64` conversion) are
/// refused with exit 65 and a message naming the field, or make their row invalid.
@Suite("Settlement numbers out of range")
struct SettlementLimitTests {
  static func settle(_ policy: String, _ extra: [String] = [], grouped: String? = nil) throws
    -> (CommandRun, TemporaryDirectory)
  {
    let fixture = try HostileNumberTests.Fixture()
    let path = try fixture.directory.write(policy, name: "limit.json")
    let run = CommandRun(
      [
        "settle",
        grouped.map { try! fixture.directory.write($0, name: "lg.csv") }
          ?? fixture.file("g.csv"), "--policy", path, "--weights", fixture.file("w.csv"), "-o",
        fixture.file("out"), "-q",
      ] + extra)
    return (run, fixture.directory)
  }

  /// 9.3e16 yuan is 9.3e18 fen, beyond Int64.max (≈ 9.22e18): it trapped.
  @Test func aPoolBudgetBeyondTenToTheFifteenIsRefused() throws {
    let (run, _) = try Self.settle(
      #"{"readmission": {"enabled": false}, "pools": [{"name": "a", "budget": 9.3e16}]}"#)
    #expect(run.status == 65)
    #expect(
      run.error.contains("pools[0] 'a'.budget must be at most 10^15, found 9.3e+16"),
      "\(run.error)")
  }

  /// 10^15 yuan × 11 (+1000 %) × 100 fen ≈ 1.1e18: no trap; what cannot be paid in whole
  /// fen is refused by name.
  @Test func theLargestBudgetWithTheLargestChangeDoesNotTrap() throws {
    let (run, _) = try Self.settle(
      #"{"readmission": {"enabled": false}, "budget": 1e15}"#, ["--budget-change", "+1000%"])
    #expect(run.status == 0 || run.status == 65, "\(run.error)")
    if run.status == 65 { #expect(run.error.contains("beyond 10^16 yuan"), "\(run.error)") }
  }

  /// A mean cost of 1e-300 yuan turns every fee-for-service case into ~10^300 points: the
  /// case is named instead of a trap.
  @Test func pointsOutOfAllProportionNameTheCase() throws {
    let (run, _) = try Self.settle(
      #"{"readmission": {"enabled": false}, "budget": 1000, "meanCostAllCases": 1e-300}"#)
    #expect(run.status == 65)
    #expect(run.error.contains("gets 10^11 points or more"), "\(run.error)")
  }

  /// A cost of 10^18 yuan (18 digits, which the number reader takes) made 10^20 fen.
  @Test func aCostBeyondTenToTheTenIsAnInvalidRow() throws {
    let fixture = try HostileNumberTests.Fixture()
    let grouped = try String(contentsOfFile: fixture.file("g.csv"), encoding: .utf8)
    let lines = grouped.split(separator: "\n").map { String($0) }
    let column = try #require(lines[0].split(separator: ",").firstIndex(of: "total_cost"))
    var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    fields[column] = "999999999999999999"
    let changed = ([lines[0], fields.joined(separator: ",")] + lines[2...]).joined(separator: "\n")
    let (run, directory) = try Self.settle(
      #"{"readmission": {"enabled": false}, "budget": 100000}"#, grouped: changed + "\n")
    #expect(run.status == 0, "\(run.error)")
    let cases = try directory.read("out/cases.csv")
    #expect(
      cases.contains(
        "excluded,0.00,,,,line 2: total_cost '999999999999999999' is beyond 10^10 yuan"),
      "\(cases.prefix(400))")
  }

  /// Foundation called `1e+20` in an integer field "not valid JSON".
  @Test func aWholeNumberFieldOutOfRangeNamesTheField() throws {
    let (run, _) = try Self.settle(
      #"{"readmission": {"enabled": false, "days": 1e+20}, "budget": 1}"#)
    #expect(run.status == 65)
    #expect(
      run.error.contains(".readmission.days: must be a whole number from"), "\(run.error)")
    #expect(run.error.contains("limit.json:1: column"), "\(run.error)")
  }

  @Test func wholeNumberConversionsHoldAtTheLimit() {
    #expect(WholeNumber.rounded(2.5) == 3)
    #expect(WholeNumber.rounded(-2.5) == -3)
    #expect(WholeNumber.rounded(1e300) == WholeNumber.limit)
    #expect(WholeNumber.rounded(-.infinity) == -WholeNumber.limit)
    #expect(WholeNumber.rounded(.nan) == WholeNumber.limit)
    #expect(WholeNumber.roundedDown(7.9) == 7)
  }

  /// 999,999,999 persons × 999,999,999 yuan a person × 100 fen ≈ 10^20: the capitation
  /// trapped.
  @Test func perHeadCapitationBeyondAnyBudgetIsRefused() throws {
    let directory = try TemporaryDirectory()
    let run = CommandRun([
      "settle",
      try directory.write(
        "case_id,hospital_id,total_cost,los,leaving,status,drg\nc1,H1,1000,3,1,grouped,A\n",
        name: "g.csv"),
      "--policy",
      try directory.write(
        #"{"budget": 1000, "meanCostAllCases": 1000, "readmission": {"enabled": false}, "perHead": {"categories": [{"name": "general", "ratePerPerson": 999999999}]}}"#,
        name: "p.json"),
      "--weights",
      try directory.write("drg,rw,mean_cost\nA,1.0,1000\n", name: "w.csv"),
      "-o", directory.file("out"), "--enrolment",
      try directory.write("hospital_id,category,persons\nH1,general,999999999\n", name: "e.csv"),
      "--outpatient",
      try directory.write("hospital_id,category,visits,cost\nH1,general,1,100\n", name: "o.csv"),
      "-q",
    ])
    #expect(run.status == 65, "\(run.error)")
    #expect(run.error.contains("beyond 10^16 yuan"), "\(run.error)")
  }
}
