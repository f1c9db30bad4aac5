import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// Pricing from the case store's columns (the settlement's path) must give, case by case,
/// the price of ``CasePricing/price(_:)`` on the whole case: the reference here is that
/// general path, which the hand-worked tests of the other suites pin down.
@Suite("Pricing from the columns")
struct ColumnPricingTests {
  /// A policy with every rule that looks at a case's codes, levels with their own
  /// thresholds, fee-for-service by DRG and ADRG, incomplete stays and a base-points table.
  static func policy() -> SettlementPolicy {
    var policy = Example.policy()
    policy.coefficients.levels = ["H2": "2", "H3": "3"]
    policy.coefficients.byLevel = ["2": 0.9, "3": 1.1]
    policy.coefficients.hospitals = ["H4": 1.3]
    policy.coefficients.cap = 1.2
    policy.highOutlier.brackets = [
      .init(multiple: 2, levels: ["2"]), .init(maxBasePoints: 150, multiple: 3),
      .init(multiple: 2.5),
    ]
    policy.lowOutlier.brackets = [.init(multiple: 0.5, levels: ["3"])]
    policy.basePoints = ["D": 80]
    policy.feeForService = .init(drgs: ["F"], adrgs: ["FA"])
    policy.perDiem = [
      .init(
        name: "long", drgs: ["P"], adrgs: ["PA"],
        segments: [.init(fromDay: 1, toDay: nil, pointsPerDay: 3)])
    ]
    policy.daySurgery = [.init(name: "cataract", drgs: ["S"], procedures: ["13.4"], points: 20)]
    policy.singleDisease = [
      .init(name: "appendix", diagnoses: ["K35"], procedures: ["47.0"], points: 40),
      .init(name: "by drg", adrgs: ["SA"], points: 30),
    ]
    policy.newTechnology = [.init(name: "robot", procedures: ["17.4"], costShare: 0.8)]
    policy.specialReview = ["R1": 500]
    policy.ungroupable.factor = 0.9
    return policy
  }

  static func randomCases(count: Int, seed: UInt64) -> [SettlementCase] {
    var generator = SeededGenerator(seed: seed)
    func pick(_ values: [String]) -> String { values.randomElement(using: &generator)! }
    return (0..<count).map { index in
      var item = SettlementCase(
        caseID: index % 97 == 0 ? "R1" : "c\(index)",
        hospital: pick(["H1", "H2", "H3", "H4", "H5", "h,6", ""]),
        drg: pick(["A", "B", "C", "D", "E", "F", "P", "S", "", "A", "B"]),
        adrg: pick(["AA", "FA", "PA", "SA", "", "AB"]),
        cost: Double.random(in: 0...90_000, using: &generator),
        los: Bool.random(using: &generator) ? Int.random(in: 0...40, using: &generator) : nil,
        status: pick(["grouped", "grouped", "grouped", "ungroupable", "ambiguous", "invalid"]),
        leaving: pick(["1", "1", "2", "4", "5", ""]),
        insurance: pick(["employee", "resident"]),
        principalDiagnosis: pick(["K35.8", "K35", "J18.9", "Ｋ35", "", "I10"]),
        mainProcedure: pick(["13.41", "47.01", "17.41", "99.9", "", "x47.0", "４7.0"]))
      if item.status == "invalid" && Bool.random(using: &generator) { item.problem = "line 3: bad" }
      return item
    }
  }

  @Test func columnsPriceEveryCaseAsTheWholeCase() throws {
    let pricing = try Example.pricing(Self.policy())
    let cases = Self.randomCases(count: 20_000, seed: 7)
    let expected = CasePrices(cases.map { pricing.price($0) })
    // Every category the policy can give is reached, so each branch is compared.
    let categories = Set(expected.map(\.category))
    #expect(
      categories
        == [
          .normal, .high, .low, .incomplete, .perDiem, .singleDisease, .feeForService,
          .ungroupable, .specialReview, .daySurgery, .newTechnology, .unpriced, .excluded,
        ])
    Self.expectSame(pricing.compactPrices(SettlementCases(cases), threads: 2), expected)
  }

  /// Compares price by price, naming the first difference (not the whole columns).
  static func expectSame(_ actual: CasePrices, _ expected: CasePrices) {
    #expect(actual.count == expected.count)
    let different = zip(actual.indices, expected.indices).filter {
      actual[$0.0] != expected[$0.1]
    }
    #expect(
      different.isEmpty,
      "\(different.count) differ; first at \(different.first.map { "\($0.0): \(actual[$0.0]) ≠ \(expected[$0.1])" } ?? "")"
    )
  }

  /// The computed-coefficient methods depend on the DRG too, and a policy without any
  /// code-listing rule prices every case from the columns.
  @Test func computedCoefficientsAndPlainPoliciesAgree() throws {
    var policy = Example.policy()
    policy.coefficients.method = .hospitalCost
    let cases = Self.randomCases(count: 5_000, seed: 11)
    var pricing = try Example.pricing(policy)
    pricing.dataCoefficients = DataCoefficients(rules: policy.coefficients, cases: cases)
    Self.expectSame(
      pricing.compactPrices(SettlementCases(cases), threads: 2),
      CasePrices(cases.map { pricing.price($0) }))
    let plain = try Example.pricing()
    Self.expectSame(
      plain.compactPrices(SettlementCases(cases), threads: 2),
      CasePrices(cases.map { plain.price($0) }))
  }
}
