/// Rows of bytes built with plain stores: the buffer is made large enough before each row
/// (``reserve(_:)``), so that writing a byte is a store and a count, with no check of
/// capacity or uniqueness as an array's append has.
final class ByteRows: @unchecked Sendable {
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// The number of bytes written.
  private(set) var count = 0

  /// An empty buffer with room for `capacity` bytes before it grows.
  init(capacity: Int) {
    self.capacity = max(capacity, 256)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// The bytes written.
  var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  /// Makes room for `extra` more bytes.
  @inline(__always)
  func reserve(_ extra: Int) {
    if count + extra > capacity { grow(to: count + extra) }
  }

  private func grow(to needed: Int) {
    let larger = max(needed, capacity * 2)
    let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
    moved.update(from: base, count: count)
    base.deallocate()
    base = moved
    capacity = larger
  }

  /// Appends one byte (room reserved).
  @inline(__always)
  func byte(_ value: UInt8) {
    base[count] = value
    count &+= 1
  }

  /// Appends `source` as it is (room reserved).
  @inline(__always)
  func append(_ source: UnsafeBufferPointer<UInt8>) {
    guard let start = source.baseAddress, !source.isEmpty else { return }
    (base + count).update(from: start, count: source.count)
    count &+= source.count
  }

  /// Appends `source` as one CSV field, quoted as RFC 4180 requires when it holds a comma,
  /// quote or line break (as `CSVWriter.appendField` does); room for 2 × its length + 2.
  @inline(__always)
  func field(_ source: UnsafeBufferPointer<UInt8>) {
    for byte in source where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
      quoted(source)
      return
    }
    append(source)
  }

  private func quoted(_ source: UnsafeBufferPointer<UInt8>) {
    byte(0x22)
    for value in source {
      byte(value)
      if value == 0x22 { byte(0x22) }
    }
    byte(0x22)
  }

  /// The most bytes ``hundredths(_:)`` writes: a sign, 19 digits and a point.
  static let hundredthsWidth = 21

  /// Appends `value` / 100 with 2 decimals (at least one digit before the point).
  @inline(__always)
  func hundredths(_ value: Int64) {
    if value < 0 { byte(0x2D) }
    var magnitude = value.magnitude
    var digits = 1
    var rest = magnitude
    while rest >= 10 {
      rest /= 10
      digits += 1
    }
    digits = max(digits, 3)
    // Digits from the last: two decimals, the point, then the whole part.
    var position = count + digits
    for _ in 0..<2 {
      base[position] = 0x30 + UInt8(magnitude % 10)
      magnitude /= 10
      position -= 1
    }
    base[position] = 0x2E
    position -= 1
    for _ in 0..<(digits - 2) {
      base[position] = 0x30 + UInt8(magnitude % 10)
      magnitude /= 10
      position -= 1
    }
    count += digits + 1
  }
}
