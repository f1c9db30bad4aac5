import Foundation

/// Distribution functions for the comparison: the regularized incomplete gamma function,
/// its inverse (which gives chi-square quantiles and the exact Poisson interval), the
/// Poisson test, and the 97.5 % quantile of Student's t. Foundation only.
public enum ExactStatistics {
  /// The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a), for a > 0.
  ///
  /// Series for x < a + 1, Lentz's continued fraction otherwise (Numerical Recipes §6.2);
  /// accurate to about 1e-14.
  public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
    precondition(a > 0, "regularizedGammaP needs a > 0")
    if x <= 0 { return 0 }
    if x.isInfinite { return 1 }
    let logPrefix = a * log(x) - x - lgamma(a)
    if x < a + 1 {
      var term = 1 / a
      var sum = term
      var n = a
      for _ in 0..<10_000 {
        n += 1
        term *= x / n
        sum += term
        if abs(term) < abs(sum) * 1e-16 { break }
      }
      return min(1, sum * exp(logPrefix))
    }
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    for i in 1..<10_000 {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
    }
    return max(0, 1 - exp(logPrefix) * h)
  }

  /// The x with P(a, x) = p: the p-quantile of a Gamma(a, 1) variable. Bisection on a
  /// bracket that is widened until it holds the root, so it is slow (about 200
  /// evaluations) but cannot fail; it is called a few times per hospital.
  public static func gammaQuantile(shape a: Double, probability p: Double) -> Double {
    precondition(a > 0 && p >= 0 && p < 1, "gammaQuantile needs a > 0 and 0 ≤ p < 1")
    if p == 0 { return 0 }
    var low = 0.0
    var high = max(1, a + 10 * a.squareRoot() + 10)
    while regularizedGammaP(a, high) < p { high *= 2 }
    for _ in 0..<200 {
      let middle = (low + high) / 2
      if regularizedGammaP(a, middle) < p { low = middle } else { high = middle }
      if high - low <= 1e-12 * max(1, high) { break }
    }
    return (low + high) / 2
  }

  /// The p-quantile of chi-square with `degrees` degrees of freedom.
  public static func chiSquareQuantile(_ p: Double, degrees: Double) -> Double {
    2 * gammaQuantile(shape: degrees / 2, probability: p)
  }

  /// The exact (Garwood) two-sided interval for the mean of a Poisson count `observed`:
  /// lower = χ²(α/2; 2O) / 2 (0 when O = 0), upper = χ²(1 − α/2; 2O + 2) / 2.
  public static func poissonInterval(observed: Int, level: Double = 0.95) -> (
    lower: Double, upper: Double
  ) {
    let alpha = 1 - level
    let lower =
      observed == 0 ? 0 : gammaQuantile(shape: Double(observed), probability: alpha / 2)
    let upper = gammaQuantile(shape: Double(observed) + 1, probability: 1 - alpha / 2)
    return (lower, upper)
  }

  /// P(X ≤ k) for X ~ Poisson(mean): Q(k + 1, mean) = 1 − P(k + 1, mean).
  public static func poissonCDF(_ k: Int, mean: Double) -> Double {
    if k < 0 { return 0 }
    if mean <= 0 { return 1 }
    return 1 - regularizedGammaP(Double(k) + 1, mean)
  }

  /// The two-sided exact Poisson test of `observed` against `expected`: twice the smaller
  /// tail, capped at 1.
  public static func poissonTestP(observed: Int, expected: Double) -> Double {
    if expected <= 0 { return observed == 0 ? 1 : 0 }
    let lowerTail = poissonCDF(observed, mean: expected)
    let upperTail =
      observed == 0 ? 1 : regularizedGammaP(Double(observed), expected)  // P(X ≥ O)
    return min(1, 2 * min(lowerTail, upperTail))
  }

  /// t(0.975; df) for df = 1…30, from the standard tables.
  private static let tTable: [Double] = [
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
  ]

  /// The 97.5 % quantile of Student's t with `df` degrees of freedom (the half-width
  /// factor of a two-sided 95 % interval): a table to 30, then the Cornish–Fisher
  /// expansion (Abramowitz & Stegun 26.7.5), accurate to 1e-5 there.
  public static func t975(degrees df: Int) -> Double {
    precondition(df >= 1, "t975 needs df ≥ 1")
    if df <= 30 { return tTable[df - 1] }
    let z = 1.959963984540054
    let v = Double(df)
    let z3 = z * z * z
    let z5 = z3 * z * z
    let z7 = z5 * z * z
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
      + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
  }
}
