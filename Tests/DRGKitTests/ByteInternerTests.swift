import Testing

@testable import DRGKit

@Suite("Byte interner")
struct ByteInternerTests {
  @Test func idsAreDenseAndStable() {
    var interner = ByteInterner()
    #expect(interner.intern("I10.x00") == 0)
    #expect(interner.intern("J18.900") == 1)
    #expect(interner.intern("I10.x00") == 0)
    #expect(interner.count == 2)
    #expect(interner.lookup("J18.900") == 1)
    #expect(interner.string(1) == "J18.900")
  }

  @Test func unknownBytesAreNotFound() {
    var interner = ByteInterner()
    _ = interner.intern("A")
    #expect(interner.lookup("B") == ByteInterner.notFound)
    #expect(interner.lookup("AA") == ByteInterner.notFound)
    #expect(interner.lookup("") == ByteInterner.notFound)
  }

  @Test func prefixesAndEmptyStringAreDistinct() {
    var interner = ByteInterner()
    let ids = ["A", "AB", "ABC", "", "躯干、脊柱创伤"].map { interner.intern($0) }
    #expect(ids == [0, 1, 2, 3, 4])
    #expect(interner.lookup("") == 3)
    #expect(interner.string(3) == "")
    #expect(interner.lookup("躯干、脊柱创伤") == 4)
    #expect(interner.string(4) == "躯干、脊柱创伤")
  }

  @Test func growsPastItsInitialCapacity() {
    var interner = ByteInterner(expectedCount: 1)
    let codes = (0..<5000).map { "C\($0).x\($0 % 7)" }
    for (index, code) in codes.enumerated() {
      #expect(interner.intern(code) == UInt32(index))
    }
    #expect(interner.count == codes.count)
    for (index, code) in codes.enumerated() {
      #expect(interner.lookup(code) == UInt32(index))
      #expect(interner.string(UInt32(index)) == code)
    }
    #expect(interner.lookup("C5000.x2") == ByteInterner.notFound)
  }
}
