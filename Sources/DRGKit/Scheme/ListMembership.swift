/// Which code lists each code belongs to, as a code-major bitmap.
///
/// Row `r` holds one bit per list for the code with row `r`; row 0 is the row of every
/// code the scheme does not know, and is all zeros. Asking whether a code is in a list is
/// one load and one mask, and the few rows a case touches sit close together in memory.
///
/// The words live in zeroed table memory (``TableMemory/allocateZeroed(_:count:)``) owned
/// by a shared storage object, which ``GroupingTables`` reads in place: the scheme holds
/// one copy of the bitmap, and a compiled scheme fills only its non-zero words (CHS-DRG
/// 1.1's are 5% of 2.8 MB). Only the scheme builder inserts, before anything shares it.
struct ListMembership: Sendable {
  private let storage: Storage
  let wordsPerRow: Int
  let listCount: Int

  /// The bitmap's words, valid while this value (or a copy of it) is alive.
  var words: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(storage.words) }

  /// - Parameters:
  ///   - rows: number of code rows, the unknown row 0 included.
  ///   - listCount: number of lists (tagged lists count as lists of their own).
  init(rows: Int, listCount: Int) {
    self.listCount = listCount
    wordsPerRow = max(1, (listCount + 63) / 64)
    storage = Storage(count: rows * wordsPerRow)
  }

  /// A bitmap of `count` words (whole rows), all zero, for the compiled form to fill
  /// through `fill` (``SchemeCache``); `nil` when `count` is not whole rows or `fill`
  /// throws.
  init?<E: Error>(
    count: Int, listCount: Int,
    fill: (UnsafeMutableBufferPointer<UInt64>) throws(E) -> Void
  ) throws(E) {
    self.listCount = listCount
    wordsPerRow = max(1, (listCount + 63) / 64)
    guard listCount >= 0, count >= 0, count % wordsPerRow == 0 else { return nil }
    storage = Storage(count: count)
    try fill(storage.words)
  }

  mutating func insert(row: UInt32, list: Int32) {
    storage.words[Int(row) * wordsPerRow + Int(list >> 6)] |= 1 << UInt64(list & 63)
  }

  /// - Complexity: O(1).
  @inline(__always)
  func contains(row: UInt32, list: Int32) -> Bool {
    storage.words[Int(row) &* wordsPerRow &+ Int(list >> 6)] & (1 << UInt64(list & 63)) != 0
  }

  /// Calls `body` with the words, keeping them alive meanwhile.
  func withWords<R>(_ body: (UnsafeBufferPointer<UInt64>) throws -> R) rethrows -> R {
    try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(storage.words)) }
  }

  /// The words and who frees them; never changed once the scheme is built.
  final class Storage: @unchecked Sendable {
    let words: UnsafeMutableBufferPointer<UInt64>

    init(count: Int) {
      let buffer = TableMemory.allocateZeroed(UInt64.self, count: count)
      words = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
    }

    deinit { TableMemory.free(words) }
  }

  /// The storage, for ``GroupingTables`` to keep the words alive while it reads them.
  var owner: AnyObject { storage }
}
