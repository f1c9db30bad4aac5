/// Reads values as hospital and insurance exports write them: the general path, taken only
/// by a field the plain readers (``NumberParsing``, the code tables) could not read, so
/// that clean rows never pay for it.
///
/// ```swift
/// ExportValue.number("15,800.00", unit: .money)  // .value(15800, numberFormat)
/// ExportValue.number("67岁", unit: .years)         // .value(67, unit)
/// ExportValue.sex("女性")                          // .value(2, sexText)
/// ExportValue.leaving("死亡")                      // .value(5, leavingText)
/// ```
public enum ExportValue {
  /// The unit a number may be written with.
  public enum Unit: Sendable {
    case none
    /// 岁, 周岁.
    case years
    /// 天, 日.
    case days
    /// 小时, h.
    case hours
    /// 克, g.
    case grams
    /// ¥, ￥ before or 元 after, and thousands separators.
    case money
  }

  /// What reading a value gave.
  public enum Reading: Sendable, Equatable {
    /// Empty (or only blanks and invisible characters).
    case missing
    /// A value, and the ``ValueNormalisation`` bits of what was changed to read it.
    case value(Double, normalised: UInt16)
    /// Not empty, and not a value of this kind.
    case unreadable

    /// The value, or `nil`.
    public var value: Double? {
      if case .value(let value, _) = self { return value }
      return nil
    }

    /// The normalisations made, as ``ValueNormalisation`` values.
    public var normalisations: [ValueNormalisation] {
      guard case .value(_, let bits) = self else { return [] }
      return ValueNormalisation.allCases.filter { bits & $0.bit != 0 }
    }
  }

  // MARK: Cleaning

  /// Writes `raw` into `out` without what exports add around a value: invisible characters
  /// (no-break space, zero-width characters, byte-order marks), full-width forms (made
  /// ASCII; an ideographic space becomes a space), blanks at either end and an Excel wrapper
  /// (a leading `'`, or `="…"`). Returns the ``ValueNormalisation`` bits of what it changed.
  static func clean(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> UInt16 {
    out.removeAll(keepingCapacity: true)
    var kinds: UInt16 = 0
    var index = 0
    let count = raw.count
    while index < count {
      let byte = raw[index]
      // No-break space C2 A0.
      if byte == 0xC2, index + 1 < count, raw[index + 1] == 0xA0 {
        kinds |= ValueNormalisation.invisible.bit
        index += 2
        continue
      }
      if index + 2 < count {
        let second = raw[index + 1]
        let third = raw[index + 2]
        // Zero-width space, non-joiner, joiner (E2 80 8B–8D), word joiner (E2 81 A0),
        // byte-order mark / zero-width no-break space (EF BB BF).
        if (byte == 0xE2 && second == 0x80 && (0x8B...0x8D).contains(third))
          || (byte == 0xE2 && second == 0x81 && third == 0xA0)
          || (byte == 0xEF && second == 0xBB && third == 0xBF)
        {
          kinds |= ValueNormalisation.invisible.bit
          index += 3
          continue
        }
        // Ideographic space E3 80 80.
        if byte == 0xE3 && second == 0x80 && third == 0x80 {
          kinds |= ValueNormalisation.fullWidth.bit
          out.append(ASCII.space)
          index += 3
          continue
        }
        // Full-width forms U+FF01–U+FF5E (EF BC 81–EF BD 9E) are ASCII 21–7E.
        if byte == 0xEF && second == 0xBC && (0x81...0xBF).contains(third) {
          kinds |= ValueNormalisation.fullWidth.bit
          out.append(third &- 0x60)
          index += 3
          continue
        }
        if byte == 0xEF && second == 0xBD && (0x80...0x9E).contains(third) {
          kinds |= ValueNormalisation.fullWidth.bit
          out.append(third &- 0x20)
          index += 3
          continue
        }
      }
      out.append(byte)
      index += 1
    }
    trimBlanks(&out)
    // Excel wrappers: ="…" (a formula giving text) and a leading apostrophe.
    if out.count >= 3, out[0] == UInt8(ascii: "="), out[1] == ASCII.quote,
      out[out.count - 1] == ASCII.quote
    {
      out.removeLast()
      out.removeFirst(2)
      kinds |= ValueNormalisation.excelWrapper.bit
      trimBlanks(&out)
    } else if out.first == UInt8(ascii: "'") {
      out.removeFirst()
      kinds |= ValueNormalisation.excelWrapper.bit
      trimBlanks(&out)
    }
    return kinds
  }

  private static func trimBlanks(_ bytes: inout [UInt8]) {
    while let last = bytes.last, ASCII.isBlank(last) { bytes.removeLast() }
    var leading = 0
    while leading < bytes.count, ASCII.isBlank(bytes[leading]) { leading += 1 }
    if leading > 0 { bytes.removeFirst(leading) }
  }

  // MARK: Numbers

  /// Reads a number written with thousands separators, a currency sign or `unit`'s unit,
  /// full-width digits, invisible characters or an Excel wrapper.
  public static func number(_ raw: UnsafeBufferPointer<UInt8>, unit: Unit) -> Reading {
    var bytes: [UInt8] = []
    var kinds = clean(raw, into: &bytes)
    guard !bytes.isEmpty else { return .missing }
    if unit == .money {
      for sign in [[0xC2, 0xA5], [0xEF, 0xBF, 0xA5]] as [[UInt8]] where bytes.starts(with: sign) {
        bytes.removeFirst(sign.count)
        kinds |= ValueNormalisation.numberFormat.bit
      }
      if removeSuffix(&bytes, [[0xE5, 0x85, 0x83]]) {  // 元
        kinds |= ValueNormalisation.numberFormat.bit
      }
    } else if let suffixes = unitSuffixes(unit), removeSuffix(&bytes, suffixes) {
      kinds |= ValueNormalisation.unit.bit
    }
    trimBlanks(&bytes)
    if bytes.contains(ASCII.comma) {
      guard removeThousandsSeparators(&bytes) else { return .unreadable }
      kinds |= ValueNormalisation.numberFormat.bit
    }
    let value = bytes.withUnsafeBufferPointer { NumberParsing.general($0) }
    guard let value else { return .unreadable }
    return .value(value, normalised: kinds)
  }

  /// Reads a number from text (the grouped-file readers and `drg explain`).
  public static func number(_ text: String, unit: Unit) -> Reading {
    var text = text
    return text.withUTF8 { number($0, unit: unit) }
  }

  /// The UTF-8 spellings of `unit` after a number.
  private static func unitSuffixes(_ unit: Unit) -> [[UInt8]]? {
    switch unit {
    case .none, .money: nil
    case .years: [Array("周岁".utf8), Array("岁".utf8)]
    case .days: [Array("天".utf8), Array("日".utf8)]
    case .hours: [Array("小时".utf8), Array("h".utf8), Array("H".utf8)]
    case .grams: [Array("克".utf8), Array("g".utf8), Array("G".utf8)]
    }
  }

  private static func removeSuffix(_ bytes: inout [UInt8], _ suffixes: [[UInt8]]) -> Bool {
    for suffix in suffixes
    where bytes.count > suffix.count && bytes.suffix(suffix.count).elementsEqual(suffix) {
      bytes.removeLast(suffix.count)
      return true
    }
    return false
  }

  /// Removes commas that group the integer part by thousands (`1,234,567.50`); `false`
  /// when the commas do not (`1,5`, `12,34,567`), which is then no number.
  private static func removeThousandsSeparators(_ bytes: inout [UInt8]) -> Bool {
    let integerEnd = bytes.firstIndex(of: ASCII.dot) ?? bytes.count
    guard !bytes[integerEnd...].contains(ASCII.comma) else { return false }
    var start = 0
    if let first = bytes.first, first == ASCII.minus || first == ASCII.plus { start = 1 }
    let groups = bytes[start..<integerEnd].split(
      separator: ASCII.comma, omittingEmptySubsequences: false)
    guard let head = groups.first, (1...3).contains(head.count),
      groups.dropFirst().allSatisfy({ $0.count == 3 })
    else { return false }
    bytes.removeAll { $0 == ASCII.comma }
    return true
  }

  // MARK: Grouped files

  /// A cost read as exports write it (`15,800.00`, `¥15800`, `15800元`), for the readers
  /// of grouped files; `nil` when missing or unreadable. Plain numbers take the fast path.
  @inline(__always)
  public static func cost(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
    NumberParsing.decimal(raw) ?? (raw.isEmpty ? nil : number(raw, unit: .money).value)
  }

  /// A number of days read as exports write it (`6天`), for the readers of grouped files.
  @inline(__always)
  public static func days(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
    NumberParsing.decimal(raw) ?? (raw.isEmpty ? nil : number(raw, unit: .days).value)
  }

  /// 离院方式 read as exports write it (`死亡` is 5), for the readers of grouped files.
  @inline(__always)
  public static func leavingCode(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
    NumberParsing.decimal(raw) ?? (raw.isEmpty ? nil : leaving(raw).value)
  }

  // MARK: Sex and discharge

  /// Reads sex: `1`/`2` (also full width), `男`/`女`, `男性`/`女性`, `M`/`F`, `male`/`female`.
  public static func sex(_ raw: UnsafeBufferPointer<UInt8>) -> Reading {
    var bytes: [UInt8] = []
    let kinds = clean(raw, into: &bytes)
    guard !bytes.isEmpty else { return .missing }
    let text = String(decoding: bytes, as: UTF8.self)
    let words: [String: Double] = [
      "男": 1, "女": 2, "男性": 1, "女性": 2, "m": 1, "f": 2, "male": 1, "female": 2,
    ]
    if let value = words[text.lowercased()] {
      return .value(
        value, normalised: kinds | (text == "男" || text == "女" ? 0 : ValueNormalisation.sexText.bit)
      )
    }
    guard let value = NumberParsing.decimal(text), value == 1 || value == 2 else {
      return .unreadable
    }
    return .value(value, normalised: kinds)
  }

  /// Reads sex from text.
  public static func sex(_ text: String) -> Reading {
    var text = text
    return text.withUTF8 { sex($0) }
  }

  /// The 离院方式 codes of the 病案首页 standard by their words: 1 医嘱离院, 2 医嘱转院,
  /// 3 医嘱转社区卫生服务机构/乡镇卫生院, 4 非医嘱离院, 5 死亡, 9 其他.
  public static let leavingCodes: [String: Double] = [
    "医嘱离院": 1, "医嘱转院": 2, "医嘱转社区卫生服务机构/乡镇卫生院": 3, "医嘱转社区卫生服务机构": 3,
    "医嘱转乡镇卫生院": 3, "医嘱转社区": 3, "非医嘱离院": 4, "死亡": 5, "其他": 9, "其它": 9,
  ]

  /// Reads 离院方式: a number, its words (`死亡`), or both (`5.死亡`, `5-死亡`, `5 死亡`),
  /// which must then agree.
  public static func leaving(_ raw: UnsafeBufferPointer<UInt8>) -> Reading {
    var bytes: [UInt8] = []
    let kinds = clean(raw, into: &bytes)
    guard !bytes.isEmpty else { return .missing }
    let text = String(decoding: bytes, as: UTF8.self)
    if let value = NumberParsing.decimal(text) { return .value(value, normalised: kinds) }
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    var words = Substring(text.dropFirst(digits.count))
    words = words.drop { " .-、:：)）".contains($0) }
    guard let value = leavingCodes[String(words)] else { return .unreadable }
    if !digits.isEmpty && Double(digits) != value { return .unreadable }
    return .value(value, normalised: kinds | ValueNormalisation.leavingText.bit)
  }

  /// Reads 离院方式 from text.
  public static func leaving(_ text: String) -> Reading {
    var text = text
    return text.withUTF8 { leaving($0) }
  }
}
