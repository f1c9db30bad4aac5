import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// A catch-all scheme whose code tables name the codes the edits are tested with; every
/// valid case groups to X11, so warnings never depend on the group.
private func editScheme(maps: Bool = false) throws -> Scheme {
  var fixture = SchemeFixture.catchAll
  fixture.dxNames += """
    I10.x00,高血压
    J18.900,肺炎
    N40.x00,前列腺增生
    O80.000,单胎顺产
    P07.100,其他低出生体重
    V89.200,交通事故
    A17.0+G01*,结核性脑膜炎

    """
  fixture.procNames += "36.0700,支架置入\n60.2100,经尿道前列腺切除术\n74.1x00,子宫下段剖宫产\n"
  if maps {
    // I10.001 and 36.0701 are the other edition's codes; J99.999 maps to nothing known.
    fixture.extraFiles["dx_map.csv"] = "from,to\nI10.001,I10.x00\nJ18.901,J99.999\n"
    fixture.extraFiles["proc_map.csv"] = "from,to\n36.0701,36.0700\n"
  }
  return try fixture.load()
}

private let header =
  "case_id,sex,age,age_days,weight,los,diagnoses,procedures,total_cost,admit_date,discharge_date"

/// Groups `rows` (after `header`) and returns each output row's status and warnings by
/// case id, with the summary.
private func warnings(
  _ rows: [String], scheme: Scheme, configure: (inout FileGrouping) -> Void = { _ in }
) throws -> (byCase: [String: (status: String, warnings: String)], summary: GroupingSummary) {
  let directory = try TemporaryDirectory()
  let input = try directory.write(
    ([header] + rows).joined(separator: "\n") + "\n", name: "cases.csv")
  var grouping = FileGrouping(scheme: scheme)
  configure(&grouping)
  let summary = try grouping.run(input: input, output: directory.file("out.csv"))
  let records = parseAll(try directory.read("out.csv"))
  let names = records[0].fields
  #expect(names.suffix(2) == ["reason", "warnings"])
  var byCase: [String: (status: String, warnings: String)] = [:]
  for record in records.dropFirst() {
    let field = { (name: String) in record.fields[names.firstIndex(of: name)!] }
    byCase[field("case_id")] = (field("status"), field("warnings"))
  }
  return (byCase, summary)
}

@Suite("Validation edits")
struct ValidationEditTests {
  @Test("each edit is reported with the code and the reason; a clean case has none")
  func eachEdit() throws {
    let (byCase, summary) = try warnings(
      [
        "CLEAN,1,50,,,5,I10.x00|J18.900,36.0700,1000,2024-01-01,2024-01-06",
        "UNKNOWN,1,50,,,5,I10.x00|K99.999,99.9999,1000,,",
        "EXTERNAL,1,50,,,5,V89.200|I10.x00,,1000,,",
        "MANIFEST,1,50,,,5,G01*,,1000,,",
        "DAGGER,1,50,,,5,A17.0+G01*,,1000,,",
        "MALE,1,30,,,5,O80.000,74.1x00,1000,,",
        "FEMALE,2,60,,,5,N40.x00,60.2100,1000,,",
        "OLDBABY,1,0,40,3000,5,P07.100,,1000,,",
        "NEWBORN,1,0,28,3000,5,P07.100,,1000,,",
        "CHILD,2,3,,,5,P07.100,,1000,,",
        "TWICE,1,50,,,5,I10.x00|J18.900|I10.x00,36.0700|36.0700,1000,,",
        "ZERO,1,50,,,0,I10.x00,,0,,",
        "DATES,1,50,,,5,I10.x00,,1000,2024-03-05,2024-03-01",
        "BADDATE,1,50,,,5,I10.x00,,1000,2024-02-30,20240301",
      ], scheme: editScheme())
    #expect(byCase["CLEAN"]?.warnings == "")
    #expect(
      byCase["UNKNOWN"]?.warnings
        == "unknown diagnosis code K99.999; unknown procedure code 99.9999")
    #expect(
      byCase["EXTERNAL"]?.warnings
        == "principal diagnosis V89.200 is not a principal diagnosis: external cause of morbidity (ICD-10 chapter XX)"
    )
    // G01* alone is unknown to the scheme and a manifestation code; with its dagger
    // code (A17.0+G01*) it is a valid principal diagnosis.
    #expect(
      byCase["MANIFEST"]?.warnings
        == "unknown diagnosis code G01*; principal diagnosis G01* is a manifestation (asterisk) code without its etiology (dagger) code"
    )
    #expect(byCase["DAGGER"]?.warnings == "")
    #expect(
      byCase["MALE"]?.warnings
        == "diagnosis O80.000 in a male patient: pregnancy or childbirth or the puerperium; procedure 74.1x00 in a male patient: obstetrical procedure (ICD-9-CM-3 chapter 13)"
    )
    #expect(
      byCase["FEMALE"]?.warnings
        == "diagnosis N40.x00 in a female patient: disease of male genital organs; procedure 60.2100 in a female patient: operation on male genital organs (ICD-9-CM-3 chapter 11)"
    )
    // 40 days is past the 28-day newborn period; exactly 28 days is not.
    #expect(
      byCase["OLDBABY"]?.warnings
        == "newborn diagnosis P07.100 at age 40 days: condition originating in the perinatal period (ICD-10 chapter XVI)"
    )
    #expect(byCase["NEWBORN"]?.warnings == "")
    #expect(
      byCase["CHILD"]?.warnings
        == "newborn diagnosis P07.100 at age 3 years: condition originating in the perinatal period (ICD-10 chapter XVI)"
    )
    #expect(
      byCase["TWICE"]?.warnings
        == "diagnosis I10.x00 given twice; procedure 36.0700 given twice")
    #expect(
      byCase["ZERO"]?.warnings
        == "length of stay 0 is not positive; total cost 0 is not positive")
    #expect(
      byCase["DATES"]?.warnings
        == "discharge date 2024-03-01 is before admission date 2024-03-05")
    // 2024-02-30 does not exist; 20240301 is a valid compact date.
    #expect(byCase["BADDATE"]?.warnings == "admission date '2024-02-30' is not a date")
    // Edits never change the group.
    #expect(byCase.values.allSatisfy { $0.status == "grouped" })
    // CLEAN, DAGGER and NEWBORN have no warnings: 14 - 3 = 11 rows have some.
    #expect(summary.rowsWithWarnings == 11)
    #expect(summary.warningsByEdit[ValidationEdit.unknownDiagnosis.rawValue] == 2)
    #expect(summary.warningsByEdit[ValidationEdit.sexConflict.rawValue] == 2)
    #expect(summary.warningsByEdit[ValidationEdit.newbornCode.rawValue] == 2)
    #expect(summary.warningsByEdit[ValidationEdit.dateProblem.rawValue] == 2)
    #expect(summary.description.contains("11 rows with warnings"))
  }

  /// Duplicates are looked for only when two codes share a bit of a 64-bit set: a twin
  /// anywhere in the list must still be found, and codes that differ never reported.
  @Test("a code given twice is found at any two places; different codes never are")
  func duplicatesAtEveryPlace() throws {
    let (byCase, summary) = try warnings(
      [
        "FIRSTLAST,1,50,,,5,I10.x00|J18.900|N40.x00|I10.x00,,1000,,",
        "MIDDLE,1,50,,,5,J18.900|N40.x00|I10.x00|N40.x00,60.2100|36.0700|36.0700,1000,,",
        "DISTINCT,1,50,,,5,I10.x00|J18.900|N40.x00,36.0700|60.2100,1000,,",
        // An unknown code twice is reported as unknown (twice), not as a duplicate.
        "UNKNOWN2,1,50,,,5,I10.x00|K99.999|K99.999,,1000,,",
      ], scheme: editScheme())
    #expect(byCase["FIRSTLAST"]?.warnings == "diagnosis I10.x00 given twice")
    #expect(
      byCase["MIDDLE"]?.warnings
        == "diagnosis N40.x00 given twice; procedure 36.0700 given twice")
    #expect(byCase["DISTINCT"]?.warnings == "")
    #expect(
      byCase["UNKNOWN2"]?.warnings
        == "unknown diagnosis code K99.999; unknown diagnosis code K99.999")
    #expect(summary.warningsByEdit[ValidationEdit.duplicateCode.rawValue] == 2)
  }

  /// The set's bit of a row: none for an unknown code (row 0), one for a known code, the
  /// same for equal rows. Rows that share a bit (65 rows in 64 bits must) are not twins.
  @Test func duplicateBitsAndTheExactCheck() {
    #expect(RecordEdits.duplicateBit(0) == 0)
    var owner: [UInt64: UInt32] = [:]
    var sharedBit: (UInt32, UInt32)?
    for row in UInt32(1)...65 {
      let bit = RecordEdits.duplicateBit(row)
      #expect(bit.nonzeroBitCount == 1 && bit == RecordEdits.duplicateBit(row))
      if let earlier = owner[bit] { sharedBit = (earlier, row) }
      owner[bit] = row
    }
    guard let (first, second) = sharedBit else {
      Issue.record("65 rows in 64 bits share none")
      return
    }
    for (rows, expected) in [([first, second], false), ([first, second, first], true)] {
      rows.withUnsafeBufferPointer { #expect(RecordEdits.hasDuplicate($0) == expected) }
    }
  }

  @Test("an invalid case still gets its warnings; an unreadable row gets an empty field")
  func invalidRows() throws {
    let (byCase, summary) = try warnings(
      ["BADSEX,9,50,,,5,N40.x00|N40.x00,,1000,,", "SHORT,1,50"], scheme: editScheme())
    #expect(byCase["BADSEX"]?.status == "invalid")
    // Sex 9 is neither male nor female: no sex conflict, but the duplicate is reported,
    // and the sex that could not be read.
    #expect(byCase["BADSEX"]?.warnings == "diagnosis N40.x00 given twice; sex '9' unreadable")
    #expect(byCase["SHORT"]?.status == "invalid")
    #expect(byCase["SHORT"]?.warnings == "")
    #expect(summary.rowsRead == 2 && summary.rowsWritten == 2)
  }

  @Test("--no-edits leaves the warnings column empty")
  func noEdits() throws {
    let (byCase, summary) = try warnings(
      ["ZERO,1,50,,,0,I10.x00,,0,,"], scheme: editScheme()
    ) { $0.edits = nil }
    #expect(byCase["ZERO"]?.warnings == "")
    #expect(summary.rowsWithWarnings == 0)
  }

  @Test("an edit table from a file replaces the standard edits")
  func customTable() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "edit,codes,from,to,note\nfemale_only,dx,I10,I10,test range\n", name: "edits.csv")
    let table = try CodeEditTable.load(path: path)
    let (byCase, _) = try warnings(
      ["HT,1,50,,,5,I10.x00,,1000,,", "ZERO,1,50,,,5,N40.x00,,1000,,"],
      scheme: editScheme()
    ) { $0.edits = table }
    #expect(byCase["HT"]?.warnings == "diagnosis I10.x00 in a male patient: test range")
    // The standard male-only range for N40 is gone with the standard table.
    #expect(byCase["ZERO"]?.warnings == "")
  }

  @Test("edit table errors name the file, line and field")
  func tableErrors() throws {
    func error(_ text: String) -> String {
      do {
        _ = try CodeEditTable.parse(text, file: "edits.csv")
      } catch {
        return error.description
      }
      return "no error"
    }
    #expect(
      error("edit,codes,from,to\nmale,dx,N40,N51\n")
        == "edits.csv:2: field 'edit': unknown edit 'male'; use one of female_only, male_only, newborn_only, not_principal"
    )
    #expect(
      error("edit,codes,from,to\nmale_only,icd,N40,N51\n").hasPrefix("edits.csv:2: field 'codes'"))
    #expect(
      error("edit,codes,from,to\n\nmale_only,dx,N4,N51\n").hasPrefix(
        "edits.csv:3: fields 'from' and 'to'"))
    #expect(error("code,from\n").hasPrefix("edits.csv:1: the header must be"))
    #expect(CodeEditTable.standard.rules.count == 24)
  }

  @Test("ranges compare code prefixes of the bounds' length")
  func ranges() {
    let male = CodeEditRule(kind: .maleOnly, codes: .diagnoses, from: "N40", to: "N51", note: "")
    #expect(male.matches("N40.x00") && male.matches("N51.801") && male.matches("N45"))
    #expect(!male.matches("N52.000") && !male.matches("N39.000") && !male.matches("N4"))
    let proc = CodeEditRule(kind: .femaleOnly, codes: .procedures, from: "65", to: "71", note: "")
    #expect(proc.matches("65.0100") && proc.matches("71.2x00") && !proc.matches("72.0x00"))
  }

  @Test("admission and discharge dates are found by canonical and Chinese names")
  func dateColumns() throws {
    let chinese = try CaseColumns(
      header: ["性别", "年龄", "主要诊断编码", "入院日期", "出院日期"], file: "x.csv")
    #expect(chinese.admissionDate == 3 && chinese.dischargeDate == 4)
    let canonical = try CaseColumns(
      header: ["discharge_date", "sex", "age", "diagnoses", "admit_date"], file: "x.csv")
    #expect(canonical.admissionDate == 4 && canonical.dischargeDate == 0)
    let other = try CaseColumns(
      header: ["sex", "age", "diagnoses", "RYSJ"], file: "x.csv",
      map: ColumnMap(fields: ["admit_date": "RYSJ"]))
    #expect(other.admissionDate == 3 && other.dischargeDate == -1)
  }

  @Test("dates parse in the usual export forms to day numbers")
  func dates() {
    func day(_ text: String) -> Int? {
      Array(text.utf8).withUnsafeBufferPointer { CalendarDay.parse($0) }
    }
    #expect(day("1970-01-01") == 0)
    // 2000-03-01: 30 years of 365 days plus 7 leap days (72, 76, …, 96) = 10,957 days
    // to 2000-01-01, then 31 (January) + 29 (February 2000 is a leap year) = 11,017.
    #expect(day("2000-03-01") == 11_017)
    #expect(day("1969-12-31") == -1)
    #expect(day("2024-04-11") == day("20240411"))
    #expect(day("2024/4/1 08:30:00") == day("2024-04-01"))
    #expect(day("2024.04.01T08:30") == day("2024-04-01"))
    #expect(day("2024-04-12")! - day("2024-04-11")! == 1)
    #expect(day("2024-02-29") != nil && day("2023-02-29") == nil && day("1900-02-29") == nil)
    #expect(day("2024-13-01") == nil && day("2024-04") == nil && day("2024-04-01x") == nil)
    #expect(day("") == nil && day("abcd-01-01") == nil)
    // Order keys compare like the dates, whatever their form.
    func key(_ text: String) -> Int {
      Array(text.utf8).withUnsafeBufferPointer { CalendarDay.orderKey($0) }
    }
    #expect(key("2024-03-05") == 20_240_305 && key("2024/3/5 10:00") == 20_240_305)
    #expect(key("20240229") < key("2024-03-01") && key("2023-12-31") < key("2024.1.1"))
    #expect(key(" ") == CalendarDay.missing && key("2024-02-30") == CalendarDay.unreadable)
  }
}

@Suite("Code translation (--map)")
struct CodeTranslationTests {
  @Test("a mapped code groups and checks like its translation; unmapped codes are named")
  func translation() throws {
    let scheme = try editScheme(maps: true)
    let rows = [
      "OLD,1,50,,,5,I10.001|J18.900,36.0701,1000,,",
      "NEW,1,50,,,5,I10.x00|J18.900,36.0700,1000,,",
      // J18.901 maps to J99.999, which the scheme does not know: it stays unmapped.
      "LOST,1,50,,,5,I10.x00|J18.901|Q99.999,,1000,,",
    ]
    let (mapped, summary) = try warnings(rows, scheme: scheme) { $0.translatesCodes = true }
    #expect(mapped["OLD"]?.warnings == "")
    #expect(mapped["NEW"]?.warnings == "")
    #expect(
      mapped["LOST"]?.warnings
        == "unmapped diagnosis code J18.901; unmapped diagnosis code Q99.999")
    #expect(summary.rowsWithWarnings == 1)
    // Without --map the old edition's codes are unknown.
    let (plain, _) = try warnings(rows, scheme: scheme)
    #expect(
      plain["OLD"]?.warnings == "unknown diagnosis code I10.001; unknown procedure code 36.0701")
    // The translation feeds grouping: the old code's row is the new code's row.
    let lookup = scheme.translatingCodeLookup
    #expect(lookup.diagnosisTranslations == 1 && lookup.procedureTranslations == 1)
    func row(_ table: CodeTable, _ code: String) -> UInt32 {
      Array(code.utf8).withUnsafeBufferPointer { table.row(of: $0) }
    }
    #expect(row(lookup.diagnoses, "I10.001") == scheme.row(of: "I10.x00"))
    #expect(row(lookup.procedures, "36.0701") == scheme.row(of: "36.0700"))
    #expect(row(lookup.procedures, "I10.001") == 0, "diagnosis maps do not apply to procedures")
    #expect(row(scheme.codeLookup.diagnoses, "I10.001") == 0)
  }

  @Test("with --map, a code of the map's other edition written in another case is folded too")
  func foldingKnowsTheMapsCodes() throws {
    let scheme = try editScheme(maps: true)
    // i10.001 is the map's I10.001 (→ I10.x00) in lower case; in the procedure list the
    // diagnosis map does not apply, so there it stays unmapped.
    let rows = ["OLD,1,50,,,5,i10.001|J18.900,i10.001,1000,,"]
    let (mapped, summary) = try warnings(rows, scheme: scheme) { $0.translatesCodes = true }
    #expect(
      mapped["OLD"]?.warnings
        == "unmapped procedure code i10.001; diagnosis code 'i10.001' read as I10.001 (code case or x/X folded)"
    )
    #expect(summary.normalisedByKind[ValueNormalisation.codeCase.rawValue] == 1)
    #expect(summary.warningsByEdit[ValidationEdit.unknownDiagnosis.rawValue] == 0)
    // The folded code is read as its translation: the same row as I10.x00.
    let lookup = scheme.translatingCodeLookup
    let found = Array("I10.001".utf8).withUnsafeBufferPointer { lookup.diagnosisFolding.find($0) }
    #expect(found?.row == scheme.row(of: "I10.x00"))
    #expect(found.map { String(decoding: $0.spelling, as: UTF8.self) } == "I10.001")
    #expect(
      Array("i10.001".utf8).withUnsafeBufferPointer { lookup.procedureFolding.find($0) } == nil)
  }

  @Test("translated codes group like their targets on a shipped scheme's map")
  func shippedSchemeMap() throws {
    let directory = packageRoot.appendingPathComponent("grouper-tables/chs-drg-1.1")
    let scheme = try Scheme(directory: directory.path)
    let lookup = scheme.translatingCodeLookup
    var checked = 0
    for (from, to) in scheme.diagnosisMap.sorted(by: { $0.key < $1.key }).prefix(500) {
      let target = scheme.row(of: to)
      guard target != 0 else { continue }
      let row = Array(from.utf8).withUnsafeBufferPointer { lookup.diagnoses.row(of: $0) }
      #expect(row == target, "\(from) should translate to \(to)")
      checked += 1
    }
    #expect(checked > 400)
  }
}

/// `CalendarDay.orderKey` reads plain `YYYY-MM-DD` dates in straight-line code. Checked
/// against Foundation's Gregorian calendar on random dates, real and not (month 13, day 31
/// of a 30-day month, 29 February of common and leap years, stray bytes).
@Suite("Date order keys")
struct DateOrderKeyTests {
  @Test func plainDatesAgreeWithTheGregorianCalendar() {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    var generator = SystemRandomNumberGenerator()
    var real = 0
    for _ in 0..<20_000 {
      let year = Int.random(in: 1895...2105, using: &generator)
      let month = Int.random(in: 0...13, using: &generator)
      let day = Int.random(in: 0...32, using: &generator)
      var text = String(format: "%04d-%02d-%02d", year, month, day)
      if Int.random(in: 0..<20, using: &generator) == 0 {
        // A stray byte in place of a digit.
        var bytes = Array(text.utf8)
        bytes[[0, 3, 6, 9].randomElement(using: &generator)!] = UInt8(ascii: "x")
        text = String(decoding: bytes, as: UTF8.self)
      }
      let components = DateComponents(year: year, month: month, day: day)
      let isReal =
        text.utf8.allSatisfy { $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) }
        && (1...12).contains(month) && components.isValidDate(in: calendar)
      let expected = isReal ? year * 10_000 + month * 100 + day : CalendarDay.unreadable
      var copy = text
      let key = copy.withUTF8 { CalendarDay.orderKey($0) }
      #expect(key == expected, "\(text)")
      if isReal { real += 1 }
    }
    #expect(real > 5_000 && real < 19_000)
  }
}

/// The straight-line reading of plain dates in `CalendarDay.orderKey` must take exactly
/// the ten-byte `YYYY-MM-DD` of real days and leave every other ten bytes to the general
/// reading. Every byte of a few dates is replaced by each of the 256 byte values,
/// and the key compared with the general reading's (`CalendarDay.components`, which walks
/// the bytes one by one and knows the other forms: `2024/03/05`, `2024.03.05`).
@Suite("Date order keys, byte by byte")
struct DateOrderKeyByteTests {
  @Test func everyByteOfAPlainDateIsChecked() {
    var replaced = 0
    for date in ["2024-02-29", "2023-12-31", "1999-01-09", "2100-02-28", "2000-09-30"] {
      for position in 0..<10 {
        for value in 0...255 {
          var bytes = Array(date.utf8)
          bytes[position] = UInt8(value)
          let key = bytes.withUnsafeBufferPointer { CalendarDay.orderKey($0) }
          let general = bytes.withUnsafeBufferPointer { raw -> Int in
            if raw.trimmingBlanks().isEmpty { return CalendarDay.missing }
            guard let day = CalendarDay.components(raw) else { return CalendarDay.unreadable }
            return day.year * 10_000 + day.month * 100 + day.day
          }
          #expect(key == general, "\(bytes)")
          replaced += 1
        }
      }
    }
    #expect(replaced == 5 * 10 * 256)
    // Worked by hand: ':' (0x3A) and '?' (0x3F) share a digit's high nibble but are not
    // digits; 2100 is not a leap year; 30 September exists, 31 does not.
    func key(_ text: String) -> Int {
      Array(text.utf8).withUnsafeBufferPointer { CalendarDay.orderKey($0) }
    }
    #expect(key("2024-0:-05") == CalendarDay.unreadable)
    #expect(key("202?-03-05") == CalendarDay.unreadable)
    #expect(key("2100-02-29") == CalendarDay.unreadable && key("2000-02-29") == 20_000_229)
    #expect(key("2000-09-30") == 20_000_930 && key("2000-09-31") == CalendarDay.unreadable)
    #expect(key("2024/03/05") == 20_240_305 && key("2024.03.05") == 20_240_305)
  }
}
