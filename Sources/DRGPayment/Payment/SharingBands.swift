import DRGKit

/// Surplus retention (结余留用) and overspend sharing (合理超支分担), per hospital, with
/// N = points × PV (entitlement) and A = actual cost ([D] §4):
///
/// ```
/// A ≤ N:            pay A + min(α·(N − A), capShare·N)
/// N < A ≤ (1+β)·N:  pay N + γ·(A − N)
/// A > (1+β)·N:      pay N + γ·β·N
/// ```
/// α = ``surplusRetention``, capShare = ``surplusCap``, β = ``overspendBand``,
/// γ = ``overspendFundShare``. Defaults α 0.5, cap 0.1, β 0.1, γ 0.5 are [U] (the common
/// "within 10 % shared 50/50, beyond not paid" pattern).
public struct SharingBands: Sendable, Equatable, Decodable {
  /// α: the share of a surplus (entitlement above cost) the hospital keeps.
  public var surplusRetention = 0.5
  /// The kept surplus is at most this share of the entitlement.
  public var surplusCap = 0.1
  /// β: overspend up to this share of the entitlement is shared; beyond it is not paid.
  public var overspendBand = 0.1
  /// γ: the fund's share of an overspend inside the band.
  public var overspendFundShare = 0.5

  /// Bands with the given parameters (defaults as above).
  public init(
    surplusRetention: Double = 0.5, surplusCap: Double = 0.1, overspendBand: Double = 0.1,
    overspendFundShare: Double = 0.5
  ) {
    self.surplusRetention = surplusRetention
    self.surplusCap = surplusCap
    self.overspendBand = overspendBand
    self.overspendFundShare = overspendFundShare
  }

  private enum CodingKeys: String, CodingKey, CaseIterable {
    case surplusRetention, surplusCap, overspendBand, overspendFundShare
  }

  /// Reads the policy's `sharing` object; a missing key takes its default and an unknown
  /// key is refused.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    surplusRetention = try c.decodeIfPresent(Double.self, forKey: .surplusRetention) ?? 0.5
    surplusCap = try c.decodeIfPresent(Double.self, forKey: .surplusCap) ?? 0.1
    overspendBand = try c.decodeIfPresent(Double.self, forKey: .overspendBand) ?? 0.1
    overspendFundShare = try c.decodeIfPresent(Double.self, forKey: .overspendFundShare) ?? 0.5
  }
}
