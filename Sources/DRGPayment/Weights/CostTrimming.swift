import DRGKit
import Foundation

/// Applies a ``TrimmingMethod`` to one DRG's sorted costs.
package enum CostTrimming {
  /// The range of `sorted` to keep, and how trimming went.
  ///
  /// - Parameters:
  ///   - sorted: the DRG's costs, ascending, all > 0.
  ///   - logs: their natural logarithms (also ascending).
  ///   - logMoments: the moments of `logs`.
  ///   - method: the trimming method.
  ///   - minimumCases: no trimming below this many cases, nor when fewer would be kept.
  /// - Returns: a range that holds every case tied with its end values.
  package static func keptRange(
    sorted: [Double], logs: [Double], logMoments: CostMoments, method: TrimmingMethod,
    minimumCases: Int
  ) -> (range: Range<Int>, outcome: TrimmingOutcome) {
    let count = sorted.count
    let all = 0..<count
    let minimum = max(minimumCases, 1)
    if case .none = method { return (all, .notTrimmed(.methodNone)) }
    guard count >= minimum else { return (all, .notTrimmed(.tooFewCases)) }

    let values: [Double]
    let lowerFence: Double
    let upperFence: Double
    let inYuan: (Double) -> Double
    switch method {
    case .iqr(let lowerK, let upperK, let scale):
      values = scale == .log ? logs : sorted
      let q1 = CostQuantile.interpolated(values[...], 0.25)
      let q3 = CostQuantile.interpolated(values[...], 0.75)
      let spread = q3 - q1
      guard spread > 0 else { return (all, .notTrimmed(.noSpread)) }
      lowerFence = q1 - lowerK * spread
      upperFence = q3 + upperK * spread
      inYuan = scale == .log ? { Foundation.exp($0) } : { $0 }
    case .logSD(let k):
      values = logs
      guard let sd = logMoments.sampleSD, sd > 0 else { return (all, .notTrimmed(.noSpread)) }
      lowerFence = logMoments.mean - k * sd
      upperFence = logMoments.mean + k * sd
      inYuan = { Foundation.exp($0) }
    case .percentile(let lower, let upper):
      // A tiny allowance so that 200 × 0.5 / 100 counts as 1, not 0.999….
      let dropLow = Int((Double(count) * lower / 100 + 1e-9).rounded(.down))
      let dropHigh = Int((Double(count) * (100 - upper) / 100 + 1e-9).rounded(.down))
      guard dropLow + dropHigh < count else { return (all, .notTrimmed(.wouldLeaveTooFew)) }
      values = sorted
      lowerFence = sorted[dropLow]
      upperFence = sorted[count - 1 - dropHigh]
      inYuan = { $0 }
    case .none:
      return (all, .notTrimmed(.methodNone))
    }
    let range =
      CostQuantile.firstIndex(
        of: values, atLeast: lowerFence)..<CostQuantile.firstIndex(of: values, above: upperFence)
    guard range.count >= minimum else { return (all, .notTrimmed(.wouldLeaveTooFew)) }
    return (range, .trimmed(lower: inYuan(lowerFence), upper: inYuan(upperFence)))
  }
}
