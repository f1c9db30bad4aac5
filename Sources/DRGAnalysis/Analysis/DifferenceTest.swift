import DRGKit
import DRGPayment
import Foundation

/// How a unit's costs in one DRG are compared with the benchmark (`--interval`).
public enum IntervalMethod: String, Sendable, CaseIterable {
  /// Welch's t on ln cost: the ratio of the unit's geometric mean to the benchmark's, with
  /// an interval exp(d ± t·se). Costs are close to lognormal within a DRG, so this interval
  /// keeps its 95 % coverage and misses evenly on both sides (the default).
  case log
  /// Percentile bootstrap of the ratio of arithmetic means, both samples resampled.
  case bootstrap
  /// Welch's t on the raw scale: the ratio of arithmetic means, (m_u ± t·se) / m_b. Skewed
  /// costs make it miss more often below than above.
  case t
}

/// Which cases the benchmark of a unit's cell is computed on (`--benchmark`).
public enum BenchmarkBasis: String, Sendable, CaseIterable {
  /// Every other unit's cases in the DRG: the unit's own cases are left out (the default).
  case leaveOneOut = "leave_one_out"
  /// Every unit's cases in the DRG, the unit's own included.
  case pooled

  /// The basis in words, for outputs.
  public var description: String {
    self == .leaveOneOut
      ? "leave-one-out: each unit is compared with the other units' cases in the DRG"
      : "pooled: each unit is compared with all cases in the DRG, its own included"
  }
}

/// The comparison of a unit's values in one DRG with the benchmark: a ratio, its 95 %
/// interval, a two-sided p-value, and after false-discovery control a q-value and a flag.
public struct DifferenceTest: Sendable, Equatable {
  /// Unit over benchmark: geometric means (``IntervalMethod/log``) or arithmetic means.
  public var ratio: Double
  /// Lower end of the ratio's 95 % interval.
  public var lower: Double
  /// Upper end of the ratio's 95 % interval.
  public var upper: Double
  /// Two-sided p-value of "no difference".
  public var p: Double
  /// Benjamini–Hochberg q-value over every tested cell; `nil` when the cell was not in the
  /// family (fewer cases than the minimum).
  public var q: Double?
  /// `higher` or `lower` when q < the false-discovery rate; `nil` otherwise.
  public var flag: DifferenceFlag?

  /// A test with its ratio, interval and p; q and flag are set by false-discovery control.
  public init(ratio: Double, lower: Double, upper: Double, p: Double) {
    self.ratio = ratio
    self.lower = lower
    self.upper = upper
    self.p = p
  }

  /// Welch's two-sample t on ln values: d = mean ln x_u − mean ln x_b,
  /// se² = s_u²/n_u + s_b²/n_b, df by Welch–Satterthwaite; ratio exp(d), interval
  /// exp(d ± t(0.975; df)·se), p = P(|T_df| ≥ |d/se|). `nil` when either side has fewer than
  /// 2 values or se is 0.
  package static func logScale(unit: Moments, benchmark: Moments, level: Double = 0.95)
    -> DifferenceTest?
  {
    guard let welch = Welch(unit: unit, benchmark: benchmark, level: level) else { return nil }
    return DifferenceTest(
      ratio: exp(welch.difference), lower: exp(welch.difference - welch.half),
      upper: exp(welch.difference + welch.half), p: welch.p)
  }

  /// Welch's two-sample t on the raw values: ratio m_u / m_b, interval
  /// (m_u − t(0.975; df)·se) / m_b to (m_u + t·se) / m_b, p as in ``logScale(unit:benchmark:level:)``.
  /// `nil` when either side has fewer than 2 values, se is 0 or the benchmark mean is not
  /// above 0.
  package static func rawScale(unit: Moments, benchmark: Moments, level: Double = 0.95)
    -> DifferenceTest?
  {
    guard benchmark.mean > 0,
      let welch = Welch(unit: unit, benchmark: benchmark, level: level)
    else { return nil }
    return DifferenceTest(
      ratio: unit.mean / benchmark.mean, lower: (unit.mean - welch.half) / benchmark.mean,
      upper: (unit.mean + welch.half) / benchmark.mean, p: welch.p)
  }

  /// Percentile bootstrap of m_u / m_b: `replicates` times, n_u values drawn with
  /// replacement from the unit's and n_b from the benchmark's; the interval is the 2.5th and
  /// 97.5th percentiles of the replicate ratios, and p = min(1, 2·min(#(r ≤ 1) + 1,
  /// #(r ≥ 1) + 1) / (B + 1)). The draws come from a SplitMix64 stream seeded with `seed`,
  /// so a run is reproducible. The benchmark is given as up to two slices (the values of
  /// the DRG before and after the unit's own). `nil` below 2 values on either side.
  static func bootstrap(
    unit: UnsafeBufferPointer<Double>, benchmark: [UnsafeBufferPointer<Double>],
    replicates: Int, seed: UInt64
  ) -> DifferenceTest? {
    let benchmarkCount = benchmark.reduce(0) { $0 + $1.count }
    guard unit.count >= 2, benchmarkCount >= 2 else { return nil }
    var sumUnit = 0.0
    for value in unit { sumUnit += value }
    var sumBenchmark = 0.0
    for part in benchmark { for value in part { sumBenchmark += value } }
    let benchmarkMean = sumBenchmark / Double(benchmarkCount)
    guard benchmarkMean > 0 else { return nil }
    var random = SplitMix64(seed: seed)
    var ratios = [Double](repeating: 0, count: replicates)
    let first = benchmark.first?.count ?? 0
    for replicate in 0..<replicates {
      var a = 0.0
      for _ in 0..<unit.count { a += unit[random.below(unit.count)] }
      var b = 0.0
      for _ in 0..<benchmarkCount {
        let index = random.below(benchmarkCount)
        b += index < first ? benchmark[0][index] : benchmark[1][index - first]
      }
      ratios[replicate] = (a / Double(unit.count)) / (b / Double(benchmarkCount))
    }
    ratios.sort()
    func percentile(_ p: Double) -> Double {
      let position = p * Double(replicates - 1)
      let low = Int(position)
      let high = min(low + 1, replicates - 1)
      return ratios[low] + (position - Double(low)) * (ratios[high] - ratios[low])
    }
    let below = ratios.reduce(0) { $0 + ($1 <= 1 ? 1 : 0) }
    let above = ratios.reduce(0) { $0 + ($1 >= 1 ? 1 : 0) }
    let p = min(1, 2 * Double(min(below, above) + 1) / Double(replicates + 1))
    return DifferenceTest(
      ratio: (sumUnit / Double(unit.count)) / benchmarkMean, lower: percentile(0.025),
      upper: percentile(0.975), p: p)
  }
}

/// Welch's two-sample t statistic of unit against benchmark.
struct Welch {
  var difference: Double
  /// t(1 − α/2; df)·se.
  var half: Double
  var p: Double

  init?(unit: Moments, benchmark: Moments, level: Double) {
    guard let unitVariance = unit.variance, let benchmarkVariance = benchmark.variance
    else { return nil }
    let a = unitVariance / Double(unit.count)
    let b = benchmarkVariance / Double(benchmark.count)
    let se2 = a + b
    guard se2 > 0 else { return nil }
    let df =
      se2 * se2 / (a * a / Double(unit.count - 1) + b * b / Double(benchmark.count - 1))
    let se = se2.squareRoot()
    difference = unit.mean - benchmark.mean
    half = ExactStatistics.studentTQuantile(1 - (1 - level) / 2, degrees: df) * se
    p = ExactStatistics.studentTTwoSidedP(difference / se, degrees: df)
  }
}

/// A small, fast, seedable random number generator (SplitMix64, Steele et al. 2014).
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A whole number in 0..<bound (multiply-shift; the bias is below 2⁻³² for our bounds).
  mutating func below(_ bound: Int) -> Int {
    Int(((next() >> 32) &* UInt64(bound)) >> 32)
  }
}

/// Benjamini–Hochberg false-discovery control.
package enum FalseDiscovery {
  /// The q-values (BH-adjusted p-values) of `pValues`, in the same order: with the p-values
  /// ranked ascending p₍₁₎ ≤ … ≤ p₍ₘ₎, q₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎ / j).
  /// Rejecting every hypothesis with q < α controls the false-discovery rate at α.
  package static func qValues(_ pValues: [Double]) -> [Double] {
    let m = pValues.count
    guard m > 0 else { return [] }
    let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
    var q = [Double](repeating: 1, count: m)
    var running = 1.0
    for rank in stride(from: m, through: 1, by: -1) {
      let index = order[rank - 1]
      running = min(running, Double(m) * pValues[index] / Double(rank))
      q[index] = min(1, running)
    }
    return q
  }
}
