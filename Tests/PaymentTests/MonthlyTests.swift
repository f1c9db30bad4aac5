import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

@Suite("Monthly prepayment and year-end true-up")
struct MonthlyTests {
  /// Budget 2 400, no reserve, no sharing, prepayment 0.9.
  /// c1 H1 A (100 points) and c2 H2 A (100) in January; c3 H1 B (200) in February.
  /// Year: 400 points, PV 6 → H1 300 × 6 = 1 800, H2 100 × 6 = 600.
  /// Monthly budget 200. January PV 200 / 200 = 1 → H1 90, H2 90 prepaid (× 0.9).
  /// February PV 200 / 200 = 1 → H1 180. Prepaid H1 270, H2 90.
  /// True-up H1 1 800 − 270 = 1 530, H2 600 − 90 = 510.
  @Test func trajectoryAndTrueUp() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(
      """
      case_id,hospital_id,total_cost,status,drg,discharge_date
      c1,H1,1000,grouped,A,2024-01-10
      c2,H2,1000,grouped,A,2024-01-20
      c3,H1,2000,grouped,B,2024-02-05

      """, name: "grouped.csv")
    let weights = try dir.write(SettleCommandTests.weights, name: "weights.csv")
    let policy = try dir.write(
      #"{"readmission": {"enabled": false}, "budget": 2400, "reserveShare": 0, "sharing": null, "prepaymentRatio": 0.9}"#,
      name: "p.json")
    let out = dir.path + "/out"
    let run = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", out, "--period",
      "month",
    ])
    #expect(run.status == 0, "\(run.error)")
    let months = try String(contentsOfFile: out + "/months.csv", encoding: .utf8)
    #expect(months.contains("all,2024-01,*,2,200.00,1.000000,180.00\n"))
    #expect(months.contains("all,2024-01,H1,,100.00,1.000000,90.00\n"))
    #expect(months.contains("all,2024-02,H1,,200.00,1.000000,180.00\n"))
    #expect(months.contains("all,2024-03,*,0,0.00,0.000000,0.00\n"))
    let trueUp = try String(contentsOfFile: out + "/trueup.csv", encoding: .utf8)
    #expect(
      trueUp
        == "pool,hospital_id,payment,prepaid,true_up\nall,H1,1800.00,270.00,1530.00\nall,H2,600.00,90.00,510.00\n"
    )
  }

  @Test func everyCaseAnOutlierAndAPoolWithoutCases() throws {
    // Two pools; only employee cases. Both cases high: A at 4 000 = 4× → 200 points each.
    var policy = Example.policy()
    policy.budget = nil
    policy.reserveShare = 0
    policy.pools = [
      .init(name: "employee", budget: 1_000, insurance: ["employee"]),
      .init(name: "resident", budget: 500, insurance: ["resident"]),
    ]
    let pricing = try Example.pricing(policy)
    let cases = [
      SettlementCase(hospital: "H1", drg: "A", cost: 40_000, insurance: "employee"),
      SettlementCase(hospital: "H2", drg: "A", cost: 40_000, insurance: "employee"),
    ]
    let settlement = Settlement.run(cases: cases, pricing: pricing)
    #expect(settlement.prices.map(\.category) == [.high, .high])
    #expect(settlement.prices.map(\.points) == [200, 200])
    let employee = settlement.pools[0]
    // Sharing bands at the default: both hospitals identical, so each gets half: 500.00.
    #expect(employee.solution.constraint == .none)
    #expect(employee.hospitals.map(\.paymentFen) == [50_000, 50_000])
    let resident = settlement.pools[1]
    #expect(resident.solution.constraint == .noPoints)
    #expect(resident.hospitals.isEmpty)
  }
}
