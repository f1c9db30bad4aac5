@_spi(DRGPackage) import DRGKit
import DRGPayment
import Foundation

/// The exact binomial tail used by the upcoding rule.
package enum BinomialTest {
  /// P(X ≥ x) for X ~ Binomial(n, p): the one-sided exact p-value for "more than expected",
  /// computed as the regularized incomplete beta I_p(x, n − x + 1).
  package static func upperTail(_ x: Int, trials n: Int, probability p: Double) -> Double {
    if x <= 0 { return 1 }
    if x > n { return 0 }
    if p <= 0 { return 0 }
    if p >= 1 { return 1 }
    return regularizedBeta(Double(x), Double(n - x + 1), p)
  }

  /// I_x(a, b): the one implementation in ``ExactStatistics/regularizedBeta(_:_:_:)``.
  package static func regularizedBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
    ExactStatistics.regularizedBeta(a, b, x)
  }
}
