import DRGAnalysis
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// The cost comparison of a unit's cell with its benchmark: intervals, leave-one-out
/// benchmarks, false-discovery control and the minimum number of cases.
@Suite("Cell tests: intervals, benchmarks, false discoveries")
struct CellTestTests {
  /// One DRG, three hospitals of five cases:
  ///
  ///     A: 1000 1100 1200 1300 1400     B: 2000 2100 2200 2300 2400
  ///     C: 1500 1600 1700 1800 1900
  ///
  /// Expected values computed independently with SciPy (not with this code):
  /// `scipy.stats.ttest_ind(log(A), log(B ∪ C), equal_var=False)` for p, and
  /// exp(d ± t.ppf(0.975, ν)·se) with the Welch–Satterthwaite ν for the interval;
  /// `scipy.stats.false_discovery_control([pA, pB, pC])` for q. By hand, BH: p ranked
  /// B 8.279e-5 (1), A 1.2509e-4 (2), C 0.6937 (3); q₃ = 0.6937, q₂ = 3/2·1.2509e-4 =
  /// 1.8764e-4, q₁ = min(3·8.279e-5, q₂) = 1.8764e-4.
  static func threeHospitals() -> ComparisonCases {
    var cases = ComparisonCases()
    for (unit, costs) in [
      ("A", [1000.0, 1100, 1200, 1300, 1400]), ("B", [2000, 2100, 2300, 2200, 2400]),
      ("C", [1500, 1600, 1700, 1800, 1900]),
    ] {
      for cost in costs {
        cases.append(unit: unit, drg: "D", cost: cost, lengthOfStay: 5, died: false)
      }
    }
    return cases
  }

  @Test func leaveOneOutLogScaleWelchWithBenjaminiHochberg() throws {
    var options = ComparisonOptions()
    options.minimumCases = 5
    let comparison = HospitalComparison(
      cases: Self.threeHospitals(), weights: nil, options: options)
    let cells = Dictionary(uniqueKeysWithValues: comparison.cells.map { ($0.unit, $0) })
    let a = try #require(cells["A"]?.cost.test)
    #expect(abs(a.ratio - 0.6178731626581763) < 1e-12)
    #expect(abs(a.lower - 0.5191316425652202) < 1e-9 && abs(a.upper - 0.7353958299416404) < 1e-9)
    #expect(abs(a.p - 0.00012509014525135078) / 0.000125 < 1e-8)
    let b = try #require(cells["B"]?.cost.test)
    #expect(abs(b.ratio - 1.5452154824573876) < 1e-12)
    #expect(abs(b.lower - 1.3120046535530503) < 1e-9 && abs(b.upper - 1.8198798920109716) < 1e-9)
    #expect(abs(b.p - 8.279121535235596e-05) / 8.3e-5 < 1e-8)
    let c = try #require(cells["C"]?.cost.test)
    #expect(abs(c.p - 0.6936727003298706) < 1e-10)
    // Benchmarks leave the unit out: A's is B ∪ C, 10 cases with mean 1950.
    #expect(cells["A"]?.cost.benchmark.count == 10)
    #expect(cells["A"]?.cost.benchmark.mean == 1950)
    #expect(abs(try #require(a.q) - 1.87635218e-4) < 1e-11)
    #expect(abs(try #require(b.q) - 1.87635218e-4) < 1e-11)
    #expect(abs(try #require(c.q) - 0.6936727003298706) < 1e-10)
    #expect(a.flag == .lower && b.flag == .higher && c.flag == nil)
    #expect(comparison.testedCells.cost == 3 && comparison.flaggedCells.cost == 2)
    // LOS is 5 days everywhere: no spread, no test.
    #expect(comparison.cells.allSatisfy { $0.lengthOfStay.test == nil })
  }

  /// The same data with the pooled benchmark and the raw-scale t. SciPy:
  /// ttest_ind(A, A ∪ B ∪ C, equal_var=False) p = 0.001700028209468565 (B alike, by
  /// symmetry around the pooled mean 1700); C's mean equals the pooled mean: ratio 1, p 1.
  @Test func pooledRawScale() throws {
    var options = ComparisonOptions()
    options.benchmark = .pooled
    options.interval = .t
    options.minimumCases = 5
    let comparison = HospitalComparison(
      cases: Self.threeHospitals(), weights: nil, options: options)
    let cells = Dictionary(uniqueKeysWithValues: comparison.cells.map { ($0.unit, $0) })
    let a = try #require(cells["A"]?.cost.test)
    #expect(abs(a.ratio - 1200.0 / 1700) < 1e-12)
    #expect(abs(a.p - 0.001700028209468565) < 1e-12)
    #expect(cells["A"]?.cost.benchmark.count == 15)
    #expect(abs(try #require(cells["C"]?.cost.test?.p) - 1) < 1e-12)
  }

  /// Bootstrap: A's five costs all lie below every benchmark cost (B ∪ C), so no resample
  /// ratio reaches 1 and p = 2·(0 + 1)/(999 + 1) = 0.002; C sits in the middle. The seeded
  /// resampling gives the same result twice.
  @Test func bootstrapIsReproducibleAndFindsTheClearDifference() throws {
    var options = ComparisonOptions()
    options.interval = .bootstrap
    options.minimumCases = 5
    let first = HospitalComparison(cases: Self.threeHospitals(), weights: nil, options: options)
    let second = HospitalComparison(cases: Self.threeHospitals(), weights: nil, options: options)
    let cells = Dictionary(uniqueKeysWithValues: first.cells.map { ($0.unit, $0) })
    let a = try #require(cells["A"]?.cost.test)
    #expect(abs(a.ratio - 1200.0 / 1950) < 1e-12)
    #expect(abs(a.p - 0.002) < 1e-12 && a.upper < 1)
    #expect(a.flag == .lower)
    #expect(cells["C"]?.cost.flag == nil)
    #expect(first.cells.map(\.cost.test) == second.cells.map(\.cost.test))
  }

  /// Five cases per cell: with the default minimum of 10 nothing is tested or flagged,
  /// although A and B differ clearly; the interval is still given.
  @Test func smallCellsAreNeverFlagged() throws {
    let comparison = HospitalComparison(cases: Self.threeHospitals(), weights: nil)
    #expect(comparison.testedCells.cost == 0 && comparison.flaggedCells.cost == 0)
    #expect(comparison.cells.allSatisfy { $0.cost.flag == nil && $0.cost.test?.q == nil })
    #expect(comparison.cells.allSatisfy { $0.cost.test != nil })
  }

  /// BH by hand on p = (0.01, 0.04, 0.03, 0.005, 0.5), m = 5. Ranked: 0.005 (1), 0.01 (2),
  /// 0.03 (3), 0.04 (4), 0.5 (5); m·p/rank = 0.025, 0.025, 0.05, 0.05, 0.5; running minimum
  /// from the top leaves them as they are. So q = (0.025, 0.05, 0.05, 0.025, 0.5).
  @Test func benjaminiHochbergByHand() {
    let q = FalseDiscovery.qValues([0.01, 0.04, 0.03, 0.005, 0.5])
    let expected = [0.025, 0.05, 0.05, 0.025, 0.5]
    for (value, want) in zip(q, expected) { #expect(abs(value - want) < 1e-15) }
    // Monotone step: p = (0.04, 0.041) → m·p/rank = 0.08, 0.041 → q = (0.041, 0.041).
    let tied = FalseDiscovery.qValues([0.04, 0.041])
    #expect(abs(tied[0] - 0.041) < 1e-15 && abs(tied[1] - 0.041) < 1e-15)
    #expect(FalseDiscovery.qValues([]).isEmpty)
  }

  /// Moments taken out of a merged sample are those of the rest (leave-one-out).
  @Test func momentsMergeAndRemove() {
    let a = Moments([1, 2, 3, 4.0])
    let b = Moments([10, 20.0])
    let all = a.merged(with: b)
    let direct = Moments([1, 2, 3, 4, 10, 20.0])
    #expect(all.count == 6 && abs(all.mean - direct.mean) < 1e-12)
    #expect(abs(all.squaredDeviations - direct.squaredDeviations) < 1e-9)
    let rest = all.removing(b)
    #expect(rest.count == 4 && abs(rest.mean - 2.5) < 1e-12)
    #expect(abs(rest.squaredDeviations - 5) < 1e-9)  // (1.5² + 0.5²)·2 = 5
  }

  /// Lognormal costs, as within a DRG: a unit of n cases against a benchmark of 200 from the
  /// same distribution, so the true ratio is 1. The log-scale interval must cover 1 in
  /// 95 % ± 1 point of 4,000 seeded runs, and miss as often below as above (within 1 point).
  /// (The raw-scale t interval of the issue covered 92.7–94 % at SD 0.44 and 88–92 % at 0.7
  /// in such a simulation, missing mostly on one side.)
  @Test(arguments: [0.44, 0.7])
  func logScaleIntervalCoverage(_ sd: Double) {
    var random = SeededGenerator(seed: 20_261_206)
    let runs = 4000
    var covered = 0
    var missLow = 0
    var missHigh = 0
    for run in 0..<runs {
      let n = [5, 10, 20, 40][run % 4]
      // Costs with median e⁸ ≈ 2,981 yuan; the test sees their logarithms.
      let unitCosts = (0..<n).map { _ in exp(8 + sd * random.normal()) }
      let benchmarkCosts = (0..<200).map { _ in exp(8 + sd * random.normal()) }
      let unitLogs = Moments(unitCosts.map { log($0) })
      let benchmarkLogs = Moments(benchmarkCosts.map { log($0) })
      guard let test = DifferenceTest.logScale(unit: unitLogs, benchmark: benchmarkLogs) else {
        Issue.record("no test")
        return
      }
      if test.upper < 1 {
        missLow += 1
      } else if test.lower > 1 {
        missHigh += 1
      } else {
        covered += 1
      }
    }
    let coverage = Double(covered) / Double(runs)
    #expect(abs(coverage - 0.95) <= 0.01, "coverage \(coverage) at SD \(sd)")
    #expect(
      abs(Double(missLow - missHigh)) / Double(runs) <= 0.01,
      "misses below \(missLow), above \(missHigh)")
  }
}

/// Uniform draws and Box–Muller normals for the simulations, from the shared generator
/// (independent of the library's).
extension SeededGenerator {
  /// Uniform in (0, 1).
  mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }

  mutating func normal() -> Double {
    (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
  }
}
