import DRGKit
import DRGPayment
import Foundation

/// Distribution functions for the comparison: the regularized incomplete gamma function,
/// its inverse (which gives chi-square quantiles and the exact Poisson interval), the
/// Poisson test, the regularized incomplete beta function and through it Student's t
/// (tail probabilities and exact quantiles for any df > 0), and normal quantiles.
/// Foundation only.
package enum ExactStatistics {
  /// The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a), for a > 0.
  ///
  /// Series for x < a + 1, Lentz's continued fraction otherwise (Numerical Recipes §6.2);
  /// accurate to about 1e-14.
  package static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
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
  package static func gammaQuantile(shape a: Double, probability p: Double) -> Double {
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
  package static func chiSquareQuantile(_ p: Double, degrees: Double) -> Double {
    2 * gammaQuantile(shape: degrees / 2, probability: p)
  }

  /// The exact (Garwood) two-sided interval for the mean of a Poisson count `observed`:
  /// lower = χ²(α/2; 2O) / 2 (0 when O = 0), upper = χ²(1 − α/2; 2O + 2) / 2.
  package static func poissonInterval(observed: Int, level: Double = 0.95) -> (
    lower: Double, upper: Double
  ) {
    let alpha = 1 - level
    let lower =
      observed == 0 ? 0 : gammaQuantile(shape: Double(observed), probability: alpha / 2)
    let upper = gammaQuantile(shape: Double(observed) + 1, probability: 1 - alpha / 2)
    return (lower, upper)
  }

  /// P(X ≤ k) for X ~ Poisson(mean): Q(k + 1, mean) = 1 − P(k + 1, mean).
  package static func poissonCDF(_ k: Int, mean: Double) -> Double {
    if k < 0 { return 0 }
    if mean <= 0 { return 1 }
    return 1 - regularizedGammaP(Double(k) + 1, mean)
  }

  /// The two-sided exact Poisson test of `observed` against `expected`: twice the smaller
  /// tail, capped at 1.
  package static func poissonTestP(observed: Int, expected: Double) -> Double {
    if expected <= 0 { return observed == 0 ? 1 : 0 }
    let lowerTail = poissonCDF(observed, mean: expected)
    let upperTail =
      observed == 0 ? 1 : regularizedGammaP(Double(observed), expected)  // P(X ≥ O)
    return min(1, 2 * min(lowerTail, upperTail))
  }

  /// The regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1.
  ///
  /// Lentz's continued fraction (Numerical Recipes §6.4), on I_x(a, b) directly when
  /// x < (a + 1) / (a + b + 2) and on 1 − I_{1−x}(b, a) otherwise, where it converges fast;
  /// accurate to about 1e-15 relative.
  package static func regularizedBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
    precondition(a > 0 && b > 0, "regularizedBeta needs a, b > 0")
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    if x < (a + 1) / (a + b + 2) {
      return exp(logFront) * betaFraction(a, b, x) / a
    }
    return 1 - exp(logFront) * betaFraction(b, a, 1 - x) / b
  }

  /// The continued fraction of the incomplete beta function (modified Lentz).
  private static func betaFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
    let tiny = 1e-300
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1..<10_000 {
      let m = Double(m)
      let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
      d = 1 + even * d
      if abs(d) < tiny { d = tiny }
      c = 1 + even / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
      d = 1 + odd * d
      if abs(d) < tiny { d = tiny }
      c = 1 + odd / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
    }
    return h
  }

  /// P(T > t) for T ~ Student's t with `df` > 0 degrees of freedom (df need not be whole):
  /// ½·I_{df/(df+t²)}(df/2, ½) for t ≥ 0, by symmetry otherwise. Exact to rounding, also far
  /// in the tail.
  package static func studentTUpperTail(_ t: Double, degrees df: Double) -> Double {
    precondition(df > 0, "studentTUpperTail needs df > 0")
    if t.isNaN { return .nan }
    if t.isInfinite { return t > 0 ? 0 : 1 }
    let tail = 0.5 * regularizedBeta(df / 2, 0.5, df / (df + t * t))
    return t >= 0 ? tail : 1 - tail
  }

  /// The two-sided p-value of a t statistic: P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, ½).
  package static func studentTTwoSidedP(_ t: Double, degrees df: Double) -> Double {
    if t.isNaN { return .nan }
    return min(1, 2 * studentTUpperTail(abs(t), degrees: df))
  }

  /// The density of Student's t with `df` degrees of freedom at `t`.
  static func studentTDensity(_ t: Double, degrees df: Double) -> Double {
    exp(
      lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi)
        - (df + 1) / 2 * log1p(t * t / df))
  }

  /// The `p`-quantile of Student's t with `df` > 0 degrees of freedom (df need not be whole),
  /// found by inverting ``studentTUpperTail(_:degrees:)``: Newton steps on the upper tail
  /// (which keeps its relative accuracy far out), each kept inside a bracket that shrinks by
  /// bisection when a step leaves it. Exact to about 1e-12 relative; for example
  /// t(0.975; 15) = 2.131449545559776.
  package static func studentTQuantile(_ p: Double, degrees df: Double) -> Double {
    precondition(p > 0 && p < 1 && df > 0, "studentTQuantile needs 0 < p < 1 and df > 0")
    if p == 0.5 { return 0 }
    if p < 0.5 { return -studentTQuantile(1 - p, degrees: df) }
    let tail = 1 - p
    // Bracket [low, high] with upperTail(low) ≥ tail ≥ upperTail(high).
    var low = 0.0
    var high = 1.0
    while studentTUpperTail(high, degrees: df) > tail { (low, high) = (high, high * 2) }
    var t = (low + high) / 2
    for _ in 0..<200 {
      let value = studentTUpperTail(t, degrees: df)
      if value > tail { low = t } else { high = t }
      let density = studentTDensity(t, degrees: df)
      var next = t + (value - tail) / density
      if !(next > low && next < high) || density == 0 { next = (low + high) / 2 }
      if abs(next - t) <= 1e-15 * max(1, abs(t)) || high - low <= 1e-15 * high {
        return next
      }
      t = next
    }
    return t
  }

  /// The 97.5 % quantile of Student's t with `df` degrees of freedom (the half-width factor
  /// of a two-sided 95 % interval), exact: ``studentTQuantile(_:degrees:)``.
  package static func t975(degrees df: Int) -> Double {
    precondition(df >= 1, "t975 needs df ≥ 1")
    return studentTQuantile(0.975, degrees: Double(df))
  }

  /// The p-quantile of the standard normal distribution, from the t quantile's tail
  /// inversion applied to the normal tail ½·erfc(z/√2) (Newton steps inside a bracket).
  package static func normalQuantile(_ p: Double) -> Double {
    precondition(p > 0 && p < 1, "normalQuantile needs 0 < p < 1")
    if p == 0.5 { return 0 }
    if p < 0.5 { return -normalQuantile(1 - p) }
    let tail = 1 - p
    var low = 0.0
    var high = 1.0
    while 0.5 * erfc(high / 2.0.squareRoot()) > tail { (low, high) = (high, high * 2) }
    var z = (low + high) / 2
    for _ in 0..<200 {
      let value = 0.5 * erfc(z / 2.0.squareRoot())
      if value > tail { low = z } else { high = z }
      let density = exp(-z * z / 2) / (2 * Double.pi).squareRoot()
      var next = z + (value - tail) / density
      if !(next > low && next < high) { next = (low + high) / 2 }
      if abs(next - z) <= 1e-15 * max(1, z) { return next }
      z = next
    }
    return z
  }
}
