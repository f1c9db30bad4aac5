import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// Issue 18 item 8 gaps: the deposit, the returned amount and the deductions in the report;
/// whatif.csv on the same basis as hospitals.csv; a point-value floor from a share of the
/// nominal value above an absolute cap (or the reverse) refused naming both fields.
@Suite("Settlement report gaps")
struct SettlementReportGapTests {
  /// The files of ``AssessmentAndDeductionTests``: PV 10; H1 payment 3 000.00, H2
  /// 3 416.70; scores H1 95, H2 75; deductions c4 (H2) 200.00, H1 50.50.
  static func files(_ dir: TemporaryDirectory) throws -> [String] {
    [
      try dir.write(SettleCommandTests.grouped, name: "grouped.csv"),
      "--weights", try dir.write(SettleCommandTests.weights, name: "weights.csv"),
      "--assessment", try dir.write("hospital_id,score\nH1,95\nH2,75\n", name: "scores.csv"),
      "--deductions",
      try dir.write(
        "case_id,hospital_id,amount,reason\nc4,,200,upcoding\n,H1,50.50,records late\n",
        name: "deductions.csv"),
    ]
  }

  /// Base: withhold 10 % (as in ``AssessmentAndDeductionTests``): final H1 2 949.50,
  /// H2 3 045.87. What-if: the same policy without a deposit (withholdShare 0): final
  /// H1 3 000.00 − 50.50 = 2 949.50 (change 0.00), H2 3 416.70 − 200.00 = 3 216.70
  /// (change 3 216.70 − 3 045.87 = +170.83). Points, point value and the payment before
  /// the adjustments do not change (341.67 points, PV 10, 3 416.70; balance
  /// 3 416.70 − 5 500 = −2 083.30).
  @Test func whatIfComparesFinalPaymentsAfterTheDepositAndDeductions() throws {
    let dir = try TemporaryDirectory()
    let base = try dir.write(AssessmentAndDeductionTests.policy, name: "p.json")
    let noDeposit = try dir.write(
      AssessmentAndDeductionTests.policy.replacingOccurrences(
        of: #""withholdShare": 0.1"#, with: #""withholdShare": 0"#),
      name: "q.json")
    let out = dir.path + "/out"
    let run = CommandRun(
      ["settle"] + (try Self.files(dir)) + [
        "--policy", base, "--what-if", noDeposit, "-o", out,
      ])
    #expect(run.status == 0, "\(run.error)")
    let rows = try String(contentsOfFile: out + "/whatif.csv", encoding: .utf8)
    #expect(
      rows.hasPrefix(
        "pool,hospital_id,points_base,points_whatif,points_change,point_value_base,point_value_whatif,payment_base,payment_whatif,payment_change,balance_base,balance_whatif,balance_change,final_payment_base,final_payment_whatif,final_payment_change\n"
      ), "\(rows)")
    #expect(rows.contains(",3000.00,3000.00,0.00,0.00,0.00,0.00,2949.50,2949.50,0.00\n"), "\(rows)")
    #expect(
      rows.contains(
        "all,H2,341.67,341.67,0.00,10.000000,10.000000,3416.70,3416.70,0.00,-2083.30,-2083.30,0.00,3045.87,3216.70,170.83\n"
      ), "\(rows)")
    #expect(run.error.contains("1 hospitals paid more, 0 less (final payment); most +170.83 H2"))
  }

  /// The report's tables show, per hospital, withheld, returned, deductions and final
  /// payment, whole yuan: H2 341.67 → 342, 170.84 → 171, 200, 3 045.87 → 3,046; and per
  /// pool the kept deposit 341.67 − 170.84 = 170.83 → 171, deductions 250.50 → 251 (to the
  /// reserve), final payout 5 995.37 → 5,995.
  @Test func reportShowsDepositReturnAndDeductions() throws {
    let dir = try TemporaryDirectory()
    let policy = try dir.write(AssessmentAndDeductionTests.policy, name: "p.json")
    let html = dir.path + "/report.html"
    let run = CommandRun(
      ["settle"] + (try Self.files(dir)) + [
        "--policy", policy, "-o", dir.path + "/out", "--html", html,
      ])
    #expect(run.status == 0, "\(run.error)")
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.contains("考核预留 withheld") && page.contains("考核返还 returned"))
    #expect(
      page.contains("<td>0</td><td>0</td><td>342</td><td>171</td><td>200</td><td>3,046</td>"),
      "\(page)")
    #expect(
      page.contains(
        "<td>171</td><td>251</td><td class=\"text\">reserve</td><td>5,995</td>"), "\(page)")
  }

  /// The category section of the report, on ``SettleCommandTests``'s cases with day surgery
  /// for DRG B (any stay) at 1 500 yuan outside the pool, no sharing, no reserve, budget
  /// 4 416.70: c2 (H1, B, cost 2 000) is day surgery, so the points are H1 100 (c1) and
  /// H2 341.67 (c3 100, c4 high 200, c5 ungroupable 41.67) = 441.67 and PV = 4 416.70 /
  /// 441.67 = 10. Per category, whole yuan (payment = points × 10, or the yuan price):
  /// normal c1 + c3: 2 cases, 200 points, 2 000 paid, cost 2 000, balance 0; high c4: 1,
  /// 200, 2 000, 4 000, −2 000; ungroupable c5: 1, 41.67 → 42, 416.70 → 417, 500, −83.30 →
  /// −83; day surgery c2: 1, 0, 1 500, 2 000, −500.
  @Test func reportShowsPaymentAndCostPerCaseCategory() throws {
    let dir = try TemporaryDirectory()
    let policy = try dir.write(
      """
      {"budget": 4416.70, "reserveShare": 0, "sharing": null, "readmission": {"enabled": false},
       "daySurgery": [{"name": "B", "drgs": ["B"], "maxDays": null, "yuan": 1500}]}
      """, name: "p.json")
    let html = dir.path + "/report.html"
    let run = CommandRun([
      "settle", try dir.write(SettleCommandTests.grouped, name: "grouped.csv"), "--weights",
      try dir.write(SettleCommandTests.weights, name: "weights.csv"), "--policy", policy, "-o",
      dir.path + "/out", "--html", html,
    ])
    #expect(run.status == 0, "\(run.error)")
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.contains("按付费类别 · Payment and cost per case category"))
    for row in [
      "<td>正常</td><td class=\"text\">normal</td><td>2</td><td>200</td><td>2,000</td><td>2,000</td><td>0</td>",
      "<td>高倍率</td><td class=\"text\">high</td><td>1</td><td>200</td><td>2,000</td><td>4,000</td><td>−2,000</td>",
      "<td>不能入组</td><td class=\"text\">ungroupable</td><td>1</td><td>42</td><td>417</td><td>500</td><td>−83</td>",
      "<td>日间手术</td><td class=\"text\">day_surgery</td><td>1</td><td>0</td><td>1,500</td><td>2,000</td><td>−500</td>",
    ] {
      #expect(page.contains(row), "\(row)")
    }
  }

  /// Nominal PV = 6 416.70 / 641.67 = 10. floorOfNominal 0.9 → floor 9 above cap 8: refused,
  /// naming both fields (before, the floor won silently and the cap was ignored). And
  /// capOfNominal 0.5 → cap 5 below floor 6: refused the same way.
  @Test(arguments: [
    (#""floorOfNominal": 0.9, "cap": 8"#, "pointValue.floorOfNominal", "pointValue.cap"),
    (#""floor": 6, "capOfNominal": 0.5"#, "pointValue.floor", "pointValue.capOfNominal"),
  ])
  func floorFromAShareAboveAnAbsoluteCapIsRefused(limits: String, floor: String, cap: String)
    throws
  {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(SettleCommandTests.grouped, name: "grouped.csv")
    let weights = try dir.write(SettleCommandTests.weights, name: "weights.csv")
    let policy = try dir.write(
      #"{"readmission": {"enabled": false}, "budget": 6416.70, "reserveShare": 0, "sharing": null, "pointValue": {"#
        + limits + "}}", name: "p.json")
    let run = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", dir.path + "/o",
    ])
    #expect(run.status == 65, "\(run.error)")
    #expect(
      run.error.contains("from \(floor)") && run.error.contains("from \(cap)"), "\(run.error)")
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/o/cases.csv"))
  }
}
