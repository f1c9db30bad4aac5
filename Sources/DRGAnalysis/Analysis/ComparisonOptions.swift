import DRGKit
import DRGPayment

/// How `drg compare` tests and flags the unit × DRG cells.
///
/// ```swift
/// var options = ComparisonOptions()
/// options.minimumCases = 20
/// let comparison = HospitalComparison(cases: cases, weights: weights, options: options)
/// ```
public struct ComparisonOptions: Sendable, Equatable {
  /// How cost intervals are made (`--interval`); lengths of stay always use Welch's t on
  /// days, since a stay can be 0 days long and has no logarithm.
  public var interval: IntervalMethod = .log
  /// What each unit is compared with (`--benchmark`).
  public var benchmark: BenchmarkBasis = .leaveOneOut
  /// A cell with fewer cases (with a value) is neither in the false-discovery family nor
  /// flagged (`--min-cases`).
  public var minimumCases = 10
  /// Cells are flagged when their Benjamini–Hochberg q-value is below this (`--fdr`).
  public var falseDiscoveryRate = 0.05
  /// Resamples of ``IntervalMethod/bootstrap``.
  public var bootstrapReplicates = 999
  /// A base period's cases and deaths per DRG, which risk classes and expected mortality
  /// come from (`--reference`); `nil`: the compared file's own.
  public var reference: RiskReference?

  /// The defaults: log-scale intervals, leave-one-out benchmark, cells of ≥ 10 cases, FDR 0.05.
  public init() {}
}
