import Testing

@testable import DRGPayment

/// The narrow columns of the settlement's case store (``TextIDColumn``, ``NarrowNumbers``,
/// ``CaseCosts``, ``CaseByteTexts``): each value read back as appended, across the widths
/// and the page boundaries (65,536 values a page), with the expected values worked out
/// from how they were appended.
@Suite("Case store columns")
struct CaseColumnStorageTests {
  /// Shared ids 1000, 1001, … each appended twice: the column numbers them 0, 1, … in
  /// order of first appearance, 1 byte wide for the first 256 codes (0 … 255), 2 from the
  /// 257th text, 4 from the 65,537th; every case still reads back its shared id.
  @Test func textIDsWidenAsTheirTextsGrow() {
    var column = TextIDColumn()
    for text in 0..<256 {
      column.append(UInt32(1000 + text))
      column.append(UInt32(1000 + text))
    }
    #expect(column.width == 1 && column.count == 512)
    column.append(1256)  // the 257th text, code 256
    #expect(column.width == 2 && column.count == 513)
    #expect(column[0] == 1000 && column[1] == 1000 && column[511] == 1255 && column[512] == 1256)
    #expect(column.code(at: 511) == 255 && column.code(at: 512) == 256)
    // An id seen before keeps its code, whatever the width.
    column.append(1000)
    #expect(column.code(at: 513) == 0 && column[513] == 1000)
    // Up to 65,536 texts: codes 257 … 65,535 are new ids 1257 … 66,535, one case each.
    for text in 257..<65_536 { column.append(UInt32(1000 + text)) }
    #expect(column.width == 2 && column.count == 514 + 65_279)
    column.append(2_000_000)  // the 65,537th text, code 65,536
    #expect(column.width == 4)
    // Case 514 + k holds text 257 + k (id 1257 + k); the last holds code 65,536.
    #expect(column[514] == 1257 && column[514 + 65_278] == 66_535)
    #expect(column.code(at: 65_793) == 65_536 && column[65_793] == 2_000_000)
    #expect(column[0] == 1000 && column[512] == 1256 && column[513] == 1000)
    // Emptied, it is 1 byte wide again and numbers its texts afresh.
    column.removeAll()
    column.append(7)
    #expect(column.width == 1 && column.count == 1 && column.code(at: 0) == 0 && column[0] == 7)
  }

  /// A chunk's ids appended to the store's column: the chunk's ids 0, 1, 2 are the store's
  /// ids 5, 9, 5 (`remap`), so the chunk's cases [1, 2, 0, 1] read [9, 5, 5, 9] in the
  /// store, after the store's own [5]; the store's codes are 5 → 0, 9 → 1.
  @Test func chunksAreAppendedThroughTheRemap() {
    var store = TextIDColumn()
    store.append(5)
    let chunk: [UInt32] = [1, 2, 0, 1]
    let remap: [UInt32] = [5, 9, 5]
    remap.withUnsafeBufferPointer { remap in
      chunk.withUnsafeBufferPointer { store.append(ids: $0, remap: remap) }
    }
    #expect(Array(store) == [5, 9, 5, 5, 9])
    #expect((0..<5).map { store.code(at: $0) } == [0, 1, 0, 0, 1])
    #expect(store.idOfCode == [5, 9])
  }

  /// A chunk of 70,000 cases with 300 texts (chunk id i mod 300, the store's id 2·i mod 600)
  /// widens the store's column to 2 bytes in one append and crosses a page: case k reads
  /// 2 · (k mod 300).
  @Test func aChunkWidensTheColumnAtOnce() {
    var store = TextIDColumn()
    let chunk = (0..<70_000).map { UInt32($0 % 300) }
    let remap = (0..<300).map { UInt32(2 * $0) }
    remap.withUnsafeBufferPointer { remap in
      chunk.withUnsafeBufferPointer { store.append(ids: $0, remap: remap) }
    }
    #expect(store.width == 2 && store.count == 70_000)
    for index in [0, 255, 256, 299, 300, 65_535, 65_536, 69_999] {
      #expect(store[index] == UInt32(2 * (index % 300)), "\(index)")
    }
  }

  /// Values appended a chunk at a time: lengths of stay [3, none, 5] fit 2 bytes; a chunk
  /// [7, 40,000] does not (40,000 > 32,767), so every value widens, those before included.
  /// Costs [100.5, 0] are fen; a chunk [2.125] (not whole fen) makes them Doubles.
  @Test func chunksOfNumbersWidenWhenOneDoesNotFit() {
    var los = NarrowNumbers<Int16>()
    let first: [Int32] = [3, .min, 5]
    first.withUnsafeBufferPointer { los.append(contentsOf: $0, none: .min) }
    #expect(los.width == 2 && los.count == 3 && los[0] == 3 && los[1] == nil && los[2] == 5)
    let second: [Int32] = [7, 40_000]
    second.withUnsafeBufferPointer { los.append(contentsOf: $0, none: .min) }
    #expect(los.width == 8 && los.count == 5)
    #expect(los[0] == 3 && los[1] == nil && los[2] == 5 && los[3] == 7 && los[4] == 40_000)
    var costs = CaseCosts()
    [100.5, 0].withUnsafeBufferPointer { costs.append(contentsOf: $0) }
    #expect(costs.width == 4 && costs[0] == 100.5 && costs[1] == 0)
    [2.125].withUnsafeBufferPointer { costs.append(contentsOf: $0) }
    #expect(costs.width == 8 && costs.count == 3 && costs[0] == 100.5 && costs[2] == 2.125)
  }

  /// Days from 2000-01-01 (day 10,957 after 1970-01-01) in 2 bytes: −32,767 … 32,767 days
  /// from it fit (1910-04-16 is day 10,957 − 32,767 = −21,810; 2089-09-17 is 43,724);
  /// one day more, or −32,768 (the mark of none), widens every value to 8 bytes.
  @Test func narrowNumbersWidenAtTheFirstValueThatDoesNotFit() {
    var days = NarrowNumbers<Int16>(origin: 10_957)
    days.append(10_957)
    days.append(nil)
    days.append(-21_810)
    days.append(43_724)
    #expect(days.width == 2 && days.count == 4)
    #expect(days[0] == 10_957 && days[1] == nil && days[2] == -21_810 && days[3] == 43_724)
    days.append(43_725)
    #expect(days.width == 8)
    #expect(days[0] == 10_957 && days[1] == nil && days[2] == -21_810 && days[4] == 43_725)
    var below = NarrowNumbers<Int16>(origin: 10_957)
    below.append(10_957 - 32_768)
    #expect(below.width == 8 && below[0] == -21_811)
    // Self pay in fen: −1 (unreadable) and 2,147,483,647 fit 4 bytes; 2,147,483,648 not.
    var fen = NarrowNumbers<Int32>()
    fen.append(-1)
    fen.append(2_147_483_647)
    #expect(fen.width == 4 && fen[0] == -1 && fen[1] == 2_147_483_647)
    fen.append(2_147_483_648)
    #expect(fen.width == 8 && fen[1] == 2_147_483_647 && fen[2] == 2_147_483_648)
    // Emptied, it is narrow again.
    fen.removeAll()
    fen.append(3)
    #expect(fen.width == 4 && fen.count == 1 && fen[0] == 3)
  }

  /// 200,000 values across three page boundaries: value i is i mod 1000 days, none when
  /// i is a multiple of 7.
  @Test func narrowNumbersSurvivePageBoundaries() {
    var los = NarrowNumbers<Int16>()
    for index in 0..<200_000 { los.append(index % 7 == 0 ? nil : Int64(index % 1000)) }
    #expect(los.count == 200_000 && los.width == 2)
    for index in [0, 1, 65_535, 65_536, 65_537, 131_072, 199_999] {
      #expect(los[index] == (index % 7 == 0 ? nil : Int64(index % 1000)), "\(index)")
    }
  }

  /// Costs in whole fen while each reads back bit for bit: 100.5 is 10,050 fen, 0 is 0,
  /// 39,999,999.99 is 3,999,999,999; 0.1 + 0.2 (0.30000000000000004, not 30 fen / 100)
  /// and 40,000,000 (beyond the 4-byte fen) widen every cost to a Double.
  @Test func costsAreFenUntilOneIsNot() {
    #expect(CaseCosts.exactFen(100.5) == 10_050)
    #expect(CaseCosts.exactFen(0) == 0)
    #expect(CaseCosts.exactFen(39_999_999.99) == 3_999_999_999)
    #expect(CaseCosts.exactFen(0.1 + 0.2) == nil)
    #expect(CaseCosts.exactFen(40_000_000) == nil)
    #expect(CaseCosts.exactFen(-0.0) == nil)  // −0.0 is not the +0.0 that 0 fen reads back
    var costs = CaseCosts()
    costs.append(100.5)
    costs.append(12_686.29)
    #expect(costs.width == 4 && costs[0] == 100.5 && costs[1] == 12_686.29)
    costs.append(0.1 + 0.2)
    #expect(costs.width == 8)
    #expect(costs[0] == 100.5 && costs[1] == 12_686.29 && costs[2] == 0.1 + 0.2)
    #expect(costs[2] != 0.3)
  }

  /// Ids across a page boundary (65,536 cases a page): id i is "C" and i in decimal,
  /// empty when i is a multiple of 10,000; one id of 70,000 bytes (beyond a page's
  /// 65,535) is held aside and read back whole.
  @Test func byteTextsSurvivePageBoundariesAndLongTexts() {
    var ids = CaseByteTexts()
    func text(_ index: Int) -> [UInt8] { index % 10_000 == 0 ? [] : Array("C\(index)".utf8) }
    let long = [UInt8](repeating: 0x41, count: 70_000)
    for index in 0..<140_000 {
      let bytes = index == 65_537 ? long : text(index)
      bytes.withUnsafeBufferPointer { ids.append($0) }
    }
    #expect(ids.count == 140_000)
    for index in [0, 1, 9_999, 10_000, 65_535, 65_536, 65_538, 131_071, 131_072, 139_999] {
      #expect(ids.withBytes(at: index) { Array($0) } == text(index), "\(index)")
      #expect(ids.isEmpty(at: index) == (index % 10_000 == 0), "\(index)")
    }
    #expect(ids.string(at: 65_535) == "C65535" && ids.string(at: 65_536) == "C65536")
    #expect(ids.withBytes(at: 65_537) { Array($0) } == long)
    #expect(!ids.isEmpty(at: 65_537))
    // Appended to another store after its own "x": positions shift by one.
    var store = CaseByteTexts()
    Array("x".utf8).withUnsafeBufferPointer { store.append($0) }
    store.append(contentsOf: ids)
    #expect(store.count == 140_001 && store.string(at: 0) == "x")
    #expect(store.string(at: 65_537) == "C65536" && store.string(at: 139_999) == "C139998")
    #expect(store.withBytes(at: 65_538) { $0.count } == 70_000)
    // A chunk's ids given by their ranges in one byte block: "ab|c||d" → ab, c, "", d.
    let block = Array("abcd".utf8)
    let ranges = [(0, 2), (2, 3), (3, 3), (3, 4)]
    block.withUnsafeBufferPointer { block in
      store.append(4, of: block) { (start: ranges[$0].0, end: ranges[$0].1) }
    }
    #expect(store.count == 140_005)
    #expect((140_001..<140_005).map { store.string(at: $0) } == ["ab", "c", "", "d"])
    #expect(store.isEmpty(at: 140_003) && !store.isEmpty(at: 140_004))
    ids.removeAll()
    #expect(ids.count == 0)
    Array("y".utf8).withUnsafeBufferPointer { ids.append($0) }
    #expect(ids.string(at: 0) == "y")
  }

  /// Pools in 1 byte while the policy has at most 127: cases start in no pool (−1) and take
  /// the pools set; 200 pools need 4 bytes and still read back −1 … 199.
  @Test func poolsHoldEveryPoolOfThePolicy() {
    var pools = CasePools(count: 3, pools: 2)
    #expect(Array(pools) == [-1, -1, -1])
    pools[1] = 1
    pools[2] = 0
    #expect(Array(pools) == [-1, 1, 0])
    let many = CasePools([199, -1, 127, 0])
    #expect(Array(many) == [199, -1, 127, 0])
    #expect(many == CasePools([199, -1, 127, 0]) && many != CasePools([199, -1, 127, 1]))
  }
}
