import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// What `drg settle` must never do silently: a negative final payment, a per-head budget no
/// factor can pay, a WARNING swallowed by `--quiet`, and an output directory mixing two
/// runs. Expected values worked by hand.
@Suite("drg settle warnings and stale outputs")
struct SettleWarningTests {
  static let policy =
    #"{"readmission": {"enabled": false}, "name": "worked", "budget": 6416.70, "reserveShare": 0, "sharing": null}"#

  /// The cases of ``SettleCommandTests/grouped``, discharged on 2024-03-05 (for monthly runs).
  static let grouped =
    SettleCommandTests.grouped.split(separator: "\n").enumerated().map {
      $0.offset == 0 ? $0.element + ",discharge_date" : $0.element + ",2024-03-05"
    }.joined(separator: "\n") + "\n"

  func settleWorkedExample(_ dir: TemporaryDirectory, extra: [String]) throws -> (
    CommandRun, String
  ) {
    try SettleFiles(
      grouped: Self.grouped, policy: Self.policy,
      weights: SettleCommandTests.weights
    ).run(in: dir, extra: extra)
  }

  /// The worked example of ``SettleCommandTests``: H1 paid 3 000.00, H2 3 416.70. A
  /// deduction of 3 500.50 from H1 leaves 3 000.00 − 3 500.50 = −500.50: 年度清算 =
  /// PV × points − 已预付 − 扣款 (payment-formulas.md §3.5) has no floor, so it stays
  /// negative (owed back), and a WARNING names H1; also with --quiet, and H2 (3 416.70) is
  /// not named. The pool's final payout is 6 416.70 − 3 500.50 = 2 916.20.
  @Test func aNegativeFinalPaymentIsKeptAndNamed() throws {
    let dir = try TemporaryDirectory()
    let deductions = try dir.write(
      "case_id,hospital_id,amount,reason\n,H1,3500.50,fraud\n", name: "deductions.csv")
    let (run, out) = try settleWorkedExample(dir, extra: ["--deductions", deductions])
    #expect(run.status == 0, "\(run.error)")
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(hospitals.contains(",3500.50,-500.50,0.00,-500.50"), "\(hospitals)")
    let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
    #expect(pools.contains(",3500.50,pool,2916.20,"), "\(pools)")
    let warning =
      "WARNING: 1 final payment is negative: deductions (and the deposit kept) exceed what the hospital is paid: H1 (pool all) -500.50;"
    #expect(run.error.contains("  " + warning), "\(run.error)")
    #expect(!run.error.contains("H2 (pool"), "\(run.error)")
    let (quiet, _) = try settleWorkedExample(dir, extra: ["--deductions", deductions, "-q"])
    #expect(quiet.status == 0)
    #expect(quiet.error.contains("drg settle: " + warning), "\(quiet.error)")
    #expect(!quiet.error.contains("point value"), "\(quiet.error)")
    // A what-if (+10 %: H1 paid 3 300.00, final −200.50) warns for both sides; the base
    // (−500.50) is named as the base's.
    let (whatIf, _) = try settleWorkedExample(
      dir, extra: ["--deductions", deductions, "--budget-change", "+10%"])
    #expect(whatIf.status == 0, "\(whatIf.error)")
    #expect(whatIf.error.contains("H1 (pool all) -200.50"), "\(whatIf.error)")
    #expect(
      whatIf.error.contains(
        "WARNING: base policy worked: 1 final payment is negative: deductions (and the deposit kept) exceed what the hospital is paid: H1 (pool all) -500.50"
      ), "\(whatIf.error)")
    // Without the deduction nothing is negative and nothing warns.
    let (plain, _) = try settleWorkedExample(dir, extra: [])
    #expect(!plain.error.contains("negative"), "\(plain.error)")
  }

  /// Per head, without a budget, H4 is paid 6 000.00 (``PerHeadPaymentTests``); a per_head
  /// deduction of 6 000.01 leaves −0.01, named with pool per_head.
  @Test func aNegativePerHeadFinalPaymentIsNamed() throws {
    let dir = try TemporaryDirectory()
    let deductions = try dir.write(
      "case_id,hospital_id,amount,reason,pool\n,H4,6000.01,audit,per_head\n", name: "d.csv")
    let (run, out) = try PerHeadPaymentTests.files(policy: PerHeadPaymentTests.policy(budget: ""))
      .run(in: dir, extra: ["--deductions", deductions])
    #expect(run.status == 0, "\(run.error)")
    let table = try String(contentsOfFile: out + "/perhead.csv", encoding: .utf8)
    #expect(table.contains("\nH4,H4,") && table.contains(",6000.01,-0.01,"), "\(table)")
    #expect(
      run.error.contains("WARNING: 1 final payment is negative")
        && run.error.contains(
          "H4 (pool per_head) -0.01"),
      "\(run.error)")
  }

  /// Per head with a budget of 100 000 and bands α 0, cap 0: a unit whose capitation × k
  /// covers its cost is paid exactly its cost, so the payout is at most Σ cost = 12 000 +
  /// 10 500 + 5 000 + 10 400 = 37 900 < 100 000; 100 000 − 37 900 = 62 100.00 stays
  /// unpaid, and a WARNING says so (before, only the summary line noted it, and nothing
  /// with --quiet).
  @Test func aPerHeadBudgetNoFactorCanPayWarns() throws {
    let dir = try TemporaryDirectory()
    let files = PerHeadPaymentTests.files(
      policy: PerHeadPaymentTests.policy(
        budget: #", "budget": 100000, "sharing": {"surplusRetention": 0, "surplusCap": 0}"#))
    let (run, _) = try files.run(in: dir)
    #expect(run.status == 0, "\(run.error)")
    let warning =
      "WARNING: per head: no factor can pay out 100000.00 under the sharing bands; settled at factor"
    #expect(run.error.contains("  " + warning), "\(run.error)")
    #expect(
      run.error.contains("the payout is at its most, 37900.00; 62100.00 stays unpaid"),
      "\(run.error)")
    let (quiet, _) = try files.run(in: dir, extra: ["--quiet"])
    #expect(quiet.error.contains("drg settle: " + warning), "\(quiet.error)")
  }

  /// A monthly what-if run writes months.csv, trueup.csv and whatif.csv; a plain yearly run
  /// into the same directory removes them (it does not write them) and says so, and keeps a
  /// file that is not one of settle's.
  @Test func filesOfAnEarlierRunAreRemovedAndNamed() throws {
    let dir = try TemporaryDirectory()
    let (first, out) = try settleWorkedExample(
      dir, extra: ["--period", "month", "--budget-change", "+10%"])
    #expect(first.status == 0, "\(first.error)")
    for name in ["months.csv", "trueup.csv", "whatif.csv"] {
      #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
    }
    #expect(!first.error.contains("removed"), "\(first.error)")
    _ = try dir.write("mine", name: "out/notes.txt")
    let (second, _) = try settleWorkedExample(dir, extra: ["-q"])
    #expect(second.status == 0, "\(second.error)")
    #expect(
      second.error.contains(
        "drg settle: removed months.csv, trueup.csv, whatif.csv from \(out): left by an earlier run, not written by this one"
      ), "\(second.error)")
    for name in ["months.csv", "trueup.csv", "whatif.csv"] {
      #expect(!FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
    }
    for name in ["cases.csv", "hospitals.csv", "pools.csv", "drgs.csv", "notes.txt"] {
      #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
    }
  }

  /// What a settlement says it writes is what it writes: each name in
  /// ``Settlement/outputFiles(monthly:whatIf:)`` is in ``Settlement/outputFileNames`` (the
  /// list --help and the output checks use), and after a per-head monthly run exactly those
  /// files are in the directory.
  @Test func theFilesAListedRunWritesAreTheFilesFound() throws {
    let dir = try TemporaryDirectory()
    var files = PerHeadPaymentTests.files(policy: PerHeadPaymentTests.policy(budget: ""))
    files.grouped =
      "case_id,hospital_id,total_cost,los,leaving,status,drg,discharge_date\nc1,H1,1000,3,1,grouped,A,2024-03-05\n"
    let (run, out) = try files.run(in: dir, extra: ["--period", "month", "--year", "2024"])
    #expect(run.status == 0, "\(run.error)")
    let found = Set(try FileManager.default.contentsOfDirectory(atPath: out))
    // Hand-listed: the four, months and true-up, and the per-head three (no alliances.csv:
    // East's members have no DRG case, so no pool has an alliance).
    let expected: Set = [
      "cases.csv", "hospitals.csv", "pools.csv", "drgs.csv", "months.csv", "trueup.csv",
      "perhead.csv", "perhead_categories.csv", "perhead_months.csv",
    ]
    #expect(found == expected, "\(found.sorted())")
    #expect(
      run.error.contains(
        "wrote "
          + Settlement.outputFileNames.filter(expected.contains)
          .joined(separator: ", ")), "\(run.error)")
    #expect(found.isSubset(of: Settlement.outputFileNames))
  }
}
