import DRGKit

/// Cost weights of a DRG scheme computed from grouped cases, with the grouping-quality
/// statistics and, given a budget, the base rate.
///
/// Made by ``CostWeightsBuilder/build()`` (cases in memory) or ``FileWeighting/run(input:)``
/// (the output of `drg group`). The relative weights are normalised so that the mean weight
/// of the kept cases is exactly 1:
///
/// ```
/// mean_d = S_d / n_d                 (kept cases; blended over years when asked)
/// mean   = Σ_d S_d / Σ_d n_d
/// RW_d   = k · mean_d / mean,        k = Σ_d n_d / Σ_d n_d·(mean_d / mean)
/// base rate        = budget / Σ_d cases_d·RW_d
/// payment standard = base rate · RW_d
/// ```
///
/// `k` is 1 unless low-volume DRGs borrowed their ADRG's mean or years were blended.
public struct CostWeights: Sendable {
  /// One entry per DRG with at least one case used, ordered by DRG code.
  public var groups: [DRGWeight]
  /// The options the weights were computed with.
  public var options: WeightsOptions
  /// Data rows read (or cases added).
  public var rowsRead = 0
  /// Rows left out, by reason.
  public var excluded = ExcludedCases()
  /// Cases used whose length of stay is missing or negative: kept for cost, left out of
  /// the LOS statistics.
  public var casesWithoutLOS = 0
  /// Cases used, before trimming.
  public var cases = 0
  /// Cases kept after trimming.
  public var casesKept = 0
  /// Mean cost of the kept cases before normalisation (blended when years are), in yuan.
  public var meanCost: Double?
  /// The factor `k` that made the case-weighted mean RW 1.
  public var normalisation = 1.0
  /// RIV and CV shares.
  public var quality = GroupingQuality()
  /// `Σ_d cases_d·RW_d` (annual cases when years are blended); the base rate's divisor.
  public var totalWeight = 0.0
  /// Yuan per unit of relative weight, when a budget was given.
  public var baseRate: Double?
  /// Wall-clock seconds, for file runs.
  public var seconds = 0.0
  /// How the input's columns were found, for the column report.
  public var columns: ColumnResolution?
  /// The first row of a file that could not be read as CSV, if any.
  public var firstUnreadableRow: CSVRowProblem?
  /// Costs and days read as exports write them (`15,800.00`, `6天`), by kind.
  public var values = NormalisationCounts()

  /// Empty weights to be built with `options`.
  public init(options: WeightsOptions) {
    self.options = options
    groups = []
  }

  /// The entry for `drg`, if it had cases.
  public subscript(drg: String) -> DRGWeight? {
    groups.first { $0.drg == drg }
  }

  /// Cases removed by trimming.
  public var casesTrimmed: Int { cases - casesKept }
}
