import DRGKit

/// Sorts non-negative floating-point values by their bit patterns, which for values ≥ +0
/// order exactly as the numbers do.
///
/// A least-significant-digit radix sort with 11-bit digits: one pass counts every digit,
/// then one scatter pass runs per digit that is not the same for all values (the high digits
/// of costs mostly are). Several times faster than the standard library's comparison sort
/// for the hundreds of thousands of costs a large DRG has; it needs a scratch copy.
enum FloatRadixSort {
  /// Below this many values the standard library's sort is used.
  static let threshold = 2048

  /// Sorts `values` ascending.
  /// - Precondition: every value is ≥ +0 and not NaN (−0 is not allowed).
  static func sort(_ values: inout [Double]) {
    guard values.count >= threshold else {
      values.sort()
      return
    }
    values.withUnsafeMutableBufferPointer { buffer in
      // Double and UInt64 have the same size and alignment.
      buffer.withMemoryRebound(to: UInt64.self) { sortBits($0) }
    }
  }

  /// Sorts `values` ascending.
  /// - Precondition: every value is ≥ +0 and not NaN (−0 is not allowed).
  static func sort(_ values: inout [Float]) {
    guard values.count >= threshold else {
      values.sort()
      return
    }
    values.withUnsafeMutableBufferPointer { buffer in
      buffer.withMemoryRebound(to: UInt32.self) { sortBits($0) }
    }
  }

  /// Sorts unsigned keys ascending.
  private static func sortBits<Key: FixedWidthInteger & UnsignedInteger>(
    _ keys: UnsafeMutableBufferPointer<Key>
  ) {
    let digitBits = 11
    let buckets = 1 << digitBits
    let mask = Key(buckets - 1)
    let passes = (Key.bitWidth + digitBits - 1) / digitBits
    let count = keys.count
    guard count > 1, let keysBase = keys.baseAddress else { return }
    let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: buckets * passes)
    counts.initialize(repeating: 0)
    let scratch = UnsafeMutableBufferPointer<Key>.allocate(capacity: count)
    defer {
      counts.deallocate()
      scratch.deallocate()
    }
    for key in keys {
      var rest = key
      for pass in 0..<passes {
        counts[pass &* buckets &+ Int(truncatingIfNeeded: rest & mask)] &+= 1
        rest >>= digitBits
      }
    }
    var source = keys
    var target = scratch
    for pass in 0..<passes {
      let base = pass * buckets
      let shift = pass * digitBits
      // Every key has the same digit: nothing to do in this pass.
      if counts[base + Int(truncatingIfNeeded: (source[0] >> shift) & mask)] == count {
        continue
      }
      var offset = 0
      for bucket in 0..<buckets {
        let size = counts[base + bucket]
        counts[base + bucket] = offset
        offset &+= size
      }
      for key in source {
        let bucket = base &+ Int(truncatingIfNeeded: (key >> shift) & mask)
        target[counts[bucket]] = key
        counts[bucket] &+= 1
      }
      swap(&source, &target)
    }
    if let sourceBase = source.baseAddress, sourceBase != keysBase {
      keysBase.update(from: sourceBase, count: count)
    }
  }
}
