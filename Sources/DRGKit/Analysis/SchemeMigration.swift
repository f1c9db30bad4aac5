import Dispatch
import Foundation

/// `drg diff`: the same cases grouped under two schemes.
///
/// Each case's outcome under a scheme is a key: a DRG index (≥ 0), an ADRG reached
/// without a DRG (−100 − ADRG index), or a status (−1 ungroupable, −2 ambiguous,
/// −3 invalid). The migration matrix counts cases by (from key, to key).
public struct SchemeMigration: Sendable {
  public let from: Scheme
  public let to: Scheme
  /// Relative weights by DRG code for each scheme, for total weight and CMI per hospital.
  public var weightsFrom: WeightsTable?
  public var weightsTo: WeightsTable?
  public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
  public var blockSize: Int = 4 << 20
  /// The column map and the columns to leave alone (`--columns`, `--ignore-column`).
  public var columnOptions = ColumnOptions()

  public init(from: Scheme, to: Scheme) {
    self.from = from
    self.to = to
  }

  /// Groups every case of `input` under both schemes.
  /// - Throws: ``FileError`` when it cannot be read; ``RecordError`` when the header is
  ///   missing or lacks a required column.
  public func run(input: String) throws -> MigrationResult {
    let start = ContinuousClock.now
    let reader = try CSVChunkReader(path: input, blockSize: blockSize)
    let displayName = input == "-" ? "<stdin>" : input
    try reader.checkHeader()
    let columns = try CaseColumns(header: reader.header, file: displayName, options: columnOptions)
    try reader.checkHasRows(name: displayName)
    let weightsFrom = from.drgs.map { self.weightsFrom?.weights[$0.entry.code] ?? .nan }
    let weightsTo = to.drgs.map { self.weightsTo?.weights[$0.entry.code] ?? .nan }
    let from = from
    let to = to
    let slots = max(1, threads)
    let workers = WorkerSlots(
      count: slots,
      make: {
        MigrationChunkGrouper(
          from: from, to: to, columns: columns, weightsFrom: weightsFrom, weightsTo: weightsTo)
      })
    var result = MigrationResult(from: from, to: to)
    result.columns = columns.resolution
    var hospitalRemaps = [[Int]](repeating: [], count: slots)
    func merge(_ part: MigrationChunkPart, slot: Int) {
      for name in part.newHospitals {
        hospitalRemaps[slot].append(result.hospitalIndex(name))
      }
      for (pair, count) in part.pairs { result.pairs[pair, default: 0] += count }
      for (local, totals) in part.hospitals.enumerated() where totals.cases > 0 {
        result.hospitals[hospitalRemaps[slot][local]].add(totals)
      }
      result.changedCases += part.changedCases
      result.unreadableRows += part.unreadableRows
      result.valuesFrom.add(part.valuesFrom)
      result.valuesTo.add(part.valuesTo)
    }
    try ChunkPipeline.run(
      reader: reader, workers: workers, emptyPart: MigrationChunkPart(),
      consume: { part, slot in merge(part, slot: slot) })
    result.hasWeights = self.weightsFrom != nil && self.weightsTo != nil
    let elapsed = ContinuousClock.now - start
    result.seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return result
  }

  /// The key of a grouping result.
  @inline(__always)
  static func key(_ result: GroupingResult) -> Int32 {
    switch result.status {
    case .grouped: result.drg >= 0 ? result.drg : -100 - result.adrg
    case .ungroupable: -1
    case .ambiguous: -2
    case .invalid: -3
    }
  }
}

/// Per-hospital totals under both schemes.
public struct MigrationTotals: Sendable, Equatable {
  public var cases = 0
  public var weightedFrom = 0
  public var weightFrom = 0.0
  public var weightedTo = 0
  public var weightTo = 0.0
  public var cmiFrom: Double? { weightedFrom > 0 ? weightFrom / Double(weightedFrom) : nil }
  public var cmiTo: Double? { weightedTo > 0 ? weightTo / Double(weightedTo) : nil }

  public init() {}

  public mutating func add(_ other: MigrationTotals) {
    cases += other.cases
    weightedFrom += other.weightedFrom
    weightFrom += other.weightFrom
    weightedTo += other.weightedTo
    weightTo += other.weightTo
  }
}

/// A case whose MDC changed or that became ungroupable.
public struct ChangedCase: Sendable, Equatable {
  public var caseID: String
  public var hospital: String
  public var from: Int32
  public var to: Int32
}

/// Groups one chunk under both schemes.
struct MigrationChunkGrouper: ChunkWorker {
  let from: Scheme
  let to: Scheme
  let columns: CaseColumns
  let weightsFrom: [Double]
  let weightsTo: [Double]
  private var csv = CSVRecordParser()
  private var casesFrom: CaseRecordParser
  private var casesTo: CaseRecordParser
  private var hospitals = ByteInterner(expectedCount: 1024)
  /// MDC code index per key's MDC, for both schemes (by scheme MDC index).
  private let mdcCodesFrom: [String]
  private let mdcCodesTo: [String]
  var part = MigrationChunkPart()

  init(
    from: Scheme, to: Scheme, columns: CaseColumns, weightsFrom: [Double], weightsTo: [Double]
  ) {
    self.from = from
    self.to = to
    self.columns = columns
    self.weightsFrom = weightsFrom
    self.weightsTo = weightsTo
    casesFrom = CaseRecordParser(columns: columns, scheme: from)
    casesTo = CaseRecordParser(columns: columns, scheme: to)
    mdcCodesFrom = from.mdcs.map(\.entry.code)
    mdcCodesTo = to.mdcs.map(\.entry.code)
  }

  mutating func process(_ chunk: CSVChunk) {
    part.removeAll()
    let bytes = chunk.view
    var records = chunk.records()
    while records.next(&csv) {
      guard csv.problem == nil, csv.fields.count == columns.count else {
        part.unreadableRows += 1
        continue
      }
      let a = Self.group(&casesFrom, from.tables, csv, bytes)
      let b = Self.group(&casesTo, to.tables, csv, bytes)
      if casesFrom.hasNotes { part.valuesFrom.add(casesFrom.notes) }
      if casesTo.hasNotes { part.valuesTo.add(casesTo.notes) }
      let keyA = SchemeMigration.key(a)
      let keyB = SchemeMigration.key(b)
      part.pairs[
        UInt64(UInt32(bitPattern: keyA)) << 32 | UInt64(UInt32(bitPattern: keyB)), default: 0] += 1
      let hospital = hospitalOfRecord(bytes)
      part.hospitals[hospital].cases += 1
      if keyA >= 0, case let weight = weightsFrom[Int(keyA)], !weight.isNaN {
        part.hospitals[hospital].weightedFrom += 1
        part.hospitals[hospital].weightFrom += weight
      }
      if keyB >= 0, case let weight = weightsTo[Int(keyB)], !weight.isNaN {
        part.hospitals[hospital].weightedTo += 1
        part.hospitals[hospital].weightTo += weight
      }
      let mdcChanged =
        a.mdc >= 0 && b.mdc >= 0 && a.status != .ambiguous && b.status != .ambiguous
        && mdcCodesFrom[Int(a.mdc)] != mdcCodesTo[Int(b.mdc)]
      let becameUngroupable = a.status != .ungroupable && b.status == .ungroupable
      if mdcChanged || becameUngroupable {
        let id = columns.caseID >= 0 ? csv.string(columns.caseID, in: bytes).trimmingBlanks : ""
        part.changedCases.append(
          ChangedCase(
            caseID: id, hospital: hospitals.string(UInt32(hospital)), from: keyA, to: keyB))
      }
    }
  }

  /// The slot-local index of the record's hospital ("" without a hospital_id column).
  private mutating func hospitalOfRecord(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let known = hospitals.count
    let index: UInt32
    if columns.hospitalID >= 0 {
      index = csv.withField(columns.hospitalID, in: bytes) { hospitals.intern($0.trimmingBlanks()) }
    } else {
      index = hospitals.intern("")
    }
    if hospitals.count > known { part.newHospitals.append(hospitals.string(index)) }
    // The part may have come back from an earlier chunk with fewer hospitals.
    while part.hospitals.count <= Int(index) { part.hospitals.append(MigrationTotals()) }
    return Int(index)
  }

  @inline(__always)
  private static func group(
    _ cases: inout CaseRecordParser, _ tables: GroupingTables, _ csv: borrowing CSVRecordParser,
    _ bytes: UnsafeBufferPointer<UInt8>
  ) -> GroupingResult {
    cases.parse(csv, in: bytes)
    return cases.grouped(by: tables)
  }
}

/// One chunk's counts. Hospital totals are indexed by the slot's hospital ids, which are
/// kept from chunk to chunk (``newHospitals`` lists those first seen in this chunk).
struct MigrationChunkPart {
  var pairs: [UInt64: Int] = [:]
  var hospitals: [MigrationTotals] = []
  var newHospitals: [String] = []
  var changedCases: [ChangedCase] = []
  var unreadableRows = 0
  /// Values read as exports write them, read for each scheme (codes may differ).
  var valuesFrom = NormalisationCounts()
  var valuesTo = NormalisationCounts()

  mutating func removeAll() {
    pairs.removeAll(keepingCapacity: true)
    for index in hospitals.indices { hospitals[index] = MigrationTotals() }
    newHospitals.removeAll()
    changedCases.removeAll()
    unreadableRows = 0
    valuesFrom = NormalisationCounts()
    valuesTo = NormalisationCounts()
  }
}
