import Testing

@testable import DRGKit

@Suite("SWAR byte tests")
struct SWARTests {
  /// The scalar answer: high bit of each byte below `bound`.
  static func below(_ word: UInt64, _ bound: UInt8) -> UInt64 {
    var mask: UInt64 = 0
    for lane in 0..<8 where UInt8(truncatingIfNeeded: word >> (lane * 8)) < bound {
      mask |= 0x80 << (lane * 8)
    }
    return mask
  }

  @Test("bytesBelow marks exactly the bytes below the bound, in every lane")
  func bytesBelowIsExact() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for bound in [UInt8(1), 0x0A, 0x2C, 0x2D, 0x2E, 0x7F, 0x80] {
      // Every byte value in every lane, with random neighbours (borrows and carries
      // between lanes would show up as wrong neighbours).
      for lane in 0..<8 {
        for value in 0...255 {
          state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
          var word = state & ~(0xFF << UInt64(lane * 8))
          word |= UInt64(value) << UInt64(lane * 8)
          #expect(SWAR.bytesBelow(word, bound) == Self.below(word, bound), "bound \(bound)")
        }
      }
    }
  }
}
