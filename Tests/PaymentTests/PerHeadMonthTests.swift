import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// The per-head prepayment month by month (issue 18, item 2): `perhead_months.csv` and the
/// per-head rows of `trueup.csv`, reconciling with `perhead.csv`. Expected values worked by
/// hand.
@Suite("Per-head months")
struct PerHeadMonthTests {
  func settle(_ dir: TemporaryDirectory, grouped: String, extra: [String] = []) throws
    -> (CommandRun, String)
  {
    var files = PerHeadPaymentTests.files(policy: PerHeadPaymentTests.policy(budget: ""))
    files.grouped = grouped
    return try files.run(in: dir, extra: ["--period", "month"] + extra)
  }

  /// Capitation and payments of ``PerHeadPaymentTests`` (no budget: k⁰ = 1, ratio 0.85).
  /// Monthly prepayment round(N⁰ fen / 12 × 0.85): H1 1 300 000 → 92 083.33 → 920.83;
  /// East 950 000 → 67 291.67 → 672.92, split 5 000 : 4 500 → H2 354.17, H3 318.75 (see
  /// there); H4 and H5 1 000 000 → 70 833.33 → 708.33. Month total 920.83 + 672.92 +
  /// 708.33 × 2 = 3 010.41; × 12 = 36 124.92 = Σ prepaid of perhead.csv (11 049.96 +
  /// 8 075.04 + 8 499.96 × 2).
  /// trueup.csv, pool per_head, per hospital paid: final − 12 months: H2 5 250 − 4 250.04
  /// = 999.96; H3 4 725 − 3 825.00 = 900.00; H1 12 500 − 11 049.96 = 1 450.04; H4 6 000 −
  /// 8 499.96 = −2 499.96; H5 10 200 − 8 499.96 = 1 700.04.
  @Test func monthlyPrepaymentsReconcileWithTheTrueUp() throws {
    let dir = try TemporaryDirectory()
    let grouped =
      "case_id,hospital_id,total_cost,los,leaving,status,drg,discharge_date\nc1,H1,1000,3,1,grouped,A,2024-03-05\n"
    let (run, out) = try settle(dir, grouped: grouped, extra: ["--year", "2024"])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.contains("perhead_months.csv"), "\(run.error)")
    let months = try String(contentsOfFile: out + "/perhead_months.csv", encoding: .utf8)
    let lines = months.split(separator: "\n").map(String.init)
    #expect(lines.count == 1 + 12 * 7)
    #expect(
      lines.prefix(8) == [
        "month,unit,hospital_id,prepayment", "2024-01,*,*,3010.41", "2024-01,East,*,672.92",
        "2024-01,East,H2,354.17", "2024-01,East,H3,318.75", "2024-01,H1,H1,920.83",
        "2024-01,H4,H4,708.33", "2024-01,H5,H5,708.33",
      ], "\(months)")
    #expect(lines.last == "2024-12,H5,H5,708.33")
    let trueUp = try String(contentsOfFile: out + "/trueup.csv", encoding: .utf8)
    #expect(
      trueUp.hasSuffix(
        """
        per_head,H2,5250.00,4250.04,999.96
        per_head,H3,4725.00,3825.00,900.00
        per_head,H1,12500.00,11049.96,1450.04
        per_head,H4,6000.00,8499.96,-2499.96
        per_head,H5,10200.00,8499.96,1700.04

        """), "\(trueUp)")
  }

  /// Cases of two calendar years and no settlement year: the yearly capitation belongs to
  /// no one year, so the months are not written, and the run says so.
  @Test func withoutOneYearTheMonthsAreNotWrittenAndTheRunSaysSo() throws {
    let dir = try TemporaryDirectory()
    let grouped = """
      case_id,hospital_id,total_cost,los,leaving,status,drg,discharge_date
      c1,H1,1000,3,1,grouped,A,2023-12-30
      c2,H1,1000,3,1,grouped,A,2024-01-02

      """
    let (run, out) = try settle(dir, grouped: grouped)
    #expect(run.status == 0, "\(run.error)")
    #expect(
      run.error.contains("WARNING: perhead_months.csv not written"), "\(run.error)")
    #expect(!FileManager.default.fileExists(atPath: out + "/perhead_months.csv"))
  }
}
