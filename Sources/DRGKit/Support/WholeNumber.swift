/// Conversions of computed amounts (fen, hundredths of a point) to whole numbers that
/// cannot trap: a value beyond ``limit``, infinite or not a number is held at ``limit``, so
/// that the caller can see it and refuse the run (``Settlement/amountBeyondLimit()``)
/// instead of the process stopping on an overflow.
package enum WholeNumber {
  /// The largest magnitude an amount may have: 2^60 ≈ 1.15 × 10^18 (in fen, about
  /// 10^16 yuan). Eight such amounts still add up within `Int64`.
  package static let limit: Int64 = 1 << 60

  /// `value` rounded half away from zero; ±``limit`` beyond it, ``limit`` for NaN.
  @inline(__always)
  package static func rounded(_ value: Double) -> Int64 {
    let whole = value.rounded()
    guard !whole.isNaN else { return limit }
    guard whole > -Double(limit) else { return -limit }
    guard whole < Double(limit) else { return limit }
    return Int64(whole)
  }

  /// `value` rounded down (towards −∞), held at ±``limit`` like ``rounded(_:)``.
  @inline(__always)
  package static func roundedDown(_ value: Double) -> Int64 {
    rounded(value.rounded(.down))
  }

  /// Whether `value` reached the bound (an amount that was held).
  @inline(__always)
  package static func isAtLimit(_ value: Int64) -> Bool { value >= limit || value <= -limit }
}
