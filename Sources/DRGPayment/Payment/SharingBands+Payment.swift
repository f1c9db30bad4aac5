import DRGKit
import Foundation

extension SharingBands {
  /// What the fund pays a hospital entitled to `entitlement` (N = points × PV) whose actual
  /// cost is `actual` (A), both in yuan; see the type's formula, whose α, capShare, β and γ
  /// are ``surplusRetention``, ``surplusCap``, ``overspendBand`` and ``overspendFundShare``.
  ///
  /// Non-decreasing and continuous in `entitlement`.
  @inline(__always)
  public func payment(entitlement: Double, actual: Double) -> Double {
    if actual <= entitlement {
      return actual
        + min(surplusRetention * (entitlement - actual), surplusCap * entitlement)
    }
    if actual <= (1 + overspendBand) * entitlement {
      return entitlement + overspendFundShare * (actual - entitlement)
    }
    return entitlement * (1 + overspendFundShare * overspendBand)
  }

  /// Point values at which a hospital with `points` and `actual` cost changes band: where
  /// N = A, where N = A / (1 + ``overspendBand``), and — when ``surplusRetention`` exceeds
  /// ``surplusCap`` — where the retained surplus reaches its cap,
  /// N = surplusRetention · A / (surplusRetention − surplusCap).
  func breakpoints(points: Double, actual: Double) -> [Double] {
    guard points > 0, actual > 0 else { return [] }
    var values = [actual / points, actual / ((1 + overspendBand) * points)]
    if surplusRetention > surplusCap {
      values.append(surplusRetention * actual / ((surplusRetention - surplusCap) * points))
    }
    return values.filter { $0.isFinite && $0 > 0 }
  }
}
