import DRGKit

/// Reads the cases of one chunk of a grouped file for settlement. One per worker slot of
/// ``ChunkPipeline``; a row that cannot be read becomes an `invalid` case that names its
/// line, so no row disappears.
struct SettlementChunkReader: ChunkWorker {
  let columns: GroupedColumns
  private var csv = CSVRecordParser()
  /// The chunk's cases, with text ids of the chunk's own (``SettlementChunkCases/texts``).
  var part = SettlementChunkCases()
  /// The chunk's texts: id 0 is the empty text.
  private var texts = ByteInterner()
  /// The first `drg_name` seen for each DRG, over every chunk this worker read.
  var drgNames: [String: String] = [:]
  /// The DRG id of the previous row in this chunk, whose name is known: most rows repeat
  /// nothing new.
  private var lastNamedDRG = UInt32.max
  /// Whether the DRG of each of the chunk's text ids already has its name in ``drgNames``,
  /// so that a row of a DRG met before in the chunk builds no String and hashes nothing.
  private var named: [Bool] = []
  /// Costs and days read as exports write them, over every chunk this worker read.
  let tally = NormalisationTally()
  private static let grouped = Array("grouped".utf8)
  private static let invalid = Array("invalid".utf8)

  /// Whether ``SettlementCase/mainProcedure`` keeps the whole `procedures` field (a policy
  /// matching any procedure) rather than its first code.
  let allProcedures: Bool

  init(columns: GroupedColumns, allProcedures: Bool = false) {
    self.columns = columns
    self.allProcedures = allProcedures
  }

  mutating func process(_ chunk: CSVChunk) {
    part.removeAll()
    texts = ByteInterner(expectedCount: 4096)
    _ = Self.intern(&texts, [])
    lastNamedDRG = .max
    named.removeAll(keepingCapacity: true)
    let bytes = chunk.view
    var records = chunk.records()
    while records.next(&csv) {
      if let problem = csv.problem {
        appendUnreadable("\(problem)")
      } else if csv.fields.count != columns.count {
        appendUnreadable(
          "line \(records.line): \(csv.fields.count) fields where the header has \(columns.count)")
      } else {
        let fields = csv.fields
        let scratch = csv.scratch
        let line = records.line
        scratch.withUnsafeBufferPointer { scratch in
          readCase(RecordFields(fields: fields, input: bytes, scratch: scratch), line: line)
        }
      }
    }
    part.texts = (0..<texts.count).map { texts.string(UInt32($0)) }
  }

  private static func intern(_ texts: inout ByteInterner, _ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { texts.intern($0) }
  }

  /// A row that cannot be read: an `invalid` case naming its line, so no row disappears.
  private mutating func appendUnreadable(_ message: String) {
    let position = part.count
    appendTexts(
      hospital: 0, drg: 0, adrg: 0, status: Self.intern(&texts, Self.invalid), leaving: 0,
      insurance: 0, diagnosis: 0, procedure: 0)
    appendNumbers(cost: 0, selfPayFen: 0, los: nil, admit: nil, discharge: nil)
    part.caseIDEnd.append(part.idBytes.count)
    part.patientEnd.append(part.idBytes.count)
    part.problems[position] = "unreadable row: " + message
  }

  private mutating func appendTexts(
    hospital: UInt32, drg: UInt32, adrg: UInt32, status: UInt32, leaving: UInt32,
    insurance: UInt32, diagnosis: UInt32, procedure: UInt32
  ) {
    part.hospitalID.append(hospital)
    part.drgID.append(drg)
    part.adrgID.append(adrg)
    part.statusID.append(status)
    part.leavingID.append(leaving)
    part.insuranceID.append(insurance)
    part.diagnosisID.append(diagnosis)
    part.procedureID.append(procedure)
  }

  private mutating func appendNumbers(
    cost: Double, selfPayFen: Int64, los: Int?, admit: Int?, discharge: Int?
  ) {
    part.cost.append(cost)
    part.selfPayFen.append(selfPayFen)
    part.los.append(SettlementChunkCases.stored(los))
    part.admit.append(SettlementChunkCases.stored(admit))
    part.discharge.append(SettlementChunkCases.stored(discharge))
  }

  @inline(__always)
  private func text(_ index: Int, _ row: RecordFields) -> String {
    index >= 0 ? row[index].trimmingBlanks().string() : ""
  }

  /// The id of a field's text, trimmed of blanks (0, the empty text, for a missing column).
  @inline(__always)
  private mutating func textID(_ index: Int, _ row: RecordFields) -> UInt32 {
    guard index >= 0 else { return 0 }
    return texts.intern(row[index].trimmingBlanks())
  }

  /// The id of the first code of a `|`-separated list field.
  @inline(__always)
  private mutating func firstCodeID(_ index: Int, _ row: RecordFields) -> UInt32 {
    guard index >= 0 else { return 0 }
    let raw = row[index]
    var end = 0
    while end < raw.count && raw[end] != ASCII.pipe { end += 1 }
    return texts.intern(UnsafeBufferPointer(rebasing: raw[0..<end]).trimmingBlanks())
  }

  /// Appends a field's text, trimmed of blanks, to the id bytes.
  @inline(__always)
  private mutating func appendIDBytes(_ index: Int, _ row: RecordFields) {
    guard index >= 0 else { return }
    part.idBytes.append(contentsOf: row[index].trimmingBlanks())
  }

  private mutating func readCase(_ row: RecordFields, line: Int) {
    let position = part.count
    appendIDBytes(columns.caseID, row)
    part.caseIDEnd.append(part.idBytes.count)
    appendIDBytes(columns.patient, row)
    part.patientEnd.append(part.idBytes.count)
    let hospital = textID(columns.hospital, row)
    let drg = textID(columns.drg, row)
    if columns.drgName >= 0 && drg != 0 && drg != lastNamedDRG {
      if Int(drg) >= named.count || !named[Int(drg)] {
        let code = texts.string(drg)
        if drgNames[code] == nil {
          let name = text(columns.drgName, row)
          if !name.isEmpty { drgNames[code] = name }
        }
        if drgNames[code] != nil {
          if Int(drg) >= named.count {
            named.append(contentsOf: repeatElement(false, count: Int(drg) + 1 - named.count))
          }
          named[Int(drg)] = true
        }
      }
      lastNamedDRG = drg
    }
    let adrg = textID(columns.adrg, row)
    var status =
      columns.status >= 0 ? textID(columns.status, row) : Self.intern(&texts, Self.grouped)
    let leaving = textID(columns.leaving, row)
    let insurance = textID(columns.insurance, row)
    let diagnosis = firstCodeID(columns.diagnoses, row)
    let procedure =
      allProcedures
      ? textID(columns.procedures, row) : firstCodeID(columns.procedures, row)
    let invalid = Self.intern(&texts, Self.invalid)
    let cost = ExportValue.cost(row[columns.cost], tally: tally)
    guard let cost, cost >= 0, cost <= SettlementCase.largestCost else {
      status = invalid
      let raw = text(columns.cost, row)
      let shown = raw.count > 40 ? String(raw.prefix(40)) + "…" : raw
      part.problems[position] =
        raw.isEmpty
        ? "line \(line): total_cost is empty; give the cost in yuan"
        : cost.map { $0 > SettlementCase.largestCost } == true
          ? "line \(line): total_cost '\(shown)' is beyond 10^10 yuan"
          : "line \(line): total_cost '\(shown)' is not a number ≥ 0 (yuan, digits and one point)"
      appendTexts(
        hospital: hospital, drg: drg, adrg: adrg, status: status, leaving: leaving,
        insurance: insurance, diagnosis: diagnosis, procedure: procedure)
      appendNumbers(cost: 0, selfPayFen: 0, los: nil, admit: nil, discharge: nil)
      return
    }
    if status == invalid { part.problems[position] = "line \(line): status invalid" }
    appendTexts(
      hospital: hospital, drg: drg, adrg: adrg, status: status, leaving: leaving,
      insurance: insurance, diagnosis: diagnosis, procedure: procedure)
    var selfPayFen: Int64 = 0
    if columns.selfPay >= 0 {
      let raw = row[columns.selfPay]
      if raw.trimmingBlanks().count > 0 {
        let value = NumberParsing.decimal(raw)
        if let value, value >= 0, value <= SettlementCase.largestCost {
          selfPayFen = Int64((value * 100).rounded())
        } else {
          selfPayFen = SettlementCase.unreadableSelfPay
        }
      }
    }
    var los: Int?
    if columns.lengthOfStay >= 0,
      let days = ExportValue.days(row[columns.lengthOfStay], tally: tally),
      days >= 0, days < 1e6
    {
      los = Int(days)
    }
    var admit: Int?
    if columns.admitDate >= 0 {
      admit = SettlementCase.day(row[columns.admitDate])
    }
    var discharge: Int?
    if columns.dischargeDate >= 0 {
      discharge = SettlementCase.day(row[columns.dischargeDate])
    }
    appendNumbers(
      cost: cost, selfPayFen: selfPayFen, los: los, admit: admit, discharge: discharge)
  }
}

/// The fields of the record being read, borrowed from the parser once per row: reading a
/// field through `CSVRecordParser.withField` from a `mutating` reader copied the parser on
/// every call.
private struct RecordFields {
  let fields: ArraySlice<CSVField>
  /// The chunk's bytes.
  let input: UnsafeBufferPointer<UInt8>
  /// The parser's scratch buffer (fields unescaped from `""`).
  let scratch: UnsafeBufferPointer<UInt8>

  /// The bytes of field `index`.
  @inline(__always)
  subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
    let field = fields[fields.startIndex + index]
    return UnsafeBufferPointer(
      rebasing: (field.inScratch ? scratch : input)[field.start..<field.end])
  }
}
