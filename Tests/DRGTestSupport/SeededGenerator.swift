/// SplitMix64: a small, fast, seeded generator, so that random tests repeat exactly. The one
/// copy every test target uses; a seed gives the sequence the targets' own copies gave, so
/// the tests see the same data.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  /// The generator's state, advanced by a fixed odd step on each draw.
  public var state: UInt64

  /// A generator whose sequence is fixed by `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<bound` (0 when `bound` ≤ 1): the next draw modulo `bound`.
  public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}
