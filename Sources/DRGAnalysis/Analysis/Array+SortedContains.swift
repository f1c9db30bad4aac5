extension Array where Element: Comparable {
  /// Whether this array, sorted in ascending order, holds `value`: a binary search for the
  /// first element not below `value`. Used by the second-pass readers that take only the
  /// rows the first pass marked (``CaseIDReader``, ``AuditLabelReader``).
  @inline(__always)
  func sortedContains(_ value: Element) -> Bool {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if self[middle] < value { low = middle + 1 } else { high = middle }
    }
    return low < count && self[low] == value
  }
}
