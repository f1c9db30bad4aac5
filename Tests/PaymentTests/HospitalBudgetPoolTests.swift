import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// Hospital budgets (二级预算) in more than one pool, and the policy choice for a hospital
/// of a budgeted pool without a budget (issue 18, item 5). Expected values worked by hand.
@Suite("Hospital budgets in several pools")
struct HospitalBudgetPoolTests {
  /// One DRG A (RW 1 → 100 points, mean cost 1 000). Pool E (insurance 1): H1 and H2 10
  /// cases each at 1 000; pool R (insurance 2): H1 10 cases at 1 000, H3 10 cases at 900
  /// (normal, 100 points each).
  static let grouped: String = {
    var text = "case_id,hospital_id,total_cost,los,leaving,status,drg,insurance\n"
    var number = 0
    for (hospital, cost, insurance) in [
      ("H1", 1000, 1), ("H2", 1000, 1), ("H1", 1000, 2), ("H3", 900, 2),
    ] {
      for _ in 0..<10 {
        number += 1
        text += "c\(number),\(hospital),\(cost),3,1,grouped,A,\(insurance)\n"
      }
    }
    return text
  }()

  static func policy(withoutBudget: String) -> String {
    """
    {"reserveShare": 0, "readmission": {"enabled": false},
     "pools": [{"name": "E", "budget": 20000, "insurance": ["1"]},
               {"name": "R", "budget": 20000, "insurance": ["2"]}],
     "hospitalBudgets": [
       {"pool": "E", "budgets": {"H1": 12000, "H2": 9500}},
       {"pool": "R", "budgets": {"H1": 8000}\(withoutBudget)}]}
    """
  }

  func settle(_ dir: TemporaryDirectory, policy: String) throws -> (CommandRun, String) {
    let out = dir.path + "/out"
    let run = CommandRun([
      "settle", try dir.write(Self.grouped, name: "grouped.csv"), "--policy",
      try dir.write(policy, name: "policy.json"), "--weights",
      try dir.write(HospitalBudgetAndAllianceTests.weights, name: "weights.csv"), "-o", out,
    ])
    return (run, out)
  }

  /// Both pools: 2 000 points, budget 20 000, no reserve → nominal PV 10, each hospital's
  /// claim 1 000 × 10 = 10 000. Default bands α 0.5, cap 0.1, β 0.1, γ 0.5.
  /// - E, H1, budget 12 000: α × 2 000 = 1 000 ≤ 1 200 → 11 000.00, surplus;
  /// - E, H2, budget 9 500: overspend 500 ≤ 950 → 9 500 + 250 = 9 750.00, overspend_shared;
  /// - R, H1, budget 8 000: 10 000 > 8 800 → 8 000 × 1.05 = 8 400.00, overspend_beyond;
  /// - R, H3, no budget, withoutBudget pointValue: entitlement 10 000 against its actual
  ///   cost 9 000: α × 1 000 = 500 ≤ 1 000 → 9 500.00, surplus; budget column empty.
  @Test func budgetsInTwoPoolsAndAHospitalSettledByThePointValue() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try settle(
      dir, policy: Self.policy(withoutBudget: #", "withoutBudget": "pointValue""#))
    #expect(run.status == 0, "\(run.error)")
    let table = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    let rows = table.split(separator: "\n").map(String.init)
    let header = rows[0].split(separator: ",").map(String.init)
    func field(_ pool: String, _ hospital: String, _ name: String) -> String? {
      guard let row = rows.first(where: { $0.hasPrefix("\(pool),\(hospital),") }),
        let column = header.firstIndex(of: name)
      else { return nil }
      return row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)[column]
    }
    #expect(field("E", "H1", "payment") == "11000.00", "\(table)")
    #expect(field("E", "H1", "budget") == "12000.00")
    #expect(field("E", "H1", "band") == "surplus")
    #expect(field("E", "H2", "payment") == "9750.00")
    #expect(field("E", "H2", "band") == "overspend_shared")
    #expect(field("R", "H1", "payment") == "8400.00")
    #expect(field("R", "H1", "budget") == "8000.00")
    #expect(field("R", "H1", "band") == "overspend_beyond")
    #expect(field("R", "H3", "payment") == "9500.00")
    #expect(field("R", "H3", "budget") == "")
    #expect(field("R", "H3", "band") == "surplus")
    let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
    #expect(pools.contains(",20750.00,hospital_budgets,"), "\(pools)")
    #expect(pools.contains(",17900.00,hospital_budgets,"), "\(pools)")
  }

  /// The default (`stop`): H3 has no budget in pool R and the run stops naming the pool and
  /// the hospital; H3 needs none in pool E, where it has no case.
  @Test func aHospitalWithoutABudgetStopsTheRunByDefault() throws {
    let dir = try TemporaryDirectory()
    let (run, _) = try settle(dir, policy: Self.policy(withoutBudget: ""))
    #expect(run.status == 65)
    #expect(
      run.error.contains(
        "pool R: policy 'policy' settles hospitals against their own budgets, but 1 hospital has none: H3"
      ) || run.error.contains("pool R: policy"), "\(run.error)")
    #expect(run.error.contains("1 hospital has none: H3"), "\(run.error)")
    #expect(run.error.contains("withoutBudget"), "\(run.error)")
  }

  /// Alliance West = H1, H3 (H3 has cases in pool R only). Pool E: West's present member
  /// H1 has a budget, so West's budget there is 12 000 and its claim 10 000 → 11 000.00 as
  /// above, all to H1. Pool R: `allianceBudgets` West 19 000 against the claim 10 000 +
  /// 10 000 = 20 000: overspend 1 000 ≤ 0.1 × 19 000 = 1 900 → 19 000 + 0.5 × 1 000 =
  /// 19 500.00, overspend_shared, split by points 1 000 : 1 000 → 9 750.00 each.
  /// Without the alliance budget, H1 budgeted and H3 not: West has no budget (members'
  /// budgets are summed only when every member has one), so withoutBudget decides: see
  /// ``aPartlyBudgetedAllianceFollowsWithoutBudget()``.
  @Test func allianceBudgetsPerSection() throws {
    let dir = try TemporaryDirectory()
    func policy(_ rSection: String) -> String {
      """
      {"reserveShare": 0, "readmission": {"enabled": false},
       "alliances": {"members": {"West": ["H1", "H3"]}},
       "pools": [{"name": "E", "budget": 20000, "insurance": ["1"]},
                 {"name": "R", "budget": 20000, "insurance": ["2"]}],
       "hospitalBudgets": [
         {"pool": "E", "budgets": {"H1": 12000, "H2": 9500}},
         {"pool": "R", \(rSection), "withoutBudget": "pointValue"}]}
      """
    }
    let (run, out) = try settle(
      dir, policy: policy(#""budgets": {"H1": 8000}, "allianceBudgets": {"West": 19000}"#))
    #expect(run.status == 0, "\(run.error)")
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    let rows = hospitals.split(separator: "\n").map(String.init)
    let header = rows[0].split(separator: ",").map(String.init)
    func field(_ pool: String, _ hospital: String, _ name: String) -> String? {
      guard let row = rows.first(where: { $0.hasPrefix("\(pool),\(hospital),") }),
        let column = header.firstIndex(of: name)
      else { return nil }
      return row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)[column]
    }
    #expect(field("E", "H1", "payment") == "11000.00", "\(hospitals)")
    #expect(field("R", "H1", "payment") == "9750.00", "\(hospitals)")
    #expect(field("R", "H3", "payment") == "9750.00")
    #expect(field("R", "H3", "alliance") == "West")
    let alliances = try String(contentsOfFile: out + "/alliances.csv", encoding: .utf8)
    #expect(alliances.contains("\nR,West,*,2000.00,"), "\(alliances)")
    #expect(alliances.contains(",19000.00,19500.00,"), "\(alliances)")
  }

  /// Alliance West = H1, H3; in pool R only H1 has a budget (8 000), West none. With
  /// `withoutBudget: "pointValue"` West is settled like a unit of an unbudgeted pool, as
  /// the policy asks: PV = 20 000 / 2 000 points = 10, claim = entitlement 1 000 × 10 +
  /// 1 000 × 10 = 20 000 against the actual cost 10 × 1 000 + 10 × 900 = 19 000: surplus
  /// 1 000, α 0.5 → 500 ≤ 0.1 × 20 000 → 19 500.00, band surplus, split 1 : 1 by points →
  /// 9 750.00 each; the budget column empty, and a WARNING names H1's unused 8 000.00.
  /// (Before, the run stopped although the policy said pointValue.) With the default
  /// `stop` the run stops naming H3.
  @Test func aPartlyBudgetedAllianceFollowsWithoutBudget() throws {
    let dir = try TemporaryDirectory()
    func policy(_ withoutBudget: String) -> String {
      """
      {"reserveShare": 0, "readmission": {"enabled": false},
       "alliances": {"members": {"West": ["H1", "H3"]}},
       "pools": [{"name": "E", "budget": 20000, "insurance": ["1"]},
                 {"name": "R", "budget": 20000, "insurance": ["2"]}],
       "hospitalBudgets": [
         {"pool": "E", "budgets": {"H1": 12000, "H2": 9500}},
         {"pool": "R", "budgets": {"H1": 8000}\(withoutBudget)}]}
      """
    }
    let (run, out) = try settle(dir, policy: policy(#", "withoutBudget": "pointValue""#))
    #expect(run.status == 0, "\(run.error)")
    let alliances = try String(contentsOfFile: out + "/alliances.csv", encoding: .utf8)
    #expect(
      alliances.contains(
        "\nR,West,*,2000.00,1.000000,20000.00,19000.00,,19500.00,500.00,surplus\n"),
      "\(alliances)")
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    let rows = hospitals.split(separator: "\n").map(String.init)
    let header = rows[0].split(separator: ",").map(String.init)
    func field(_ hospital: String, _ name: String) -> String? {
      guard let row = rows.first(where: { $0.hasPrefix("R,\(hospital),") }),
        let column = header.firstIndex(of: name)
      else { return nil }
      return row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)[column]
    }
    #expect(field("H1", "payment") == "9750.00", "\(hospitals)")
    #expect(field("H3", "payment") == "9750.00", "\(hospitals)")
    #expect(field("H1", "budget") == "", "\(hospitals)")
    #expect(
      run.error.contains(
        "WARNING: alliance West of pool R has no budget and only some members do (H1; none: H3)"),
      "\(run.error)")
    #expect(run.error.contains("members' budgets (8000.00 yuan) not used"), "\(run.error)")
    let stopped = try settle(dir, policy: policy(""))
    #expect(stopped.0.status == 65)
    #expect(
      stopped.0.error.contains("1 hospital has none: H3 (alliance West has no budget either)"),
      "\(stopped.0.error)")
  }

  @Test func unsoundSectionsAreRefusedNamingTheField() throws {
    let dir = try TemporaryDirectory()
    let twice = """
      {"pools": [{"name": "E", "budget": 1, "insurance": ["1"]}, {"name": "R", "budget": 1}],
       "hospitalBudgets": [{"pool": "E"}, {"pool": "E"}, {"budgets": {"H1": 1}}],
       "alliances": {"members": {"East": ["H1"]}, "budgets": {"East": 5}}}
      """
    let (run, _) = try settle(dir, policy: twice)
    #expect(run.status == 65)
    #expect(
      run.error.contains(
        "hospitalBudgets[1].pool 'E': hospitalBudgets[0] is for that pool already"),
      "\(run.error)")
    #expect(run.error.contains("hospitalBudgets[2].pool: the policy has 2 pools"), "\(run.error)")
    #expect(
      run.error.contains("alliances.budgets: with 3 hospitalBudgets sections"), "\(run.error)")
    let unknown = try settle(
      dir, policy: #"{"budget": 1, "hospitalBudgets": {"withoutBudget": "ignore"}}"#)
    #expect(unknown.0.status == 65)
    #expect(unknown.0.error.contains("unknown withoutBudget 'ignore'"), "\(unknown.0.error)")
  }
}
