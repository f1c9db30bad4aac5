/// Dates read from bytes: `2024-04-11`, `2024/04/11`, `2024.04.11` or `20240411`, optionally
/// followed by a time (`2024-04-11 08:30:00`, `2024-04-11T08:30`), as day numbers (for
/// differences) or order keys (for comparisons only, cheaper).
package enum CalendarDay {
  /// The day number or key of an empty (or absent) date field.
  static let missing = Int.min
  /// The day number or key of a date field that holds something other than a date.
  static let unreadable = Int.min + 1

  /// Whether a day number or key is a date (neither ``missing`` nor ``unreadable``).
  @inline(__always)
  static func isDate(_ day: Int) -> Bool { day > unreadable }

  /// Days since 1970-01-01 of the date at the start of `bytes`, or `nil` when it is not a
  /// valid date.
  package static func parse(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let date = components(raw) else { return nil }
    return number(year: date.year, month: date.month, day: date.day)
  }

  /// A key of a date field that orders like its date (`year·10000 + month·100 + day`):
  /// ``missing`` when empty, ``unreadable`` when not a date.
  @inline(__always)
  static func orderKey(_ raw: UnsafeBufferPointer<UInt8>) -> Int {
    if let (year, month, day) = plainParts(raw), isDay(year: year, month: month, day: day) {
      return year &* 10_000 &+ month &* 100 &+ day
    }
    return generalOrderKey(raw)
  }

  /// ``orderKey(_:)`` for anything but a plain `YYYY-MM-DD` day (out of line, so that the
  /// plain path inlines into the record readers).
  @inline(never)
  private static func generalOrderKey(_ raw: UnsafeBufferPointer<UInt8>) -> Int {
    if raw.trimmingBlanks().isEmpty { return missing }
    guard let date = components(raw) else { return unreadable }
    return date.year * 10_000 + date.month * 100 + date.day
  }

  /// Year, month and day of a plain `YYYY-MM-DD`, in straight-line code (not yet checked to
  /// be a real day); `nil` for any other form.
  @inline(__always)
  private static func plainParts(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
    guard bytes.count == 10 && bytes[4] == ASCII.minus && bytes[7] == ASCII.minus else {
      return nil
    }
    let (y0, y1, y2, y3) = (
      bytes[0] &- ASCII.zero, bytes[1] &- ASCII.zero, bytes[2] &- ASCII.zero, bytes[3] &- ASCII.zero
    )
    let (m0, m1, d0, d1) = (
      bytes[5] &- ASCII.zero, bytes[6] &- ASCII.zero, bytes[8] &- ASCII.zero, bytes[9] &- ASCII.zero
    )
    // A byte that is not a digit wraps to 10 or more. (A local `max`: the standard
    // library's generic one was a call per use, 70 instructions a row for two dates.)
    @inline(__always) func larger(_ a: UInt8, _ b: UInt8) -> UInt8 { a > b ? a : b }
    let largest = larger(
      larger(larger(y0, y1), larger(y2, y3)), larger(larger(m0, m1), larger(d0, d1)))
    guard largest < 10 else { return nil }
    let year = Int(y0) &* 1000 &+ Int(y1) &* 100 &+ Int(y2) &* 10 &+ Int(y3)
    return (year, Int(m0) &* 10 &+ Int(m1), Int(d0) &* 10 &+ Int(d1))
  }

  /// Whether `day` of `month` exists in `year`.
  @inline(__always)
  static func isDay(year: Int, month: Int, day: Int) -> Bool {
    // Days up to 28 exist in every month: the month's length (a leap-year test) is needed
    // only past them.
    month >= 1 && month <= 12 && day >= 1
      && (day <= 28 || day <= length(ofMonth: month, year: year))
  }

  /// Year, month and day of a valid date, or `nil`.
  static func components(_ raw: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
    let bytes = raw.trimmingBlanks()
    var year = 0
    var month = 0
    var day = 0
    if let parts = plainParts(bytes) {
      (year, month, day) = parts  // the usual form, without the general walk below
    } else {
      guard let date = walk(bytes) else { return nil }
      (year, month, day) = date
    }
    guard isDay(year: year, month: month, day: day) else { return nil }
    return (year, month, day)
  }

  /// Reads the parts of a date in any accepted form (not yet checked for range).
  private static func walk(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
    var index = 0
    func digits(_ count: Int) -> Int? {
      var value = 0
      for _ in 0..<count {
        guard index < bytes.count, ASCII.isDigit(bytes[index]) else { return nil }
        value = value * 10 + Int(bytes[index] &- ASCII.zero)
        index += 1
      }
      return value
    }
    guard let year = digits(4) else { return nil }
    let separator = index < bytes.count ? bytes[index] : 0
    let separated =
      separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/")
      || separator == UInt8(ascii: ".")
    if separated { index += 1 }
    // With separators, months and days may have one digit (2024/4/1).
    func part() -> Int? {
      guard separated else { return digits(2) }
      guard let first = digits(1) else { return nil }
      if index < bytes.count, ASCII.isDigit(bytes[index]) {
        index += 1
        return first * 10 + Int(bytes[index - 1] &- ASCII.zero)
      }
      return first
    }
    guard let month = part() else { return nil }
    if separated {
      guard index < bytes.count, bytes[index] == separator else { return nil }
      index += 1
    }
    guard let day = part() else { return nil }
    if index < bytes.count && bytes[index] != UInt8(ascii: " ") && bytes[index] != UInt8(ascii: "T")
    {
      return nil
    }
    return (year, month, day)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date, or `nil` for an impossible date.
  static func number(year: Int, month: Int, day: Int) -> Int? {
    guard isDay(year: year, month: month, day: day) else { return nil }
    // The days-from-civil algorithm: years start in March so leap days come last.
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// Year, month and day of the date `dayNumber` days after 1970-01-01 (proleptic Gregorian):
  /// the inverse of ``number(year:month:day:)``, Howard Hinnant's `civil_from_days`, era by
  /// era.
  package static func civil(_ dayNumber: Int) -> (year: Int, month: Int, day: Int) {
    let z = dayNumber + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// ``parse(_:)`` of a string: days since 1970-01-01, or `nil` when it is not a valid date.
  package static func parse(_ text: String) -> Int? {
    var text = text
    return text.withUTF8 { parse($0) }
  }

  static func length(ofMonth month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
