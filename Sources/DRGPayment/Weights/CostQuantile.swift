import DRGKit

/// Order statistics of sorted values.
enum CostQuantile {
  /// The `p`-quantile (0…1) of ascending `sorted` by linear interpolation between order
  /// statistics (Hyndman–Fan type 7): `h = (n − 1)·p`, `x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋)`.
  /// - Precondition: `sorted` is not empty.
  static func interpolated(_ sorted: ArraySlice<Double>, _ p: Double) -> Double {
    precondition(!sorted.isEmpty, "quantile of no values")
    let h = Double(sorted.count - 1) * p
    let below = Int(h.rounded(.down))
    let fraction = h - Double(below)
    let lower = sorted[sorted.startIndex + below]
    guard below + 1 < sorted.count, fraction > 0 else { return lower }
    return lower + fraction * (sorted[sorted.startIndex + below + 1] - lower)
  }

  /// The median of ascending `sorted`: the middle value, or the mean of the two middle ones.
  static func median(_ sorted: ArraySlice<Double>) -> Double { interpolated(sorted, 0.5) }

  /// The median of ascending `sorted` (not empty), in double precision.
  static func median(_ sorted: [Float]) -> Double {
    let middle = sorted.count / 2
    if sorted.count % 2 == 1 { return Double(sorted[middle]) }
    return (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
  }

  /// The first index of ascending `sorted` whose value is at least `bound` (`endIndex` when
  /// none is).
  static func firstIndex(of sorted: [Double], atLeast bound: Double) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] < bound { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// The first index of ascending `sorted` whose value is above `bound`.
  static func firstIndex(of sorted: [Double], above bound: Double) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] <= bound { low = middle + 1 } else { high = middle }
    }
    return low
  }
}

/// Sum, mean and sum of squared deviations from the mean, in two passes.
package struct CostMoments: Sendable, Equatable {
  var count = 0
  var sum = 0.0
  var mean = 0.0
  /// Σ (x − mean)².
  var squares = 0.0

  init() {}

  package init(_ values: ArraySlice<Double>) {
    count = values.count
    guard count > 0 else { return }
    for value in values { sum += value }
    mean = sum / Double(count)
    for value in values {
      let deviation = value - mean
      squares += deviation * deviation
    }
  }

  /// Sample standard deviation (n − 1); `nil` for fewer than 2 values.
  var sampleSD: Double? {
    count >= 2 ? (squares / Double(count - 1)).squareRoot() : nil
  }

  /// `sd / mean`; `nil` for fewer than 2 values or a zero mean.
  var coefficientOfVariation: Double? {
    guard let sd = sampleSD, mean != 0 else { return nil }
    return sd / mean
  }
}
