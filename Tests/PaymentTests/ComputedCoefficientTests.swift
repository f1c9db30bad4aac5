import DRGKit
import DRGPayment
import Foundation
import Testing

/// Hospital coefficients computed from cost data (formulas §2): 金华 hospital mean over city
/// mean, and 自贡's blend with the level's ratio and its fallbacks.
@Suite("Computed hospital coefficients")
struct ComputedCoefficientTests {
  typealias Observation = DataCoefficients.Observation

  /// DRG A: H1 12 000 twice, H2 8 000 twice → city mean 10 000, H1 1.2, H2 0.8.
  /// DRG B: only H3, 5 000 → H3 1.0 in B.
  static let jinhua = [
    Observation(hospital: "H1", drg: "A", cost: 12_000),
    Observation(hospital: "H1", drg: "A", cost: 12_000),
    Observation(hospital: "H2", drg: "A", cost: 8_000),
    Observation(hospital: "H2", drg: "A", cost: 8_000),
    Observation(hospital: "H3", drg: "B", cost: 5_000),
  ]

  @Test func hospitalMeanOverCityMean() throws {
    var policy = Example.policy()
    policy.coefficients.method = .hospitalCost
    var pricing = try Example.pricing(policy)
    pricing.dataCoefficients = DataCoefficients(
      rules: policy.coefficients, observations: Self.jinhua)
    // 12 000 / 10 000 = 1.2; 8 000 / 10 000 = 0.8; H3 has no case in A → 1.
    #expect(pricing.coefficient("H1", drg: "A") == 1.2)
    #expect(pricing.coefficient("H2", drg: "A") == 0.8)
    #expect(pricing.coefficient("H3", drg: "A") == 1)
    // A normal case of A at H1: BP 100 × 1.2 = 120; at H2: 100 × 0.8 = 80.
    #expect(Example.points(pricing, drg: "A", cost: 10_000, hospital: "H1") == (.normal, 120))
    #expect(Example.points(pricing, drg: "A", cost: 10_000, hospital: "H2") == (.normal, 80))
  }

  @Test func computedCoefficientsAreClampedByFloorAndCap() throws {
    var policy = Example.policy()
    policy.coefficients.method = .hospitalCost
    policy.coefficients.floor = 0.9
    policy.coefficients.cap = 1.1
    var pricing = try Example.pricing(policy)
    pricing.dataCoefficients = DataCoefficients(
      rules: policy.coefficients, observations: Self.jinhua)
    // 1.2 capped at 1.1 → 110 points; 0.8 raised to 0.9 → 90 points.
    #expect(Example.points(pricing, drg: "A", cost: 10_000, hospital: "H1") == (.normal, 110))
    #expect(Example.points(pricing, drg: "A", cost: 10_000, hospital: "H2") == (.normal, 90))
  }

  /// Levels: H1, H2 → A; H3 → C; H4 → B (no cases). w1 0.6, w2 0.4.
  static func blendRules() -> SettlementPolicy.Coefficients {
    var rules = SettlementPolicy.Coefficients()
    rules.method = .blend
    rules.hospitalWeight = 0.6
    rules.levelWeight = 0.4
    rules.levels = ["H1": "A", "H2": "A", "H3": "C", "H4": "B"]
    return rules
  }

  @Test func blendWithLevelAndHigherLevelFallback() {
    // DRG A: H1 12 000, H2 10 000, H3 8 000 → city mean 10 000.
    // Level A mean 11 000 → 1.1; B has no case → 0.9 × 1.1 = 0.99; C 8 000 → 0.8;
    // D → 0.9 × 0.8 = 0.72; E → 0.9 × 0.72 = 0.648.
    let data = DataCoefficients(
      rules: Self.blendRules(),
      observations: [
        Observation(hospital: "H1", drg: "A", cost: 12_000),
        Observation(hospital: "H2", drg: "A", cost: 10_000),
        Observation(hospital: "H3", drg: "A", cost: 8_000),
      ])
    #expect(abs(data.levelRatios["A"]!["A"]! - 1.1) < 1e-12)
    #expect(abs(data.levelRatios["B"]!["A"]! - 0.99) < 1e-12)
    #expect(abs(data.levelRatios["D"]!["A"]! - 0.72) < 1e-12)
    #expect(abs(data.levelRatios["E"]!["A"]! - 0.648) < 1e-12)
    // H1: 0.6 × 1.2 + 0.4 × 1.1 = 0.72 + 0.44 = 1.16.
    #expect(abs(data.coefficient(hospital: "H1", drg: "A") - 1.16) < 1e-12)
    // H3: 0.6 × 0.8 + 0.4 × 0.8 = 0.8.
    #expect(abs(data.coefficient(hospital: "H3", drg: "A") - 0.8) < 1e-12)
    // H4 (level B, no case in A): its own ratio is the level's 0.99 → 0.6 × 0.99 + 0.4 × 0.99.
    #expect(abs(data.coefficient(hospital: "H4", drg: "A") - 0.99) < 1e-12)
    // A hospital without a level and without cases: 0.6 × 1 + 0.4 × 1 = 1.
    #expect(data.coefficient(hospital: "H9", drg: "A") == 1)
  }

  @Test func blendFallsBackToTheNextLowerLevel() {
    // DRG B has cases only at level C: H3 5 000 → city mean 5 000, level C 1.0.
    // No higher level has a value: B = 1.1 × C = 1.1, A = 1.1 × B = 1.21.
    let data = DataCoefficients(
      rules: Self.blendRules(), observations: [Observation(hospital: "H3", drg: "B", cost: 5_000)])
    #expect(abs(data.levelRatios["B"]!["B"]! - 1.1) < 1e-12)
    #expect(abs(data.levelRatios["A"]!["B"]! - 1.21) < 1e-12)
    // D below C: 0.9 × 1.0 = 0.9.
    #expect(abs(data.levelRatios["D"]!["B"]! - 0.9) < 1e-12)
    // H1 (level A, no case in B): 0.6 × 1.21 + 0.4 × 1.21 = 1.21.
    #expect(abs(data.coefficient(hospital: "H1", drg: "B") - 1.21) < 1e-12)
  }

  @Test func settlementComputesCoefficientsFromItsOwnCases() throws {
    var policy = Example.policy()
    policy.coefficients.method = .hospitalCost
    policy.sharing = nil
    policy.reserveShare = 0
    policy.lowOutlier.enabled = false
    // DRG A at H1 15 000 and H2 5 000: city mean 10 000 → H1 1.5, H2 0.5. Ratios to the
    // DRG mean (10 000) are 1.5 and 0.5: normal. Points: 100 × 1.5 = 150 and 100 × 0.5 = 50.
    let settlement = Settlement.run(
      cases: [
        SettlementCase(hospital: "H1", drg: "A", cost: 15_000),
        SettlementCase(hospital: "H2", drg: "A", cost: 5_000),
      ], pricing: try Example.pricing(policy))
    #expect(settlement.prices.map(\.points) == [150, 50])
  }

  @Test func blendLevelOutsideTheOrderIsRejected() {
    var policy = Example.policy()
    policy.coefficients = Self.blendRules()
    policy.coefficients.levels["H5"] = "三甲"
    #expect(policy.problem()?.contains("level '三甲' of hospital H5 is not in levelOrder") == true)
  }
}
