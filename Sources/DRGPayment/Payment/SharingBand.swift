import DRGKit

/// The band of ``SharingBands`` a hospital's settlement fell into, with N = entitlement
/// (points × PV) and A = actual cost.
public enum SharingBand: String, Sendable, CaseIterable {
  /// A ≤ N and α·(N − A) ≤ surplusCap·N: keeps α of the surplus (结余留用).
  case surplus
  /// A ≤ N and α·(N − A) > surplusCap·N: the retained surplus is capped (结余留用, 封顶).
  case surplusCapped = "surplus_capped"
  /// N < A ≤ (1 + β)·N: the fund bears γ of the overspend (合理超支分担).
  case overspendShared = "overspend_shared"
  /// A > (1 + β)·N: the overspend beyond the band is not paid (超支不予分担).
  case overspendBeyond = "overspend_beyond"
  /// No sharing bands in the policy: points × PV paid.
  case none

  /// Chinese label for reports.
  public var label: String {
    switch self {
    case .surplus: "结余留用"
    case .surplusCapped: "结余留用（封顶）"
    case .overspendShared: "合理超支分担"
    case .overspendBeyond: "超支不予分担"
    case .none: "按点数付费"
    }
  }

  /// The band of entitlement and actual cost in fen under `bands`.
  public init(entitlementFen: Int64, actualFen: Int64, bands: SharingBands?) {
    guard let bands else {
      self = .none
      return
    }
    let entitlement = Double(entitlementFen) / 100
    let actual = Double(actualFen) / 100
    if actualFen <= entitlementFen {
      self =
        bands.surplusRetention * (entitlement - actual) > bands.surplusCap * entitlement
        ? .surplusCapped : .surplus
    } else if actual <= (1 + bands.overspendBand) * entitlement {
      self = .overspendShared
    } else {
      self = .overspendBeyond
    }
  }
}

extension Settlement {
  /// The band `hospital` fell into.
  public func band(of hospital: HospitalSettlement) -> SharingBand {
    hospital.unitBand
      ?? SharingBand(
        entitlementFen: hospital.entitlementFen, actualFen: hospital.actualFen, bands: sharing)
  }
}
