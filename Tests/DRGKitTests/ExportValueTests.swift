import Testing

@testable import DRGKit

/// Values as exports write them (issue 16 item 4). Expected values are read off the
/// inputs by hand.
@Suite("ExportValue: values as exports write them")
struct ExportValueTests {
  typealias Kind = ValueNormalisation

  private func reading(_ value: Double, _ kinds: Kind...) -> ExportValue.Reading {
    .value(value, normalised: kinds.reduce(0) { $0 | $1.bit })
  }

  @Test(arguments: [
    ("15,800.00", 15800.0, [Kind.numberFormat]),
    ("¥15800", 15800, [.numberFormat]),
    ("￥15,800", 15800, [.numberFormat]),
    ("15800元", 15800, [.numberFormat]),
    ("1,234,567.5", 1_234_567.5, [.numberFormat]),
    ("１５８００", 15800, [.fullWidth]),
    ("15800\u{00A0}", 15800, [.invisible]),
    ("'15800", 15800, [.excelWrapper]),
    ("=\"15800\"", 15800, [.excelWrapper]),
  ])
  func costs(_ text: String, _ value: Double, _ kinds: [Kind]) {
    let expected = ExportValue.Reading.value(value, normalised: kinds.reduce(0) { $0 | $1.bit })
    #expect(ExportValue.number(text, unit: .money) == expected)
  }

  @Test(arguments: ["1,5", "12,34,567", "15,800,00", "15.800,00", "¥", "十五", "15800美元"])
  func costsThatAreNoNumber(_ text: String) {
    #expect(ExportValue.number(text, unit: .money) == .unreadable)
  }

  @Test func unitsOfTheirOwnField() {
    #expect(ExportValue.number("6天", unit: .days) == reading(6, .unit))
    #expect(ExportValue.number("6 日", unit: .days) == reading(6, .unit))
    #expect(ExportValue.number("67岁", unit: .years) == reading(67, .unit))
    #expect(ExportValue.number("67周岁", unit: .years) == reading(67, .unit))
    #expect(ExportValue.number("3200g", unit: .grams) == reading(3200, .unit))
    #expect(ExportValue.number("３２００克", unit: .grams) == reading(3200, .unit, .fullWidth))
    #expect(ExportValue.number("72小时", unit: .hours) == reading(72, .unit))
    // A unit of another field is not read: 6天 is no age in years.
    #expect(ExportValue.number("6天", unit: .years) == .unreadable)
    #expect(ExportValue.number("67岁", unit: .days) == .unreadable)
    #expect(ExportValue.number("", unit: .days) == .missing)
    #expect(ExportValue.number("\u{00A0}", unit: .days) == .missing)
  }

  @Test(arguments: [
    ("男性", 1.0, [Kind.sexText]), ("女性", 2, [.sexText]), ("M", 1, [.sexText]),
    ("f", 2, [.sexText]), ("Female", 2, [.sexText]), ("１", 1, [.fullWidth]),
    ("男\u{200B}", 1, [.invisible]),
  ])
  func sexes(_ text: String, _ value: Double, _ kinds: [Kind]) {
    let expected = ExportValue.Reading.value(value, normalised: kinds.reduce(0) { $0 | $1.bit })
    #expect(ExportValue.sex(text) == expected)
  }

  @Test(arguments: ["3", "9", "未知", "男女", "x"])
  func sexesThatAreNeither(_ text: String) {
    #expect(ExportValue.sex(text) == .unreadable)
  }

  /// The 离院方式 codes of the 病案首页 standard (shared/docs/scheme-format.md: 1 doctor's
  /// order, 2 transfer to hospital, 3 community or township clinic, 4 against advice,
  /// 5 death, 9 other).
  @Test(arguments: [
    ("医嘱离院", 1.0), ("医嘱转院", 2), ("医嘱转社区卫生服务机构/乡镇卫生院", 3), ("非医嘱离院", 4),
    ("死亡", 5), ("其他", 9), ("5.死亡", 5), ("5 死亡", 5), ("1-医嘱离院", 1),
  ])
  func leavingInWords(_ text: String, _ code: Double) {
    #expect(ExportValue.leaving(text) == reading(code, .leavingText))
  }

  @Test func leavingWhoseNumberAndWordsDisagreeIsUnreadable() {
    #expect(ExportValue.leaving("4.死亡") == .unreadable)
    #expect(ExportValue.leaving("出院") == .unreadable)
    #expect(ExportValue.leaving("5") == reading(5))
  }

  @Test func cleaningRemovesWhatExportsAdd() {
    func clean(_ text: String) -> (String, UInt16) {
      var out: [UInt8] = []
      let kinds = Array(text.utf8).withUnsafeBufferPointer { ExportValue.clean($0, into: &out) }
      return (String(decoding: out, as: UTF8.self), kinds)
    }
    #expect(clean("\u{FEFF}I10.x00") == ("I10.x00", Kind.invisible.bit))
    #expect(clean("I10\u{200B}.x00\u{2060}") == ("I10.x00", Kind.invisible.bit))
    #expect(clean("Ｉ１０．ｘ００") == ("I10.x00", Kind.fullWidth.bit))
    #expect(clean("=\"I10.x00\"") == ("I10.x00", Kind.excelWrapper.bit))
    #expect(clean("'I10.x00") == ("I10.x00", Kind.excelWrapper.bit))
    #expect(clean(" I10.x00\u{3000}") == ("I10.x00", Kind.fullWidth.bit))
    #expect(clean("I10.x00") == ("I10.x00", 0))
  }

  @Test func codeListsSplitAtEverySeparator() {
    let parts = CaseRecordParser.splitCodeList(Array("A;B,C、D E\tF".utf8))
    #expect(parts.map { String(decoding: $0, as: UTF8.self) } == ["A", "B", "C", "D", "E", "F"])
  }

  @Test func foldingMatchesOnlyAUniqueCapitalForm() {
    var codes = ByteInterner()
    for code in ["I10.x00", "A00.x01", "A00.X01", "I21.000"] { _ = codes.intern(code) }
    let folding = CodeFolding(codes: codes)
    func row(_ code: String) -> UInt32 {
      Array(code.utf8).withUnsafeBufferPointer { folding.find($0)?.row ?? 0 }
    }
    #expect(row("I10.X00") == 1)
    #expect(row("i10.x00") == 1)
    #expect(row("i21.000") == 4)
    let found = Array("I10.X00".utf8).withUnsafeBufferPointer { folding.find($0) }
    #expect(found.map { String(decoding: $0.spelling, as: UTF8.self) } == "I10.x00")
    // A00.x01 and A00.X01 are two codes: a01 in capitals matches neither.
    #expect(row("a00.x01") == 0)
    #expect(row("K99.999") == 0)
  }
}
