/// Turns one CSV record into the engine's form of a case: numbers parsed from bytes, codes
/// looked up as scheme rows. Reuses its code buffers, so it allocates nothing per record;
/// each worker thread needs a parser of its own (copies share those buffers).
public struct CaseRecordParser {
  /// Where each field is in the input's header.
  public let columns: CaseColumns
  let diagnosisTable: CodeTable
  let procedureTable: CodeTable
  /// The codes in capitals, for codes the tables miss (see ``CodeLookup``).
  let diagnosisFolding: CodeFolding
  let procedureFolding: CodeFolding
  /// Department codes named by rules: row = department id + 1.
  let departments: CodeTable
  private let diagnosisColumns: [Int]
  private let procedureColumns: [Int]
  /// The columns the clean-row scan reads (see ``readClean(_:from:quoteFree:)``), or `nil`
  /// when the layout is not one it reads (codes over several columns).
  let cleanColumns: CleanColumns?
  /// The clean-row scan's field ends (the header's number of fields, plus room for one
  /// word's commas past it).
  let fieldEnds: ReusableBuffer<Int>
  /// The fields of the record parsed last.
  public internal(set) var fields = CaseFields()
  /// The diagnosis rows of the last record, principal first (valid until the next parse).
  public var diagnoses: UnsafeBufferPointer<UInt32> { diagnosisRows.elements }
  /// The procedure rows of the last record, main first (valid until the next parse).
  public var procedures: UnsafeBufferPointer<UInt32> { procedureRows.elements }
  let diagnosisRows = ReusableBuffer<UInt32>()
  let procedureRows = ReusableBuffer<UInt32>()
  /// The packed diagnosis and procedure codes of the record being read; after
  /// ``lookUpCodes()``, one per row, with the code as read (or as normalised).
  let diagnosisKeys = ReusableBuffer<CodeTable.Key>()
  let procedureKeys = ReusableBuffer<CodeTable.Key>()
  /// What reading the record normalised or could not read (see ``ExportValue``).
  package let notes = ValueNotes()
  /// Whether ``notes`` has anything for the last record (read without touching them).
  public internal(set) var hasNotes = false
  /// `true` when the diagnoses field starts with an empty code (`|I10.x00`).
  public internal(set) var principalEmpty = false
  /// Total cost; NaN when missing or not a number.
  public internal(set) var cost = Double.nan
  /// Whether to read the fields only the validation edits use (total cost and dates).
  var readsEditFields = true
  /// Admission and discharge dates as order keys (see ``CalendarDay/orderKey(_:)``).
  var admissionDateKey = CalendarDay.missing
  var dischargeDateKey = CalendarDay.missing

  /// A parser for files with `columns`, looking codes up in `scheme`, or with `lookup`
  /// (e.g. translating codes from another edition) when given.
  public init(columns: CaseColumns, scheme: Scheme, lookup: CodeLookup? = nil) {
    self.columns = columns
    let lookup = lookup ?? scheme.codeLookup
    diagnosisTable = lookup.diagnoses
    procedureTable = lookup.procedures
    diagnosisFolding = lookup.diagnosisFolding
    procedureFolding = lookup.procedureFolding
    // Tables and column lists of its own, so that worker threads never share the
    // reference counts of the objects they read per record.
    departments = scheme.tables.departmentTable.copy()
    diagnosisColumns = columns.diagnosisColumns.map { $0 }
    procedureColumns = columns.procedureColumns.map { $0 }
    cleanColumns = Self.cleanColumns(for: columns)
    fieldEnds = ReusableBuffer(capacity: columns.count + 9)
  }

  /// Reads the case in the current record of `csv`.
  public mutating func parse(
    _ csv: borrowing CSVRecordParser, in bytes: UnsafeBufferPointer<UInt8>
  ) {
    read(csv, in: bytes)
    lookUpCodes()
  }

  /// The first half of ``parse(_:in:)``: reads the fields and packs the codes, asking
  /// memory for their table slots, but does not look them up yet. Batch loops call
  /// ``lookUpCodes()`` a record later, when the slots have arrived.
  mutating func read(_ csv: borrowing CSVRecordParser, in bytes: UnsafeBufferPointer<UInt8>) {
    if hasNotes { notes.reset() }
    packDiagnoses(csv, in: bytes)
    procedureKeys.removeAll()
    for column in procedureColumns {
      csv.withField(column, in: bytes) {
        _ = Self.packCodes(
          $0, readable: Self.readable($0, in: bytes), table: procedureTable, into: procedureKeys)
      }
    }
    parseFields(csv, in: bytes)
  }

  /// The second half of ``parse(_:in:)``: looks up the codes ``read(_:in:)`` packed. The
  /// record's bytes must not have changed in between.
  mutating func lookUpCodes() {
    diagnosisRows.removeAll()
    let unknownDiagnosis = diagnosisTable.appendRows(of: diagnosisKeys.elements, to: diagnosisRows)
    procedureRows.removeAll()
    let unknownProcedure = procedureTable.appendRows(of: procedureKeys.elements, to: procedureRows)
    // A code the tables miss may be one written as exports write codes.
    if unknownDiagnosis || unknownProcedure {
      normaliseUnknownCodes()
      hasNotes = !notes.isEmpty
    }
  }

  /// Packs the diagnosis codes into `diagnosisKeys` and sets ``principalEmpty``.
  @inline(__always)
  private mutating func packDiagnoses(
    _ csv: borrowing CSVRecordParser, in bytes: UnsafeBufferPointer<UInt8>
  ) {
    principalEmpty = false
    diagnosisKeys.removeAll()
    // Diagnoses: one column, or a principal column followed by "other" columns.
    for (position, column) in diagnosisColumns.enumerated() {
      let before = diagnosisKeys.count
      let firstEmpty = csv.withField(column, in: bytes) {
        Self.packCodes(
          $0, readable: Self.readable($0, in: bytes), table: diagnosisTable, into: diagnosisKeys)
      }
      if position == 0 {
        principalEmpty = firstEmpty
        // An empty principal column with codes in later columns: no principal diagnosis.
        if diagnosisKeys.count == before && diagnosisColumns.count > 1 {
          principalEmpty = true
        }
      }
    }
    if principalEmpty {
      if diagnosisColumns.count > 1 && diagnosisKeys.isEmpty { principalEmpty = false }
      diagnosisKeys.removeAll()
    }
  }

  /// Reads the fields other than codes.
  @inline(__always)
  private mutating func parseFields(
    _ csv: borrowing CSVRecordParser, in bytes: UnsafeBufferPointer<UInt8>
  ) {
    var fields = CaseFields()
    // Plain numbers are read on the spot; anything else but an empty field takes the
    // general path of exports' spellings (a call that captures nothing on the way here).
    @inline(__always) func number(_ column: Int, _ field: CaseValueField) -> Double {
      guard column >= 0 else { return .nan }
      let plain = csv.withField(column, in: bytes) {
        $0.isEmpty ? Double.nan : NumberParsing.decimal($0)
      }
      return plain ?? Self.exportValue(csv, column, field, in: bytes, notes: notes)
    }
    let sex = csv.withField(columns.sex, in: bytes) { Self.sex($0) }
    fields.sex = sex.isNaN ? Self.exportValue(csv, columns.sex, .sex, in: bytes, notes: notes) : sex
    fields.age = number(columns.age, .age)
    fields.ageDays = number(columns.ageDays, .ageDays)
    let weight = number(columns.weight, .weight)
    fields.weightGiven = !weight.isNaN
    fields.weight = weight > 0 ? weight : .nan
    fields.los = number(columns.los, .los)
    fields.leaving = number(columns.leaving, .leaving)
    fields.icuHours = number(columns.icuHours, .icuHours)
    if columns.department >= 0 {
      fields.department = csv.withField(columns.department, in: bytes) {
        let trimmed = $0.trimmingBlanks()
        guard !trimmed.isEmpty else { return CaseFields.missingDepartment }
        let row = departments.row(of: trimmed)
        return row == 0 ? CaseFields.otherDepartment : row &- 1
      }
    }
    defer { hasNotes = !notes.isEmpty }
    self.fields = fields
    if readsEditFields {
      cost = number(columns.totalCost, .totalCost)
      admissionDateKey =
        columns.admissionDate < 0
        ? CalendarDay.missing
        : csv.withField(columns.admissionDate, in: bytes, CalendarDay.orderKey)
      dischargeDateKey =
        columns.dischargeDate < 0
        ? CalendarDay.missing
        : csv.withField(columns.dischargeDate, in: bytes, CalendarDay.orderKey)
    }
  }

  /// Splits a `|`-separated code list, trims spaces around each code, skips empty
  /// entries, packs each code for lookup and asks for its slot in `table` (see
  /// ``CodeTable/prefetch(_:)``).
  /// - Parameter readable: how many bytes may be read from the start of `field` (the rest
  ///   of the buffer), so that a code's key can be loaded eight bytes at a time.
  /// - Returns: `true` when the first entry is empty but later ones are not.
  @inline(__always)
  static func packCodes(
    _ field: UnsafeBufferPointer<UInt8>, readable: Int, table: CodeTable,
    into keys: ReusableBuffer<CodeTable.Key>
  ) -> Bool {
    guard let base = field.baseAddress else { return false }
    var firstEmpty = false
    var first = true
    forEachCode(in: field, readable: readable) { code, entry in
      if first {
        firstEmpty = entry > 0
        first = false
      }
      let key = CodeTable.key(code, readable: readable &- (code.baseAddress! - base))
      table.prefetch(key)
      keys.append(key)
    }
    return firstEmpty
  }

  /// Calls `body` with each code of a `|`-separated field, trimmed of spaces, skipping
  /// empty entries, and the 0-based number of its entry (so `entry > 0` for the first code
  /// means the field starts with an empty entry). The one split of code fields.
  /// - Parameter readable: how many bytes may be read from the start of `field`; past the
  ///   field's end they let the search for `|` look at eight bytes at a time.
  @inline(__always)
  static func forEachCode(
    in field: UnsafeBufferPointer<UInt8>, readable: Int? = nil,
    _ body: (_ code: UnsafeBufferPointer<UInt8>, _ entry: Int) -> Void
  ) {
    guard let base = field.baseAddress else { return }
    let count = field.count
    let readable = readable ?? count
    var start = 0
    var entry = 0
    while start <= count {
      // The entry runs to the next '|' or the end of the field.
      var end = start
      while end < count && end &+ 8 <= readable {
        let word = UInt64(
          littleEndian: UnsafeRawPointer(base + end).loadUnaligned(as: UInt64.self))
        let pipes = SWAR.matches(word, ASCII.pipe)
        if pipes != 0 {
          end &+= pipes.trailingZeroBitCount &>> 3
          break
        }
        end &+= 8
      }
      if end > count { end = count }  // a '|' past the field belongs to a later field
      while end < count && base[end] != ASCII.pipe { end &+= 1 }
      var lower = start
      var upper = end
      while lower < upper && ASCII.isBlank(base[lower]) { lower &+= 1 }
      while upper > lower && ASCII.isBlank(base[upper &- 1]) { upper &-= 1 }
      if lower < upper {
        body(UnsafeBufferPointer(start: base + lower, count: upper &- lower), entry)
      }
      start = end &+ 1
      entry &+= 1
    }
  }

  /// How many bytes can be read from the start of `field`: to the end of `bytes` when the
  /// field lies inside it, else just the field (an unescaped copy in the parser's scratch).
  @inline(__always)
  static func readable(_ field: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>)
    -> Int
  {
    guard let start = field.baseAddress, let base = bytes.baseAddress,
      start >= base, start <= base + bytes.count
    else { return field.count }
    return base + bytes.count - start
  }

  /// `1`/`2` (also `1.0`), or `男`/`女`; anything else is NaN.
  @inline(__always)
  static func sex(_ raw: UnsafeBufferPointer<UInt8>) -> Double {
    let bytes = raw.trimmingBlanks()
    // 男 is E7 94 B7 and 女 is E5 A5 B3 in UTF-8.
    if bytes.count == 3 && bytes[0] == 0xE7 && bytes[1] == 0x94 && bytes[2] == 0xB7 { return 1 }
    if bytes.count == 3 && bytes[0] == 0xE5 && bytes[1] == 0xA5 && bytes[2] == 0xB3 { return 2 }
    guard let value = NumberParsing.decimal(bytes), value == 1 || value == 2 else { return .nan }
    return value
  }
}
