import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// `procedureMatch` of day surgery and the new-technology exemption: `main` (default) looks
/// at the main procedure only, `any` at every code of the `procedures` column (issue 18).
/// Common ground as in ``YuanPricedCaseTests``: DRG A BP 100, mean 10 000; reference point
/// value 100 yuan; H1 level 3.
@Suite("Day surgery and new technology matched on any procedure")
struct ProcedureMatchTests {
  /// cataract day surgery (13.4…, at most 1 day, 3 000 yuan at level 3) and TAVI (35.05…,
  /// 90 % of cost), each matched on any procedure or on the main one only.
  static func pricing(_ match: SettlementPolicy.ProcedureMatch) throws -> CasePricing {
    var policy = YuanPricedCaseTests.policy()
    policy.daySurgery = [
      .init(
        name: "cataract", procedures: ["13.4"], maxDays: 1,
        price: .init(yuan: 2_500, byLevel: ["3": 3_000]), procedureMatch: match)
    ]
    policy.newTechnology = [
      .init(name: "TAVI", procedures: ["35.05"], costShare: 0.9, procedureMatch: match)
    ]
    return try Example.pricing(policy)
  }

  /// A case whose `procedures` field (kept whole, as the reader keeps it when the policy
  /// matches any procedure) is `codes`.
  static func item(_ id: String, cost: Double, los: Int, codes: String) -> SettlementCase {
    YuanPricedCaseTests.item(id, "H1", cost: cost, los: los, procedure: codes)
  }

  @Test func anyProcedureFindsASecondaryCode() throws {
    let any = try Self.pricing(.any)
    // 13.41 is the second procedure: any → day surgery at H1 (level 3) = 3 000.00 yuan.
    let cataract = any.price(Self.item("1", cost: 4_000, los: 1, codes: "88.0101|13.4100"))
    #expect(cataract.category == .daySurgery && cataract.fen == 300_000)
    // 35.05 third, with blanks around it: any → new technology, 200 000 × 0.9 = 180 000.00
    // yuan, the reason naming the code that matched.
    let tavi = any.price(Self.item("2", cost: 200_000, los: 8, codes: "88.72| 35.0500 |39.61"))
    #expect(tavi.category == .newTechnology && tavi.fen == 18_000_000)
    #expect(tavi.reason.contains("(35.0500)"), "\(tavi.reason)")
    // New technology is tried before day surgery: both codes present → new technology,
    // 4 000 × 0.9 = 3 600.00.
    let both = any.price(Self.item("3", cost: 4_000, los: 1, codes: "13.4100|35.0500"))
    #expect(both.category == .newTechnology && both.fen == 360_000)
    // No listed code anywhere → A, 4 000 / 10 000 = 0.4 ≥ 0.3 → normal, 100 points.
    let none = any.price(Self.item("4", cost: 4_000, los: 1, codes: "88.0101|99.0400"))
    #expect(none.category == .normal && none.points == 100)
  }

  @Test func mainProcedureOnlyByDefault() throws {
    let main = try Self.pricing(.main)
    // The same secondary 13.41: main → not day surgery → normal 100 points.
    let cataract = main.price(Self.item("1", cost: 4_000, los: 1, codes: "88.0101|13.4100"))
    #expect(cataract.category == .normal && cataract.points == 100)
    // 35.05 not first → not new technology; 200 000 / 10 000 = 20 > 3 → high outlier.
    let tavi = main.price(Self.item("2", cost: 200_000, los: 8, codes: "88.72|35.0500"))
    #expect(tavi.category == .high)
    // Main 13.41 → day surgery 3 000.00, whatever follows.
    let first = main.price(Self.item("3", cost: 4_000, los: 1, codes: "13.4100|88.0101"))
    #expect(first.category == .daySurgery && first.fen == 300_000)
  }

  /// End to end through `drg settle`, the reader keeping the whole column. Weights: A RW 1
  /// mean 1 000, B RW 2 mean 2 000 (mean of all 1 200). c1 (88.01|13.41, 1 day) and c2
  /// (13.41) are day surgery, 800.00 yuan each outside the pool; c4 (B, 99.1|35.05, cost
  /// 2 000) is new technology, 2 000 × 0.5 = 1 000.00 yuan outside the pool; c3 (A, cost
  /// 1 000) is the only point case, 100 points; budget 1 000, no reserve, no bands → PV 10,
  /// c3 paid 1 000.00. With "main", c1 would be A normal (100 points) and c4 B normal
  /// (200 points): points 400, PV 2.5.
  @Test func settleKeepsEveryProcedureWhenAPolicyAsks() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(
      """
      case_id,hospital_id,total_cost,los,leaving,status,drg,procedures
      c1,H1,1000,1,1,grouped,A,88.01|13.41
      c2,H1,1000,1,1,grouped,A,13.41
      c3,H2,1000,1,1,grouped,A,88.01
      c4,H2,2000,5,1,grouped,B,99.1|35.05

      """, name: "grouped.csv")
    let weights = try dir.write(SettleCommandTests.weights, name: "weights.csv")
    func settle(_ match: String) throws -> (CommandRun, String) {
      let policy = try dir.write(
        """
        {"budget": 1000, "reserveShare": 0, "sharing": null, "readmission": {"enabled": false},
         "daySurgery": [{"name": "cataract", "procedures": ["13.4"], "yuan": 800,
                         "procedureMatch": "\(match)"}],
         "newTechnology": [{"name": "TAVI", "procedures": ["35.05"], "costShare": 0.5,
                            "procedureMatch": "\(match)"}]}
        """, name: "\(match).json")
      let out = dir.path + "/" + match
      let run = CommandRun([
        "settle", grouped, "--weights", weights, "--policy", policy, "-o", out, "-q",
      ])
      return (run, try String(contentsOfFile: out + "/cases.csv", encoding: .utf8))
    }
    let (anyRun, anyCases) = try settle("any")
    #expect(anyRun.status == 0, "\(anyRun.error)")
    #expect(anyCases.contains("c1,H1,all,A,day_surgery,,800.00,"), "\(anyCases)")
    #expect(anyCases.contains("c2,H1,all,A,day_surgery,,800.00,"), "\(anyCases)")
    #expect(anyCases.contains("c3,H2,all,A,normal,100.00,1000.00,"), "\(anyCases)")
    #expect(anyCases.contains("c4,H2,all,B,new_technology,,1000.00,"), "\(anyCases)")
    let (mainRun, mainCases) = try settle("main")
    #expect(mainRun.status == 0, "\(mainRun.error)")
    #expect(mainCases.contains("c1,H1,all,A,normal,100.00,250.00,"), "\(mainCases)")
    #expect(mainCases.contains("c4,H2,all,B,normal,200.00,500.00,"), "\(mainCases)")
  }

  /// An unknown value, and "any" with nothing to look for, are refused naming the field.
  @Test func unsoundProcedureMatchIsRefused() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(SettleCommandTests.grouped, name: "grouped.csv")
    let weights = try dir.write(SettleCommandTests.weights, name: "weights.csv")
    let cases: [(String, String)] = [
      (
        #""newTechnology": [{"name": "T", "procedures": ["35.05"], "procedureMatch": "all"}]"#,
        "unknown procedureMatch 'all'; use main or any"
      ),
      (
        #""daySurgery": [{"name": "D", "drgs": ["A"], "points": 5, "procedureMatch": "any"}]"#,
        #"daySurgery[0] 'D'.procedureMatch "any" needs procedures"#
      ),
    ]
    for (section, message) in cases {
      let policy = try dir.write(
        #"{"budget": 1000, "readmission": {"enabled": false}, \#(section)}"#, name: "p.json")
      let run = CommandRun([
        "settle", grouped, "--weights", weights, "--policy", policy, "-o", dir.path + "/out",
      ])
      #expect(run.status == 65, "\(section): \(run.error)")
      #expect(run.error.contains(message), "\(run.error)")
    }
  }
}
