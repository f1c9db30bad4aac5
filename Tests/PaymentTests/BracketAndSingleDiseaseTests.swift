import DRGKit
import DRGPayment
import Foundation
import Testing

@Suite("Outlier thresholds by level and single diseases by diagnosis")
struct BracketAndSingleDiseaseTests {
  /// H2 is level "2". High: level 2 → 2×; others: BP ≤ 150 → 3×, else 2.5×.
  /// Low: level 2 → 0.5×; others the default 0.3×.
  static func pricing() throws -> CasePricing {
    var policy = Example.policy()
    policy.coefficients.levels = ["H2": "2"]
    policy.highOutlier.brackets = [
      .init(multiple: 2, levels: ["2"]), .init(maxBasePoints: 150, multiple: 3),
      .init(multiple: 2.5),
    ]
    policy.lowOutlier.brackets = [.init(multiple: 0.5, levels: ["2"])]
    return try Example.pricing(policy)
  }

  @Test func highThresholdDependsOnLevelAndBasePoints() throws {
    let pricing = try Self.pricing()
    // H1, A (BP 100 ≤ 150 → 3×): 35 000 / 10 000 = 3.5 → 100 + 0.5 × 100 = 150.
    #expect(Example.points(pricing, drg: "A", cost: 35_000) == (.high, 150))
    // H1, A at 2.5× is below 3× → normal 100.
    #expect(Example.points(pricing, drg: "A", cost: 25_000) == (.normal, 100))
    // H2 (level 2 → 2×), A at 2.5× → 100 + 0.5 × 100 = 150.
    #expect(Example.points(pricing, drg: "A", cost: 25_000, hospital: "H2") == (.high, 150))
    // H1, B (BP 250 > 150 → 2.5×): 70 000 / 25 000 = 2.8 → 250 + 0.3 × 250 = 325.
    #expect(Example.points(pricing, drg: "B", cost: 70_000) == (.high, 325))
    // H2, B: 2.8 > 2 → 250 + 0.8 × 250 = 450.
    #expect(Example.points(pricing, drg: "B", cost: 70_000, hospital: "H2") == (.high, 450))
  }

  @Test func lowThresholdDependsOnLevel() throws {
    let pricing = try Self.pricing()
    // H2 (0.5×): 4 000 / 10 000 = 0.4 < 0.5 → 100 × 0.4 = 40.
    #expect(Example.points(pricing, drg: "A", cost: 4_000, hospital: "H2") == (.low, 40))
    // H1 (0.3×): 0.4 is not below → normal 100; 2 000 → 0.2 → 100 × 0.2 = 20.
    #expect(Example.points(pricing, drg: "A", cost: 4_000) == (.normal, 100))
    #expect(Example.points(pricing, drg: "A", cost: 2_000) == (.low, 20))
  }

  static func diseasePricing() throws -> CasePricing {
    var policy = Example.policy()
    policy.singleDisease = [
      .init(name: "appendicitis", diagnoses: ["K35"], points: 80),
      .init(name: "cataract", diagnoses: ["H25"], procedures: ["13.4"], points: 60),
    ]
    return try Example.pricing(policy)
  }

  static func price(
    _ pricing: CasePricing, drg: String, diagnosis: String, procedure: String = "",
    status: String = "grouped"
  ) -> (CaseCategory, Double) {
    let price = pricing.price(
      SettlementCase(
        hospital: "H1", drg: drg, cost: 10_000, status: status, principalDiagnosis: diagnosis,
        mainProcedure: procedure))
    return (price.category, price.points)
  }

  @Test func singleDiseaseByPrincipalDiagnosisAndProcedure() throws {
    let pricing = try Self.diseasePricing()
    // K35.800 starts with K35 → fixed 80 whatever the DRG.
    #expect(Self.price(pricing, drg: "A", diagnosis: "K35.800") == (.singleDisease, 80))
    // Even without a DRG.
    #expect(
      Self.price(pricing, drg: "", diagnosis: "K35.300", status: "ungroupable")
        == (.singleDisease, 80))
    // H25.900 with main procedure 13.4100 → 60; with 13.7000 the rule does not apply → A
    // normal 100.
    #expect(
      Self.price(pricing, drg: "A", diagnosis: "H25.900", procedure: "13.4100")
        == (.singleDisease, 60))
    #expect(
      Self.price(pricing, drg: "A", diagnosis: "H25.900", procedure: "13.7000") == (.normal, 100))
    // Another diagnosis → normal.
    #expect(Self.price(pricing, drg: "A", diagnosis: "K36.000") == (.normal, 100))
  }
}
