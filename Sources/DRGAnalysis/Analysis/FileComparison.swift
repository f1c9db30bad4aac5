import DRGKit
import DRGPayment
import Dispatch
import Foundation

/// What `drg compare` compares: hospitals or departments.
public enum ComparisonUnit: String, Sendable, CaseIterable {
  case hospital
  case dept

  /// The column of a grouped file that names the unit.
  public var column: String { field.rawValue }
  /// The field that names the unit.
  public var field: ColumnField { self == .hospital ? .hospitalID : .dept }
}

/// Reads one chunk of a grouped file into compact arrays with slot-local unit and DRG ids.
struct ComparisonChunkReader: ChunkWorker {
  let columns: GroupedColumns
  /// The column that names the unit compared.
  let unit: Int
  /// The department column read for the hospital × department view, or −1.
  let department: Int
  private var csv = CSVRecordParser()
  private var unitCodes = ByteInterner(expectedCount: 1024)
  private var drgCodes = ByteInterner(expectedCount: 2048)
  /// Costs, days and 离院方式 read as exports write them, over every chunk of this worker.
  let tally = NormalisationTally()
  private var departmentCodes = ByteInterner(expectedCount: 1024)
  var part = ComparisonChunkCases()

  init(columns: GroupedColumns, unit: Int, department: Int = -1) {
    self.columns = columns
    self.unit = unit
    self.department = department
  }

  mutating func process(_ chunk: CSVChunk) {
    part.removeAll()
    let bytes = chunk.view
    var records = chunk.records()
    while records.next(&csv) {
      if csv.problem != nil || csv.fields.count != columns.count {
        part.unreadableRows += 1
      } else {
        readCase(bytes)
      }
    }
  }

  @inline(__always)
  private mutating func readCase(_ bytes: UnsafeBufferPointer<UInt8>) {
    let knownUnits = unitCodes.count
    let unit = csv.withField(self.unit, in: bytes) { raw -> UInt32? in
      let field = raw.trimmingBlanks()
      return field.isEmpty ? nil : unitCodes.intern(field)
    }
    guard let unit else {
      part.rowsWithoutUnit += 1
      return
    }
    if unitCodes.count > knownUnits { part.newUnits.append(unitCodes.string(unit)) }
    let knownDRGs = drgCodes.count
    var drg = csv.withField(columns.drg, in: bytes) { raw -> Int32 in
      let field = raw.trimmingBlanks()
      return field.isEmpty ? -1 : Int32(drgCodes.intern(field))
    }
    if drgCodes.count > knownDRGs {
      part.newDRGs.append(drgCodes.string(UInt32(drg)))
      if columns.drgName >= 0 {
        part.newDRGNames.append(csv.string(columns.drgName, in: bytes).trimmingBlanks)
      }
    }
    var status = GroupingStatus.grouped.rawValue
    if columns.status >= 0 {
      status =
        csv.withField(columns.status, in: bytes) {
          GroupingStatus(field: $0.trimmingBlanks())
        }?.rawValue ?? GroupingStatus.invalid.rawValue
    } else if drg < 0 {
      status = GroupingStatus.ungroupable.rawValue
    }
    if status != GroupingStatus.grouped.rawValue { drg = -1 }
    var cost = Double.nan
    if columns.cost >= 0,
      let value = csv.withField(columns.cost, in: bytes, { ExportValue.cost($0, tally: tally) }),
      value > 0
    {
      cost = value
    }
    var stay = Float.nan
    if columns.lengthOfStay >= 0,
      let value = csv.withField(
        columns.lengthOfStay, in: bytes, { ExportValue.days($0, tally: tally) }),
      value >= 0
    {
      stay = Float(value)
    }
    var died = false
    if columns.leaving >= 0 {
      died =
        csv.withField(columns.leaving, in: bytes) { ExportValue.leavingCode($0, tally: tally) } == 5
    }
    part.cases.append(
      unit: unit, drg: drg, status: status, cost: cost, lengthOfStay: stay, died: died)
    if department >= 0 {
      let known = departmentCodes.count
      let index = csv.withField(department, in: bytes) {
        departmentCodes.intern($0.trimmingBlanks())
      }
      if departmentCodes.count > known { part.newDepartments.append(departmentCodes.string(index)) }
      part.cases.departments.append(index)
    }
  }
}

/// One chunk's cases with slot-local ids, and the names first seen in it.
struct ComparisonChunkCases {
  var cases = ComparisonCases()
  var newUnits: [String] = []
  var newDRGs: [String] = []
  /// The `drg_name` of each of ``newDRGs`` (empty when the file has no such column).
  var newDRGNames: [String] = []
  var newDepartments: [String] = []
  var unreadableRows = 0
  var rowsWithoutUnit = 0

  mutating func removeAll() {
    cases.units.removeAll(keepingCapacity: true)
    cases.drgs.removeAll(keepingCapacity: true)
    cases.statuses.removeAll(keepingCapacity: true)
    cases.costs.removeAll(keepingCapacity: true)
    cases.lengthsOfStay.removeAll(keepingCapacity: true)
    cases.deaths.removeAll(keepingCapacity: true)
    cases.departments.removeAll(keepingCapacity: true)
    newDepartments.removeAll()
    newUnits.removeAll()
    newDRGs.removeAll()
    newDRGNames.removeAll()
    unreadableRows = 0
    rowsWithoutUnit = 0
  }
}

/// Reads a grouped file (the output of `drg group`) into ``ComparisonCases``, parsing
/// chunks in parallel as ``FileWeighting`` does.
///
/// ```swift
/// let cases = try FileComparison(unit: .hospital).read(input: "grouped.csv")
/// let comparison = HospitalComparison(cases: cases, weights: try WeightsTable(path: "w.csv"))
/// ```
public struct FileComparison: Sendable {
  /// What is compared: hospitals (`hospital_id`) or departments (`dept`).
  public var unit: ComparisonUnit
  /// Threads grouping blocks of the file at once (default: the active processors).
  public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
  /// Bytes of the file read per block (default 4 MiB); memory grows with threads × this.
  public var blockSize: Int = 4 << 20
  /// The column map and the columns to leave alone (`--columns`, `--ignore-column`).
  public var columnOptions = ColumnOptions()
  /// Also read each case's department (`dept`, required then) for the hospital ×
  /// department view.
  public var readsDepartments = false

  /// A reader of the `unit` column, the other settings at their defaults.
  public init(unit: ComparisonUnit = .hospital) { self.unit = unit }

  /// - Throws: ``FileError`` when the file cannot be read; ``RecordError`` when the header
  ///   is missing or lacks the unit or `drg` column.
  public func read(input: String) throws -> ComparisonCases {
    let reader = try CSVChunkReader(path: input, blockSize: blockSize)
    let displayName = input == "-" ? "<stdin>" : input
    try reader.checkHeader()
    let columns = try GroupedColumns(
      header: reader.header, file: displayName, options: columnOptions, command: "drg compare",
      required: [unit.field, .drg] + (readsDepartments ? [.dept] : []),
      requirements: [
        ColumnRequirement(
          rule: "the cost index (CEI) of drg compare", fields: [.totalCost],
          remedy: "compare the output of drg group of a file with costs")
      ])
    try reader.checkHasRows(name: displayName)
    let unitColumn = unit == .hospital ? columns.hospital : columns.department
    let slots = max(1, threads)
    let departmentColumn = readsDepartments ? columns.department : -1
    let workers = WorkerSlots(
      count: slots,
      make: {
        ComparisonChunkReader(columns: columns, unit: unitColumn, department: departmentColumn)
      })
    var unitRemaps = [[UInt32]](repeating: [], count: slots)
    var departmentRemaps = [[UInt32]](repeating: [], count: slots)
    var drgRemaps = [[Int32]](repeating: [], count: slots)
    var cases = ComparisonCases()
    cases.columns = columns.resolution
    if let size = reader.inputSize { cases.reserve(size / 100) }
    func merge(_ part: ComparisonChunkCases, slot: Int) {
      for name in part.newUnits { unitRemaps[slot].append(cases.unit(name)) }
      for code in part.newDRGs { drgRemaps[slot].append(cases.drg(code)) }
      for (code, name) in zip(part.newDRGs, part.newDRGNames)
      where !name.isEmpty && cases.drgNames[code] == nil {
        cases.drgNames[code] = name
      }
      for name in part.newDepartments { departmentRemaps[slot].append(cases.department(name)) }
      let departments = departmentRemaps[slot]
      for local in part.cases.departments { cases.departments.append(departments[Int(local)]) }
      cases.unreadableRows += part.unreadableRows
      cases.rowsWithoutUnit += part.rowsWithoutUnit
      let units = unitRemaps[slot]
      let drgs = drgRemaps[slot]
      let local = part.cases
      for index in 0..<local.count {
        let drg = local.drgs[index]
        cases.append(
          unit: units[Int(local.units[index])], drg: drg < 0 ? -1 : drgs[Int(drg)],
          status: local.statuses[index], cost: local.costs[index],
          lengthOfStay: local.lengthsOfStay[index], died: local.deaths[index])
      }
    }
    try ChunkPipeline.run(
      reader: reader, workers: workers, emptyPart: ComparisonChunkCases(),
      consume: { part, slot in merge(part, slot: slot) })
    for slot in 0..<workers.count {
      workers.withSlot(slot) { worker in cases.values.add(worker.tally.counts) }
    }
    return cases
  }

}
