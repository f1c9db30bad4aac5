@_spi(DRGPackage) import DRGKit
import DRGPayment

/// Reads one chunk of a grouped file into compact per-case arrays with slot-local hospital
/// and DRG ids, counting every row it does not keep by reason.
struct AuditChunkReader: ChunkWorker {
  let columns: GroupedColumns
  /// Department codes chosen with `--per-diem-dept`, as bytes.
  let perDiemDepartments: [[UInt8]]
  private var csv = CSVRecordParser()
  private var hospitalCodes = ByteInterner(expectedCount: 1024)
  private var drgCodes = ByteInterner(expectedCount: 2048)
  /// Lengths of stay read as exports write them.
  private let tally = NormalisationTally()
  var part = AuditChunkCases()

  init(columns: GroupedColumns, perDiemDepartments: Set<String>) {
    self.columns = columns
    self.perDiemDepartments = perDiemDepartments.sorted().map { Array($0.utf8) }
  }

  mutating func process(_ chunk: CSVChunk) {
    part.removeAll()
    let bytes = chunk.view
    var records = chunk.records()
    while records.next(&csv) {
      let line = records.line
      part.counts.rowsRead += 1
      if let problem = csv.problem(expectingFields: columns.count, line: line) {
        unreadable(problem)
      } else {
        readCase(bytes, line: line)
      }
    }
    part.counts.values = tally.take()
  }

  private mutating func unreadable(_ problem: CSVRowProblem) {
    part.counts.unreadable += 1
    if part.counts.firstUnreadable == nil { part.counts.firstUnreadable = problem }
  }

  @inline(__always)
  private mutating func readCase(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) {
    let row = GroupedRow.read(
      csv, in: bytes, statusColumn: columns.status, drgColumn: columns.drg, drgCodes: &drgCodes)
    guard let (drg, isNew) = part.counts.grouped(row) else { return }
    if isNew { registerDRG(drg, bytes) }
    part.counts.rowsUsed += 1
    var hospital = AuditCases.noHospital
    if columns.hospital >= 0 {
      let knownHospitals = hospitalCodes.count
      hospital = csv.withField(columns.hospital, in: bytes) { raw -> UInt32 in
        let field = raw.trimmingBlanks()
        return field.isEmpty ? AuditCases.noHospital : hospitalCodes.intern(field)
      }
      if hospitalCodes.count > knownHospitals {
        part.newHospitals.append(hospitalCodes.string(hospital))
      }
    }
    var stay = Float.nan
    if columns.lengthOfStay >= 0,
      let value = csv.withField(
        columns.lengthOfStay, in: bytes, { ExportValue.days($0, tally: tally) }),
      value >= 0
    {
      stay = Float(value)
    } else {
      part.counts.missingLengthOfStay += 1
    }
    let patient =
      columns.patient >= 0
      ? csv.withField(columns.patient, in: bytes) { AuditHashing.patient($0) } : 0
    var admission = AuditCases.noDate
    var discharge = AuditCases.noDate
    if columns.patient >= 0 {
      if patient == 0 {
        part.counts.missingPatient += 1
      } else {
        (admission, discharge) = readDates(bytes, line: line)
      }
    }
    var category: UInt32 = 0
    if columns.diagnoses >= 0 {
      category = csv.withField(columns.diagnoses, in: bytes) {
        AuditHashing.diagnosisCategory($0)
      }
    }
    var inDepartment = true
    if !perDiemDepartments.isEmpty {
      inDepartment =
        columns.department >= 0
        && csv.withField(columns.department, in: bytes) { raw in
          let field = raw.trimmingBlanks()
          return perDiemDepartments.contains {
            $0.withUnsafeBufferPointer { $0.elementsEqual(field) }
          }
        }
    }
    part.cases.append(
      line: UInt32(truncatingIfNeeded: line), hospital: hospital, drg: Int32(drg),
      lengthOfStay: stay, patient: patient, admission: admission, discharge: discharge,
      category: category, inPerDiemDepartment: inDepartment)
  }

  /// The admission and discharge days, or ``AuditCases/noDate`` for both when either is
  /// missing, unreadable or the discharge comes first (each counted once, the first of each
  /// kind remembered).
  private mutating func readDates(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) -> (Int32, Int32)
  {
    let none = (AuditCases.noDate, AuditCases.noDate)
    guard columns.admitDate >= 0, columns.dischargeDate >= 0,
      let admission = readDay(columns.admitDate, name: "admit_date", bytes, line: line),
      let discharge = readDay(columns.dischargeDate, name: "discharge_date", bytes, line: line)
    else { return none }
    guard discharge >= admission else {
      part.counts.dischargeBeforeAdmission += 1
      if part.counts.firstDischargeBeforeAdmission == nil {
        part.counts.firstDischargeBeforeAdmission = line
      }
      return none
    }
    return (admission, discharge)
  }

  /// The day in `column`, or `nil` (counted as missing or unreadable) when there is none.
  @inline(__always)
  private mutating func readDay(
    _ column: Int, name: String, _ bytes: UnsafeBufferPointer<UInt8>, line: Int
  ) -> Int32? {
    if let day = csv.withField(column, in: bytes, { AuditDate.dayNumber($0) }) { return day }
    if csv.withField(column, in: bytes, { $0.trimmingBlanks().isEmpty }) {
      part.counts.missingDate += 1
    } else {
      part.counts.unreadableDate += 1
      if part.counts.firstUnreadableDate == nil {
        part.counts.firstUnreadableDate = (line, name, csv.string(column, in: bytes))
      }
    }
    return nil
  }

  /// Records a DRG code new to this slot, with its ADRG and MDC from the current record.
  private mutating func registerDRG(_ code: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) {
    func text(_ column: Int) -> String {
      column >= 0 ? csv.string(column, in: bytes).trimmingBlanks : ""
    }
    let drg = drgCodes.string(code)
    var adrg = text(columns.adrg)
    if columns.adrg < 0 { adrg = String(drg.dropLast()) }
    part.newDRGs.append(
      (code: drg, adrg: adrg, mdc: text(columns.mdc), name: text(columns.drgName)))
  }
}

/// One chunk's cases with slot-local ids, the names first seen in it and its counts.
struct AuditChunkCases {
  var cases = AuditCases()
  var newHospitals: [String] = []
  var newDRGs: [(code: String, adrg: String, mdc: String, name: String)] = []
  var counts = AuditCounts()

  mutating func removeAll() {
    cases.removeAllCases()
    newHospitals.removeAll()
    newDRGs.removeAll()
    counts = AuditCounts()
  }
}
