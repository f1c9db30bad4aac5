import DRGKit

/// A day of the civil (proleptic Gregorian) calendar, from a count of days since
/// 1970-01-01 — the form settlement keeps dates in.
struct CivilDate: Sendable, Equatable, CustomStringConvertible {
  var year: Int
  /// 1…12.
  var month: Int
  /// 1…31.
  var day: Int

  /// The date `day` days after 1970-01-01 (days-from-civil inverted, era by era).
  init(day: Int) {
    let z = day + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    self.day = dayOfYear - (153 * mp + 2) / 5 + 1
    month = mp < 10 ? mp + 3 : mp - 9
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  }

  /// `YYYY-MM-DD`.
  var description: String { "\(Self.monthKey(year: year, month: month))-\(Self.twoDigits(day))" }

  /// `YYYY-MM`, the key of a settlement month.
  static func monthKey(year: Int, month: Int) -> String { "\(year)-\(twoDigits(month))" }

  private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
