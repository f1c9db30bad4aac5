import DRGKit
import DRGTestSupport
import Foundation
import Testing

/// `drg group` reads values as exports write them and says so in `warnings` and the
/// summary (issue 16 item 4). Each export spelling is grouped beside its canonical twin on
/// the demo scheme; without the normalisation the spelling is an unknown code or a missing
/// value, and the group differs (demo-expected.csv: D01 is AH19, D31 is FR11).
@Suite("Grouping values as exports write them")
struct ExportSpellingGroupingTests {
  static let demoScheme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("grouper-tables/demo").path
  static let header = "case_id,sex,age,los,leaving,diagnoses,procedures,total_cost"

  private func group(_ rows: [String]) throws -> (
    byCase: [String: (drg: String, warnings: String)], summary: GroupingSummary
  ) {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      ([Self.header] + rows).joined(separator: "\n") + "\n", name: "cases.csv")
    let scheme = try Scheme(directory: Self.demoScheme)
    let summary = try FileGrouping(scheme: scheme).run(
      input: input, output: directory.file("out.csv"))
    let records = parseAll(try directory.read("out.csv"))
    let names = records[0].fields
    let drg = try #require(names.firstIndex(of: "drg"))
    let warnings = try #require(names.firstIndex(of: "warnings"))
    var byCase: [String: (drg: String, warnings: String)] = [:]
    for record in records.dropFirst() {
      byCase[record.fields[0]] = (record.fields[drg], record.fields[warnings])
    }
    return (byCase, summary)
  }

  @Test func codesInOtherCaseWidthOrWrappersGroupAsTheirCanonicalTwin() throws {
    let (byCase, summary) = try group([
      "BASE,1,67,24,1,J96.000|J18.900|I50.900,31.1x00|96.7200|33.2200,186540.00",
      "CASE,1,67,24,1,j96.000|J18.900|I50.900,31.1X00|96.7200|33.2200,186540.00",
      "WIDTH,1,67,24,1,Ｊ９６．０００|J18.900|I50.900,31.1x00|96.7200|33.2200,186540.00",
      "INVISIBLE,1,67,24,1,\u{FEFF}J96.000\u{00A0}|J18.900|I50.900,31.1x00\u{200B}|96.7200|33.2200,186540.00",
      "EXCEL,1,67,24,1,\"'J96.000|=\"\"J18.900\"\"|I50.900\",31.1x00|96.7200|33.2200,186540.00",
    ])
    #expect(byCase["BASE"]?.drg == "AH19")
    for id in ["CASE", "WIDTH", "INVISIBLE", "EXCEL"] {
      #expect(byCase[id]?.drg == "AH19", "\(id)")
    }
    #expect(byCase["BASE"]?.warnings == "")
    #expect(
      byCase["CASE"]?.warnings
        == "diagnosis code 'j96.000' read as J96.000 (code case or x/X folded); procedure code '31.1X00' read as 31.1x00 (code case or x/X folded)"
    )
    #expect(
      byCase["WIDTH"]?.warnings
        == "diagnosis code 'Ｊ９６．０００' read as J96.000 (full-width characters)")
    #expect(
      byCase["INVISIBLE"]?.warnings
        == "diagnosis code '\u{FEFF}J96.000\u{00A0}' read as J96.000 (invisible characters removed); procedure code '31.1x00\u{200B}' read as 31.1x00 (invisible characters removed)"
    )
    #expect(
      byCase["EXCEL"]?.warnings
        == "diagnosis code ''J96.000' read as J96.000 (Excel wrapper removed); diagnosis code '=\"J18.900\"' read as J18.900 (Excel wrapper removed)"
    )
    // Counted by kind: 3 case folds, 1 full width, 2 invisible, 2 wrappers; 4 rows.
    #expect(summary.rowsNormalised == 4)
    #expect(summary.normalisedByKind[ValueNormalisation.codeCase.rawValue] == 2)
    #expect(summary.normalisedByKind[ValueNormalisation.fullWidth.rawValue] == 1)
    #expect(summary.normalisedByKind[ValueNormalisation.invisible.rawValue] == 2)
    #expect(summary.normalisedByKind[ValueNormalisation.excelWrapper.rawValue] == 2)
    #expect(summary.description.contains("4 rows with values read as exports write them"))
    // None of them is reported as an unknown code.
    #expect(summary.warningsByEdit[ValidationEdit.unknownDiagnosis.rawValue] == 0)
  }

  @Test func codeListsInOneFieldAreSplitWhenTheSchemeKnowsEveryPart() throws {
    let (byCase, summary) = try group([
      "LIST,1,67,24,1,\"J96.000;J18.900、I50.900\",\"31.1x00，96.7200 33.2200\",186540.00",
      "PARTLY,1,67,24,1,J96.000|J18.900;K99.999,31.1x00|96.7200|33.2200,186540.00",
    ])
    #expect(byCase["LIST"]?.drg == "AH19")
    #expect(
      byCase["LIST"]?.warnings
        == "diagnosis codes 'J96.000;J18.900、I50.900' read as J96.000|J18.900|I50.900 (code list split); procedure codes '31.1x00，96.7200 33.2200' read as 31.1x00|96.7200|33.2200 (full-width characters, code list split)"
    )
    // K99.999 is no code of the scheme: the entry stays one unknown code.
    #expect(byCase["PARTLY"]?.warnings == "unknown diagnosis code J18.900;K99.999")
    #expect(summary.normalisedByKind[ValueNormalisation.codeList.rawValue] == 2)
  }

  @Test func numbersSexAndLeavingInWords() throws {
    let (byCase, summary) = try group([
      "D31,1,79,2,5,I21.100,37.2200|88.5600,18600.00",
      "WORDS,男性,79岁,2天,死亡,I21.100,37.2200|88.5600,\"¥18,600.00\"",
      "MONEY,M,79,2,5-死亡,I21.100,37.2200|88.5600,18600元",
    ])
    // FR11 needs leaving 5 and los <= 3 (demo drg.csv): both read from words.
    #expect(byCase["D31"]?.drg == "FR11")
    #expect(byCase["WORDS"]?.drg == "FR11")
    #expect(byCase["MONEY"]?.drg == "FR11")
    #expect(
      byCase["WORDS"]?.warnings
        == "sex '男性' read as 1 (sex in words); age '79岁' read as 79 (unit removed); los '2天' read as 2 (unit removed); leaving '死亡' read as 5 (离院方式 in words); total_cost '¥18,600.00' read as 18600 (thousands separator or currency)"
    )
    #expect(
      byCase["MONEY"]?.warnings
        == "sex 'M' read as 1 (sex in words); leaving '5-死亡' read as 5 (离院方式 in words); total_cost '18600元' read as 18600 (thousands separator or currency)"
    )
    #expect(summary.normalisedByKind[ValueNormalisation.sexText.rawValue] == 2)
    #expect(summary.normalisedByKind[ValueNormalisation.unit.rawValue] == 2)
    #expect(summary.normalisedByKind[ValueNormalisation.leavingText.rawValue] == 2)
    #expect(summary.normalisedByKind[ValueNormalisation.numberFormat.rawValue] == 2)
  }

  @Test func unreadableValuesAreCountedWithTheirLine() throws {
    let (byCase, summary) = try group([
      "D31,1,79,2,5,I21.100,37.2200|88.5600,18600.00",
      "BADLOS,1,79,两天,5,I21.100,37.2200|88.5600,18600.00",
      "BADLEAVE,1,79,2,出院,I21.100,37.2200|88.5600,\"1,86\"",
    ])
    // Line 3 (header is line 1): los unreadable, so not ≤ 3: FR15 instead of FR11.
    #expect(byCase["BADLOS"]?.drg == "FR15")
    #expect(byCase["BADLOS"]?.warnings.contains("los '两天' unreadable") == true)
    #expect(
      byCase["BADLEAVE"]?.warnings == "leaving '出院' unreadable; total_cost '1,86' unreadable")
    #expect(summary.unreadableByField[CaseValueField.los.rawValue] == 1)
    #expect(summary.firstUnreadableLine[CaseValueField.los.rawValue] == 3)
    #expect(summary.firstUnreadableLine[CaseValueField.leaving.rawValue] == 4)
    #expect(summary.description.contains("1 los, first on line 3"))
  }
}
