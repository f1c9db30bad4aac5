/// The values a numeric case field may take so that a chosen grouping path holds: a closed
/// range of whole numbers, optionally a set of allowed values, some excluded values, and
/// whether the field may be missing.
///
/// The synthesizer writes every numeric field as a whole number, so a comparison such as
/// `weight < 1500` becomes the range `...1499`.
struct FieldConstraint: Sendable, Equatable {
  var lowest = -Double.infinity
  var highest = Double.infinity
  /// When set, only these values (within the range) are allowed.
  var allowed: [Double]?
  var excluded: [Double] = []
  /// `false` once a rule must *hold* for the field: a comparison with a missing field is false.
  var mayBeMissing = true

  /// Whether some whole number satisfies the constraint.
  var hasValue: Bool {
    guard lowest <= highest else { return false }
    if let allowed { return allowed.contains { accepts($0) } }
    if lowest.isInfinite || highest.isInfinite { return true }
    let count = highest - lowest + 1
    let excludedInside = Set(excluded.filter { $0 >= lowest && $0 <= highest }).count
    return count > Double(excludedInside)
  }

  /// Whether the constraint can be met at all (by a value or by leaving the field out).
  var isSatisfiable: Bool { mayBeMissing || hasValue }

  /// Whether `value` (a present value) is allowed.
  @inline(__always)
  func accepts(_ value: Double) -> Bool {
    guard value >= lowest && value <= highest else { return false }
    if let allowed, !allowed.contains(value) { return false }
    return !excluded.contains(value)
  }

  /// Whether an optional value (`nil` for missing) is allowed.
  @inline(__always)
  func accepts(optional value: Double?) -> Bool {
    guard let value else { return mayBeMissing }
    return accepts(value)
  }

  /// Narrows the constraint so that `field CMP value` holds (`holds`) or fails.
  mutating func apply(_ comparison: Comparison, _ value: Double, holds: Bool) {
    if holds { mayBeMissing = false }
    // A failed comparison is the opposite comparison, or a missing field.
    let effective = holds ? comparison : Self.opposite(of: comparison)
    switch effective {
    case .equal:
      if value != value.rounded() {
        highest = -.infinity
      } else {
        lowest = max(lowest, value)
        highest = min(highest, value)
      }
    case .notEqual: excluded.append(value)
    case .less: highest = min(highest, value.rounded(.up) - 1)
    case .lessOrEqual: highest = min(highest, value.rounded(.down))
    case .greater: lowest = max(lowest, value.rounded(.down) + 1)
    case .greaterOrEqual: lowest = max(lowest, value.rounded(.up))
    }
  }

  /// The comparison that holds exactly when `comparison` fails on a present value.
  static func opposite(of comparison: Comparison) -> Comparison {
    switch comparison {
    case .equal: .notEqual
    case .notEqual: .equal
    case .less: .greaterOrEqual
    case .lessOrEqual: .greater
    case .greater: .lessOrEqual
    case .greaterOrEqual: .less
    }
  }

  /// Narrows the constraint so that `field in (values)` holds or fails.
  mutating func apply(membership values: [Double], holds: Bool) {
    if holds {
      mayBeMissing = false
      allowed = allowed.map { current in current.filter { values.contains($0) } } ?? values
    } else {
      excluded.append(contentsOf: values)
    }
  }

  /// A whole number in the range, uniformly, preferring the window `[floor, ceiling]` of
  /// realistic values (a range `< 1500` for a birth weight means 500 to 1499 grams, not 0
  /// to 1499); `nil` when none is found quickly.
  func uniformValue(
    floor: Double, ceiling: Double, _ random: inout SynthesisRandom
  ) -> Double? {
    if let allowed {
      let candidates = allowed.filter { accepts($0) }
      return candidates.isEmpty ? nil : candidates[random.below(candidates.count)]
    }
    var low = max(lowest, floor)
    var high = min(highest, ceiling)
    if low > high {
      // The range lies outside the window: take it as it is, bounded where it is open.
      low = lowest.isFinite ? lowest : min(floor, highest)
      high = highest.isFinite ? highest : max(low, ceiling)
    }
    guard low <= high else { return nil }
    for _ in 0..<16 {
      let span = high - low + 1
      let value = low + (Double(random.unit()) * span).rounded(.down)
      if accepts(value) { return value }
    }
    return nil
  }
}
