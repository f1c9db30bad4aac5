/// "SIMD within a register": finds bytes of a given value in eight bytes at once.
enum SWAR {
  /// A word with the high bit set in each byte of `word` equal to `byte`, and no other bits.
  ///
  /// Exact (no false positives from borrows): for `x = word ^ pattern`, a byte of `x` is zero
  /// exactly when adding 0x7F to its low seven bits and or-ing in the byte leaves the high
  /// bit clear.
  @inline(__always)
  static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let x = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
    return ~(((x & low) &+ low) | x | low)
  }

  /// A word with the high bit set in each byte of `word` that is less than `bound` (at most
  /// 0x80), and no other bits. Exact, like ``matches(_:_:)``: adding `0x80 - bound` to a
  /// byte's low seven bits sets its high bit exactly when the byte is at least `bound`, and
  /// no carry crosses into the next byte.
  @inline(__always)
  static func bytesBelow(_ word: UInt64, _ bound: UInt8) -> UInt64 {
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let high: UInt64 = 0x8080_8080_8080_8080
    let offset = UInt64(0x80 &- bound) &* 0x0101_0101_0101_0101
    return ~(((word & low) &+ offset) | word) & high
  }

  /// How many bytes of `bytes` equal `byte`, eight at a time.
  static func count(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    let raw = UnsafeRawPointer(base)
    var total = 0
    var index = 0
    while index &+ 8 <= bytes.count {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      total &+= matches(word, byte).nonzeroBitCount
      index &+= 8
    }
    while index < bytes.count {
      if base[index] == byte { total &+= 1 }
      index &+= 1
    }
    return total
  }
}
