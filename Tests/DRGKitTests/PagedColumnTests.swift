import Testing

@_spi(DRGPackage) @testable import DRGKit

@Suite("Paged columns")
struct PagedColumnTests {
  /// 200,000 values cross three page boundaries (65,536 values a page); value i is 3·i.
  @Test func valuesSurvivePageBoundaries() {
    var column = PagedColumn<Int32>()
    for index in 0..<200_000 { column.append(Int32(index * 3)) }
    #expect(column.count == 200_000)
    for index in [0, 65_535, 65_536, 131_071, 131_072, 199_999] {
      #expect(column[index] == Int32(index * 3))
    }
    var sum = 0
    for value in column { sum += Int(value) }
    #expect(sum == 59_999_700_000)  // 3 · (0 + 1 + … + 199,999) = 3 · 199,999 · 200,000 / 2
  }

  /// A copy keeps its values when the original is appended to and emptied.
  @Test func copiesDoNotShareWrites() {
    var column = PagedColumn<UInt64>()
    for index in 0..<70_000 { column.append(UInt64(index)) }
    let copy = column
    column.append(7)
    #expect(column.count == 70_001 && copy.count == 70_000)
    column.removeAll(keepingCapacity: true)
    column.append(42)
    #expect(column.count == 1 && column[0] == 42)
    #expect(copy[0] == 0 && copy[69_999] == 69_999)
  }

  /// Emptied with its first page kept, the column fills again from the start.
  @Test func refillsAfterRemoveAll() {
    var column = PagedColumn<Bool>()
    for index in 0..<100_000 { column.append(index % 2 == 0) }
    column.removeAll(keepingCapacity: true)
    #expect(column.isEmpty)
    for index in 0..<66_000 { column.append(index % 3 == 0) }
    #expect(column.count == 66_000 && column[65_999] == (65_999 % 3 == 0) && column[1] == false)
    column.removeAll(keepingCapacity: false)
    #expect(column.isEmpty)
  }
}
