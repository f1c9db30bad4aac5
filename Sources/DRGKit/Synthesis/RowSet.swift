/// A set of code rows as a bitmap: intersection and difference with a list take one pass
/// over a few hundred words, whatever the lists' sizes.
struct RowSet: Sendable, Equatable {
  private(set) var words: [UInt64]

  /// The empty set for rows `0..<rowCount`.
  init(rowCount: Int) {
    words = Array(repeating: 0, count: (rowCount + 63) / 64)
  }

  /// The set of `rows`.
  init(rowCount: Int, rows: [UInt32]) {
    self.init(rowCount: rowCount)
    for row in rows { insert(row) }
  }

  mutating func insert(_ row: UInt32) {
    words[Int(row >> 6)] |= 1 << UInt64(row & 63)
  }

  func contains(_ row: UInt32) -> Bool {
    words[Int(row >> 6)] & (1 << UInt64(row & 63)) != 0
  }

  var isEmpty: Bool { !words.contains { $0 != 0 } }

  /// Keeps the rows also in `other`.
  mutating func formIntersection(_ other: RowSet) {
    words.withUnsafeMutableBufferPointer { mine in
      other.words.withUnsafeBufferPointer { theirs in
        for index in mine.indices { mine[index] &= theirs[index] }
      }
    }
  }

  /// Removes the rows in `other`.
  mutating func subtract(_ other: RowSet) {
    words.withUnsafeMutableBufferPointer { mine in
      other.words.withUnsafeBufferPointer { theirs in
        for index in mine.indices { mine[index] &= ~theirs[index] }
      }
    }
  }

  /// Whether the set shares a row with `other`.
  func intersects(_ other: RowSet) -> Bool {
    words.withUnsafeBufferPointer { mine in
      other.words.withUnsafeBufferPointer { theirs in
        for index in mine.indices where mine[index] & theirs[index] != 0 { return true }
        return false
      }
    }
  }

  /// The rows, ascending.
  var rows: [UInt32] {
    var result: [UInt32] = []
    for (index, word) in words.enumerated() {
      var bits = word
      while bits != 0 {
        result.append(UInt32(index * 64 + bits.trailingZeroBitCount))
        bits &= bits - 1
      }
    }
    return result
  }
}
