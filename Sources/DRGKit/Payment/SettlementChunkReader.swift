/// Reads the cases of one chunk of a grouped file for settlement. One per worker slot of
/// ``ChunkPipeline``; a row that cannot be read becomes an `invalid` case that names its
/// line, so no row disappears.
struct SettlementChunkReader: ChunkWorker {
  let columns: GroupedColumns
  private var csv = CSVRecordParser()
  /// The chunk's cases.
  var part: [SettlementCase] = []
  /// The first `drg_name` seen for each DRG, over every chunk this worker read.
  var drgNames: [String: String] = [:]
  /// The DRG of the previous row, whose name is known: most rows repeat nothing new.
  private var lastNamedDRG = ""
  /// Costs and days read as exports write them, over every chunk this worker read.
  let tally = NormalisationTally()

  init(columns: GroupedColumns) { self.columns = columns }

  mutating func process(_ chunk: CSVChunk) {
    part.removeAll(keepingCapacity: true)
    // A grouped row is well over 100 bytes: reserve so the chunk's array is not regrown.
    part.reserveCapacity(chunk.view.count / 100 + 16)
    let bytes = chunk.view
    var records = chunk.records()
    while records.next(&csv) {
      if let problem = csv.problem {
        part.append(Self.unreadable("\(problem)"))
      } else if csv.fields.count != columns.count {
        part.append(
          Self.unreadable(
            "line \(records.line): \(csv.fields.count) fields where the header has \(columns.count)"
          ))
      } else {
        part.append(readCase(bytes, line: records.line))
      }
    }
  }

  static func unreadable(_ message: String) -> SettlementCase {
    var item = SettlementCase()
    item.status = "invalid"
    item.problem = "unreadable row: " + message
    return item
  }

  @inline(__always)
  private func text(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
    index >= 0 ? csv.withField(index, in: bytes) { $0.trimmingBlanks().string() } : ""
  }

  /// The first code of a `|`-separated list field.
  @inline(__always)
  private func firstCode(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard index >= 0 else { return "" }
    return csv.withField(index, in: bytes) { raw in
      var end = 0
      while end < raw.count && raw[end] != ASCII.pipe { end += 1 }
      return UnsafeBufferPointer(rebasing: raw[0..<end]).trimmingBlanks().string()
    }
  }

  private mutating func readCase(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) -> SettlementCase {
    var item = SettlementCase()
    item.caseID = text(columns.caseID, bytes)
    item.hospital = text(columns.hospital, bytes)
    item.drg = text(columns.drg, bytes)
    if columns.drgName >= 0 && !item.drg.isEmpty && item.drg != lastNamedDRG {
      if drgNames[item.drg] == nil {
        let name = text(columns.drgName, bytes)
        if !name.isEmpty { drgNames[item.drg] = name }
      }
      lastNamedDRG = item.drg
    }
    item.adrg = text(columns.adrg, bytes)
    if columns.status >= 0 { item.status = text(columns.status, bytes) }
    item.leaving = text(columns.leaving, bytes)
    item.insurance = text(columns.insurance, bytes)
    item.patientID = text(columns.patient, bytes)
    item.principalDiagnosis = firstCode(columns.diagnoses, bytes)
    item.mainProcedure = firstCode(columns.procedures, bytes)
    let cost = csv.withField(columns.cost, in: bytes) { ExportValue.cost($0, tally: tally) }
    guard let cost, cost >= 0, cost <= SettlementCase.largestCost else {
      item.status = "invalid"
      let raw = text(columns.cost, bytes)
      let shown = raw.count > 40 ? String(raw.prefix(40)) + "…" : raw
      item.problem =
        raw.isEmpty
        ? "line \(line): total_cost is empty; give the cost in yuan"
        : cost.map { $0 > SettlementCase.largestCost } == true
          ? "line \(line): total_cost '\(shown)' is beyond 10^10 yuan"
          : "line \(line): total_cost '\(shown)' is not a number ≥ 0 (yuan, digits and one point)"
      return item
    }
    if item.status == "invalid" { item.problem = "line \(line): status invalid" }
    item.cost = cost
    if columns.selfPay >= 0 {
      let raw = csv.withField(columns.selfPay, in: bytes) { $0.trimmingBlanks().count }
      if raw > 0 {
        let value = csv.withField(columns.selfPay, in: bytes) { NumberParsing.decimal($0) }
        if let value, value >= 0, value <= SettlementCase.largestCost {
          item.selfPayFen = Int64((value * 100).rounded())
        } else {
          item.selfPayFen = SettlementCase.unreadableSelfPay
        }
      }
    }
    if columns.lengthOfStay >= 0,
      let los = csv.withField(
        columns.lengthOfStay, in: bytes, { ExportValue.days($0, tally: tally) }),
      los >= 0, los < 1e6
    {
      item.los = Int(los)
    }
    if columns.admitDate >= 0 {
      item.admitDay = csv.withField(columns.admitDate, in: bytes) { SettlementCase.day($0) }
    }
    if columns.dischargeDate >= 0 {
      item.dischargeDay = csv.withField(columns.dischargeDate, in: bytes) {
        SettlementCase.day($0)
      }
    }
    return item
  }
}
