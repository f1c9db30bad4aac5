import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// hospitals.csv with hospital budgets (二级预算): `band` compares the budget with the claim
/// (points × point value), `surplus`/`overspend` compare the claim with the actual cost; the
/// `claim` and `budget_*` columns name the budget comparison (issue 18).
@Suite("Budget columns of hospitals.csv")
struct BudgetColumnTests {
  /// The fields of `hospital`'s row in `hospitals.csv` by column name.
  static func row(_ table: String, _ hospital: String) -> [String: String] {
    let lines = table.split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard let line = lines.first(where: { $0.hasPrefix("all,\(hospital),") }) else { return [:] }
    let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return Dictionary(zip(header, fields).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
  }

  /// As ``HospitalBudgetAndAllianceTests/eachHospitalIsSettledAgainstItsOwnBudgetInEveryBand()``
  /// but H1's cases cost 900 (actual 9 000): PV 10, each claim 1 000 points × 10 = 10 000.
  /// - H1, budget 12 000: claim under it by 2 000 (budget_surplus), paid 11 000 →
  ///   budget_retained_surplus 11 000 − 10 000 = 1 000; against its cost the claim is
  ///   1 000 over (surplus 1 000, overspend 0).
  /// - H2, budget 20 000: budget_surplus 10 000, paid 12 000 → retained 2 000.
  /// - H3, budget 9 500: budget_overspend 500, paid 9 750 → the fund bears 9 750 − 9 500 =
  ///   250 (budget_fund_overspend_share).
  /// - H4, budget 8 000: budget_overspend 2 000, paid 8 400 → fund share 400.
  /// H2–H4 cost 10 000 = their claims: surplus and overspend 0.
  @Test func budgetColumnsCompareTheClaimWithTheBudget() throws {
    let dir = try TemporaryDirectory()
    let grouped = HospitalBudgetAndAllianceTests.grouped([
      ("H1", 10, [900]), ("H2", 10, [900, 1100]), ("H3", 10, [1000]), ("H4", 10, [1000]),
    ])
    let policy = """
      {"budget": 40000, \(HospitalBudgetAndAllianceTests.base),
       "hospitalBudgets": {"budgets": {"H1": 12000, "H2": 20000, "H3": 9500, "H4": 8000}}}
      """
    let (run, out) = try HospitalBudgetAndAllianceTests().settle(
      dir, grouped: grouped, policy: policy)
    #expect(run.status == 0, "\(run.error)")
    let table = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(
      table.hasPrefix("pool,")
        && table.split(separator: "\n")[0].hasSuffix(
          ",alliance,budget,claim,budget_surplus,budget_overspend,budget_retained_surplus,budget_fund_overspend_share"
        ), "\(table)")
    let expected: [(String, [String: String])] = [
      (
        "H1",
        [
          "claim": "10000.00", "budget_surplus": "2000.00", "budget_overspend": "0.00",
          "budget_retained_surplus": "1000.00", "budget_fund_overspend_share": "0.00",
          "surplus": "1000.00", "overspend": "0.00", "band": "surplus", "payment": "11000.00",
        ]
      ),
      (
        "H2",
        [
          "budget_surplus": "10000.00", "budget_retained_surplus": "2000.00",
          "surplus": "0.00", "band": "surplus_capped",
        ]
      ),
      (
        "H3",
        [
          "budget_overspend": "500.00", "budget_fund_overspend_share": "250.00",
          "budget_retained_surplus": "0.00", "overspend": "0.00", "band": "overspend_shared",
        ]
      ),
      (
        "H4",
        [
          "claim": "10000.00", "budget_surplus": "0.00", "budget_overspend": "2000.00",
          "budget_fund_overspend_share": "400.00", "band": "overspend_beyond",
        ]
      ),
    ]
    for (hospital, fields) in expected {
      let row = Self.row(table, hospital)
      for (name, value) in fields {
        #expect(row[name] == value, "\(hospital) \(name): \(row[name] ?? "none")")
      }
    }
  }

  /// Alliance East (H2, H3) is settled against one budget (alliances.csv shows it): its
  /// members have no budget of their own, so their budget columns are empty. H1 alone:
  /// claim 10 000 against 12 000 → budget_surplus 2 000, paid 11 000, retained 1 000.
  @Test func allianceMembersLeaveTheBudgetColumnsEmpty() throws {
    let dir = try TemporaryDirectory()
    let grouped = HospitalBudgetAndAllianceTests.grouped([
      ("H1", 10, [1000]), ("H2", 5, [1000]), ("H3", 4, [1000]),
    ])
    let policy = """
      {"budget": 20000, \(HospitalBudgetAndAllianceTests.base), "hospitalBudgets": {"pointValue": 10},
       "alliances": {"fromHospitalsFile": true}}
      """
    let hospitals = try dir.write(
      "hospital_id,name,level,region,budget\nH1,一院,A,,12000\nH2,二院,B,East,5000\nH3,三院,B,East,4500\n",
      name: "hospitals.csv")
    let (run, out) = try HospitalBudgetAndAllianceTests().settle(
      dir, grouped: grouped, policy: policy, extra: ["--hospitals", hospitals])
    #expect(run.status == 0, "\(run.error)")
    let table = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    let first = Self.row(table, "H1")
    #expect(first["budget_surplus"] == "2000.00" && first["budget_retained_surplus"] == "1000.00")
    for member in ["H2", "H3"] {
      let row = Self.row(table, member)
      #expect(row["alliance"] == "East")
      for name in ["claim", "budget_surplus", "budget_overspend", "budget_retained_surplus"] {
        #expect(row[name] == "", "\(member) \(name): \(row[name] ?? "none")")
      }
    }
  }

  /// Without hospital budgets the columns are not written.
  @Test func noBudgetColumnsWithoutHospitalBudgets() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try HospitalBudgetAndAllianceTests().settle(
      dir, grouped: HospitalBudgetAndAllianceTests.grouped([("H1", 2, [1000])]),
      policy: #"{"budget": 2000, \#(HospitalBudgetAndAllianceTests.base)}"#)
    #expect(run.status == 0, "\(run.error)")
    let table = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(!table.contains("budget_surplus"), "\(table)")
  }
}
