/// Checks a parsed case against the validation edits: unknown (or, with `--map`,
/// unmapped) codes, a manifestation or external-cause principal diagnosis, codes that
/// contradict the patient's sex, newborn codes after 28 days, duplicate codes, a
/// non-positive length of stay or cost, and discharge before admission.
///
/// ``findings(_:)`` is the per-record fast path: a few table reads, no allocation. Only a
/// case with findings goes through ``describe(_:record:csv:bytes:into:)``, which writes the
/// warnings as text into a reused buffer.
struct RecordEdits: Sendable {
  let flags: CodeFlags
  let lookup: CodeLookup

  init(scheme: Scheme, edits: CodeEditTable, lookup: CodeLookup) {
    self.init(flags: CodeFlags(scheme: scheme, edits: edits), lookup: lookup)
  }

  /// Edits with flags built before (once for all workers, see ``CodeFlags/copy()``).
  init(flags: CodeFlags, lookup: CodeLookup) {
    self.flags = flags
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
    // The codes' flags gathered first (`every`: flags all codes have, `some`: flags any
    // code has), so that each code costs a load and two operations, and tested once.
    var every: UInt8 = 0xFF
    var some: UInt8 = 0
    // Duplicates are looked for only when two known codes share a bit of a 64-bit set
    // (see ``duplicateBit(_:)``): the pairwise loops of ``hasDuplicate(_:)``, whose lengths
    // follow the code counts, mispredicted about three times a row (cachegrind).
    var seen: UInt64 = 0
    var again: UInt64 = 0
    for row in diagnoses {
      let flag = flags.diagnosis[Int(row)]
      every &= flag
      some |= flag
      let bit = Self.duplicateBit(row)
      again |= seen & bit
      seen |= bit
    }
    if every & CodeFlags.knownDiagnosis == 0 { found |= ValidationEdit.unknownDiagnosis.bit }
    if let principal = diagnoses.first,
      flags.diagnosis[Int(principal)] & (CodeFlags.notPrincipal | CodeFlags.manifestation) != 0
    {
      found |= ValidationEdit.principalNotAllowed.bit
    }
    if pastNewborn && some & CodeFlags.newbornOnly != 0 { found |= ValidationEdit.newbornCode.bit }
    var everyProcedure: UInt8 = 0xFF
    var seenProcedures: UInt64 = 0
    var againProcedures: UInt64 = 0
    for row in record.procedures {
      let flag = flags.procedure[Int(row)]
      everyProcedure &= flag
      some |= flag
      let bit = Self.duplicateBit(row)
      againProcedures |= seenProcedures & bit
      seenProcedures |= bit
    }
    if everyProcedure & CodeFlags.knownProcedure == 0 {
      found |= ValidationEdit.unknownProcedure.bit
    }
    if some & sexFlag != 0 { found |= ValidationEdit.sexConflict.bit }
    if (again != 0 && Self.hasDuplicate(diagnoses))
      || (againProcedures != 0 && Self.hasDuplicate(record.procedures))
    {
      found |= ValidationEdit.duplicateCode.bit
    }
    if fields.los <= 0 { found |= ValidationEdit.nonPositiveStay.bit }
    if record.cost <= 0 { found |= ValidationEdit.nonPositiveCost.bit }
    let admission = record.admissionDateKey
    let discharge = record.dischargeDateKey
    if admission == CalendarDay.unreadable || discharge == CalendarDay.unreadable
      || (CalendarDay.isDate(admission) && CalendarDay.isDate(discharge) && discharge < admission)
    {
      found |= ValidationEdit.dateProblem.bit
    }
    return found
  }

  /// The bit of a known code's `row` in a 64-bit set (a multiplicative hash's top six
  /// bits), or 0 for an unknown code (row 0), without a branch. Two equal rows share their
  /// bit, so a list whose bits are all different has no duplicate.
  @inline(__always)
  static func duplicateBit(_ row: UInt32) -> UInt64 {
    UInt64(row != 0 ? 1 : 0) &<< UInt64((row &* 0x9E37_79B1) &>> 26)
  }

  /// Whether a known code (row > 0) appears twice. Unknown codes are reported as unknown.
  @inline(__always)
  static func hasDuplicate(_ rows: UnsafeBufferPointer<UInt32>) -> Bool {
    guard rows.count > 1 else { return false }
    for later in 1..<rows.count where rows[later] != 0 {
      for earlier in 0..<later where rows[earlier] == rows[later] { return true }
    }
    return false
  }

  /// Writes the warnings for `findings` into `text` (replacing it), `; `-separated, naming
  /// each code. Reuses `text`'s storage; builds no `String` unless a number is printed.
  /// - Returns: the findings with those only the code texts reveal (an unknown
  ///   manifestation code as principal diagnosis).
  func describe(
    _ findings: UInt16, record: borrowing CaseRecordParser, csv: borrowing CSVRecordParser,
    bytes: UnsafeBufferPointer<UInt8>, into text: inout [UInt8]
  ) -> UInt16 {
    var findings = findings
    text.removeAll(keepingCapacity: true)
    var writer = WarningWriter(text: text)
    defer { text = writer.text }
    let fields = record.fields
    let unknown: StaticString = lookup.translates ? "unmapped " : "unknown "
    let otherSex = fields.sex == 1 ? CodeFlags.femaleOnly : CodeFlags.maleOnly
    let otherSexKind: CodeEditRule.Kind = fields.sex == 1 ? .femaleOnly : .maleOnly
    let sexText: StaticString = fields.sex == 1 ? " in a male patient: " : " in a female patient: "
    func age() -> String {
      fields.age >= 1
        ? "\(fields.age.noteText) years" : "\(fields.ageDays.noteText) days"
    }
    // Diagnoses: the codes as the parser read (or normalised) them, key i for row i.
    let diagnoses = record.diagnoses
    let diagnosisKeys = record.diagnosisKeys.elements
    for position in 0..<min(diagnoses.count, diagnosisKeys.count) {
      let code = diagnosisKeys[position].code
      let row = diagnoses[position]
      let flag = flags.diagnosis[Int(row)]
      if flag & CodeFlags.knownDiagnosis == 0 {
        writer.start(unknown, "diagnosis code ", code)
      }
      if position == 0
        && (flag & CodeFlags.manifestation != 0
          || (row == 0 && CodeFlags.isManifestation(code)))
      {
        findings |= ValidationEdit.principalNotAllowed.bit
        writer.start("principal diagnosis ", "", code)
        writer.add(" is a manifestation (asterisk) code without its etiology (dagger) code")
      } else if position == 0 && flag & CodeFlags.notPrincipal != 0 {
        writer.start("principal diagnosis ", "", code)
        writer.add(" is not a principal diagnosis: ")
        writer.add(note: flags.note(of: code, kind: .notPrincipal, diagnosis: true))
      }
      if findings & ValidationEdit.sexConflict.bit != 0 && flag & otherSex != 0 {
        writer.start("diagnosis ", "", code)
        writer.add(sexText)
        writer.add(note: flags.note(of: code, kind: otherSexKind, diagnosis: true))
      }
      if findings & ValidationEdit.newbornCode.bit != 0 && flag & CodeFlags.newbornOnly != 0 {
        writer.start("newborn diagnosis ", "", code)
        writer.add(" at age ")
        writer.add(note: age())
        writer.add(": ")
        writer.add(note: flags.note(of: code, kind: .newbornOnly, diagnosis: true))
      }
      if row != 0 && diagnoses[..<position].contains(row) {
        writer.start("diagnosis ", "", code)
        writer.add(" given twice")
      }
    }
    let procedures = record.procedures
    let procedureKeys = record.procedureKeys.elements
    for position in 0..<min(procedures.count, procedureKeys.count) {
      let code = procedureKeys[position].code
      let row = procedures[position]
      let flag = flags.procedure[Int(row)]
      if flag & CodeFlags.knownProcedure == 0 {
        writer.start(unknown, "procedure code ", code)
      }
      if findings & ValidationEdit.sexConflict.bit != 0 && flag & otherSex != 0 {
        writer.start("procedure ", "", code)
        writer.add(sexText)
        writer.add(note: flags.note(of: code, kind: otherSexKind, diagnosis: false))
      }
      if row != 0 && procedures[..<position].contains(row) {
        writer.start("procedure ", "", code)
        writer.add(" given twice")
      }
    }
    if findings & ValidationEdit.nonPositiveStay.bit != 0 {
      writer.start("length of stay ", "", nil)
      writer.add(note: fields.los.noteText)
      writer.add(" is not positive")
    }
    if findings & ValidationEdit.nonPositiveCost.bit != 0 {
      writer.start("total cost ", "", nil)
      writer.add(note: record.cost.noteText)
      writer.add(" is not positive")
    }
    if findings & ValidationEdit.dateProblem.bit != 0 {
      let columns = record.columns
      func date(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        csv.withField(column, in: bytes) { body($0.trimmingBlanks()) }
      }
      if record.admissionDateKey == CalendarDay.unreadable {
        date(columns.admissionDate) { writer.start("admission date '", "", $0) }
        writer.add("' is not a date")
      }
      if record.dischargeDateKey == CalendarDay.unreadable {
        date(columns.dischargeDate) { writer.start("discharge date '", "", $0) }
        writer.add("' is not a date")
      }
      if CalendarDay.isDate(record.admissionDateKey), CalendarDay.isDate(record.dischargeDateKey),
        record.dischargeDateKey < record.admissionDateKey
      {
        date(columns.dischargeDate) { writer.start("discharge date ", "", $0) }
        writer.add(" is before admission date ")
        date(columns.admissionDate) { writer.add(bytes: $0) }
      }
    }
    return findings
  }
}

/// Appends warnings as bytes: ``start(_:_:_:)`` begins one (after `; ` when it is not the
/// first), ``add(_:)`` continues it.
private struct WarningWriter {
  var text: [UInt8]

  mutating func start(
    _ first: StaticString, _ second: StaticString, _ code: UnsafeBufferPointer<UInt8>?
  ) {
    if !text.isEmpty { add("; ") }
    add(first)
    add(second)
    if let code { text.append(contentsOf: code) }
  }

  mutating func add(_ literal: StaticString) {
    literal.withUTF8Buffer { text.append(contentsOf: $0) }
  }

  mutating func add(bytes: UnsafeBufferPointer<UInt8>) { text.append(contentsOf: bytes) }

  mutating func add(note: String?) {
    guard var note else { return }
    note.withUTF8 { text.append(contentsOf: $0) }
  }
}
