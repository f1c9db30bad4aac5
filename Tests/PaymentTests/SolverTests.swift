import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// Bands of the worked examples: α 0.5, cap 0.1, β 0.1, γ 0.5 (the defaults).
private let bands = SharingBands()

@Suite("Sharing bands and the point-value solver")
struct SolverTests {
  @Test func eachSharingBand() {
    // Entitlement N = 1 000.
    // Surplus 100 (A = 900): α·100 = 50 < cap 0.1·1 000 = 100 → 900 + 50 = 950.
    #expect(bands.payment(entitlement: 1_000, actual: 900) == 950)
    // Surplus 500 (A = 500): α·500 = 250 > cap 100 → 500 + 100 = 600.
    #expect(bands.payment(entitlement: 1_000, actual: 500) == 600)
    // Overspend 50 ≤ 10 %: 1 000 + 0.5 × 50 = 1 025.
    #expect(bands.payment(entitlement: 1_000, actual: 1_050) == 1_025)
    // Overspend 500 > 10 %: 1 000 + 0.5 × 0.1 × 1 000 = 1 050.
    #expect(bands.payment(entitlement: 1_000, actual: 1_500) == 1_050)
    // At the band edges both formulas agree: A = N → N; A = 1.1 N → 1 050.
    #expect(bands.payment(entitlement: 1_000, actual: 1_000) == 1_000)
    #expect(bands.payment(entitlement: 1_000, actual: 1_100) == 1_050)
  }

  @Test func withoutBandsPointValueIsBudgetOverPoints() {
    // 100 + 300 points, budget 4 000 yuan → PV 10; payments 1 000 and 3 000.
    let accounts = [
      HospitalAccount(centipoints: 10_000, actualFen: 0),
      HospitalAccount(centipoints: 30_000, actualFen: 0),
    ]
    let solution = PointValueSolver.solve(accounts: accounts, budgetFen: 400_000, bands: nil)
    #expect(solution.pointValue == 10)
    #expect(solution.paymentsFen == [100_000, 300_000])
    #expect(solution.constraint == .none)
  }

  @Test func withBandsSolvesFromBreakpoints() {
    // H1: 100 points, actual 900; H2: 300 points, actual 3 300.
    // At PV 10: H1 N = 1 000 (surplus 100 → 950); H2 N = 3 000, A = 3 300 = 1.1 N
    // → 3 000 + 0.5 × 300 = 3 150. F(10) = 4 100, so budget 4 100 gives PV 10.
    let accounts = [
      HospitalAccount(centipoints: 10_000, actualFen: 90_000),
      HospitalAccount(centipoints: 30_000, actualFen: 330_000),
    ]
    let solution = PointValueSolver.solve(accounts: accounts, budgetFen: 410_000, bands: bands)
    #expect(abs(solution.pointValue - 10) < 1e-9)
    #expect(solution.paymentsFen == [95_000, 315_000])
  }

  @Test func fenApportionedByLargestRemainder() {
    // Three equal hospitals, 100 fen: 33.33… each → 34 + 33 + 33 = 100.
    let accounts = Array(repeating: HospitalAccount(centipoints: 100, actualFen: 0), count: 3)
    let solution = PointValueSolver.solve(accounts: accounts, budgetFen: 100, bands: nil)
    #expect(solution.paymentsFen == [34, 33, 33])
  }

  @Test func floorAndCapBind() {
    let accounts = [
      HospitalAccount(centipoints: 10_000, actualFen: 0),
      HospitalAccount(centipoints: 30_000, actualFen: 0),
    ]
    // Budget 4 000 needs PV 10; floor 12 → 400 points × 12 = 4 800 paid.
    let floored = PointValueSolver.solve(
      accounts: accounts, budgetFen: 400_000, bands: nil, floor: 12)
    #expect(floored.constraint == .floor)
    #expect(floored.pointValue == 12)
    #expect(floored.payoutFen == 480_000)
    #expect(floored.unconstrainedPointValue == 10)
    // Cap 8 → 3 200.
    let capped = PointValueSolver.solve(
      accounts: accounts, budgetFen: 400_000, bands: nil, cap: 8)
    #expect(capped.constraint == .cap)
    #expect(capped.payoutFen == 320_000)
  }

  @Test func unspendableBudgetIsReported() {
    // α = 0: a surplus hospital is paid its actual cost, so F ≤ 900 + 3 300 = 4 200.
    let accounts = [
      HospitalAccount(centipoints: 10_000, actualFen: 90_000),
      HospitalAccount(centipoints: 30_000, actualFen: 330_000),
    ]
    let solution = PointValueSolver.solve(
      accounts: accounts, budgetFen: 500_000,
      bands: SharingBands(surplusRetention: 0, surplusCap: 0))
    #expect(solution.constraint == .unspendable)
    #expect(solution.payoutFen == 420_000)
    // Breakpoints (β 0.1): H1 9 / 1.1 and 900 / 100 = 9; H2 10 and 3 300 / 300 = 11. From
    // the last, 11, every hospital's entitlement covers its cost and F stays at 4 200: the
    // pool is settled there, and no point value pays the budget, so none is reported as
    // the one that would (the old solver reported 11).
    #expect(solution.pointValue == 11)
    #expect(solution.paymentsFen == [90_000, 330_000])
    #expect(solution.unconstrainedPointValue == nil)
  }

  @Test func noPointsAndOneHospital() {
    let none = PointValueSolver.solve(accounts: [], budgetFen: 100, bands: bands)
    #expect(none.constraint == .noPoints)
    #expect(none.payoutFen == 0)
    // One hospital takes the whole budget: 123 points, actual 1 000, budget 1 234.56.
    let one = PointValueSolver.solve(
      accounts: [HospitalAccount(centipoints: 12_300, actualFen: 100_000)], budgetFen: 123_456,
      bands: bands)
    #expect(one.constraint == .none)
    #expect(one.paymentsFen == [123_456])
  }

  // MARK: - Properties

  private static func randomAccounts(_ generator: inout SeededGenerator) -> [HospitalAccount] {
    (0..<Int.random(in: 1...25, using: &generator)).map { _ in
      HospitalAccount(
        centipoints: Int64.random(in: 0...5_000_000, using: &generator),
        actualFen: Int64.random(in: 0...900_000_000, using: &generator))
    }
  }

  private static func randomBands(_ generator: inout SeededGenerator) -> SharingBands? {
    if Int.random(in: 0..<5, using: &generator) == 0 { return nil }
    return SharingBands(
      surplusRetention: [0, 0.3, 0.5, 1][Int.random(in: 0..<4, using: &generator)],
      surplusCap: [0, 0.05, 0.1, 1][Int.random(in: 0..<4, using: &generator)],
      overspendBand: [0, 0.1, 0.2][Int.random(in: 0..<3, using: &generator)],
      overspendFundShare: [0, 0.5, 0.7, 1][Int.random(in: 0..<4, using: &generator)])
  }

  @Test func payoutEqualsBudgetToTheFenWhenItBinds() {
    var generator = SeededGenerator(seed: 42)
    var binding = 0
    for _ in 0..<500 {
      let accounts = Self.randomAccounts(&generator)
      let bands = Self.randomBands(&generator)
      let budget = Int64.random(in: 1...2_000_000_000, using: &generator)
      let solution = PointValueSolver.solve(accounts: accounts, budgetFen: budget, bands: bands)
      if solution.constraint == .none {
        binding += 1
        #expect(solution.payoutFen == budget)
        // The point value found reproduces the budget (within rounding).
        let payout = PointValueSolver.payout(accounts, bands, solution.pointValue)
        #expect(abs(payout * 100 - Double(budget)) <= max(1, Double(budget) * 1e-9))
      } else {
        #expect(solution.constraint == .unspendable || solution.constraint == .noPoints)
        #expect(solution.payoutFen <= budget + Int64(accounts.count))
      }
    }
    #expect(binding > 300)
  }

  @Test func payoutIsMonotoneInPointValue() {
    var generator = SeededGenerator(seed: 7)
    for _ in 0..<200 {
      let accounts = Self.randomAccounts(&generator)
      let bands = Self.randomBands(&generator)
      var previous = 0.0
      for step in 0...60 {
        let pv = Double(step) * 0.5
        let payout = PointValueSolver.payout(accounts, bands, pv)
        #expect(payout >= previous - 1e-6 * max(1, previous))
        previous = payout
      }
    }
  }

  @Test func hospitalPaymentNeverFallsWhenItsPointsRise() {
    // Raising h's points raises F pointwise, so the solved PV cannot rise; the others'
    // payments cannot rise, and h gets the rest of the fixed budget. Each payment is within
    // 1 fen of its exact value, so a rounding dip of at most 1 fen is allowed.
    var generator = SeededGenerator(seed: 99)
    for _ in 0..<300 {
      var accounts = Self.randomAccounts(&generator)
      let bands = Self.randomBands(&generator)
      let budget = Int64.random(in: 1...2_000_000_000, using: &generator)
      let before = PointValueSolver.solve(accounts: accounts, budgetFen: budget, bands: bands)
      let h = Int.random(in: 0..<accounts.count, using: &generator)
      accounts[h].centipoints += Int64.random(in: 1...1_000_000, using: &generator)
      let after = PointValueSolver.solve(accounts: accounts, budgetFen: budget, bands: bands)
      guard before.constraint == .none, after.constraint == .none else { continue }
      #expect(after.paymentsFen[h] >= before.paymentsFen[h] - 1)
      // At a fixed point value, more points never pay less.
      let pv = before.pointValue
      var lower = accounts[h]
      lower.centipoints -= 1
      #expect(
        PointValueSolver.payout([accounts[h]], bands, pv)
          >= PointValueSolver.payout([lower], bands, pv))
    }
  }
}
