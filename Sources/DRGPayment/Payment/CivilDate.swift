import DRGKit

/// A day of the civil (proleptic Gregorian) calendar, from a count of days since
/// 1970-01-01 — the form settlement keeps dates in.
struct CivilDate: Sendable, Equatable, CustomStringConvertible {
  var year: Int
  /// 1…12.
  var month: Int
  /// 1…31.
  var day: Int

  /// The date `day` days after 1970-01-01 (``CalendarDay/civil(_:)``).
  init(day: Int) {
    (year, month, self.day) = CalendarDay.civil(day)
  }

  /// `YYYY-MM-DD`.
  var description: String { "\(Self.monthKey(year: year, month: month))-\(Self.twoDigits(day))" }

  /// `YYYY-MM`, the key of a settlement month.
  static func monthKey(year: Int, month: Int) -> String { "\(year)-\(twoDigits(month))" }

  private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
