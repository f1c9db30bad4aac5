import DRGKit
import DRGPayment
import Foundation

/// The indicators `drg compare` draws funnel plots of.
public enum FunnelIndicator: String, Sendable, CaseIterable {
  /// Cost consumption index (mean of per-case ratios to the DRG's regional mean).
  case costIndex = "cei"
  /// Time consumption index, the same on lengths of stay.
  case timeIndex = "tei"
  /// Low-risk deaths observed over expected.
  case lowRiskMortality = "low_risk_oe"
}

/// Where a unit lies against the control limits.
public enum FunnelBand: String, Sendable {
  case inside
  /// Between the 95 % and 99.8 % limits.
  case warning
  /// Beyond the 99.8 % limits.
  case alarm
}

/// One unit on a funnel plot.
public struct FunnelPoint: Sendable, Equatable {
  /// The unit (hospital id or department).
  public var unit: String
  /// The precision axis: cases for CEI and TEI, expected deaths for O/E.
  public var volume: Double
  /// The indicator's value for the unit (CEI, TEI or O/E; target 1).
  public var value: Double
  /// Standard error of the value under the target (s_i), before overdispersion.
  public var standardError: Double
  /// (value − target) / √(s_i² + τ²).
  public var z: Double
  /// 95 % control limits at this unit's volume (outside: ``FunnelBand/warning``).
  public var limits95: (lower: Double, upper: Double)
  /// 99.8 % control limits at this unit's volume (outside: ``FunnelBand/alarm``).
  public var limits998: (lower: Double, upper: Double)
  /// Where the unit lies against the limits.
  public var band: FunnelBand
  /// Empirical-Bayes estimate: target + τ²/(τ² + s_i²)·(value − target).
  public var shrunk: Double

  /// Equal when unit, volume, value, standard error and shrunk value are (z, limits and band
  /// follow from them and τ²).
  public static func == (a: Self, b: Self) -> Bool {
    a.unit == b.unit && a.volume == b.volume && a.value == b.value
      && a.standardError == b.standardError && a.shrunk == b.shrunk
  }
}

/// A funnel plot with control limits around a target of 1 and overdispersion handled as in
/// Spiegelhalter (2005), *Funnel plots for comparing institutional performance*, Stat Med
/// 24:1185–1202, §3.3 and §4: z-scores z_i = (y_i − 1)/s_i are winsorised at their 10th
/// and 90th percentiles (type 7); φ = Σ z_i² / I. When I·φ > I − 1 there is more spread
/// than chance, and an additive between-unit variance
/// τ² = (I·φ − (I − 1)) / (Σ w_i − Σ w_i² / Σ w_i), w_i = 1 / s_i², widens every limit to
/// 1 ± z_p·√(s_i² + τ²); otherwise τ² = 0. For O/E without overdispersion the limits are
/// exact Poisson (Spiegelhalter 2005, appendix A.1.1, interpolated). The same τ² gives the
/// empirical-Bayes shrunken values.
public struct Funnel: Sendable {
  /// The indicator plotted.
  public var indicator: FunnelIndicator
  /// One point per unit with a standard error above 0, in the order given.
  public var points: [FunnelPoint]
  /// The winsorised overdispersion factor φ and the additive variance τ² (0 when none).
  public var phi: Double
  /// τ²: the additive between-unit variance (0 without overdispersion).
  public var tau2: Double

  /// 97.5 % and 99.9 % normal quantiles: two-sided 95 % and 99.8 % limits.
  static let z95 = 1.959963984540054
  static let z998 = 3.090232306167813

  /// A funnel of values with known standard errors under the target 1 (CEI, TEI).
  /// Units with a standard error of 0 or none are left out.
  public static func normal(
    indicator: FunnelIndicator, units: [(name: String, volume: Double, value: Double, se: Double)]
  ) -> Funnel {
    let kept = units.filter { $0.se > 0 && $0.se.isFinite && $0.value.isFinite }
    let (phi, tau2) = overdispersion(values: kept.map(\.value), errors: kept.map(\.se))
    let points = kept.map { unit -> FunnelPoint in
      let spread = (unit.se * unit.se + tau2).squareRoot()
      return point(
        unit.name, volume: unit.volume, value: unit.value, se: unit.se, spread: spread,
        limits95: (1 - z95 * spread, 1 + z95 * spread),
        limits998: (1 - z998 * spread, 1 + z998 * spread), tau2: tau2)
    }
    return Funnel(indicator: indicator, points: points, phi: phi, tau2: tau2)
  }

  /// A funnel of observed over expected counts (O/E); units expecting nothing are left out.
  public static func poisson(units: [(name: String, observed: Int, expected: Double)]) -> Funnel {
    let kept = units.filter { $0.expected > 0 }
    let values = kept.map { Double($0.observed) / $0.expected }
    let errors = kept.map { (1 / $0.expected).squareRoot() }
    let (phi, tau2) = overdispersion(values: values, errors: errors)
    var points: [FunnelPoint] = []
    for (index, unit) in kept.enumerated() {
      let se = errors[index]
      let spread = (se * se + tau2).squareRoot()
      let limits95: (Double, Double)
      let limits998: (Double, Double)
      if tau2 > 0 {
        limits95 = (1 - z95 * spread, 1 + z95 * spread)
        limits998 = (1 - z998 * spread, 1 + z998 * spread)
      } else {
        limits95 = poissonLimits(expected: unit.expected, tail: 0.025)
        limits998 = poissonLimits(expected: unit.expected, tail: 0.001)
      }
      points.append(
        point(
          unit.name, volume: unit.expected, value: values[index], se: se, spread: spread,
          limits95: limits95, limits998: limits998, tau2: tau2))
    }
    return Funnel(indicator: .lowRiskMortality, points: points, phi: phi, tau2: tau2)
  }

  private static func point(
    _ name: String, volume: Double, value: Double, se: Double, spread: Double,
    limits95: (Double, Double), limits998: (Double, Double), tau2: Double
  ) -> FunnelPoint {
    let band: FunnelBand =
      value < limits998.0 || value > limits998.1
      ? .alarm : value < limits95.0 || value > limits95.1 ? .warning : .inside
    let weight = tau2 > 0 ? tau2 / (tau2 + se * se) : 0
    return FunnelPoint(
      unit: name, volume: volume, value: value, standardError: se, z: (value - 1) / spread,
      limits95: limits95, limits998: limits998, band: band, shrunk: 1 + weight * (value - 1))
  }

  /// Winsorised φ and the additive τ² of Spiegelhalter (2005) for values with standard
  /// errors around the target 1. Fewer than 3 units: (1, 0).
  public static func overdispersion(values: [Double], errors: [Double]) -> (
    phi: Double, tau2: Double
  ) {
    let count = values.count
    guard count >= 3 else { return (1, 0) }
    var z = zip(values, errors).map { ($0 - 1) / $1 }
    let sorted = z.sorted()
    func quantile(_ p: Double) -> Double {
      let position = p * Double(count - 1)
      let low = Int(position)
      let high = min(low + 1, count - 1)
      return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
    }
    let low = quantile(0.1)
    let high = quantile(0.9)
    z = z.map { min(max($0, low), high) }
    let phi = z.reduce(0) { $0 + $1 * $1 } / Double(count)
    let units = Double(count)
    guard units * phi > units - 1 else { return (phi, 0) }
    let weights = errors.map { 1 / ($0 * $0) }
    let sum = weights.reduce(0, +)
    let squares = weights.reduce(0) { $0 + $1 * $1 }
    let tau2 = (units * phi - (units - 1)) / (sum - squares / sum)
    return (phi, max(0, tau2))
  }

  /// Exact Poisson limits of O/E at expected E (Spiegelhalter 2005, A.1.1): r_p is the
  /// smallest count with P(Y ≤ r_p) ≥ p for Y ~ Poisson(E); α = (P(Y ≤ r_p) − p) /
  /// (P(Y ≤ r_p) − P(Y ≤ r_p − 1)); the limit is (r_p − α) / E. Lower at p = tail, upper at
  /// p = 1 − tail; a limit below 0 is 0.
  public static func poissonLimits(expected: Double, tail: Double) -> (
    lower: Double, upper: Double
  ) {
    func limit(_ p: Double) -> Double {
      // Start well below the quantile (8 sd under the mean), step up to it.
      var r = max(0, Int(expected - 8 * expected.squareRoot()) - 1)
      var cdf = ExactStatistics.poissonCDF(r, mean: expected)
      while r > 0 && cdf >= p {
        r = max(0, r - Int(expected.squareRoot()) - 1)
        cdf = ExactStatistics.poissonCDF(r, mean: expected)
      }
      while cdf < p {
        r += 1
        cdf = ExactStatistics.poissonCDF(r, mean: expected)
      }
      let previous = r > 0 ? ExactStatistics.poissonCDF(r - 1, mean: expected) : 0
      let alpha = cdf > previous ? (cdf - p) / (cdf - previous) : 0
      return max(0, (Double(r) - alpha) / expected)
    }
    return (limit(tail), limit(1 - tail))
  }
}
