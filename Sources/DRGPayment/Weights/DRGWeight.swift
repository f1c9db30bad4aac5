import DRGKit

/// The cost weight and statistics of one DRG: one row of the weights file.
///
/// Costs are in yuan, lengths of stay in days. "Kept" cases are those left after trimming;
/// means, medians, SDs and LOS statistics describe them, except the `…Untrimmed` values.
public struct DRGWeight: Sendable, Equatable {
  /// The DRG code, e.g. `FM13`.
  public var drg: String
  /// The DRG's name (`drg_name` of the first row seen), or empty.
  public var name: String
  /// The DRG's ADRG code (`adrg` of the first row seen), or empty.
  public var adrg: String
  /// Cases used: grouped to this DRG with a positive cost (and a weighted year when
  /// blending), before trimming.
  public var cases: Int
  /// Cases left after trimming.
  public var casesKept: Int
  /// Mean cost of the kept cases, in yuan; the blended `Σ w_y·S_y / Σ w_y·n_y` when years
  /// are blended.
  public var meanCost: Double
  /// Median cost of the kept cases (the mean of the two middle costs for an even count).
  public var medianCost: Double
  /// Sample standard deviation (n − 1) of the kept costs; `nil` for fewer than 2 cases.
  public var sdCost: Double?
  /// Coefficient of variation of the kept costs, `sd / mean` (the unweighted mean when
  /// years are blended); `nil` for fewer than 2 cases.
  public var cv: Double?
  /// Mean cost of all the DRG's cases, before trimming (unweighted).
  public var meanCostUntrimmed: Double
  /// Coefficient of variation of all the DRG's cases, before trimming.
  public var cvUntrimmed: Double?
  /// Mean length of stay of the kept cases that have one, in days.
  public var meanLOS: Double?
  /// Median length of stay of the kept cases that have one, in days.
  public var medianLOS: Double?
  /// Kept cases with a length of stay.
  public var casesWithLOS: Int
  /// Relative weight, normalised so that `Σ casesKept·RW / Σ casesKept = 1`.
  public var relativeWeight: Double
  /// Fewer than ``WeightsOptions/minimumCases`` cases.
  public var isLowVolume: Bool
  /// Whose mean cost the relative weight comes from.
  public var weightSource: WeightSource
  /// Whether and where the DRG was trimmed.
  public var trimming: TrimmingOutcome
  /// Cases per year used for the base rate: ``cases``, or `Σ_y w_y·n_y / Σ_y w_y` when
  /// years are blended.
  public var annualCases: Double
  /// `base rate × relative weight`, in yuan, when a budget was given.
  public var paymentStandard: Double?
}

/// Where a DRG's relative weight comes from.
public enum WeightSource: String, Sendable, Equatable {
  /// The DRG's own kept cases.
  case own
  /// The kept cases of every DRG in its ADRG (a low-volume DRG with borrowing on).
  case adrg
}

/// How trimming went for one DRG.
public enum TrimmingOutcome: Sendable, Equatable {
  /// Cases with `lower ≤ cost ≤ upper` (yuan) were kept; possibly all of them.
  case trimmed(lower: Double, upper: Double)
  /// Every case was kept, for the reason given.
  case notTrimmed(NotTrimmedReason)

  /// Why a DRG was not trimmed.
  public enum NotTrimmedReason: String, Sendable, Equatable {
    /// The method is ``TrimmingMethod/none``.
    case methodNone
    /// Fewer cases than ``WeightsOptions/minimumCasesToTrim``.
    case tooFewCases
    /// The spread the fences are built from (IQR or σ) is 0.
    case noSpread
    /// Trimming would keep fewer cases than ``WeightsOptions/minimumCasesToTrim``.
    case wouldLeaveTooFew
  }

  /// The kept range of costs, when the DRG was trimmed.
  public var bounds: ClosedRange<Double>? {
    if case .trimmed(let lower, let upper) = self, lower <= upper { return lower...upper }
    return nil
  }
}
