import DRGKit

/// How well the DRGs separate costs: the reduction in variance and the share of
/// homogeneous DRGs, before and after trimming (payment-formulas reference §6).
///
/// RIV = 1 − SSW / SST = SSB / (SSW + SSB), the R² of a one-way analysis of variance of
/// cost on DRG, over the cases used (all cases "untrimmed", kept cases "trimmed"). Cases
/// count equally, also when years are blended.
public struct GroupingQuality: Sendable, Equatable {
  /// RIV of cost over all cases used.
  public var rivUntrimmed: Double?
  /// RIV of cost over the kept cases.
  public var rivTrimmed: Double?
  /// RIV of log cost over all cases used.
  public var logRIVUntrimmed: Double?
  /// RIV of log cost over the kept cases.
  public var logRIVTrimmed: Double?
  /// Share (0…1) of the DRGs with a CV whose CV before trimming is below 1.
  public var shareCVBelowOneUntrimmed: Double?
  /// Share (0…1) of the DRGs with a CV whose CV after trimming is below 1.
  public var shareCVBelowOneTrimmed: Double?

  /// Quality of no case yet.
  public init() {}
}

/// Sums of squares for one RIV: within DRGs and between them.
struct CostVarianceSums {
  /// Σ_d Σ_i (c_i − mean_d)².
  var within = 0.0
  /// Σ_d n_d (mean_d − mean)².
  var between = 0.0

  /// `between / (within + between)`, which lies in [0, 1]; `nil` when all values are equal.
  var riv: Double? {
    let total = within + between
    return total > 0 ? between / total : nil
  }
}
