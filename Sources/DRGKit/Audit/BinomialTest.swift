import Foundation

/// The exact binomial tail used by the upcoding rule.
public enum BinomialTest {
  /// P(X ≥ x) for X ~ Binomial(n, p): the one-sided exact p-value for "more than expected",
  /// computed as the regularized incomplete beta I_p(x, n − x + 1).
  public static func upperTail(_ x: Int, trials n: Int, probability p: Double) -> Double {
    if x <= 0 { return 1 }
    if x > n { return 0 }
    if p <= 0 { return 0 }
    if p >= 1 { return 1 }
    return regularizedBeta(Double(x), Double(n - x + 1), p)
  }

  /// I_x(a, b) by the continued fraction of Numerical Recipes §6.4 (Lentz's method), used on
  /// the side where it converges fast; accurate to about 1e-13 relative.
  public static func regularizedBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
    precondition(a > 0 && b > 0, "regularizedBeta needs a, b > 0")
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    if x < (a + 1) / (a + b + 2) {
      return exp(logFront) * continuedFraction(a, b, x) / a
    }
    return 1 - exp(logFront) * continuedFraction(b, a, 1 - x) / b
  }

  private static func continuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
    let tiny = 1e-300
    let qab = a + b
    let qap = a + 1
    let qam = a - 1
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for step in 1...100_000 {
      let m = Double(step)
      let m2 = 2 * m
      var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-15 { break }
    }
    return h
  }
}
