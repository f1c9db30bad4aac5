import DRGAnalysis
import DRGKit
import DRGPayment
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

  /// t(0.975; df): the 4-decimal values agree with every printed table (e.g. Abramowitz &
  /// Stegun Table 26.10: 12.7062, 4.3027, 2.5706, 2.2281, 2.1314, 2.0423, 1.9840); the full
  /// digits were computed independently with SciPy 1.x, `scipy.stats.t.ppf(0.975, df)`
  /// (Boost's inverse incomplete beta), not with the code under test.
  @Test(arguments: [
    (1, 12.706204736174694), (2, 4.302652729749462), (5, 2.5705818356363146),
    (10, 2.228138851986274), (15, 2.131449545559776), (30, 2.0422724563012378),
    (100, 1.9839715185235518),
  ])
  func exactStudentTQuantile(_ df: Int, _ value: Double) {
    #expect(abs(ExactStatistics.t975(degrees: df) - value) < 1e-9)
    #expect(abs(ExactStatistics.studentTQuantile(0.025, degrees: Double(df)) + value) < 1e-9)
  }

  /// Fractional df and far tails (Welch intervals use both). SciPy:
  /// t.ppf(0.995, 3.5) = 5.085702223091256, t.ppf(0.9995, 1) = 636.6192487687897 (= tan(0.4995π)),
  /// t.cdf(−2.5, 7.3) = 0.019825117332800214; betainc(2.5, 0.5, 0.3) = 0.018927124071945658,
  /// betainc(50, 60, 0.45) = 0.4642352914306031.
  @Test func studentTTailsAndFractionalDegrees() {
    #expect(abs(ExactStatistics.studentTQuantile(0.995, degrees: 3.5) - 5.085702223091256) < 1e-9)
    #expect(abs(ExactStatistics.studentTQuantile(0.9995, degrees: 1) - 636.6192487687897) < 1e-7)
    #expect(
      abs(ExactStatistics.studentTUpperTail(-2.5, degrees: 7.3) - (1 - 0.019825117332800214))
        < 1e-13)
    #expect(
      abs(ExactStatistics.studentTUpperTail(2.5, degrees: 7.3) - 0.019825117332800214) < 1e-13)
    #expect(abs(ExactStatistics.regularizedBeta(2.5, 0.5, 0.3) - 0.018927124071945658) < 1e-14)
    #expect(abs(ExactStatistics.regularizedBeta(50, 60, 0.45) - 0.4642352914306031) < 1e-13)
    // df = 2 has a closed form: t_p = (2p − 1)·√(2 / (4p(1 − p))); p = 0.9 gives 1.8856180831641267.
    #expect(abs(ExactStatistics.studentTQuantile(0.9, degrees: 2) - 1.8856180831641267) < 1e-12)
    // Normal: z(0.975) = 1.959963984540054, z(0.999) = 3.090232306167813 (standard tables).
    #expect(abs(ExactStatistics.normalQuantile(0.975) - 1.959963984540054) < 1e-12)
    #expect(abs(ExactStatistics.normalQuantile(0.999) - 3.090232306167813) < 1e-12)
  }
}

/// The flag of a hospital's mean cost in one DRG against the others.
@Suite("Significance flag")
struct SignificanceFlagTests {
  /// Twelve cases of H around 1000 and twelve of O around 500, and W with two cases:
  /// leave-one-out, H is compared with O ∪ W and must be flagged higher, O lower; W has
  /// fewer cases than the minimum and is never flagged.
  @Test func flagsDirectionAndSmallCells() throws {
    var cases = ComparisonCases()
    let h = (0..<12).map { 1000.0 + Double($0 % 4) * 10 }
    let o = (0..<12).map { 500.0 + Double($0 % 3) * 50 }
    for (unit, costs) in [("H", h), ("O", o), ("W", [100.0, 1400])] {
      for cost in costs {
        cases.append(unit: unit, drg: "D", cost: cost, lengthOfStay: 5, died: false)
      }
    }
    let comparison = HospitalComparison(cases: cases, weights: nil)
    let cells = Dictionary(uniqueKeysWithValues: comparison.cells.map { ($0.unit, $0) })
    #expect(cells["H"]?.cost.flag == .higher)
    #expect(cells["O"]?.cost.flag == .lower)
    #expect(cells["W"]?.cost.flag == nil && cells["W"]?.cost.test?.q == nil)
    #expect(cells["W"]?.cost.test != nil)
    // Same LOS everywhere: no spread, no test, no flag.
    #expect(cells["H"]?.lengthOfStay.flag == nil)
  }

  @Test func noIntervalForOneCase() {
    var cases = ComparisonCases()
    cases.append(unit: "A", drg: "D", cost: 100, lengthOfStay: 1, died: false)
    cases.append(unit: "B", drg: "D", cost: 900, lengthOfStay: 1, died: false)
    let comparison = HospitalComparison(cases: cases, weights: nil)
    #expect(comparison.cells.allSatisfy { $0.cost.test == nil && $0.cost.flag == nil })
  }
}
