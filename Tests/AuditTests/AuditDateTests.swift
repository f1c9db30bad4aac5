import Testing

@testable import DRGAnalysis
@testable import DRGKit

@Suite("audit dates")
struct AuditDateTests {
  @Test func acceptsTheThreeSpellingsAndATime() {
    // 2024-04-11 is day 19824 since 1970-01-01: 54 years with 13 leap days (1972…2020)
    // = 54·365 + 13 = 19723 days to 2024-01-01, plus 31 + 29 + 31 + 10 = 101.
    for text in ["2024-04-11", "2024/04/11", "20240411", "2024/4/11", " 2024-04-11 08:30:00"] {
      #expect(AuditDate.dayNumber(text) == 19824, "\(text)")
    }
    #expect(AuditDate.dayNumber("1970-01-01") == 0)
    // Leap day and the day after: 2024-02-29 is day 19723 + 31 + 28 = 19782.
    #expect(AuditDate.dayNumber("2024-02-29") == 19782)
    #expect(AuditDate.dayNumber("2024-03-01") == 19783)
  }

  @Test func rejectsImpossibleOrMalformedDates() {
    for text in [
      "", "2024-13-01", "2023-02-29", "2024-04-31", "2024-00-10", "11/04/2024", "2024-04", "abc",
      "2024-04-11x", "202404111",
    ] {
      #expect(AuditDate.dayNumber(text) == nil, "\(text)")
    }
  }
}

@Suite("audit number text")
struct AuditNumberTests {
  @Test func fixedDecimalsRoundHalfAwayFromZero() {
    #expect(AuditNumber.fixed(2.5, 2) == "2.50")
    #expect(AuditNumber.fixed(0.35, 4) == "0.3500")
    #expect(AuditNumber.fixed(19.211_489, 2) == "19.21")
    #expect(AuditNumber.fixed(4.2193, 3) == "4.219")
    #expect(AuditNumber.fixed(-1.2346, 3) == "-1.235")
    #expect(AuditNumber.fixed(0.000_04, 4) == "0.0000")
    #expect(AuditNumber.fixed(7, 0) == "7")
    #expect(AuditNumber.fixed(.nan, 2) == "")
    #expect(AuditNumber.days(30) == "30" && AuditNumber.days(7.95) == "7.95")
  }
}
