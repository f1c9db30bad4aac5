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

  /// Zeroed memory for `count` values of `T`; free it with ``free(_:)``, never
  /// `deallocate()`. Tables of 64 kB or more are mapped straight from the system, which
  /// hands out zeroed pages when they are first touched: a mostly-zero table (list bitmap,
  /// candidate masks, code-table slots) filled with its few non-zero values costs neither
  /// a pass that writes zeros nor the pages nobody writes. From a megabyte on, as in
  /// ``allocate(_:count:)``, they start on a huge-page boundary and are marked for huge
  /// pages.
  static func allocateZeroed<T>(_: T.Type, count: Int) -> UnsafeMutableBufferPointer<T> {
    let bytes = max(count, 1) * MemoryLayout<T>.stride
    guard let (length, alignment) = mappedSize(bytes) else {
      let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
      UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
      return buffer
    }
    // Mapped with room to spare, then the ends are given back, so that the table starts on
    // an `alignment` boundary.
    let spare = alignment > pageSize ? alignment : 0
    let mapped = mmap(
      nil, length + spare, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    guard let mapped, mapped != MAP_FAILED else {
      fatalError("cannot map \(length) bytes for a table: \(String(cString: strerror(errno)))")
    }
    let address = UInt(bitPattern: mapped)
    let start = (address + UInt(alignment) - 1) / UInt(alignment) * UInt(alignment)
    if start > address { munmap(mapped, Int(start - address)) }
    let end = start + UInt(length)
    let mappedEnd = address + UInt(length + spare)
    if mappedEnd > end { munmap(UnsafeMutableRawPointer(bitPattern: end), Int(mappedEnd - end)) }
    let raw = UnsafeMutableRawPointer(bitPattern: start)!
    #if os(Linux)
      if alignment == hugePage { _ = madvise(raw, length, MADV_HUGEPAGE) }
    #endif
    return UnsafeMutableBufferPointer(
      start: raw.bindMemory(to: T.self, capacity: max(count, 1)), count: max(count, 1))
  }

  /// Frees memory from ``allocateZeroed(_:count:)``; `buffer` holds the count asked for
  /// (or the one value allocated for a count of 0).
  static func free<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
    guard let base = buffer.baseAddress else { return }
    let bytes = max(buffer.count, 1) * MemoryLayout<T>.stride
    guard let (length, _) = mappedSize(bytes) else {
      base.deallocate()
      return
    }
    munmap(base, length)
  }

  private static let pageSize = 4096

  /// The mapped length and alignment of a zeroed table of `bytes`, `nil` for one small
  /// enough to take from the allocator.
  private static func mappedSize(_ bytes: Int) -> (length: Int, alignment: Int)? {
    guard bytes >= 64 << 10 else { return nil }
    let alignment = bytes >= hugePage / 2 ? hugePage : pageSize
    return ((bytes + alignment - 1) / alignment * alignment, alignment)
  }
}
