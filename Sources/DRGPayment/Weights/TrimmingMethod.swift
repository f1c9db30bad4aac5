import DRGKit

/// How outlying costs are removed from each DRG before its mean is taken.
///
/// Every method works on one DRG at a time and yields a closed range of costs: the cases
/// inside it are kept, the others are left out of that DRG's averages (they are still paid
/// as outliers; trimming only shapes the weights). Cases tied with a cut value are kept.
/// Quartiles use linear interpolation between order statistics (Hyndman–Fan type 7, the
/// default of R, NumPy and Excel's `QUARTILE.INC`): for sorted values `x₀ … xₙ₋₁` and a
/// share `p`, `h = (n − 1)·p` and `Q(p) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋)`.
///
/// The defaults follow the payment-formulas reference (§1.3, §8): fences at 1.5 × IQR on
/// log cost.
///
/// ```swift
/// var options = WeightsOptions()
/// options.trimming = .iqr(lowerK: 0.5, upperK: 1.5)  // the PKU variant
/// options.trimming = .logSD(k: 3)
/// options.trimming = .percentile(lower: 0.5, upper: 99)
/// ```
public enum TrimmingMethod: Sendable, Equatable {
  /// Tukey fences: keep costs whose value on `scale` lies in
  /// `[Q1 − lowerK·IQR, Q3 + upperK·IQR]`. A DRG whose IQR is 0 is not trimmed.
  case iqr(lowerK: Double = 1.5, upperK: Double = 1.5, scale: CostScale = .log)
  /// Keep costs whose logarithm lies within `μ ± k·σ`, μ and σ being the mean and sample
  /// standard deviation (n − 1) of the DRG's log costs — that is, within the geometric mean
  /// times `e^(±k·σ)`. A DRG whose σ is 0 is not trimmed.
  case logSD(k: Double = 3)
  /// Drop the `⌊n·lower/100⌋` lowest and the `⌊n·(100 − upper)/100⌋` highest of a DRG's
  /// `n` costs (both percentages in 0…100).
  case percentile(lower: Double = 0.5, upper: Double = 99)
  /// Keep every case.
  case none

  /// IQR fences on log cost with k = 1.5 on both sides.
  public static let `default` = TrimmingMethod.iqr()

  /// The method's name as the command line spells it: `iqr`, `logsd`, `percentile`, `none`.
  public var name: String {
    switch self {
    case .iqr: "iqr"
    case .logSD: "logsd"
    case .percentile: "percentile"
    case .none: "none"
    }
  }

  /// A phrase for summaries, e.g. `IQR fences on log cost (Q1 − 1.5·IQR, Q3 + 1.5·IQR)`.
  public var summary: String {
    switch self {
    case .iqr(let lower, let upper, let scale):
      "IQR fences on \(scale == .log ? "log " : "")cost (Q1 − \(lower.weightsShortText)·IQR, Q3 + \(upper.weightsShortText)·IQR)"
    case .logSD(let k):
      "log cost within mean ± \(k.weightsShortText)·sd"
    case .percentile(let lower, let upper):
      "percentiles: below P\(lower.weightsShortText) and above P\(upper.weightsShortText) dropped"
    case .none:
      "none"
    }
  }
}

/// The scale on which IQR fences are computed.
public enum CostScale: String, Sendable, Equatable {
  /// Natural logarithm of cost (costs are skewed; fences on log cost are symmetric in ratio).
  case log
  /// Cost in yuan as recorded.
  case raw
}

extension Double {
  /// `1.5`, `3`, `0.5`: the number without a trailing `.0`, for messages.
  var weightsShortText: String {
    self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
  }
}
