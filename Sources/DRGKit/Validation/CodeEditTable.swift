import Foundation

/// The code edits `drg group` checks every case against: ranges of ICD-10 diagnoses and
/// ICD-9-CM-3 procedures that are only plausible for one sex or for newborns, or never as
/// the principal diagnosis.
///
/// ``standard`` holds the edits of the ICD-10 and ICD-9-CM-3 chapter structure (listed in
/// the README); `drg group --edits FILE` replaces it with a table in the same CSV form:
///
/// ```
/// edit,codes,from,to,note
/// male_only,dx,N40,N51,diseases of male genital organs
/// ```
public struct CodeEditTable: Sendable, Equatable {
  /// The rows of the table, in file order.
  public var rules: [CodeEditRule]

  /// A table of `rules`.
  public init(rules: [CodeEditRule]) { self.rules = rules }

  /// The header of an edit table file.
  public static let header = ["edit", "codes", "from", "to", "note"]

  /// The standard edits, from the chapter and block structure of ICD-10 (diagnoses) and
  /// ICD-9-CM-3 (procedures).
  public static let standard: CodeEditTable = {
    // Self-evidently valid text: a failure here is a programming error caught by the tests.
    (try? parse(standardText, file: "<standard edits>")) ?? CodeEditTable(rules: [])
  }()

  static let standardText = """
    edit,codes,from,to,note
    not_principal,dx,V01,Y98,external cause of morbidity (ICD-10 chapter XX)
    newborn_only,dx,P00,P96,condition originating in the perinatal period (ICD-10 chapter XVI)
    newborn_only,dx,Z38,Z38,liveborn infant by place of birth
    female_only,dx,C51,C58,malignant neoplasm of female genital organs
    female_only,dx,D06,D06,carcinoma in situ of cervix uteri
    female_only,dx,D25,D28,benign neoplasm of uterus or ovary or other female genital organs
    female_only,dx,D39,D39,neoplasm of uncertain behaviour of female genital organs
    female_only,dx,E28,E28,ovarian dysfunction
    female_only,dx,N70,N98,disorder of female genital tract
    female_only,dx,O00,O99,pregnancy or childbirth or the puerperium
    female_only,dx,Q50,Q52,congenital malformation of female genital organs
    female_only,dx,R87,R87,abnormal finding in specimens from female genital organs
    female_only,dx,Z32,Z36,pregnancy-related encounter
    female_only,dx,Z39,Z39,postpartum care
    male_only,dx,C60,C63,malignant neoplasm of male genital organs
    male_only,dx,D29,D29,benign neoplasm of male genital organs
    male_only,dx,D40,D40,neoplasm of uncertain behaviour of male genital organs
    male_only,dx,E29,E29,testicular dysfunction
    male_only,dx,N40,N51,disease of male genital organs
    male_only,dx,Q53,Q55,congenital malformation of male genital organs
    male_only,dx,R86,R86,abnormal finding in specimens from male genital organs
    male_only,proc,60,64,operation on male genital organs (ICD-9-CM-3 chapter 11)
    female_only,proc,65,71,operation on female genital organs (ICD-9-CM-3 chapter 12)
    female_only,proc,72,75,obstetrical procedure (ICD-9-CM-3 chapter 13)
    """

  /// Reads an edit table file.
  /// - Throws: ``RecordError`` naming the file, line and field that is wrong.
  public static func load(path: String) throws(RecordError) -> CodeEditTable {
    if !FileManager.default.fileExists(atPath: path) {
      throw RecordError.missing(file: path, what: "the edit table")
    }
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      throw RecordError(file: path, line: 1, message: "cannot read the edit table (UTF-8 CSV)")
    }
    let table = try parse(text, file: path)
    if table.rules.isEmpty {
      throw RecordError(
        file: path, line: 2,
        message: "the edit table has a header but no rows; to skip the edits, use --no-edits")
    }
    return table
  }

  /// Parses the CSV text of an edit table (no quoting; the note is the rest of the line).
  static func parse(_ text: String, file: String) throws(RecordError) -> CodeEditTable {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0] = lines[0].dropFirst() }
    let header =
      lines.first.map { $0.split(separator: ",").map { String($0).trimmingBlanks } } ?? []
    guard Array(header.prefix(4)) == Array(Self.header.prefix(4)) else {
      throw RecordError(
        file: file, line: 1,
        message: "the header must be \(Self.header.joined(separator: ",")) (note is optional)")
    }
    var rules: [CodeEditRule] = []
    for (index, line) in lines.enumerated().dropFirst() {
      let fields = line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false)
        .map { String($0).trimmingBlanks }
      if fields.allSatisfy(\.isEmpty) { continue }
      let lineNumber = index + 1
      func fail(_ message: String) -> RecordError {
        RecordError(file: file, line: lineNumber, message: message)
      }
      guard fields.count >= 4 else {
        throw fail("expected edit,codes,from,to[,note]; found \(fields.count) fields")
      }
      guard let kind = CodeEditRule.Kind(rawValue: fields[0]) else {
        let kinds = CodeEditRule.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        throw fail("field 'edit': unknown edit '\(fields[0])'; use one of \(kinds)")
      }
      guard let codes = CodeEditRule.Codes(rawValue: fields[1]) else {
        throw fail("field 'codes': '\(fields[1])' must be dx or proc")
      }
      let from = fields[2]
      let to = fields[3]
      guard !from.isEmpty, from.utf8.count == to.utf8.count, from <= to else {
        throw fail(
          "fields 'from' and 'to': '\(from)' and '\(to)' must be code prefixes of equal length, from <= to"
        )
      }
      if kind == .notPrincipal && codes == .procedures {
        throw fail("field 'codes': not_principal applies to diagnoses (dx) only")
      }
      rules.append(
        CodeEditRule(
          kind: kind, codes: codes, from: from, to: to, note: fields.count > 4 ? fields[4] : ""))
    }
    return CodeEditTable(rules: rules)
  }
}
