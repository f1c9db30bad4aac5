/// Parses decimal numbers such as `4`, `4.0`, `-12.5` or ` 7 ` straight from bytes.
///
/// Anything else (empty, letters, `1e3`, two dots) is not a number and yields `nil`:
/// the interchange format says a value that is not a number counts as missing.
enum NumberParsing {
  /// - Complexity: O(n) in the number of bytes, no allocation.
  @inline(__always)
  static func decimal(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
    // Most fields are empty or plain (`67`, `3200.25`): one pass, no trimming. Anything
    // else (signs, blanks, stray bytes, very long numbers) takes the general path, which
    // gives the same value for these.
    let count = raw.count
    guard count > 0 else { return nil }
    var integer: UInt64 = 0
    var position = 0
    while position < count {
      let digit = raw[position] &- ASCII.zero
      guard digit < 10 else { break }
      integer = integer &* 10 &+ UInt64(digit)
      position &+= 1
    }
    guard position <= 17 else { return general(raw) }
    if position == count { return Double(integer) }
    guard raw[position] == ASCII.dot, count - position <= 17 else { return general(raw) }
    let integerDigits = position
    position &+= 1
    var fraction: UInt64 = 0
    var scale = 1.0
    while position < count {
      let digit = raw[position] &- ASCII.zero
      guard digit < 10 else { return general(raw) }
      fraction = fraction &* 10 &+ UInt64(digit)
      scale *= 10
      position &+= 1
    }
    guard integerDigits + (count - integerDigits - 1) > 0 else { return nil }
    return Double(integer) + Double(fraction) / scale
  }

  /// Signs, fractions, blanks around the number, and everything that is not a number.
  static func general(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
    let bytes = raw.trimmingBlanks()
    var index = 0
    let count = bytes.count
    guard count > 0 else { return nil }
    var negative = false
    if bytes[0] == ASCII.minus || bytes[0] == ASCII.plus {
      negative = bytes[0] == ASCII.minus
      index = 1
    }
    var integer: UInt64 = 0
    var digits = 0
    while index < count, ASCII.isDigit(bytes[index]) {
      // More than 18 digits cannot be held exactly; such a field is not a count or a cost.
      guard digits < 18 else { return nil }
      integer = integer &* 10 &+ UInt64(bytes[index] &- ASCII.zero)
      digits += 1
      index += 1
    }
    var value = Double(integer)
    if index < count, bytes[index] == ASCII.dot {
      index += 1
      var fraction: UInt64 = 0
      var scale = 1.0
      while index < count, ASCII.isDigit(bytes[index]) {
        if scale < 1e17 {
          fraction = fraction &* 10 &+ UInt64(bytes[index] &- ASCII.zero)
          scale *= 10
        }
        digits += 1
        index += 1
      }
      value += Double(fraction) / scale
    }
    guard digits > 0, index == count else { return nil }
    return negative ? -value : value
  }

  /// Parses a number from text (used by the scheme loader and the command line).
  static func decimal(_ text: String) -> Double? {
    var text = text
    return text.withUTF8 { decimal($0) }
  }
}
