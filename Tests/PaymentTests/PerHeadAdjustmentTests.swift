import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// The quality deposit and review deductions on per-head money (issue 18, items 2 and 4):
/// `quality.coversPerHead`, deductions with pool `per_head`, and hospital-level deductions
/// split over the DRG and per-head money. Expected values worked by hand.
@Suite("Per-head deposit and deductions")
struct PerHeadAdjustmentTests {
  /// The enrolment, outpatient costs and grouped case of ``PerHeadPaymentTests``; budget
  /// 1 000, no per-head budget. Deposit 10 %, returned in full from score 90, nothing at 60.
  static let policy = """
    {"budget": 1000, "reserveShare": 0, "readmission": {"enabled": false},
     "quality": {"withholdShare": 0.1, "fullReturnScore": 90, "zeroReturnScore": 60,
                 "coversPerHead": true},
     "deductions": {"destination": "reserve"},
     "alliances": {"members": {"East": ["H2", "H3"]}},
     "perHead": {"categories": [{"name": "general", "ratePerPerson": 100},
                                {"name": "chronic", "ratePerPerson": 300}]}}
    """

  static let scores = "hospital_id,score\nH1,90\nH2,75\nH3,60\nH4,100\nH5,70\n"

  static let deductions = """
    case_id,hospital_id,pool,amount,reason
    ,H4,per_head,120,outpatient records
    ,H1,,330,hospital-level finding
    ,H3,,50,hospital-level finding
    c1,,,10,upcoding

    """

  func settle(
    _ dir: TemporaryDirectory, policy: String = Self.policy, scores: String = Self.scores,
    deductions: String = Self.deductions
  ) throws -> (CommandRun, String) {
    var files = PerHeadPaymentTests.files(policy: policy)
    files.inputs += [
      .init("--assessment", "scores.csv", scores),
      .init("--deductions", "deductions.csv", deductions),
    ]
    return try files.run(in: dir, extra: ["--html", dir.path + "/report.html"])
  }

  /// Per-head payments after the bands (worked in ``PerHeadPaymentTests``): H1 12 500.00,
  /// East 9 975.00 split H2 5 250.00 and H3 4 725.00, H4 6 000.00, H5 10 200.00. The DRG
  /// pool pays H1 its one case: 100 points, budget 1 000 → PV 10, N = A = 1 000.00.
  ///
  /// Deposit 10 %, returned share = clamp((score − 60) / 30, 0, 1):
  /// - DRG H1: withheld 100.00, score 90 → returned 100.00;
  /// - per head H1 1 250.00 → 1 250.00; H2 525.00, score 75 → 0.5 → 262.50; H3 472.50,
  ///   score 60 → 0; H4 600.00, score 100 → 600.00; H5 1 020.00, score 70 → 1/3 → 340.00.
  ///
  /// Deductions:
  /// - H4 pool per_head 120.00 → per head;
  /// - H1 without a pool 330.00 → its total: DRG 1 000 − 100 + 100 = 1 000.00 and per head
  ///   12 500 − 1 250 + 1 250 = 12 500.00; 33 000 fen × 1 000 / 13 500 = 2 444.44 and
  ///   × 12 500 / 13 500 = 30 555.56 → floors 2 444 + 30 555 = 32 999, the fen left to the
  ///   larger fraction (.56, per head) → DRG 24.44, per head 305.56;
  /// - H3 without a pool 50.00 → per head only (no DRG case);
  /// - case c1 10.00 → DRG H1; DRG H1 deductions 24.44 + 10 = 34.44.
  ///
  /// Final per head (prepaid as in ``PerHeadPaymentTests``):
  /// - H1 12 500 − 1 250 + 1 250 − 305.56 = 12 194.44, true-up − 11 049.96 = 1 144.48;
  /// - H2 5 250 − 525 + 262.50 = 4 987.50, − 4 250.04 = 737.46;
  /// - H3 4 725 − 472.50 − 50 = 4 202.50, − 3 825.00 = 377.50;
  /// - East: withheld 997.50, returned 262.50, deductions 50.00, final 9 190.00, − 8 075.04
  ///   = 1 114.96;
  /// - H4 6 000 − 600 + 600 − 120 = 5 880.00, − 8 499.96 = −2 619.96;
  /// - H5 10 200 − 1 020 + 340 = 9 520.00, − 8 499.96 = 1 020.04.
  /// Per head: withheld 3 867.50, returned 2 452.50, kept 1 415.00; deductions 475.56;
  /// final payout 38 675 − 1 415 − 475.56 = 36 784.44.
  /// DRG H1: final 1 000 − 100 + 100 − 34.44 = 965.56.
  @Test func theDepositAndDeductionsApplyToPerHeadMoney() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try settle(dir)
    #expect(run.status == 0, "\(run.error)")
    let table = try String(contentsOfFile: out + "/perhead.csv", encoding: .utf8)
    #expect(
      table == """
        unit,hospital_id,persons,capitation,entitlement,visits,cost,payment,balance,band,withheld,returned,deductions,final_payment,prepaid,true_up
        East,*,85,9500.00,9500.00,420,10500.00,9975.00,-525.00,overspend_beyond,997.50,262.50,50.00,9190.00,8075.04,1114.96
        East,H2,50,5000.00,,300,6000.00,5250.00,-750.00,overspend_beyond,525.00,262.50,0.00,4987.50,4250.04,737.46
        East,H3,35,4500.00,,120,4500.00,4725.00,225.00,overspend_beyond,472.50,0.00,50.00,4202.50,3825.00,377.50
        H1,H1,110,13000.00,13000.00,540,12000.00,12500.00,500.00,surplus,1250.00,1250.00,305.56,12194.44,11049.96,1144.48
        H4,H4,100,10000.00,10000.00,200,5000.00,6000.00,1000.00,surplus_capped,600.00,600.00,120.00,5880.00,8499.96,-2619.96
        H5,H5,100,10000.00,10000.00,420,10400.00,10200.00,-200.00,overspend_shared,1020.00,340.00,0.00,9520.00,8499.96,1020.04

        """)
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(hospitals.contains(",100.00,100.00,34.44,965.56,0.00,965.56\n"), "\(hospitals)")
    #expect(
      run.error.contains(
        "per head after the bands: deposit withheld 3867.50, kept 1415.00; deductions 475.56 (to the reserve); final payout 36784.44"
      ), "\(run.error)")
    let html = try String(contentsOfFile: dir.path + "/report.html", encoding: .utf8)
    let section = html.components(separatedBy: "按人头付费 · Per-head payment").last ?? ""
    // East's row: … withheld 998, returned 263, deductions 50, final 9 190 (whole yuan).
    #expect(section.contains("<td>998</td><td>263</td><td>50</td><td>9,190</td>"), "\(section)")
  }

  /// Without `coversPerHead` the deposit stays on DRG money (per head: 0 withheld), and a
  /// hospital-level deduction still reaches per-head money.
  @Test func withoutCoversPerHeadOnlyDeductionsReachPerHeadMoney() throws {
    let dir = try TemporaryDirectory()
    let policy = Self.policy.replacingOccurrences(
      of: "\"coversPerHead\": true", with: "\"coversPerHead\": false")
    let (run, out) = try settle(dir, policy: policy, scores: "hospital_id,score\nH1,90\n")
    #expect(run.status == 0, "\(run.error)")
    let table = try String(contentsOfFile: out + "/perhead.csv", encoding: .utf8)
    // H1 per head: 12 500 − 305.56 = 12 194.44 (the split of 330 as above, the deposit
    // being returned in full on the DRG side); H5 untouched.
    #expect(table.contains(",surplus,0.00,0.00,305.56,12194.44,"), "\(table)")
    #expect(table.contains(",overspend_shared,0.00,0.00,0.00,10200.00,"), "\(table)")
  }

  @Test func aDepositOnPerHeadMoneyNeedsEveryPayeesScore() throws {
    let dir = try TemporaryDirectory()
    let (run, _) = try settle(dir, scores: "hospital_id,score\nH1,90\nH2,75\nH3,60\nH4,100\n")
    #expect(run.status == 65)
    #expect(run.error.contains("no score for hospital H5"), "\(run.error)")
  }

  @Test func deductionsThatCannotBeAppliedToPerHeadMoneyStopTheRun() throws {
    let dir = try TemporaryDirectory()
    let onCase = try settle(dir, deductions: "case_id,pool,amount\nc1,per_head,5\n")
    #expect(onCase.0.status == 65)
    #expect(
      onCase.0.error.contains("case c1 is paid from DRG pool all, not per head"),
      "\(onCase.0.error)")
    let alliance = try settle(dir, deductions: "hospital_id,pool,amount\nEast,per_head,5\n")
    #expect(alliance.0.status == 65)
    #expect(
      alliance.0.error.contains("line 2: hospital East is paid nothing per head"),
      "\(alliance.0.error)")
    let nowhere = try settle(dir, deductions: "hospital_id,amount\nH9,5\n")
    #expect(nowhere.0.status == 65)
    #expect(
      nowhere.0.error.contains("hospital H9 has no paid case and no per-head payment"),
      "\(nowhere.0.error)")
  }

  @Test func thePolicyIsCheckedNamingTheField() {
    var policy = SettlementPolicy()
    policy.budget = 1
    policy.quality.coversPerHead = true
    #expect(
      policy.problems().contains(
        "quality.coversPerHead is true but the policy has no perHead section"))
    var section = SettlementPolicy.PerHead()
    section.categories = [.init(name: "general", ratePerPerson: 1)]
    policy.perHead = section
    policy.pools = [.init(name: "per_head", budget: 1, insurance: [])]
    let problems = policy.problems().joined(separator: "\n")
    #expect(problems.contains("pools[0] 'per_head': the name is kept for the per-head money"))
    #expect(!problems.contains("coversPerHead"))
  }
}
