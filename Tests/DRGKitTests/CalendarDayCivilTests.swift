import Testing

@testable import DRGKit

/// `CalendarDay.civil` turns a day number back into year, month and day: the one inverse that
/// settlement's months (`CivilDate`) and the synthetic dates (`ByteSink`) share.
@Suite("calendar day: civil date of a day number")
struct CalendarDayCivilTests {
  @Test func knownDays() {
    #expect(CalendarDay.civil(0) == (1970, 1, 1))
    #expect(CalendarDay.civil(-1) == (1969, 12, 31))
    // 2024-01-01: 54 years with 13 leap days (1972…2020) = 54·365 + 13 = 19723 days; then
    // 2024-04-11 is 31 + 29 + 31 + 10 = 101 days on, and 2024-02-29 is 31 + 28 days on.
    #expect(CalendarDay.civil(19_723) == (2024, 1, 1))
    #expect(CalendarDay.civil(19_824) == (2024, 4, 11))
    #expect(CalendarDay.civil(19_782) == (2024, 2, 29))
    #expect(CalendarDay.civil(19_783) == (2024, 3, 1))
    // 2000 is a leap year (divisible by 400): 2000-01-01 is 30·365 + 7 (1972…1996) = 10957,
    // so 2000-03-01 is 10957 + 31 + 29 = 11017 and the day before it is 02-29.
    #expect(CalendarDay.civil(11_016) == (2000, 2, 29))
    #expect(CalendarDay.civil(11_017) == (2000, 3, 1))
    // 1900 is not (divisible by 100): 1900-01-01 is -(70·365 + 17 (1904…1968)) = -25567,
    // so 1900-03-01 is -25567 + 31 + 28 = -25508 and the day before it is 02-28.
    #expect(CalendarDay.civil(-25_509) == (1900, 2, 28))
    #expect(CalendarDay.civil(-25_508) == (1900, 3, 1))
  }

  @Test func invertsTheDayNumberOfEveryDayFrom1600To2400() throws {
    // Walks the calendar day by day with the month lengths of the Gregorian rule, and checks
    // that each day's number (counted from 1600-01-01 = -135140, i.e. 370 years of 365 days
    // and 90 leap days before 1970) comes back as that day.
    var number = -135_140
    for year in 1600..<2400 {
      let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
      let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
      for (index, length) in lengths.enumerated() {
        for day in 1...length {
          let civil = CalendarDay.civil(number)
          guard civil == (year, index + 1, day) else {
            Issue.record("day \(number) read as \(civil), expected \(year)-\(index + 1)-\(day)")
            return
          }
          number += 1
        }
      }
    }
    // 800 Gregorian years are exactly two 400-year cycles of 146097 days.
    #expect(number == -135_140 + 2 * 146_097)
  }
}
