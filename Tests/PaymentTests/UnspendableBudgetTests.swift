import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// A pool whose budget no point value can pay out (issue 21, item 5): `drg settle` settles
/// it where the payout is at its most, leaves `unconstrained_point_value` empty (there is
/// no such point value) and warns naming the pool, what is paid and what stays unpaid.
@Suite("A budget no point value can pay")
struct UnspendableBudgetTests {
  /// H1: 1 case of 900, H2: 3 cases of 1 100, all DRG A (RW 1, mean cost 1 000: normal,
  /// 100 points each) → H1 100 points, actual 900; H2 300 points, actual 3 300. Budget
  /// 5 000, no reserve. Bands α 0 and cap 0: a hospital whose entitlement covers its cost
  /// is paid exactly its cost, so F ≤ 900 + 3 300 = 4 200 < 5 000. F reaches 4 200 at the
  /// last breakpoint, PV = 3 300 / 300 = 11 (H1's are 9 and 9 / 1.1; H2's 11 and 10);
  /// 5 000 − 4 200 = 800.00 stays unpaid.
  @Test func theStrayPointValueIsNotWrittenAndTheRunWarns() throws {
    let dir = try TemporaryDirectory()
    let grouped = """
      case_id,hospital_id,total_cost,los,leaving,status,drg
      c1,H1,900,3,1,grouped,A
      c2,H2,1100,3,1,grouped,A
      c3,H2,1100,3,1,grouped,A
      c4,H2,1100,3,1,grouped,A

      """
    let weights = """
      drg,name,adrg,cases,cases_kept,mean_cost,median_cost,sd_cost,cv,cv_untrimmed,mean_los,median_los,rw,low_volume,rw_source,trim_lower,trim_upper
      A,Group A,AA1,4,4,1000.00,1000.00,,,,,,1.0000,0,own,,

      """
    let policy = """
      {"budget": 5000, "reserveShare": 0, "readmission": {"enabled": false},
       "sharing": {"surplusRetention": 0, "surplusCap": 0}}
      """
    let out = dir.path + "/out"
    let run = CommandRun([
      "settle", try dir.write(grouped, name: "grouped.csv"), "--policy",
      try dir.write(policy, name: "policy.json"), "--weights",
      try dir.write(weights, name: "weights.csv"), "-o", out,
    ])
    #expect(run.status == 0, "\(run.error)")
    let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
    // point_value 11, unconstrained_point_value empty (the old solver wrote 11.000000 there),
    // payout 4 200.
    #expect(pools.contains(",11.000000,,4200.00,unspendable,"), "\(pools)")
    #expect(
      run.error.contains(
        "WARNING: pool all: no point value can pay out 5000.00 under the sharing bands; settled at point value 11.0000, from which the payout is at its most, 4200.00; 800.00 stays unpaid"
      ), "\(run.error)")
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(hospitals.contains("all,H1,") && hospitals.contains(",900.00,"), "\(hospitals)")
    #expect(hospitals.contains(",3300.00,"), "\(hospitals)")
  }
}
