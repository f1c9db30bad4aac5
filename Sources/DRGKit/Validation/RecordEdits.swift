import Foundation

/// Checks a parsed case against the validation edits: unknown (or, with `--map`,
/// unmapped) codes, a manifestation or external-cause principal diagnosis, codes that
/// contradict the patient's sex, newborn codes after 28 days, duplicate codes, a
/// non-positive length of stay or cost, and discharge before admission.
///
/// ``findings(_:)`` is the per-record fast path: a few table reads, no allocation. Only a
/// case with findings goes through ``describe(_:record:csv:bytes:into:)``, which writes the
/// warnings as text.
struct RecordEdits: Sendable {
  let flags: CodeFlags
  let lookup: CodeLookup

  init(scheme: Scheme, edits: CodeEditTable, lookup: CodeLookup) {
    flags = CodeFlags(scheme: scheme, edits: edits)
    self.lookup = lookup
  }

  /// The edits `record` fails, as ``ValidationEdit/bit``s.
  @inline(__always)
  func findings(_ record: borrowing CaseRecordParser) -> UInt16 {
    var found: UInt16 = 0
    let fields = record.fields
    let female = fields.sex == 2
    let male = fields.sex == 1
    let pastNewborn = fields.age >= 1 || (fields.age == 0 && fields.ageDays > 28)
    let sexFlag = female ? CodeFlags.maleOnly : male ? CodeFlags.femaleOnly : 0
    let diagnoses = record.diagnoses
    for (position, row) in diagnoses.enumerated() {
      let flag = flags.diagnosis[Int(row)]
      if flag & CodeFlags.knownDiagnosis == 0 { found |= ValidationEdit.unknownDiagnosis.bit }
      if position == 0 && flag & (CodeFlags.notPrincipal | CodeFlags.manifestation) != 0 {
        found |= ValidationEdit.principalNotAllowed.bit
      }
      if flag & sexFlag != 0 { found |= ValidationEdit.sexConflict.bit }
      if pastNewborn && flag & CodeFlags.newbornOnly != 0 {
        found |= ValidationEdit.newbornCode.bit
      }
    }
    for row in record.procedures {
      let flag = flags.procedure[Int(row)]
      if flag & CodeFlags.knownProcedure == 0 { found |= ValidationEdit.unknownProcedure.bit }
      if flag & sexFlag != 0 { found |= ValidationEdit.sexConflict.bit }
    }
    if Self.hasDuplicate(diagnoses) || Self.hasDuplicate(record.procedures) {
      found |= ValidationEdit.duplicateCode.bit
    }
    if fields.los <= 0 { found |= ValidationEdit.nonPositiveStay.bit }
    if record.cost <= 0 { found |= ValidationEdit.nonPositiveCost.bit }
    let admission = record.admissionDay
    let discharge = record.dischargeDay
    if admission == CalendarDay.unreadable || discharge == CalendarDay.unreadable
      || (CalendarDay.isDate(admission) && CalendarDay.isDate(discharge) && discharge < admission)
    {
      found |= ValidationEdit.dateProblem.bit
    }
    return found
  }

  /// Whether a known code (row > 0) appears twice. Unknown codes are reported as unknown.
  @inline(__always)
  static func hasDuplicate(_ rows: [UInt32]) -> Bool {
    guard rows.count > 1 else { return false }
    for later in 1..<rows.count where rows[later] != 0 {
      for earlier in 0..<later where rows[earlier] == rows[later] { return true }
    }
    return false
  }

  /// Writes the warnings for `findings` as one text, `; `-separated, naming each code.
  /// - Returns: the text, and the findings with those only the code texts reveal (an
  ///   unknown manifestation code as principal diagnosis).
  func describe(
    _ findings: UInt16, record: borrowing CaseRecordParser, csv: borrowing CSVRecordParser,
    bytes: UnsafeBufferPointer<UInt8>
  ) -> (text: String, findings: UInt16) {
    var findings = findings
    var warnings: [String] = []
    let fields = record.fields
    let ageText =
      fields.age >= 1 ? "\(Self.number(fields.age)) years" : "\(Self.number(fields.ageDays)) days"
    let sexText = fields.sex == 1 ? "a male patient" : "a female patient"
    // Codes with their text, in the order the parser read them.
    let diagnoses =
      record.diagnoses.isEmpty
      ? [] : codes(record.columns.diagnosisColumns, table: lookup.diagnoses, csv: csv, bytes: bytes)
    let procedures = codes(
      record.columns.procedureColumns, table: lookup.procedures, csv: csv, bytes: bytes)
    let unknown = lookup.translates ? "unmapped" : "unknown"
    var seen: Set<UInt32> = []
    for (position, code) in diagnoses.enumerated() {
      let flag = flags.diagnosis[Int(code.row)]
      if flag & CodeFlags.knownDiagnosis == 0 {
        warnings.append("\(unknown) diagnosis code \(code.text)")
      }
      if position == 0
        && (flag & CodeFlags.manifestation != 0
          || (code.row == 0 && CodeFlags.isManifestation(code.text)))
      {
        findings |= ValidationEdit.principalNotAllowed.bit
        warnings.append(
          "principal diagnosis \(code.text) is a manifestation (asterisk) code without its etiology (dagger) code"
        )
      } else if position == 0 && flag & CodeFlags.notPrincipal != 0 {
        let note = flags.rule(forRow: code.row, diagnosis: true)?.note ?? ""
        warnings.append("principal diagnosis \(code.text) is not a principal diagnosis: \(note)")
      }
      if findings & ValidationEdit.sexConflict.bit != 0,
        flag & (fields.sex == 1 ? CodeFlags.femaleOnly : CodeFlags.maleOnly) != 0
      {
        let note = flags.rule(forRow: code.row, diagnosis: true)?.note ?? ""
        warnings.append("diagnosis \(code.text) in \(sexText): \(note)")
      }
      if findings & ValidationEdit.newbornCode.bit != 0, flag & CodeFlags.newbornOnly != 0 {
        let note = flags.rule(forRow: code.row, diagnosis: true)?.note ?? ""
        warnings.append("newborn diagnosis \(code.text) at age \(ageText): \(note)")
      }
      if code.row != 0 && !seen.insert(code.row).inserted {
        warnings.append("diagnosis \(code.text) given twice")
      }
    }
    seen.removeAll()
    for code in procedures {
      let flag = flags.procedure[Int(code.row)]
      if flag & CodeFlags.knownProcedure == 0 {
        warnings.append("\(unknown) procedure code \(code.text)")
      }
      if findings & ValidationEdit.sexConflict.bit != 0,
        flag & (fields.sex == 1 ? CodeFlags.femaleOnly : CodeFlags.maleOnly) != 0
      {
        let note = flags.rule(forRow: code.row, diagnosis: false)?.note ?? ""
        warnings.append("procedure \(code.text) in \(sexText): \(note)")
      }
      if code.row != 0 && !seen.insert(code.row).inserted {
        warnings.append("procedure \(code.text) given twice")
      }
    }
    if findings & ValidationEdit.nonPositiveStay.bit != 0 {
      warnings.append("length of stay \(Self.number(fields.los)) is not positive")
    }
    if findings & ValidationEdit.nonPositiveCost.bit != 0 {
      warnings.append("total cost \(Self.number(record.cost)) is not positive")
    }
    if findings & ValidationEdit.dateProblem.bit != 0 {
      let columns = record.columns
      func text(_ column: Int) -> String {
        csv.withField(column, in: bytes) { String(decoding: $0.trimmingBlanks(), as: UTF8.self) }
      }
      if record.admissionDay == CalendarDay.unreadable {
        warnings.append("admission date '\(text(columns.admissionDate))' is not a date")
      }
      if record.dischargeDay == CalendarDay.unreadable {
        warnings.append("discharge date '\(text(columns.dischargeDate))' is not a date")
      }
      if CalendarDay.isDate(record.admissionDay), CalendarDay.isDate(record.dischargeDay),
        record.dischargeDay < record.admissionDay
      {
        warnings.append(
          "discharge date \(text(columns.dischargeDate)) is before admission date \(text(columns.admissionDate))"
        )
      }
    }
    return (warnings.joined(separator: "; "), findings)
  }

  /// The codes of `columns` with their rows, split as ``CaseRecordParser`` splits them.
  private func codes(
    _ columns: [Int], table: CodeTable, csv: borrowing CSVRecordParser,
    bytes: UnsafeBufferPointer<UInt8>
  ) -> [(text: String, row: UInt32)] {
    var result: [(text: String, row: UInt32)] = []
    for column in columns {
      csv.withField(column, in: bytes) { field in
        for entry in field.split(separator: ASCII.pipe, omittingEmptySubsequences: false) {
          let code = UnsafeBufferPointer(rebasing: entry).trimmingBlanks()
          guard !code.isEmpty else { continue }
          result.append((String(decoding: code, as: UTF8.self), table.row(of: code)))
        }
      }
    }
    return result
  }

  /// `4` for whole numbers, else `4.5`.
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}
