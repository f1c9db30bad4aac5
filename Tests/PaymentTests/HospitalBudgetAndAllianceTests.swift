import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// Budgets below the pool (issue 18, item 5): hospitals settled against their own budgets
/// (二级预算) and alliances (医共体) paid as one and split to their members. Every expected
/// value is worked by hand in the comments.
@Suite("Hospital budgets and alliances")
struct HospitalBudgetAndAllianceTests {
  /// One DRG A: RW 1 → 100 base points, mean cost 1 000; a case costing 800–1 200 is
  /// normal (low outlier below 0.3 × 1 000, high above 3 × 1 000) and earns 100 points.
  static let weights = """
    drg,name,adrg,cases,cases_kept,mean_cost,median_cost,sd_cost,cv,cv_untrimmed,mean_los,median_los,rw,low_volume,rw_source,trim_lower,trim_upper
    A,Group A,AA1,4,4,1000.00,1000.00,,,,,,1.0000,0,own,,

    """

  /// `cases` cases of DRG A for each (hospital, count, cost) given.
  static func grouped(_ hospitals: [(String, Int, [Int])]) -> String {
    var text = "case_id,hospital_id,total_cost,los,leaving,status,drg\n"
    var number = 0
    for (hospital, count, costs) in hospitals {
      for index in 0..<count {
        number += 1
        text += "c\(number),\(hospital),\(costs[index % costs.count]),3,1,grouped,A\n"
      }
    }
    return text
  }

  static let base = #""reserveShare": 0, "readmission": {"enabled": false}"#

  func settle(_ dir: TemporaryDirectory, grouped: String, policy: String, extra: [String] = [])
    throws -> (CommandRun, String)
  {
    let out = dir.path + "/out"
    let run = CommandRun(
      [
        "settle", try dir.write(grouped, name: "grouped.csv"), "--policy",
        try dir.write(policy, name: "policy.json"), "--weights",
        try dir.write(Self.weights, name: "weights.csv"), "-o", out,
      ] + extra)
    return (run, out)
  }

  /// Four hospitals of 10 normal cases each (1 000 points each, 4 000 in all). Budget
  /// 40 000, no reserve → nominal point value 40 000 / 4 000 = 10 yuan; each claim =
  /// 1 000 × 10 = 10 000. Bands α 0.5, cap 0.1, β 0.1, γ 0.5, with the budget B as N and the
  /// claim C as A:
  /// - H1, B 12 000: C ≤ B, surplus 2 000, α × 2 000 = 1 000 ≤ 0.1 × 12 000 = 1 200
  ///   → 10 000 + 1 000 = 11 000.00, band surplus;
  /// - H2, B 20 000: surplus 10 000, α × 10 000 = 5 000 > 2 000 → 10 000 + 2 000 =
  ///   12 000.00, surplus_capped;
  /// - H3, B 9 500: overspend 500 ≤ 0.1 × 9 500 = 950 → 9 500 + 0.5 × 500 = 9 750.00,
  ///   overspend_shared;
  /// - H4, B 8 000: 10 000 > 1.1 × 8 000 = 8 800 → 8 000 + 0.5 × 0.1 × 8 000 = 8 400.00,
  ///   overspend_beyond.
  /// Payout 11 000 + 12 000 + 9 750 + 8 400 = 41 150.00.
  @Test func eachHospitalIsSettledAgainstItsOwnBudgetInEveryBand() throws {
    let dir = try TemporaryDirectory()
    let grouped = Self.grouped([
      ("H1", 10, [1000]), ("H2", 10, [900, 1100]), ("H3", 10, [1000]), ("H4", 10, [1000]),
    ])
    let policy = """
      {"budget": 40000, \(Self.base),
       "hospitalBudgets": {"budgets": {"H1": 12000, "H2": 20000, "H3": 9500, "H4": 8000, "H9": 500}}}
      """
    let (run, out) = try settle(dir, grouped: grouped, policy: policy)
    #expect(run.status == 0, "\(run.error)")
    // H9 has a budget but no case: not paid, and said so.
    #expect(
      run.error.contains("1 hospital budget of pool all (500.00 yuan) not paid: no paid case (H9)"),
      "\(run.error)")
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    let rows = hospitals.split(separator: "\n").map(String.init)
    let header = rows[0].split(separator: ",").map(String.init)
    func field(_ hospital: String, _ name: String) -> String? {
      guard let row = rows.first(where: { $0.hasPrefix("all,\(hospital),") }),
        let column = header.firstIndex(of: name)
      else { return nil }
      return row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)[column]
    }
    #expect(field("H1", "payment") == "11000.00")
    #expect(field("H1", "band") == "surplus")
    #expect(field("H1", "budget") == "12000.00")
    #expect(field("H2", "payment") == "12000.00")
    #expect(field("H2", "band") == "surplus_capped")
    #expect(field("H3", "payment") == "9750.00")
    #expect(field("H3", "band") == "overspend_shared")
    #expect(field("H4", "payment") == "8400.00")
    #expect(field("H4", "band") == "overspend_beyond")
    #expect(field("H4", "entitlement") == "10000.00")
    let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
    #expect(pools.contains(",10.000000,,41150.00,hospital_budgets,"), "\(pools)")
  }

  /// H1 alone: 1 case of 900 → 100 points, actual 900. Alliance East: H2 1 case of 1 000
  /// (100 points) and H3 2 cases of 1 100 and 1 200 (200 points): 300 points, actual 3 300.
  /// Budget 4 100, no reserve. At PV 10: H1 N = 1 000, A = 900, α × 100 = 50 ≤ 100 → 950;
  /// East N = 3 000, A = 3 300 = 1.1 N → 3 000 + 0.5 × 300 = 3 150; F(10) = 4 100 =
  /// budget, so PV = 10. East's 3 150.00 is split by points 100 : 200 → H2 1 050.00,
  /// H3 2 100.00, both in East's band overspend_shared (alone, H2 would be at A = N and H3
  /// beyond the band: 2 300 > 1.1 × 2 000).
  @Test func anAllianceIsPaidAsOneAndSplitByPoints() throws {
    let dir = try TemporaryDirectory()
    let grouped = Self.grouped([("H1", 1, [900]), ("H2", 1, [1000]), ("H3", 2, [1100, 1200])])
    let policy = """
      {"budget": 4100, \(Self.base), "alliances": {"members": {"East": ["H2", "H3"]}}}
      """
    let (run, out) = try settle(dir, grouped: grouped, policy: policy)
    #expect(run.status == 0, "\(run.error)")
    let alliances = try String(contentsOfFile: out + "/alliances.csv", encoding: .utf8)
    #expect(
      alliances == """
        pool,alliance,hospital_id,points,share,entitlement,actual_cost,budget,payment,balance,band
        all,East,*,300.00,1.000000,3000.00,3300.00,,3150.00,-150.00,overspend_shared
        all,East,H2,100.00,0.333333,1000.00,1000.00,,1050.00,50.00,overspend_shared
        all,East,H3,200.00,0.666667,2000.00,2300.00,,2100.00,-200.00,overspend_shared

        """)
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(hospitals.contains(",950.00,"), "\(hospitals)")
    #expect(hospitals.contains(",overspend_shared,") && hospitals.contains(",East,\n"))
    let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
    #expect(pools.contains(",10.000000,10.000000,4100.00,none,"), "\(pools)")
  }

  /// The hospitals file gives the alliances (region column) and the budgets (budget
  /// column). Fixed point value 10. H1: 10 cases, claim 10 000, budget 12 000 → surplus
  /// 2 000, α × 2 000 = 1 000 ≤ 1 200 → 11 000.00. East: H2 5 cases (claim 5 000), H3 4
  /// cases (4 000) → claim 9 000 against the members' budgets 5 000 + 4 500 = 9 500:
  /// surplus 500, α × 500 = 250 ≤ 950 → 9 250.00, band surplus. Split by points
  /// 500 : 400: 925 000 fen × 5/9 = 513 888.89 and × 4/9 = 411 111.11 → 513 888 + 411 111
  /// = 924 999, the fen left to the larger fraction (H2) → H2 5 138.89, H3 4 111.11.
  @Test func alliancesAndBudgetsFromTheHospitalsFile() throws {
    let dir = try TemporaryDirectory()
    let grouped = Self.grouped([("H1", 10, [1000]), ("H2", 5, [1000]), ("H3", 4, [1000])])
    let policy = """
      {"budget": 20000, \(Self.base), "hospitalBudgets": {"pointValue": 10},
       "alliances": {"fromHospitalsFile": true}}
      """
    let table = try dir.write(
      "hospital_id,name,level,region,budget\nH1,一院,A,,12000\nH2,二院,B,East,5000\nH3,三院,B,East,4500\n",
      name: "hospitals.csv")
    let report = dir.path + "/report.html"
    let (run, out) = try settle(
      dir, grouped: grouped, policy: policy, extra: ["--hospitals", table, "--html", report])
    #expect(run.status == 0, "\(run.error)")
    let html = try String(contentsOfFile: report, encoding: .utf8)
    #expect(html.contains("医共体结算 · Alliances paid as one") && html.contains("二级预算 · "))
    let alliances = try String(contentsOfFile: out + "/alliances.csv", encoding: .utf8)
    #expect(
      alliances.contains(
        "all,East,*,900.00,1.000000,9000.00,9000.00,9500.00,9250.00,250.00,surplus\n"),
      "\(alliances)")
    #expect(
      alliances.contains("all,East,H2,500.00,0.555556,5000.00,5000.00,,5138.89,138.89,surplus\n"))
    #expect(
      alliances.contains("all,East,H3,400.00,0.444444,4000.00,4000.00,,4111.11,111.11,surplus\n"))
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(hospitals.contains(",11000.00,"), "\(hospitals)")
    #expect(run.error.contains("alliance East"), "\(run.error)")
  }

  @Test func aHospitalWithoutABudgetStopsTheRun() throws {
    let dir = try TemporaryDirectory()
    let grouped = Self.grouped([("H1", 1, [1000]), ("H9", 1, [1000])])
    let policy = """
      {"budget": 2000, \(Self.base), "hospitalBudgets": {"budgets": {"H1": 1000}}}
      """
    let (run, _) = try settle(dir, grouped: grouped, policy: policy)
    #expect(run.status == 65)
    #expect(run.error.contains("1 hospital has none: H9"), "\(run.error)")
  }

  @Test func unsoundSectionsAreRefusedNamingTheField() {
    var policy = SettlementPolicy()
    policy.budget = 1
    policy.alliances.members = ["East": ["H1", "H2"], "West": ["H2"]]
    policy.alliances.budgets = ["North": -1]
    let problems = policy.problems().joined(separator: "\n")
    #expect(problems.contains("hospital H2 is also in alliance 'East'"), "\(problems)")
    #expect(problems.contains("alliances.budgets.North must be ≥ 0"))
    #expect(problems.contains("alliance budgets need hospitalBudgets"))
    #expect(problems.contains("no alliance of that name"))
    policy = SettlementPolicy()
    policy.pools = [
      .init(name: "a", budget: 1, insurance: ["x"]), .init(name: "b", budget: 1, insurance: []),
    ]
    policy.hospitalBudgets = .init()
    policy.hospitalBudgets?.budgets = ["H1": -5]
    let more = policy.problems().joined(separator: "\n")
    #expect(more.contains("hospitalBudgets.budgets.H1 must be ≥ 0"), "\(more)")
    #expect(more.contains("hospitalBudgets.pool: the policy has 2 pools"))
  }

  /// 100 fen in thirds: 33.33 each → 33 + 33 + 33, the fen left to the first of the equal
  /// fractions → 34, 33, 33. 1 000 fen by 1 : 2 : 3 → 166.67, 333.33, 500 → 166 + 333 +
  /// 500 = 999, the fen to the largest fraction (0.67) → 167, 333, 500.
  @Test func proportionalSplitInWholeFen() {
    #expect(ProportionalSplit.fen(100, weights: [1, 1, 1]) == [34, 33, 33])
    #expect(ProportionalSplit.fen(1_000, weights: [1, 2, 3]) == [167, 333, 500])
    #expect(ProportionalSplit.fen(7, weights: [0, 0]) == [4, 3])
  }
}
