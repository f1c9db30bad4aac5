/// A 64-bit checksum of bytes, for telling whether a compiled scheme still matches its
/// tables and whether its own bytes are intact (see ``SchemeCache``). Not cryptographic:
/// it detects accidental change (an edited table, a flipped byte, a truncated file), not
/// deliberate forgery.
///
/// The bytes are read eight at a time as little-endian words into two lanes, each mixed
/// by `lane = rotl(lane ^ word × p2, 31) × p1` (xxHash64's round, with xor for add);
/// the lanes, the length and the 0–15 bytes left over are folded at the end by a
/// multiply–xorshift finaliser (MurmurHash3's `fmix64`). Foundation offers no SHA on
/// Linux, and this costs about two instructions a byte less than one would: checking a
/// scheme of 4 MB takes about 2M instructions.
struct TableChecksum: Sendable {
  private var lanes: (UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F)
  private var length: UInt64 = 0

  /// Adds `bytes` as one part: parts are told apart, so `ab` + `c` differs from `a` + `bc`.
  mutating func add(_ bytes: UnsafeRawBufferPointer) {
    let count = bytes.count
    var (first, second) = lanes
    var index = 0
    if let base = bytes.baseAddress {
      while index &+ 16 <= count {
        first = Self.round(first, base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        second = Self.round(
          second, base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self))
        index &+= 16
      }
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while index < count {
        if index &+ 8 <= count {
          first = Self.round(first, base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
          index &+= 8
          continue
        }
        tail |= UInt64(bytes[index]) &<< shift
        shift &+= 8
        index &+= 1
      }
      second = Self.round(second, tail ^ UInt64(truncatingIfNeeded: count))
    } else {
      second = Self.round(second, 0)
    }
    lanes = (first, second)
    length &+= UInt64(truncatingIfNeeded: count)
  }

  /// Adds the bytes of an array as one part.
  mutating func add(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { add($0) }
  }

  /// Adds the UTF-8 of a text as one part.
  mutating func add(_ text: String) {
    var text = text
    text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
  }

  /// The checksum of every part added so far.
  var value: UInt64 {
    var hash = lanes.0 ^ (lanes.1 &* 0x9E37_79B9_7F4A_7C15) ^ length
    hash ^= hash &>> 33
    hash &*= 0xFF51_AFD7_ED55_8CCD
    hash ^= hash &>> 33
    hash &*= 0xC4CE_B9FE_1A85_EC53
    hash ^= hash &>> 33
    return hash
  }

  @inline(__always)
  private static func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
    let mixed = lane ^ UInt64(littleEndian: word) &* 0xC2B2_AE3D_27D4_EB4F
    return (mixed &<< 31 | mixed &>> 33) &* 0x9E37_79B9_7F4A_7C15
  }

  /// The checksum of one run of bytes.
  static func of(_ bytes: [UInt8]) -> UInt64 {
    var checksum = TableChecksum()
    checksum.add(bytes)
    return checksum.value
  }
}
