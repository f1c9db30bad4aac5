import DRGKit

/// What ``CostWeightsBuilder`` and ``FileWeighting`` compute, with the defaults of the
/// payment-formulas reference (§1.3, §1.6, §8).
///
/// ```swift
/// var options = WeightsOptions()
/// options.trimming = .logSD(k: 3)
/// options.minimumCases = 10
/// options.borrowFromADRG = true
/// options.budget = 1_200_000_000
/// ```
public struct WeightsOptions: Sendable, Equatable {
  /// Outlier trimming per DRG; default IQR fences on log cost, k = 1.5 on both sides.
  public var trimming: TrimmingMethod = .default
  /// A DRG with fewer cases than this is not trimmed, nor is one that trimming would leave
  /// with fewer kept cases than this (default 5; at least 1).
  public var minimumCasesToTrim = 5
  /// A DRG with fewer cases than this (before trimming) is flagged low-volume (default 5,
  /// the Zhejiang rule).
  public var minimumCases = 5
  /// Give a low-volume DRG the weight of its ADRG: the mean cost of the kept cases of all
  /// the ADRG's DRGs, when those number at least ``minimumCases``.
  public var borrowFromADRG = false
  /// The budget in yuan to turn weights into a base rate (yuan per unit of weight).
  public var budget: Double?
  /// Blend several years; `nil` pools every case with equal weight.
  public var yearWeights: YearWeights?

  /// Options, each defaulting as `drg weights` does.
  public init(
    trimming: TrimmingMethod = .default, minimumCasesToTrim: Int = 5, minimumCases: Int = 5,
    borrowFromADRG: Bool = false, budget: Double? = nil, yearWeights: YearWeights? = nil
  ) {
    self.trimming = trimming
    self.minimumCasesToTrim = minimumCasesToTrim
    self.minimumCases = minimumCases
    self.borrowFromADRG = borrowFromADRG
    self.budget = budget
    self.yearWeights = yearWeights
  }
}
