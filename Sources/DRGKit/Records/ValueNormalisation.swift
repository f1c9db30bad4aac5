/// A change made to a value so that it reads as exports write it (see ``ExportValue``).
/// Each is counted in the run's summary and noted in the row's `warnings`.
public enum ValueNormalisation: Int, Sendable, CaseIterable, CustomStringConvertible {
  /// A code in another case, or `X` for the scheme's `x` (`i21.000`, `I10.X00`).
  case codeCase
  /// Full-width letters, digits or punctuation (`Ｉ１０`), or an ideographic space.
  case fullWidth
  /// Invisible characters removed: no-break space, zero-width characters, a byte-order mark.
  case invisible
  /// An Excel wrapper removed: a leading `'` or `="…"`.
  case excelWrapper
  /// Several codes in one entry, split at `;`, `；`, `,`, `，`, `、` or spaces.
  case codeList
  /// A number with thousands separators or a currency sign (`15,800.00`, `¥15800`, `15800元`).
  case numberFormat
  /// A number with its unit (`6天`, `67岁`, `3200g`, `12小时`).
  case unit
  /// Sex in words or letters (`男性`, `女性`, `M`, `F`).
  case sexText
  /// 离院方式 in words (`死亡` → 5).
  case leavingText

  /// The normalisation's bit in a set of them.
  var bit: UInt16 { 1 << UInt16(rawValue) }

  /// A short name for summaries.
  public var description: String {
    switch self {
    case .codeCase: "code case or x/X folded"
    case .fullWidth: "full-width characters"
    case .invisible: "invisible characters removed"
    case .excelWrapper: "Excel wrapper removed"
    case .codeList: "code list split"
    case .numberFormat: "thousands separator or currency"
    case .unit: "unit removed"
    case .sexText: "sex in words"
    case .leavingText: "离院方式 in words"
    }
  }
}

/// A field of a case whose value could not be read (counted and reported with its line).
public enum CaseValueField: Int, Sendable, CaseIterable, CustomStringConvertible {
  case sex, age, ageDays, weight, los, leaving, icuHours, totalCost

  /// The canonical column name.
  public var description: String {
    switch self {
    case .sex: "sex"
    case .age: "age"
    case .ageDays: "age_days"
    case .weight: "weight"
    case .los: "los"
    case .leaving: "leaving"
    case .icuHours: "icu_hours"
    case .totalCost: "total_cost"
    }
  }

  /// The unit the field's numbers may carry.
  var unit: ExportValue.Unit {
    switch self {
    case .sex, .leaving: .none
    case .age: .years
    case .ageDays, .los: .days
    case .weight: .grams
    case .icuHours: .hours
    case .totalCost: .money
    }
  }
}
