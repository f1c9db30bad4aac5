/// A column of plain values that grows by pages of 65,536 elements and never moves them.
///
/// An `Array` that outgrows its capacity allocates twice the size and copies: for ten
/// million cases the audit's columns held up to twice the bytes the cases need, and three
/// times for a moment while copying. Pages hold at most one partly filled page more than
/// the values, whatever the number of cases, and cost no copy. Copy-on-write: a copy
/// shares the pages until one of the two appends.
///
/// Public only to the package's own libraries (`@_spi(DRGPackage) import DRGKit`), not
/// `package`: Swift 6.3 does not inline or specialise an `@inlinable package` member in
/// another module, so each subscript was an unspecialised generic call with a metadata
/// look-up (callgrind, `drg audit` on 200k rows: 8.5G instructions instead of 2.2G).
@_spi(DRGPackage)
public struct PagedColumn<Element: BitwiseCopyable & Sendable>: RandomAccessCollection, Sendable {
  /// Elements per page, as a power of two.
  @inlinable public static var pageShift: Int { 16 }
  /// Elements per page.
  @inlinable public static var pageSize: Int { 1 << pageShift }

  @usableFromInline var storage = Storage()
  @usableFromInline var stored = 0
  /// Number of values.
  @inlinable public var count: Int { stored }

  /// An empty column.
  public init() {}

  /// 0.
  @inlinable public var startIndex: Int { 0 }
  /// The number of values.
  @inlinable public var endIndex: Int { stored }

  /// The value at `index` (0 ..< ``count``).
  @inlinable @inline(__always)
  public subscript(index: Int) -> Element {
    precondition(index >= 0 && index < count, "PagedColumn index out of range")
    return storage.pages[index >> Self.pageShift][index & (Self.pageSize - 1)]
  }

  /// Appends `element`, adding a page when the last one is full.
  @inlinable @inline(__always)
  public mutating func append(_ element: Element) {
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(count: count) }
    let offset = count & (Self.pageSize - 1)
    if count >> Self.pageShift == storage.pages.count {
      storage.pages.append(.allocate(capacity: Self.pageSize))
    }
    storage.pages[count >> Self.pageShift][offset] = element
    stored += 1
  }

  /// Appends `values` in order, copying them a page at a time.
  @inlinable
  public mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
    guard let source = values.baseAddress, !values.isEmpty else { return }
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(count: count) }
    var done = 0
    while done < values.count {
      let offset = stored & (Self.pageSize - 1)
      if stored >> Self.pageShift == storage.pages.count {
        storage.pages.append(.allocate(capacity: Self.pageSize))
      }
      let length = Swift.min(Self.pageSize - offset, values.count - done)
      (storage.pages[stored >> Self.pageShift] + offset).initialize(
        from: source + done, count: length)
      stored += length
      done += length
    }
  }

  /// Replaces the value at `index` (0 ..< ``count``).
  @inlinable @inline(__always)
  public mutating func set(_ element: Element, at index: Int) {
    precondition(index >= 0 && index < count, "PagedColumn index out of range")
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(count: count) }
    storage.pages[index >> Self.pageShift][index & (Self.pageSize - 1)] = element
  }

  /// Calls `body` with the values page by page, in order (every page full but the last).
  @inlinable
  public func forEachPage(_ body: (UnsafeBufferPointer<Element>) throws -> Void) rethrows {
    var left = count
    for page in storage.pages where left > 0 {
      let length = Swift.min(left, Self.pageSize)
      try body(UnsafeBufferPointer(start: page, count: length))
      left -= length
    }
  }

  /// Removes every value; with `keepingCapacity` the first page stays allocated (a chunk's
  /// cases are emptied and refilled), otherwise every page is freed.
  public mutating func removeAll(keepingCapacity: Bool) {
    if keepingCapacity && isKnownUniquelyReferenced(&storage) {
      storage.keepFirstPage()
    } else {
      storage = Storage()
    }
    stored = 0
  }

  /// The pages, owned by one column at a time unless copied.
  @usableFromInline final class Storage: @unchecked Sendable {
    // Unchecked: the pages are written only through a uniquely referenced storage
    // (`isKnownUniquelyReferenced` before every append), so values shared between copies
    // are never written again. Exclusivity unchecked too, for the same reason: a class's
    // `var` is otherwise checked at run time on every access (`swift_beginAccess`, a
    // thread-local look-up), which cost the audit 30% more CPU than arrays (callgrind, 200k
    // rows: 23% of its instructions).
    @exclusivity(unchecked) @usableFromInline var pages: [UnsafeMutablePointer<Element>] = []

    @usableFromInline init() {}

    deinit { for page in pages { page.deallocate() } }

    @usableFromInline func copy(count: Int) -> Storage {
      let copy = Storage()
      var left = count
      for page in pages where left > 0 {
        let new = UnsafeMutablePointer<Element>.allocate(capacity: PagedColumn.pageSize)
        let filled = Swift.min(left, PagedColumn.pageSize)
        new.initialize(from: page, count: filled)
        copy.pages.append(new)
        left -= filled
      }
      return copy
    }

    func keepFirstPage() {
      guard pages.count > 1 else { return }
      for page in pages.dropFirst() { page.deallocate() }
      pages.removeSubrange(1...)
    }
  }
}
