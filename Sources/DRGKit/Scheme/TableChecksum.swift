/// A 64-bit checksum of bytes, for telling whether a compiled scheme still matches its
/// tables and whether its own bytes are intact (see ``SchemeCache``). Not cryptographic:
/// it detects accidental change (an edited table, a flipped byte, a truncated file), not
/// deliberate forgery.
///
/// The bytes are read as little-endian eight-byte words, dealt in turn to four lanes, each
/// updated by `lane = rotl(lane ^ word, 31) × p` (p odd). For a fixed word that update is
/// a bijection of the lane, so changing any one word always changes its lane's state, and
/// the state stays different through every later word. Words left over after the last
/// group of four go to the first lane; the last 0–7 bytes, xored with the part's length,
/// to the fourth. The lanes and the total length are folded at the end by
/// multiply–rotate steps and a multiply–xorshift finaliser (MurmurHash3's `fmix64`).
/// Foundation offers no SHA on Linux; this costs about half an instruction a byte, so
/// checking a scheme's 4 MB of tables and its 9 MB compiled file takes about 6M.
struct TableChecksum: Sendable {
  private static let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
  private var lanes: (UInt64, UInt64, UInt64, UInt64) = (
    0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89
  )
  private var length: UInt64 = 0

  /// Adds `bytes` as one part: parts are told apart, so `ab` + `c` differs from `a` + `bc`.
  mutating func add(_ bytes: UnsafeRawBufferPointer) {
    let count = bytes.count
    var (a, b, c, d) = lanes
    var tail: UInt64 = 0
    if let base = bytes.baseAddress {
      var index = 0
      // Two groups of four words per turn (the same lanes in the same order as one at a
      // time): fewer loop steps, a tenth fewer instructions.
      while index &+ 64 <= count {
        a = Self.round(a, base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        b = Self.round(b, base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self))
        c = Self.round(c, base.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self))
        d = Self.round(d, base.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self))
        a = Self.round(a, base.loadUnaligned(fromByteOffset: index &+ 32, as: UInt64.self))
        b = Self.round(b, base.loadUnaligned(fromByteOffset: index &+ 40, as: UInt64.self))
        c = Self.round(c, base.loadUnaligned(fromByteOffset: index &+ 48, as: UInt64.self))
        d = Self.round(d, base.loadUnaligned(fromByteOffset: index &+ 56, as: UInt64.self))
        index &+= 64
      }
      while index &+ 32 <= count {
        a = Self.round(a, base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        b = Self.round(b, base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self))
        c = Self.round(c, base.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self))
        d = Self.round(d, base.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self))
        index &+= 32
      }
      while index &+ 8 <= count {
        a = Self.round(a, base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        index &+= 8
      }
      var shift: UInt64 = 0
      while index < count {
        tail |= UInt64(bytes[index]) &<< shift
        shift &+= 8
        index &+= 1
      }
    }
    d = Self.round(d, tail ^ UInt64(truncatingIfNeeded: count))
    lanes = (a, b, c, d)
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
    var hash = length
    for lane in [lanes.0, lanes.1, lanes.2, lanes.3] { hash = Self.round(hash, lane) }
    hash ^= hash &>> 33
    hash &*= 0xFF51_AFD7_ED55_8CCD
    hash ^= hash &>> 33
    hash &*= 0xC4CE_B9FE_1A85_EC53
    hash ^= hash &>> 33
    return hash
  }

  @inline(__always)
  private static func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
    let mixed = lane ^ UInt64(littleEndian: word)
    return (mixed &<< 31 | mixed &>> 33) &* prime
  }

  /// The checksum of one run of bytes.
  static func of(_ bytes: [UInt8]) -> UInt64 {
    var checksum = TableChecksum()
    checksum.add(bytes)
    return checksum.value
  }
}
