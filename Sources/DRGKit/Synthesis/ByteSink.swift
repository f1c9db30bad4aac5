/// The output buffer of the synthesizer: raw memory the rows are written into as ASCII,
/// with no `String` and no per-append capacity check (the writer makes room once per row).
struct ByteSink {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var count = 0
  let capacity: Int

  static let comma = UInt8(ascii: ",")
  static let pipe = UInt8(ascii: "|")
  static let newline = UInt8(ascii: "\n")

  init(capacity: Int) {
    self.capacity = capacity
    base = .allocate(capacity: capacity)
  }

  /// Frees the memory; the sink must not be used afterwards.
  func deallocate() { base.deallocate() }

  /// The bytes written so far.
  var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  /// Room left.
  var space: Int { capacity - count }

  mutating func removeAll() { count = 0 }

  @inline(__always)
  mutating func append(_ byte: UInt8) {
    base[count] = byte
    count &+= 1
  }

  @inline(__always)
  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    var index = 0
    while index < bytes.count {
      base[count &+ index] = bytes[index]
      index &+= 1
    }
    count &+= bytes.count
  }

  @inline(__always)
  mutating func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { append($0) }
  }

  /// A non-negative whole number.
  @inline(__always)
  mutating func appendInteger(_ value: Int) {
    appendPadded(value, width: 1)
  }

  /// A non-negative whole number with leading zeros up to `width` digits (at most 20).
  @inline(__always)
  mutating func appendPadded(_ value: Int, width: Int) {
    var digits = 1
    var limit = 10
    var rest = max(0, value)
    while rest >= limit && digits < 19 {
      digits += 1
      limit &*= 10
    }
    let total = max(digits, min(width, 20))
    var position = count &+ total
    for _ in 0..<digits {
      position &-= 1
      base[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
      rest /= 10
    }
    while position > count {
      position &-= 1
      base[position] = UInt8(ascii: "0")
    }
    count &+= total
  }

  /// An amount of money in cents as `1234.56`.
  @inline(__always)
  mutating func appendCents(_ cents: Int) {
    let value = max(0, cents)
    appendInteger(value / 100)
    append(UInt8(ascii: "."))
    appendPadded(value % 100, width: 2)
  }

  /// The date `day` days after 2024-01-01 as `YYYY-MM-DD`.
  @inline(__always)
  mutating func appendDate(day: Int) {
    let (year, month, dayOfMonth) = CalendarDay.civil(19_723 + day)
    appendPadded(year, width: 4)
    append(UInt8(ascii: "-"))
    appendPadded(month, width: 2)
    append(UInt8(ascii: "-"))
    appendPadded(dayOfMonth, width: 2)
  }
}
