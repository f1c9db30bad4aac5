import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// The quality deposit returned by assessment score, and review deductions (issue 18,
/// item 4), applied after the point value.
@Suite("Assessment and deductions")
struct AssessmentAndDeductionTests {
  static let policy =
    #"{"budget": 6416.70, "reserveShare": 0, "sharing": null, "readmission": {"enabled": false}, "quality": {"withholdShare": 0.1, "fullReturnScore": 90, "zeroReturnScore": 60}, "deductions": {"destination": "reserve"}}"#

  /// The worked example of ``SettleCommandTests``: PV 10, payments H1 3 000.00,
  /// H2 3 416.70.
  /// Withheld 10 %: H1 300.00; H2 round(341 670 fen × 0.1) = 34 167 fen = 341.67.
  /// Scores: H1 95 ≥ 90 → all returned, 300.00; H2 75 → (75 − 60) / (90 − 60) = 0.5 →
  /// round(34 167 × 0.5 = 17 083.5) = 17 084 fen = 170.84 (half away from zero).
  /// Deductions: case c4 (H2) 200.00; hospital H1 50.50.
  /// Final: H1 3 000 − 300 + 300 − 50.50 = 2 949.50; H2 3 416.70 − 341.67 + 170.84 − 200
  /// = 3 045.87. Pool: kept deposit 341.67 − 170.84 = 170.83, deductions 250.50 (to the
  /// reserve), final payout 5 995.37 (= 6 416.70 − 170.83 − 250.50), no self-pay.
  /// The point value stays 10.
  @Test func depositReturnedByScoreAndDeductionsAfterThePointValue() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(SettleCommandTests.grouped, name: "grouped.csv")
    let weights = try dir.write(SettleCommandTests.weights, name: "weights.csv")
    let policy = try dir.write(Self.policy, name: "p.json")
    let scores = try dir.write("hospital_id,score\nH1,95\nH2,75\n", name: "scores.csv")
    let deductions = try dir.write(
      "case_id,hospital_id,amount,reason\nc4,,200,upcoding\n,H1,50.50,records late\n",
      name: "deductions.csv")
    let out = dir.path + "/out"
    let run = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", out, "--assessment",
      scores, "--deductions", deductions,
    ])
    #expect(run.status == 0, "\(run.error)")
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(hospitals.contains(",none,300.00,300.00,50.50,2949.50,0.00,2949.50\n"), "\(hospitals)")
    #expect(hospitals.contains(",none,341.67,170.84,200.00,3045.87,0.00,3045.87\n"), "\(hospitals)")
    let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
    #expect(
      pools.contains(
        ",10.000000,10.000000,6416.70,none,170.83,250.50,reserve,5995.37,0.00,5995.37\n"),
      "\(pools)")
  }

  @Test func aDepositWithoutScoresStopsTheRun() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(SettleCommandTests.grouped, name: "grouped.csv")
    let weights = try dir.write(SettleCommandTests.weights, name: "weights.csv")
    let policy = try dir.write(Self.policy, name: "p.json")
    let none = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", dir.path + "/o",
    ])
    #expect(none.status == 65)
    #expect(none.error.contains("give the assessment scores with --assessment"), "\(none.error)")
    let partial = try dir.write("hospital_id,score\nH1,95\n", name: "scores.csv")
    let missing = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", dir.path + "/o",
      "--assessment", partial,
    ])
    #expect(missing.status == 65)
    #expect(missing.error.contains("no score for hospital H2"), "\(missing.error)")
    let badCase = try dir.write("case_id,amount\nc9,10\n", name: "d.csv")
    let unknown = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", dir.path + "/o",
      "--assessment", try dir.write("hospital_id,score\nH1,95\nH2,80\n", name: "s2.csv"),
      "--deductions", badCase,
    ])
    #expect(unknown.status == 65)
    #expect(
      unknown.error.contains("line 2: case c9 is not in the grouped file"), "\(unknown.error)")
  }

  /// Returned share: clamp((s − zero) / (full − zero), 0, 1): 60 → 0, 75 → 0.5, 90 → 1,
  /// 100 → 1, 30 → 0.
  @Test func returnedShareByScore() {
    var quality = SettlementPolicy.Quality()
    quality.fullReturnScore = 90
    quality.zeroReturnScore = 60
    #expect([60, 75, 90, 100, 30].map { quality.returnedShare(score: $0) } == [0, 0.5, 1, 1, 0])
  }
}
