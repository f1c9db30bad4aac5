import DRGKit

/// Reads the cases of one chunk of a grouped file into compact arrays. One per worker slot;
/// it keeps its parser and its table of DRG codes from chunk to chunk, so reading creates
/// no string per row (only one per DRG code the slot has not seen before).
struct WeightsChunkReader: ChunkWorker {
  let columns: GroupedColumns
  let years: YearWeights?
  private var csv = CSVRecordParser()
  private var codes = ByteInterner(expectedCount: 2048)
  /// Values read as exports write them (``ExportValue``), counted.
  private let tally = NormalisationTally()
  /// The chunk's cases and counts.
  var part = WeightsChunkCases()

  init(columns: GroupedColumns, years: YearWeights?) {
    self.columns = columns
    self.years = years
  }

  /// Reads every record of `chunk`, replacing ``part``.
  mutating func process(_ chunk: CSVChunk) {
    part.removeAll()
    let bytes = chunk.view
    var records = chunk.records()
    while records.next(&csv) {
      let line = records.line
      part.rowsRead += 1
      if let problem = csv.problem(expectingFields: columns.count, line: line) {
        part.unreadable(problem)
      } else {
        readCase(bytes)
      }
    }
    part.values = tally.take()
  }

  /// Classifies the current record and appends it when it is used.
  @inline(__always)
  private mutating func readCase(_ bytes: UnsafeBufferPointer<UInt8>) {
    let row = GroupedRow.read(
      csv, in: bytes, statusColumn: columns.status, drgColumn: columns.drg, drgCodes: &codes)
    guard let (code, isNew) = part.excluded.grouped(row) else { return }
    if isNew { register(code, bytes) }
    let cost = csv.withField(columns.cost, in: bytes) { ExportValue.cost($0, tally: tally) }
    guard part.excluded.accept(cost: cost), let cost else { return }
    var yearIndex: UInt8 = 0
    if let years {
      guard let year = readYear(bytes) else {
        part.excluded.missingYear += 1
        return
      }
      guard let position = years.index(of: year) else {
        part.excluded.yearNotWeighted += 1
        return
      }
      yearIndex = UInt8(position)
      part.years.append(yearIndex)
    }
    var stay = Float.nan
    if let value = csv.withField(
      columns.lengthOfStay, in: bytes, { ExportValue.days($0, tally: tally) }),
      value >= 0
    {
      stay = Float(value)
    } else {
      part.withoutLOS += 1
    }
    part.groups.append(code)
    part.costs.append(cost)
    part.lengthsOfStay.append(stay)
  }

  /// Records a DRG code new to this slot, with its name and ADRG from the current record.
  private mutating func register(_ code: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) {
    func text(_ column: Int) -> String {
      column >= 0 ? csv.string(column, in: bytes).trimmingBlanks : ""
    }
    part.newGroups.append(
      (code: codes.string(code), name: text(columns.drgName), adrg: text(columns.adrg)))
  }

  /// The year of the current record: the `year` column, else the first four digits of
  /// `discharge_date`.
  private func readYear(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    if columns.year >= 0 {
      return csv.withField(columns.year, in: bytes) { raw -> Int? in
        guard let value = NumberParsing.decimal(raw), value == value.rounded(),
          abs(value) < 1e6
        else { return nil }
        return Int(value)
      }
    }
    return csv.withField(columns.dischargeDate, in: bytes) { raw -> Int? in
      let field = raw.trimmingBlanks()
      guard field.count >= 4 else { return nil }
      var year = 0
      for index in 0..<4 {
        guard ASCII.isDigit(field[index]) else { return nil }
        year = year * 10 + Int(field[index] &- ASCII.zero)
      }
      guard field.count == 4 || !ASCII.isDigit(field[4]) else { return nil }
      return year
    }
  }
}

/// The cases of one chunk as parallel arrays, with the codes first seen in it and its
/// counts. Reused from chunk to chunk.
struct WeightsChunkCases {
  /// Slot-local DRG ids.
  var groups: [UInt32] = []
  var costs: [Double] = []
  var lengthsOfStay: [Float] = []
  /// Year indexes, when blending.
  var years: [UInt8] = []
  /// DRG codes new to the slot, in id order.
  var newGroups: [(code: String, name: String, adrg: String)] = []
  var rowsRead = 0
  var excluded = ExcludedCases()
  var withoutLOS = 0
  /// Values read as exports write them.
  var values = NormalisationCounts()
  /// The first unreadable row.
  var firstProblem: CSVRowProblem?

  mutating func removeAll() {
    groups.removeAll(keepingCapacity: true)
    costs.removeAll(keepingCapacity: true)
    lengthsOfStay.removeAll(keepingCapacity: true)
    years.removeAll(keepingCapacity: true)
    newGroups.removeAll()
    rowsRead = 0
    excluded = ExcludedCases()
    withoutLOS = 0
    values = NormalisationCounts()
    firstProblem = nil
  }

  mutating func unreadable(_ problem: CSVRowProblem) {
    excluded.unreadableRows += 1
    if firstProblem == nil { firstProblem = problem }
  }
}
