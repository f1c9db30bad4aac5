/// Which code lists each code belongs to, as a code-major bitmap.
///
/// Row `r` holds one bit per list for the code with row `r`; row 0 is the row of every
/// code the scheme does not know, and is all zeros. Asking whether a code is in a list is
/// one load and one mask, and the few rows a case touches sit close together in memory.
struct ListMembership: Sendable {
  private(set) var words: [UInt64]
  let wordsPerRow: Int
  let listCount: Int

  /// - Parameters:
  ///   - rows: number of code rows, the unknown row 0 included.
  ///   - listCount: number of lists (tagged lists count as lists of their own).
  init(rows: Int, listCount: Int) {
    self.listCount = listCount
    wordsPerRow = max(1, (listCount + 63) / 64)
    words = Array(repeating: 0, count: rows * wordsPerRow)
  }

  /// A bitmap from the words the compiled form stores (``SchemeCache``), or `nil` when
  /// they are not whole rows.
  init?(words: [UInt64], listCount: Int) {
    self.listCount = listCount
    wordsPerRow = max(1, (listCount + 63) / 64)
    guard listCount >= 0, words.count % wordsPerRow == 0 else { return nil }
    self.words = words
  }

  mutating func insert(row: UInt32, list: Int32) {
    words[Int(row) * wordsPerRow + Int(list >> 6)] |= 1 << UInt64(list & 63)
  }

  /// - Complexity: O(1).
  @inline(__always)
  func contains(row: UInt32, list: Int32) -> Bool {
    words.withUnsafeBufferPointer {
      $0[Int(row) &* wordsPerRow &+ Int(list >> 6)] & (1 << UInt64(list & 63)) != 0
    }
  }
}
