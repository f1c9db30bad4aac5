import DRGKit
import DRGPayment
import Foundation
import Testing

/// The worked example used by the case-point tests.
///
/// Weights: A RW 1.0 mean 10 000 → BP 100; B RW 2.5 mean 25 000 → BP 250;
/// C RW 1.5 mean 15 000 → BP 150. Mean of all cases 10 000 yuan (so cost / 10 000 × 100
/// converts yuan to points).
enum Example {
  static let weights = PaymentWeights(groups: [
    "A": .init(relativeWeight: 1.0, meanCost: 10_000, casesKept: 8),
    "B": .init(relativeWeight: 2.5, meanCost: 25_000, casesKept: 1),
    "C": .init(relativeWeight: 1.5, meanCost: 15_000, casesKept: 1),
  ])

  static func policy() -> SettlementPolicy {
    var policy = SettlementPolicy()
    policy.budget = 1_000_000
    policy.meanCostAllCases = 10_000
    return policy
  }

  static func pricing(_ policy: SettlementPolicy = policy()) throws -> CasePricing {
    try CasePricing(policy: policy, weights: weights)
  }

  static func points(
    _ pricing: CasePricing, drg: String, cost: Double, hospital: String = "H1",
    leaving: String = "1", los: Int? = nil, status: String = "grouped", caseID: String = ""
  ) -> (CaseCategory, Double) {
    let price = pricing.price(
      SettlementCase(
        caseID: caseID, hospital: hospital, drg: drg, cost: cost, los: los, status: status,
        leaving: leaving))
    return (price.category, price.points)
  }
}

@Suite("Case points")
struct CasePointsTests {
  @Test func weightsMeanOfAllCasesIsCaseWeighted() {
    // (8 × 10 000 + 25 000 + 15 000) / 10 = 12 000.
    #expect(Example.weights.meanCostAllCases == 12_000)
  }

  @Test func normalCaseIsBasePointsTimesCoefficient() throws {
    var policy = Example.policy()
    policy.coefficients.levels = ["H2": "2"]
    policy.coefficients.byLevel = ["2": 0.9]
    policy.coefficients.hospitals = ["H3": 1.3, "H4": 0.5]
    policy.coefficients.cap = 1.2
    policy.coefficients.floor = 0.7
    let pricing = try Example.pricing(policy)
    // H1: default 1 → 100 × 1 = 100.
    #expect(Example.points(pricing, drg: "A", cost: 10_000) == (.normal, 100))
    // H2: level 2 → 0.9 → 90.
    #expect(Example.points(pricing, drg: "A", cost: 10_000, hospital: "H2") == (.normal, 90))
    // H3: 1.3 capped at 1.2 → 120; H4: 0.5 raised to the floor 0.7 → 70.
    #expect(Example.points(pricing, drg: "A", cost: 10_000, hospital: "H3") == (.normal, 120))
    #expect(Example.points(pricing, drg: "A", cost: 10_000, hospital: "H4") == (.normal, 70))
    // B: RW 2.5 → 250 points.
    #expect(Example.points(pricing, drg: "B", cost: 20_000) == (.normal, 250))
  }

  @Test func basePointsTableOverridesRW() throws {
    var policy = Example.policy()
    policy.basePoints = ["A": 110]
    #expect(Example.points(try Example.pricing(policy), drg: "A", cost: 10_000) == (.normal, 110))
  }

  @Test func highOutlierInEachBracket() throws {
    var policy = Example.policy()
    policy.highOutlier.brackets = [
      .init(maxBasePoints: 100, multiple: 3), .init(maxBasePoints: 200, multiple: 2),
      .init(multiple: 1.5),
    ]
    let pricing = try Example.pricing(policy)
    // A, BP 100 ≤ 100 → 3×. 35 000 / 10 000 = 3.5 > 3 → 100 + (3.5 − 3) × 100 = 150.
    #expect(Example.points(pricing, drg: "A", cost: 35_000) == (.high, 150))
    // Exactly 3× is not above the threshold → normal 100.
    #expect(Example.points(pricing, drg: "A", cost: 30_000) == (.normal, 100))
    // C, BP 150 in (100, 200] → 2×. 45 000 / 15 000 = 3 → 150 + (3 − 2) × 150 = 300.
    #expect(Example.points(pricing, drg: "C", cost: 45_000) == (.high, 300))
    // B, BP 250 > 200 → 1.5×. 50 000 / 25 000 = 2 → 250 + 0.5 × 250 = 375.
    #expect(Example.points(pricing, drg: "B", cost: 50_000) == (.high, 375))
  }

  @Test func highOutlierAddOnShare() throws {
    var policy = Example.policy()
    policy.highOutlier.addOnShare = 0.7
    policy.coefficients.default = 0.9
    // A: 40 000 / 10 000 = 4 > 3 → 100 × 0.9 + (4 − 3) × 100 × 0.7 = 90 + 70 = 160.
    #expect(Example.points(try Example.pricing(policy), drg: "A", cost: 40_000) == (.high, 160))
  }

  @Test func lowOutlier() throws {
    var policy = Example.policy()
    policy.coefficients.default = 0.9
    let pricing = try Example.pricing(policy)
    // A: 2 000 / 10 000 = 0.2 < 0.3 → 100 × 0.9 × 0.2 = 18.
    #expect(Example.points(pricing, drg: "A", cost: 2_000) == (.low, 18))
    // 3 000 / 10 000 = 0.3 is not below 0.3 → normal 90.
    #expect(Example.points(pricing, drg: "A", cost: 3_000) == (.normal, 90))
    policy.lowOutlier.multiple = 0.5
    // With 0.5: 4 000 → 0.4 → 100 × 0.9 × 0.4 = 36.
    #expect(Example.points(try Example.pricing(policy), drg: "A", cost: 4_000) == (.low, 36))
  }

  @Test func incompleteStayIsProportionalAndCappedAtBasePoints() throws {
    let pricing = try Example.pricing()
    // Leaving 4: 5 000 / 10 000 × 100 = 50.
    #expect(Example.points(pricing, drg: "A", cost: 5_000, leaving: "4") == (.incomplete, 50))
    // 20 000 → 200, capped at BP 100.
    #expect(Example.points(pricing, drg: "A", cost: 20_000, leaving: "2") == (.incomplete, 100))
  }

  @Test func ungroupableByCostOrFixedPoints() throws {
    var policy = Example.policy()
    // 5 000 / mean 10 000 × 100 = 50.
    #expect(
      Example.points(try Example.pricing(policy), drg: "", cost: 5_000, status: "ungroupable")
        == (.ungroupable, 50))
    policy.ungroupable.factor = 0.8
    // 50 × 0.8 = 40.
    #expect(
      Example.points(try Example.pricing(policy), drg: "", cost: 5_000, status: "ambiguous")
        == (.ungroupable, 40))
    policy.ungroupable.points = 25
    #expect(
      Example.points(try Example.pricing(policy), drg: "", cost: 5_000, status: "ungroupable")
        == (.ungroupable, 25))
    // Invalid rows are not paid; unknown DRGs are paid by cost: 7 000 → 70.
    #expect(
      Example.points(try Example.pricing(policy), drg: "", cost: 5_000, status: "invalid")
        == (.excluded, 0))
    #expect(Example.points(try Example.pricing(policy), drg: "Z", cost: 7_000) == (.unpriced, 70))
  }

  @Test func perDiemSegments() throws {
    var policy = Example.policy()
    policy.perDiem = [
      .init(
        name: "psychiatry", drgs: [], adrgs: ["AU1"],
        segments: [
          .init(fromDay: 1, toDay: 60, pointsPerDay: 30),
          .init(fromDay: 61, toDay: nil, pointsPerDay: 20),
        ])
    ]
    let pricing = try Example.pricing(policy)
    func perDiem(_ los: Int) -> CasePrice {
      var item = SettlementCase(hospital: "H1", drg: "AU19", cost: 1, los: los)
      item.adrg = "AU1"
      return pricing.price(item)
    }
    // 90 days: 60 × 30 + 30 × 20 = 1 800 + 600 = 2 400.
    #expect(perDiem(90).points == 2_400)
    #expect(perDiem(90).category == .perDiem)
    // 45 days: 45 × 30 = 1 350.
    #expect(perDiem(45).points == 1_350)
    // 0 days counts one bed-day: 30.
    #expect(perDiem(0).points == 30)
  }

  @Test func singleDiseaseAndFeeForServiceAndSpecialReview() throws {
    var policy = Example.policy()
    policy.singleDisease = [.init(name: "appendicitis", drgs: ["C"], adrgs: [], points: 80)]
    policy.feeForService = .init(drgs: ["B"])
    policy.specialReview = ["X1": 333.33]
    let pricing = try Example.pricing(policy)
    #expect(Example.points(pricing, drg: "C", cost: 99_000) == (.singleDisease, 80))
    // 12 345 / 10 000 × 100 = 123.45.
    #expect(Example.points(pricing, drg: "B", cost: 12_345) == (.feeForService, 123.45))
    #expect(
      Example.points(pricing, drg: "A", cost: 10_000, caseID: "X1") == (.specialReview, 333.33))
  }

  @Test func readmissionHalvesTheEarlierStay() throws {
    var policy = Example.policy()
    policy.readmission.exempt = ["B"]
    let pricing = try Example.pricing(policy)
    func stay(_ id: String, _ drg: String, _ admit: Int, _ discharge: Int) -> SettlementCase {
      var item = SettlementCase(caseID: id, hospital: "H1", drg: drg, cost: 10_000)
      item.patientID = "P1"
      item.admitDay = admit
      item.dischargeDay = discharge
      return item
    }
    // Discharged day 100, back in A on day 115 (15 days) → first stay 100 × 0.5 = 50.
    // The second (discharged 120) is followed on day 136 (16 days) → kept at 100.
    // B stays are exempt.
    let cases = [
      stay("c2", "A", 115, 120), stay("c1", "A", 90, 100), stay("c3", "A", 136, 140),
      stay("b1", "B", 200, 205), stay("b2", "B", 206, 210),
    ]
    var prices = cases.map { pricing.price($0) }
    pricing.applyReadmission(cases, &prices)
    #expect(prices.map(\.points) == [100, 50, 100, 250, 250])
    #expect(prices[1].reason.contains("readmitted to A within 15 days (case c2)"))
  }
}
