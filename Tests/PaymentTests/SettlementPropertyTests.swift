import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

@Suite("Settlement over random cases")
struct SettlementPropertyTests {
  /// Random cases over the example DRGs (some ungroupable, some outliers) and 1–12
  /// hospitals in two pools: whenever the budget binds, Σ hospital payments in each pool
  /// equals its distributable budget to the fen, and payments are never negative.
  @Test func poolsPayTheirBudgetToTheFen() throws {
    var generator = SeededGenerator(seed: 2024)
    for _ in 0..<40 {
      var policy = Example.policy()
      policy.budget = nil
      policy.pools = [
        .init(
          name: "employee", budget: Double(Int.random(in: 1...9_999_999, using: &generator)) / 100,
          insurance: ["employee"]),
        .init(
          name: "resident", budget: Double(Int.random(in: 1...9_999_999, using: &generator)) / 100,
          insurance: []),
      ]
      let pricing = try Example.pricing(policy)
      let hospitals = Int.random(in: 1...12, using: &generator)
      let cases = (0..<Int.random(in: 0...300, using: &generator)).map { _ in
        SettlementCase(
          hospital: "H\(Int.random(in: 1...hospitals, using: &generator))",
          drg: ["A", "B", "C", ""][Int.random(in: 0..<4, using: &generator)],
          cost: Double(Int.random(in: 1...8_000_000, using: &generator)) / 100,
          status: Int.random(in: 0..<10, using: &generator) == 0 ? "ungroupable" : "grouped",
          insurance: Bool.random(using: &generator) ? "employee" : "resident")
      }
      let settlement = Settlement.run(cases: cases, pricing: pricing)
      for pool in settlement.pools {
        let paid = pool.hospitals.reduce(Int64(0)) { $0 + $1.paymentFen }
        #expect(paid == pool.solution.payoutFen)
        #expect(pool.hospitals.allSatisfy { $0.paymentFen >= 0 })
        if pool.solution.constraint == .none {
          #expect(paid == pool.distributableFen)
        }
      }
    }
  }
}
