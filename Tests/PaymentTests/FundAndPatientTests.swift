import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// Fund against patient (issue 18, item 3): the fund pays the payment less what the patient
/// paid (`self_pay`, or one of its aliases).
@Suite("Fund and patient shares")
struct FundAndPatientTests {
  /// The worked example of ``SettleCommandTests`` (PV 10, no sharing): case payments
  /// c1 1 000.00, c2 2 000.00, c3 1 000.00, c4 2 000.00, c5 416.70.
  /// self_pay: c1 300, c2 "abc" (not a number: counted 0 and reported), c3 100.50,
  /// c4 empty (0), c5 50.
  /// Fund per case: c1 700.00, c2 2 000.00, c3 899.50, c4 2 000.00, c5 366.70.
  /// H1: payment 3 000.00, patients 300.00, fund 2 700.00.
  /// H2: payment 1 000 + 2 000 + 416.70 = 3 416.70, patients 150.50, fund 3 266.20.
  /// Pool: payout 6 416.70, patients 450.50, fund 5 966.20.
  static func grouped(selfPayHeader: String) -> String {
    """
    case_id,hospital_id,total_cost,los,leaving,status,drg,\(selfPayHeader)
    c1,H1,1000,3,1,grouped,A,300
    c2,H1,2000,5,1,grouped,B,abc
    c3,H2,1000,3,1,grouped,A,100.50
    c4,H2,4000,9,1,grouped,A,
    c5,H2,500,2,1,ungroupable,,50

    """
  }

  @Test(arguments: ["self_pay", "个人负担总金额", "psn_part_amt"])
  func fundPaysThePaymentLessThePatients(header: String) throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(Self.grouped(selfPayHeader: header), name: "grouped.csv")
    let weights = try dir.write(SettleCommandTests.weights, name: "weights.csv")
    let policy = try dir.write(
      #"{"budget": 6416.70, "reserveShare": 0, "sharing": null, "readmission": {"enabled": false}}"#,
      name: "p.json")
    let out = dir.path + "/out"
    let run = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", out,
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.contains("1 paid cases have a self_pay that is not a number ≥ 0"))
    let cases = try String(contentsOfFile: out + "/cases.csv", encoding: .utf8)
    // The name of A comes from the weights file (the grouped file has no drg_name).
    #expect(cases.contains("c1,H1,all,A,normal,100.00,1000.00,300.00,700.00,,Group A\n"))
    #expect(cases.contains("c2,H1,all,B,normal,200.00,2000.00,0.00,2000.00,self_pay is not"))
    #expect(cases.contains("c3,H2,all,A,normal,100.00,1000.00,100.50,899.50,,Group A\n"))
    #expect(cases.contains("c4,H2,all,A,high,200.00,2000.00,0.00,2000.00,"))
    #expect(cases.contains("c5,H2,all,,ungroupable,41.67,416.70,50.00,366.70,"))
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(
      hospitals.contains(",H1,")
        && hospitals.contains(
          ",3000.00,3000.00,3000.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,none,0.00,0.00,0.00,3000.00,300.00,2700.00\n"
        ),
      "\(hospitals)")
    #expect(hospitals.contains(",none,0.00,0.00,0.00,3416.70,150.50,3266.20\n"), "\(hospitals)")
    let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
    #expect(pools.contains(",6416.70,none,0.00,0.00,pool,6416.70,450.50,5966.20\n"), "\(pools)")
  }
}
