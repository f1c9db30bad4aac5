/// Parses decimal numbers such as `4`, `4.0`, `-12.5` or ` 7 ` straight from bytes.
///
/// Anything else (empty, letters, `1e3`, two dots, more than 18 digits before the point) is
/// not a number and yields `nil`: the interchange format says a value that is not a number
/// counts as missing.
///
/// The value is the double nearest to the decimal written (correctly rounded, ties to even),
/// as `Double("1.3095")` gives it: the digits form one integer m with f digits after the
/// point, and m / 10^f is a single correctly rounded division while m ≤ 2^53 and f ≤ 22
/// (both exact doubles); longer numbers go to the C library's correctly rounded `strtod`.
@usableFromInline package enum NumberParsing {
  /// Exact powers of ten 10^0 … 10^22 (each an exact double). A literal, so that the
  /// array is laid out when the program loads: built by a closure, every read of it went
  /// through `swift_once` first.
  @usableFromInline static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  /// Largest integer every smaller one of which a double holds exactly.
  static let exactIntegerLimit: UInt64 = 1 << 53

  // Inlinable: DRGPayment and DRGAnalysis read costs and days with it on every row.
  /// - Complexity: O(n) in the number of bytes, no allocation.
  @inlinable @inline(__always)
  package static func decimal(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
    // Most fields are empty or plain (`67`, `3200.25`): one pass, no trimming. Anything
    // else (signs, blanks, stray bytes, long numbers) takes the general path, which gives
    // the same value for these.
    let count = raw.count
    guard count > 0 else { return nil }
    var mantissa: UInt64 = 0
    var position = 0
    while position < count {
      let digit = raw[position] &- ASCII.zero
      guard digit < 10 else { break }
      mantissa = mantissa &* 10 &+ UInt64(digit)
      position &+= 1
    }
    guard position <= 15 else { return general(raw) }
    if position == count { return Double(mantissa) }
    guard raw[position] == ASCII.dot, count - 1 <= 15 else { return general(raw) }
    let integerDigits = position
    position &+= 1
    let fractionDigits = count - position
    while position < count {
      let digit = raw[position] &- ASCII.zero
      guard digit < 10 else { return general(raw) }
      mantissa = mantissa &* 10 &+ UInt64(digit)
      position &+= 1
    }
    guard integerDigits + fractionDigits > 0 else { return nil }
    // At most 15 digits: m < 10^15 < 2^53, f ≤ 15.
    return Double(mantissa) / powersOfTen[fractionDigits]
  }

  /// Signs, fractions, blanks around the number, and everything that is not a number.
  @usableFromInline static func general(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
    let bytes = raw.trimmingBlanks()
    var index = 0
    let count = bytes.count
    guard count > 0 else { return nil }
    var negative = false
    if bytes[0] == ASCII.minus || bytes[0] == ASCII.plus {
      negative = bytes[0] == ASCII.minus
      index = 1
    }
    let integerStart = index
    while index < count, ASCII.isDigit(bytes[index]) { index += 1 }
    let integerEnd = index
    // More than 18 digits cannot be held exactly; such a field is not a count or a cost.
    guard integerEnd - integerStart <= 18 else { return nil }
    var fractionStart = index
    var fractionEnd = index
    if index < count, bytes[index] == ASCII.dot {
      index += 1
      fractionStart = index
      while index < count, ASCII.isDigit(bytes[index]) { index += 1 }
      fractionEnd = index
    }
    let digits = (integerEnd - integerStart) + (fractionEnd - fractionStart)
    guard digits > 0, index == count else { return nil }
    var mantissa: UInt64 = 0
    var fits = fractionEnd - fractionStart <= 22
    func take(_ range: Range<Int>) {
      for position in range where fits {
        // mantissa ≤ 2^53 before this step, so × 10 + 9 cannot overflow.
        mantissa = mantissa * 10 + UInt64(bytes[position] - ASCII.zero)
        fits = mantissa <= exactIntegerLimit
      }
    }
    take(integerStart..<integerEnd)
    take(fractionStart..<fractionEnd)
    let value: Double
    if fits {
      value = Double(mantissa) / powersOfTen[fractionEnd - fractionStart]
    } else {
      // Too many digits for one exact division: the C library's correctly rounded reading
      // of the same digits.
      let integerPart =
        integerEnd > integerStart
        ? String(
          decoding: UnsafeBufferPointer(rebasing: bytes[integerStart..<integerEnd]), as: UTF8.self)
        : "0"
      let fractionPart =
        fractionEnd > fractionStart
        ? String(
          decoding: UnsafeBufferPointer(rebasing: bytes[fractionStart..<fractionEnd]), as: UTF8.self
        )
        : "0"
      guard let parsed = Double(integerPart + "." + fractionPart) else { return nil }
      value = parsed
    }
    return negative ? -value : value
  }

  /// Parses a number from text (used by the scheme loader and the command line).
  package static func decimal(_ text: String) -> Double? {
    var text = text
    return text.withUTF8 { decimal($0) }
  }
}
