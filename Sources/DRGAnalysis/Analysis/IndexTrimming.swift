import DRGKit
import DRGPayment

/// Which cases the regional benchmarks of the cost and time consumption indices are
/// computed on (payment-formulas.md §5: "efficiency indices should be computed on trimmed
/// data and only for DRGs with a regional benchmark").
///
/// Trimming works per DRG on the region's costs (all units pooled), with the fences of
/// ``TrimmingMethod`` as `drg weights` uses them. A case whose cost lies outside its DRG's
/// fences is left out of both indices — from the region's mean and from its unit's mean,
/// cost and length of stay alike. Cases without a cost cannot be judged and stay in the time
/// index. The default is the default of `drg weights`: IQR fences on log cost, k = 1.5, in
/// DRGs with at least 5 cases.
///
/// ```swift
/// let comparison = HospitalComparison(
///   cases: cases, weights: weights, trimming: IndexTrimming(method: .logSD(k: 3)))
/// ```
public struct IndexTrimming: Sendable, Equatable {
  /// The fences (``TrimmingMethod``, as `drg weights` trims); `.none`: untrimmed.
  public var method: TrimmingMethod
  /// A DRG with fewer regional cases (with a cost) is not trimmed, nor one that trimming
  /// would leave with fewer (at least 1).
  public var minimumCases: Int

  /// Trimming by `method` for DRGs with at least `minimumCases` regional cases (at least 1).
  public init(method: TrimmingMethod = .default, minimumCases: Int = 5) {
    self.method = method
    self.minimumCases = max(1, minimumCases)
  }

  /// IQR fences on log cost, k = 1.5, DRGs with at least 5 cases.
  public static let `default` = IndexTrimming()
  /// Every case counts: benchmarks are the plain regional means.
  public static let untrimmed = IndexTrimming(method: .none)

  /// Whether any case can be left out (``method`` is not `.none`).
  public var isTrimmed: Bool {
    if case .none = method { return false }
    return true
  }

  /// The basis as written in the `index_basis` column: `untrimmed`, or `trimmed_` and the
  /// method's command-line name (`trimmed_iqr`, `trimmed_logsd`, `trimmed_percentile`).
  public var basis: String { isTrimmed ? "trimmed_\(method.name)" : "untrimmed" }

  /// The basis in words, for summaries and reports.
  public var description: String {
    isTrimmed
      ? "trimmed: \(method.summary) per DRG on the region's costs, DRGs with ≥ \(minimumCases) cases"
      : "untrimmed: every case with a value"
  }
}
