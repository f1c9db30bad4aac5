/// A growable run of plain values in raw memory, emptied and refilled record after record.
///
/// The per-record paths fill one of these instead of an `Array`, so that appending costs
/// neither a uniqueness check nor a generic `removeAll`. A class, so that a struct holding
/// one can hand out views of it; the struct must then not be copied between threads.
final class ReusableBuffer<Element: BitwiseCopyable> {
  private(set) var base: UnsafeMutablePointer<Element>
  /// Values in use.
  private(set) var count = 0
  private var capacity: Int

  init(capacity: Int = 64) {
    self.capacity = max(capacity, 1)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// The values in use, valid until the buffer next changes.
  @inline(__always)
  var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

  @inline(__always)
  var isEmpty: Bool { count == 0 }

  @inline(__always)
  func append(_ element: Element) {
    if count == capacity { grow() }
    base[count] = element
    count &+= 1
  }

  /// Appends `elements` with one `memcpy`.
  @inline(__always)
  func append(contentsOf elements: UnsafeBufferPointer<Element>) {
    guard let source = elements.baseAddress else { return }
    while count &+ elements.count > capacity { grow() }
    UnsafeMutableRawPointer(base + count).copyMemory(
      from: source, byteCount: elements.count &* MemoryLayout<Element>.stride)
    count &+= elements.count
  }

  @inline(__always)
  func removeAll() { count = 0 }

  /// Makes room for `total` values in all, keeping those in use.
  func reserveCapacity(_ total: Int) {
    while capacity < total { grow() }
  }

  private func grow() {
    let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
    bigger.initialize(from: base, count: count)
    base.deallocate()
    base = bigger
    capacity *= 2
  }
}
