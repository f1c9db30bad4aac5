import DRGKit
import DRGPayment
import Foundation
import Testing

/// Issue 18 items 3 and 7: day surgery, single disease in yuan by hospital level (outside
/// the pool, against its budget, or converted to points), per-diem rates by level, and the
/// new-technology exemption. Every expected payment is worked out by hand below.
///
/// Common ground (``Example``): DRG A BP 100, mean 10 000; B BP 250, mean 25 000; C BP 150,
/// mean 15 000; mean of all cases 10 000, 100 points per average case → reference point
/// value 10 000 / 100 = 100 yuan per point. Levels: H1 "3", H2 "2", H3 none.
@Suite("Cases priced in yuan")
struct YuanPricedCaseTests {
  static func policy() -> SettlementPolicy {
    var policy = Example.policy()
    policy.coefficients.levels = ["H1": "3", "H2": "2"]
    policy.readmission.enabled = false
    policy.reserveShare = 0
    policy.sharing = nil
    return policy
  }

  static func item(
    _ id: String, _ hospital: String, drg: String = "A", cost: Double = 10_000,
    los: Int? = nil, diagnosis: String = "", procedure: String = ""
  ) -> SettlementCase {
    SettlementCase(
      caseID: id, hospital: hospital, drg: drg, cost: cost, los: los,
      principalDiagnosis: diagnosis, mainProcedure: procedure)
  }

  // MARK: - Day surgery

  /// cataract: main procedure 13.4…, at most 1 day; 3 000 yuan at level 3, else 2 500,
  /// outside the pool. hernia: DRG C, at most 2 days, 40 points.
  static func daySurgeryPricing() throws -> CasePricing {
    var policy = policy()
    policy.daySurgery = [
      .init(
        name: "cataract", procedures: ["13.4"], maxDays: 1,
        price: .init(yuan: 2_500, byLevel: ["3": 3_000])),
      .init(name: "hernia", drgs: ["C"], maxDays: 2, points: 40),
    ]
    return try Example.pricing(policy)
  }

  @Test func daySurgeryByProcedureOrDRGWithinItsDays() throws {
    let pricing = try Self.daySurgeryPricing()
    // H1 (level 3), 13.4100, 1 day: 3 000.00 yuan = 300 000 fen, no points.
    let h1 = pricing.price(Self.item("1", "H1", cost: 4_000, los: 1, procedure: "13.4100"))
    #expect(h1.category == .daySurgery && h1.basis == .yuanOutside && h1.fen == 300_000)
    #expect(h1.centipoints == 0)
    // H2 (level 2 has no price of its own) → the plain 2 500.00.
    let h2 = pricing.price(Self.item("2", "H2", cost: 4_000, los: 1, procedure: "13.4100"))
    #expect(h2.category == .daySurgery && h2.fen == 250_000)
    // 2 days > maxDays 1: not day surgery → A, 4 000 / 10 000 = 0.4 ≥ 0.3 → normal 100.
    let long = pricing.price(Self.item("3", "H1", cost: 4_000, los: 2, procedure: "13.4100"))
    #expect(long.category == .normal && long.points == 100)
    // No length of stay: cannot be shown to be day surgery → normal 100.
    let unknown = pricing.price(Self.item("4", "H1", cost: 4_000, procedure: "13.4100"))
    #expect(unknown.category == .normal && unknown.points == 100)
    // DRG C in 2 days → 40 points; in 3 days → C normal, 15 000 / 15 000 = 1 → BP 150.
    let hernia = pricing.price(Self.item("5", "H2", drg: "C", cost: 15_000, los: 2))
    #expect(hernia.category == .daySurgery && hernia.points == 40 && hernia.basis == .points)
    let stay = pricing.price(Self.item("6", "H2", drg: "C", cost: 15_000, los: 3))
    #expect(stay.category == .normal && stay.points == 150)
  }

  // MARK: - Single disease in yuan, three ways of meeting the pool

  /// Cases: c1 H1 A normal 100 points; c2 H2 A normal 100 points; c3 H1 appendicitis (K35)
  /// cost 7 000; c4 H2 appendicitis cost 4 000. Price 6 000 yuan at level 3, 5 000 at
  /// level 2. Budget 20 000, no reserve, no sharing bands.
  static func singleDiseaseSettlement(_ pool: SettlementPolicy.YuanPool) throws -> Settlement {
    var policy = policy()
    policy.budget = 20_000
    policy.singleDisease = [
      .init(
        name: "appendicitis", diagnoses: ["K35"],
        price: .init(byLevel: ["3": 6_000, "2": 5_000]), pool: pool)
    ]
    let cases = [
      Self.item("c1", "H1"), Self.item("c2", "H2"),
      Self.item("c3", "H1", cost: 7_000, diagnosis: "K35.100"),
      Self.item("c4", "H2", cost: 4_000, diagnosis: "K35.900"),
    ]
    return Settlement.run(cases: cases, pricing: try Example.pricing(policy))
  }

  /// outside: the points share the whole budget: PV = 20 000 / 200 = 100; H1 paid
  /// 100 × 100 = 10 000.00 + 6 000.00 = 16 000.00; H2 10 000.00 + 5 000.00 = 15 000.00;
  /// 11 000.00 paid outside the budget; actual cost for the bands 10 000.00 each (the
  /// yuan cases' 7 000 and 4 000 kept apart).
  @Test func singleDiseaseOutsideThePool() throws {
    let settlement = try Self.singleDiseaseSettlement(.outside)
    let pool = settlement.pools[0]
    #expect(pool.solution.pointValue == 100)
    #expect(pool.hospitals.map(\.paymentFen) == [1_000_000, 1_000_000])
    #expect(pool.hospitals.map(\.yuanPaymentFen) == [600_000, 500_000])
    #expect(pool.hospitals.map(\.finalPaymentFen) == [1_600_000, 1_500_000])
    #expect(pool.hospitals.map(\.actualFen) == [1_000_000, 1_000_000])
    #expect(pool.hospitals.map(\.yuanCostFen) == [700_000, 400_000])
    #expect(pool.yuanOutsideFen == 1_100_000 && pool.yuanInBudgetFen == 0)
    #expect(settlement.paymentFen(ofCase: 2) == 600_000)
    #expect(settlement.prices[2].category == .singleDisease)
  }

  /// budget: 11 000 is taken off the budget first: point budget 9 000, PV = 9 000 / 200
  /// = 45; H1 4 500.00 + 6 000.00 = 10 500.00; H2 4 500.00 + 5 000.00 = 9 500.00; the
  /// total 20 000.00 is the budget.
  @Test func singleDiseaseAgainstThePoolBudget() throws {
    let settlement = try Self.singleDiseaseSettlement(.budget)
    let pool = settlement.pools[0]
    #expect(pool.pointBudgetFen == 900_000)
    #expect(pool.solution.pointValue == 45)
    #expect(pool.hospitals.map(\.finalPaymentFen) == [1_050_000, 950_000])
    #expect(pool.finalPayoutFen == pool.budgetFen)
    #expect(pool.yuanInBudgetFen == 1_100_000 && pool.yuanOutsideFen == 0)
  }

  /// points: converted at 100 yuan per point: c3 6 000 / 100 = 60 points, c4 50 points;
  /// H1 160, H2 150, total 310; PV = 20 000 / 310 = 64.516 129…; H1 exactly
  /// 1 032 258.06… fen, H2 967 741.93… fen: ⌊⌋ give 1 999 999, the last fen goes to the
  /// larger remainder (H2 .93 > H1 .06): H1 10 322.58, H2 9 677.42. Case c3 is paid
  /// round(6 000 centipoints × 64.516 129…) = round(387 096.77) = 387 097 fen.
  @Test func singleDiseaseConvertedToPoints() throws {
    let settlement = try Self.singleDiseaseSettlement(.points)
    let pool = settlement.pools[0]
    #expect(settlement.prices[2].centipoints == 6_000 && settlement.prices[3].centipoints == 5_000)
    #expect(pool.hospitals.map(\.centipoints) == [16_000, 15_000])
    #expect(pool.hospitals.map(\.paymentFen) == [1_032_258, 967_742])
    #expect(pool.hospitals.map(\.yuanPaymentFen) == [0, 0])
    #expect(settlement.paymentFen(ofCase: 2) == 387_097)
  }

  // MARK: - Per-diem by level

  /// psychiatry (DRG B), points: days 1–30 at 40 a day at level 3, else 30; from day 31,
  /// 20. 45 days: H1 30 × 40 + 15 × 20 = 1 500; H2 30 × 30 + 15 × 20 = 1 200.
  /// rehab (DRG C), yuan against the budget: days 1–10 at 500 (level 3) / 400 (level 2),
  /// from day 11 at 300. 12 days: H1 10 × 500 + 2 × 300 = 5 600.00; H2 10 × 400 + 2 × 300
  /// = 4 600.00; H3 has no level and the first segment no plain rate → no price.
  @Test func perDiemRatesByLevelInPointsAndYuan() throws {
    var policy = Self.policy()
    policy.perDiem = [
      .init(
        name: "psychiatry", drgs: ["B"], adrgs: [],
        segments: [
          .init(fromDay: 1, toDay: 30, pointsPerDay: 30, pointsPerDayByLevel: ["3": 40]),
          .init(fromDay: 31, toDay: nil, pointsPerDay: 20),
        ]),
      .init(
        name: "rehab", drgs: ["C"], adrgs: [],
        segments: [
          .init(fromDay: 1, toDay: 10, yuanPerDayByLevel: ["3": 500, "2": 400]),
          .init(fromDay: 11, toDay: nil, yuanPerDay: 300),
        ], pool: .budget),
    ]
    let pricing = try Example.pricing(policy)
    #expect(pricing.price(Self.item("1", "H1", drg: "B", los: 45)).points == 1_500)
    #expect(pricing.price(Self.item("2", "H2", drg: "B", los: 45)).points == 1_200)
    let rehab1 = pricing.price(Self.item("3", "H1", drg: "C", los: 12))
    #expect(rehab1.category == .perDiem && rehab1.basis == .yuanInBudget && rehab1.fen == 560_000)
    #expect(pricing.price(Self.item("4", "H2", drg: "C", los: 12)).fen == 460_000)
    let none = pricing.price(Self.item("5", "H3", drg: "C", los: 12))
    #expect(none.category == .excluded && none.basis == .noPrice)
    // The settlement names the case and stops (drg settle exits 65).
    let settlement = Settlement.run(
      cases: [Self.item("c9", "H3", drg: "C", los: 12)], pricing: pricing)
    #expect(settlement.problems.count == 1)
    #expect(settlement.problems[0].contains("case c9: per diem rehab"), "\(settlement.problems)")
    #expect(settlement.problems[0].contains("a hospital without a level"))
  }

  // MARK: - New technology

  /// TAVI (main procedure 35.05…), 90 % of the cost: a 200 000 yuan case at H1 is paid
  /// 180 000.00 yuan outside the pool; converted to points it is 200 000 / 10 000 × 100
  /// × 0.9 = 1 800 points. Special review still comes first.
  @Test func newTechnologyIsPaidByCostOutsideDRGPricing() throws {
    var policy = Self.policy()
    policy.newTechnology = [.init(name: "TAVI", procedures: ["35.05"], costShare: 0.9)]
    policy.specialReview = ["sr": 500]
    let pricing = try Example.pricing(policy)
    let tavi = pricing.price(Self.item("1", "H1", cost: 200_000, procedure: "35.0500"))
    #expect(tavi.category == .newTechnology && tavi.basis == .yuanOutside)
    #expect(tavi.fen == 18_000_000)
    let other = pricing.price(Self.item("2", "H1", cost: 10_000, procedure: "35.2100"))
    #expect(other.category == .normal && other.points == 100)
    let reviewed = pricing.price(Self.item("sr", "H1", cost: 200_000, procedure: "35.0500"))
    #expect(reviewed.category == .specialReview && reviewed.points == 500)
    policy.newTechnology[0].pool = .points
    let asPoints = try Example.pricing(policy).price(
      Self.item("1", "H1", cost: 200_000, procedure: "35.0500"))
    #expect(asPoints.category == .newTechnology && asPoints.points == 1_800)
  }

  // MARK: - Deposit on yuan payments

  /// The quality deposit is a share of everything the hospital is paid: with
  /// ``singleDiseaseOutsideThePool`` (H1 10 000 + 6 000) and withholdShare 0.1, score 100:
  /// withheld round(1 600 000 × 0.1) = 160 000 fen, all returned; score 50 → half,
  /// 80 000 fen: final 16 000 − 1 600 + 800 = 15 200.00.
  @Test func depositIsTakenFromThePointAndYuanPayments() throws {
    var settlement = try Self.singleDiseaseSettlement(.outside)
    var quality = SettlementPolicy.Quality()
    quality.withholdShare = 0.1
    try settlement.applyAdjustments(
      quality: quality, scores: ["H1": 50, "H2": 100], deductions: [], destination: .pool)
    let h1 = settlement.pools[0].hospitals[0]
    #expect(h1.withheldFen == 160_000 && h1.returnedFen == 80_000)
    #expect(h1.finalPaymentFen == 1_520_000)
  }
}
