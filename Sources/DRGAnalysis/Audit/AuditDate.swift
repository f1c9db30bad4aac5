@_spi(DRGPackage) import DRGKit
import DRGPayment

/// Calendar dates of the audit as day numbers (days since 1970-01-01), read straight from
/// bytes by ``CalendarDay``, the parser of the validation edits.
enum AuditDate {
  /// `2024-04-11`, `2024/04/11`, `2024/4/11`, `2024.04.11` or `20240411`, optionally followed
  /// by a time after a space or `T` (`2024-04-11 08:30:00`), as a day number; `nil` for
  /// anything else, including impossible dates such as `2024-02-30`.
  @inline(__always)
  static func dayNumber(_ raw: UnsafeBufferPointer<UInt8>) -> Int32? {
    CalendarDay.parse(raw).map { Int32(truncatingIfNeeded: $0) }
  }

  static func dayNumber(_ text: String) -> Int32? {
    CalendarDay.parse(text).map { Int32(truncatingIfNeeded: $0) }
  }
}
