import Foundation

/// The synthesizer's pseudo-random number generator: xoshiro256** seeded through SplitMix64.
///
/// Written here rather than taken from the standard library so that a seed gives the same
/// stream on every platform and Swift version: `drg synth` promises the same bytes for the
/// same seed.
struct SynthesisRandom: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// A generator whose stream is fixed by `seed`.
  init(seed: UInt64) {
    var mixer = seed
    s0 = Self.splitMix(&mixer)
    s1 = Self.splitMix(&mixer)
    s2 = Self.splitMix(&mixer)
    s3 = Self.splitMix(&mixer)
  }

  /// A generator for one purpose (`stream`) derived from a seed, so that independent parts
  /// of the synthesizer do not share, and so do not shift, one stream.
  init(seed: UInt64, stream: UInt64) {
    var mixer = seed ^ (stream &* 0x9E37_79B9_7F4A_7C15)
    self.init(seed: Self.splitMix(&mixer))
  }

  static func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @inline(__always)
  mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = s3 << 45 | s3 >> 19
    return result
  }

  /// Uniform in [0, 1) with 53 random bits.
  @inline(__always)
  mutating func unit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform in `0..<bound` (`bound` > 0), by Lemire's multiply-shift (bias below 2⁻³²
  /// for the small bounds used here, and no division).
  @inline(__always)
  mutating func below(_ bound: Int) -> Int {
    Int(truncatingIfNeeded: (next().multipliedFullWidth(by: UInt64(bound))).high)
  }

  /// Uniform in `range` (closed, integers).
  @inline(__always)
  mutating func integer(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// `true` with probability `p`.
  @inline(__always)
  mutating func chance(_ p: Double) -> Bool { unit() < p }

  /// A standard normal deviate (Box–Muller; one of the pair is dropped to keep the state
  /// small and the stream simple).
  @inline(__always)
  mutating func normal() -> Double {
    let u1 = 1 - unit()  // (0, 1]
    let u2 = unit()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// An index into a collection of `count` items skewed towards the front, as common codes
  /// are in real data: the first tenth of the items gets about a third of the draws
  /// (`strongly`: about half).
  @inline(__always)
  mutating func skewedIndex(_ count: Int, strongly: Bool = false) -> Int {
    let u = unit()
    let skewed = strongly ? u * u * u : u * u
    return min(count - 1, Int(skewed * Double(count)))
  }
}

/// Stable hashing of text for choices that must not depend on the seed (a DRG's cost level,
/// its popularity).
enum StableHash {
  /// 64-bit FNV-1a of the UTF-8 bytes, finished with a SplitMix64 step.
  static func of(_ text: String, salt: UInt64 = 0) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ salt
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
    return SynthesisRandom.splitMix(&hash)
  }

  /// A value in [0, 1) from text.
  static func unit(_ text: String, salt: UInt64) -> Double {
    Double(of(text, salt: salt) >> 11) * 0x1.0p-53
  }

  /// A standard normal value from text (inverse of a logistic approximation; only needs to
  /// be bell-shaped and stable).
  static func normal(_ text: String, salt: UInt64) -> Double {
    let u = min(max(unit(text, salt: salt), 1e-9), 1 - 1e-9)
    return log(u / (1 - u)) * 0.551
  }
}
