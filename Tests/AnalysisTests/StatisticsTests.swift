import DRGKit
import Foundation
import Testing

@Suite("Exact statistics")
struct StatisticsTests {
  @Test(arguments: [
    // (observed, lower, upper) from the chi-square tables (Garwood 1936).
    (0, 0.0, 3.688_879), (1, 0.025_318, 5.571_643), (5, 1.623_486, 11.668_332),
    (10, 4.795_389, 18.390_356), (100, 81.363_73, 121.627_7),
  ])
  func exactPoissonInterval(_ observed: Int, _ lower: Double, _ upper: Double) {
    let interval = ExactStatistics.poissonInterval(observed: observed)
    #expect(abs(interval.lower - lower) < 1e-4 * max(1, lower))
    #expect(abs(interval.upper - upper) < 1e-4 * max(1, upper))
  }

  @Test func chiSquareAndGamma() {
    #expect(abs(ExactStatistics.chiSquareQuantile(0.95, degrees: 1) - 3.841_459) < 1e-5)
    #expect(abs(ExactStatistics.chiSquareQuantile(0.05, degrees: 10) - 3.940_299) < 1e-5)
    #expect(abs(ExactStatistics.regularizedGammaP(1, 2) - (1 - exp(-2))) < 1e-14)
  }

  @Test func poissonTest() {
    // P(X ≤ 0 | 3) = e^−3 = 0.049787; the test doubles the smaller tail.
    #expect(abs(ExactStatistics.poissonTestP(observed: 0, expected: 3) - 2 * exp(-3)) < 1e-12)
    // 10 observed against 2 expected: P(X ≥ 10 | 2) = 4.649e-5.
    #expect(abs(ExactStatistics.poissonTestP(observed: 10, expected: 2) - 2 * 4.649_5e-5) < 1e-8)
    #expect(ExactStatistics.poissonTestP(observed: 2, expected: 2) == 1)
  }

  @Test(arguments: [(1, 12.7062), (4, 2.7764), (30, 2.0423), (40, 2.0211), (120, 1.9799)])
  func studentT(_ df: Int, _ value: Double) {
    #expect(abs(ExactStatistics.t975(degrees: df) - value) < 2e-4)
  }
}

/// The confidence-interval flag of a hospital's mean cost in one DRG.
@Suite("Significance flag")
struct SignificanceFlagTests {
  ///     H: 1000 1010 990 1000 1005   mean 1001, sd √55 = 7.416, t(4) = 2.7764,
  ///                                 CI 1001 ± 9.21 = [991.8, 1010.2]
  ///     O:  400  500 600  500  500   mean 500, sd 70.71, CI 500 ± 87.8 = [412.2, 587.8]
  ///     W:  100 1400                 mean 750, sd 919.2, t(1) = 12.706, CI 750 ± 8259
  /// Region mean = 9005 / 12 = 750.42: H must flag higher, O lower, W must not flag.
  @Test func flagsOnlyWhereTheRegionMeanIsOutsideTheInterval() throws {
    var cases = ComparisonCases()
    for (unit, costs) in [
      ("H", [1000.0, 1010, 990, 1000, 1005]), ("O", [400, 500, 600, 500, 500]), ("W", [100, 1400]),
    ] {
      for cost in costs {
        cases.append(unit: unit, drg: "D", cost: cost, lengthOfStay: 5, died: false)
      }
    }
    let comparison = HospitalComparison(cases: cases, weights: nil)
    let cells = Dictionary(uniqueKeysWithValues: comparison.cells.map { ($0.unit, $0) })
    let h = try #require(cells["H"])
    #expect(abs(h.cost.region.mean - 9005.0 / 12) < 1e-9)
    let interval = try #require(h.cost.interval)
    #expect(abs(interval.lower - 991.792) < 1e-2 && abs(interval.upper - 1010.208) < 1e-2)
    #expect(h.cost.flag == .higher)
    #expect(cells["O"]?.cost.flag == .lower)
    #expect(cells["W"]?.cost.flag == nil)
    #expect(cells["W"]?.cost.interval != nil)
    // Same LOS everywhere: sd 0, the interval is the mean itself, equal to the region's.
    #expect(h.lengthOfStay.flag == nil)
  }

  @Test func noIntervalForOneCase() {
    var cases = ComparisonCases()
    cases.append(unit: "A", drg: "D", cost: 100, lengthOfStay: 1, died: false)
    cases.append(unit: "B", drg: "D", cost: 900, lengthOfStay: 1, died: false)
    let comparison = HospitalComparison(cases: cases, weights: nil)
    #expect(comparison.cells.allSatisfy { $0.cost.interval == nil && $0.cost.flag == nil })
  }
}
