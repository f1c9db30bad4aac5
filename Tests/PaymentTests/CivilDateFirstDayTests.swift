import Testing

@testable import DRGPayment

@Suite("First day of a civil month")
struct CivilDateFirstDayTests {
  @Test func daysCountedByHand() {
    #expect(CivilDate.firstDay(year: 1970, month: 1) == 0)
    // January 31 + February 28 (1970 is not a leap year).
    #expect(CivilDate.firstDay(year: 1970, month: 3) == 59)
    #expect(CivilDate.firstDay(year: 1969, month: 12) == -31)
    // 30 years of 365 days and the 7 leap days of 1972 … 1996.
    #expect(CivilDate.firstDay(year: 2000, month: 1) == 10_957)
    // + 31 + 29 (2000 is a leap year: divisible by 400).
    #expect(CivilDate.firstDay(year: 2000, month: 3) == 11_017)
    // 54 years and the 13 leap days of 1972 … 2020.
    #expect(CivilDate.firstDay(year: 2024, month: 1) == 19_723)
  }

  @Test func everyMonthStartsOnItsFirst() {
    for year in 1890...2110 {
      for month in 1...12 {
        let date = CivilDate(day: CivilDate.firstDay(year: year, month: month))
        #expect(date.year == year && date.month == month && date.day == 1)
        // The day before is in the month before.
        let before = CivilDate(day: CivilDate.firstDay(year: year, month: month) - 1)
        #expect(before.month == (month == 1 ? 12 : month - 1))
      }
    }
  }

  @Test func yearCacheNamesEachChangeOfYear() {
    var cache = CivilYearCache()
    // 2023-12-31, 2024-01-01, 2024-06-30, 2023-12-31, 2024-12-31, 2025-01-01.
    let days = [19_722, 19_723, 19_904, 19_722, 20_088, 20_089]
    #expect(days.map { cache.newYear(of: $0) } == [2023, 2024, nil, 2023, 2024, 2025])
  }
}
