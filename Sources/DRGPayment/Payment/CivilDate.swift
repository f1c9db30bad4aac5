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

  /// Days since 1970-01-01 of the first day of `month` (1…12) of `year`: the days-from-civil
  /// algorithm (the inverse of ``init(day:)``), years starting in March so that leap days
  /// come last.
  static func firstDay(year: Int, month: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// `YYYY-MM-DD`.
  var description: String { "\(Self.monthKey(year: year, month: month))-\(Self.twoDigits(day))" }

  /// `YYYY-MM`, the key of a settlement month.
  static func monthKey(year: Int, month: Int) -> String { "\(year)-\(twoDigits(month))" }

  private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
