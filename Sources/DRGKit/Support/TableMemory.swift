import Foundation

/// Memory for the large tables the engine reads at random per record (code tables, list
/// membership, candidate masks).
///
/// Tables of a megabyte or more are aligned to 2 MB and, on Linux, marked for transparent
/// huge pages: a few huge pages instead of thousands of small ones, so a random read rarely
/// misses the TLB, which under virtualisation costs a two-level page walk.
enum TableMemory {
  static let hugePage = 2 << 20

  /// Uninitialised memory for `count` values of `T`; free it with `deallocate()`.
  static func allocate<T>(_: T.Type, count: Int) -> UnsafeMutableBufferPointer<T> {
    let bytes = max(count, 1) * MemoryLayout<T>.stride
    guard bytes >= hugePage / 2 else { return .allocate(capacity: max(count, 1)) }
    let rounded = (bytes + hugePage - 1) / hugePage * hugePage
    let raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: hugePage)
    #if os(Linux)
      _ = madvise(raw, rounded, MADV_HUGEPAGE)
    #endif
    return UnsafeMutableBufferPointer(
      start: raw.bindMemory(to: T.self, capacity: max(count, 1)), count: max(count, 1))
  }
}
