import DRGKit
import DRGPayment

/// Count, mean and sum of squared deviations of a sample, combinable and separable without
/// revisiting the values (Chan, Golub & LeVeque 1979), so that a leave-one-out benchmark is
/// the DRG's moments with one unit's moments taken out.
public struct Moments: Sendable, Equatable {
  /// Values in the sample.
  public var count = 0
  /// Arithmetic mean (0 for an empty sample).
  public var mean = 0.0
  /// Σ (x − mean)².
  public var squaredDeviations = 0.0

  /// The moments of an empty sample.
  public init() {}

  /// Moments from their parts (e.g. as stored); `squaredDeviations` is Σ (x − mean)².
  public init(count: Int, mean: Double, squaredDeviations: Double) {
    self.count = count
    self.mean = mean
    self.squaredDeviations = squaredDeviations
  }

  /// The moments of `values` (two passes: mean, then squared deviations).
  public init<S: Sequence<Double>>(_ values: S) {
    var count = 0
    var sum = 0.0
    for value in values {
      count += 1
      sum += value
    }
    guard count > 0 else {
      self.init()
      return
    }
    let mean = sum / Double(count)
    var squares = 0.0
    for value in values { squares += (value - mean) * (value - mean) }
    self.init(count: count, mean: mean, squaredDeviations: squares)
  }

  /// Sample variance (n − 1); `nil` below 2 values.
  public var variance: Double? { count >= 2 ? max(0, squaredDeviations) / Double(count - 1) : nil }

  /// The moments of both samples together.
  public func merged(with other: Moments) -> Moments {
    if other.count == 0 { return self }
    if count == 0 { return other }
    let total = count + other.count
    let delta = other.mean - mean
    return Moments(
      count: total, mean: mean + delta * Double(other.count) / Double(total),
      squaredDeviations: squaredDeviations + other.squaredDeviations + delta * delta
        * Double(count) * Double(other.count) / Double(total))
  }

  /// The moments of this sample without `part` (which must be a sub-sample of it): the
  /// inverse of ``merged(with:)``.
  public func removing(_ part: Moments) -> Moments {
    let rest = count - part.count
    guard rest > 0 else { return Moments() }
    guard part.count > 0 else { return self }
    let restMean = (Double(count) * mean - Double(part.count) * part.mean) / Double(rest)
    let delta = part.mean - restMean
    let squares =
      squaredDeviations - part.squaredDeviations - delta * delta * Double(part.count)
      * Double(rest) / Double(count)
    return Moments(count: rest, mean: restMean, squaredDeviations: max(0, squares))
  }
}
