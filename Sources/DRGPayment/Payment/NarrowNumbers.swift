@_spi(DRGPackage) import DRGKit

/// A whole number per case, or none, that is almost always small (days of stay, dates,
/// fen of self pay): held in the bytes of `Narrow` as its distance from `origin`, until a
/// value does not fit; then every value is copied once into 8 bytes and the column stays
/// that wide. Grows by pages (``PagedColumn``), so it is never held twice while growing.
struct NarrowNumbers<Narrow: FixedWidthInteger & SignedInteger & BitwiseCopyable & Sendable>:
  Sendable
{
  private var narrow = PagedColumn<Narrow>()
  private var wide = PagedColumn<Int64>()
  /// Whether the values are held in 8 bytes.
  private(set) var isWide = false
  /// The value stored as 0.
  let origin: Int64

  /// No values; `origin` is the value stored as 0.
  init(origin: Int64 = 0) { self.origin = origin }

  /// Marks no value in the narrow column (its smallest number, never a distance held).
  private static var noneMark: Narrow { .min }
  /// Marks no value in the wide column.
  private static var wideNoneMark: Int64 { .min }

  /// The number of values.
  var count: Int { isWide ? wide.count : narrow.count }

  /// Bytes held per value.
  var width: Int { isWide ? 8 : MemoryLayout<Narrow>.size }

  /// The value at `position`, or `nil`.
  @inline(__always)
  subscript(position: Int) -> Int64? {
    if !isWide {
      let stored = narrow[position]
      return stored == Self.noneMark ? nil : Int64(stored) + origin
    }
    let stored = wide[position]
    return stored == Self.wideNoneMark ? nil : stored
  }

  /// Appends `value` (`nil`: none). `Int64.min` cannot be held (it reads back as `nil`).
  @inline(__always)
  mutating func append(_ value: Int64?) {
    if !isWide {
      guard let value else {
        narrow.append(Self.noneMark)
        return
      }
      let (distance, overflow) = value.subtractingReportingOverflow(origin)
      if !overflow && distance > Int64(Self.noneMark) && distance <= Int64(Narrow.max) {
        narrow.append(Narrow(truncatingIfNeeded: distance))
        return
      }
      widen()
    }
    wide.append(value ?? Self.wideNoneMark)
  }

  /// Copies the values into 8 bytes each and frees the narrow column.
  private mutating func widen() {
    for stored in narrow {
      wide.append(stored == Self.noneMark ? Self.wideNoneMark : Int64(stored) + origin)
    }
    narrow.removeAll(keepingCapacity: false)
    isWide = true
  }

  /// Appends `values` in order (`none`: the value that stands for none), copying them a
  /// page at a time while they fit.
  mutating func append<Source: FixedWidthInteger>(
    contentsOf values: UnsafeBufferPointer<Source>, none: Source
  ) {
    if !isWide {
      var fits = true
      let narrowed = values.map { value -> Narrow in
        if value == none { return Self.noneMark }
        let (distance, overflow) = Int64(value).subtractingReportingOverflow(origin)
        guard !overflow && distance > Int64(Self.noneMark) && distance <= Int64(Narrow.max)
        else {
          fits = false
          return Self.noneMark
        }
        return Narrow(truncatingIfNeeded: distance)
      }
      if fits {
        narrowed.withUnsafeBufferPointer { narrow.append(contentsOf: $0) }
        return
      }
      widen()
    }
    let widened = values.map { $0 == none ? Self.wideNoneMark : Int64($0) }
    widened.withUnsafeBufferPointer { wide.append(contentsOf: $0) }
  }

  /// Removes every value, narrowing again.
  mutating func removeAll() {
    narrow.removeAll(keepingCapacity: false)
    wide.removeAll(keepingCapacity: false)
    isWide = false
  }
}
