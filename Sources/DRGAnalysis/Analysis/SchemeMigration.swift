import DRGKit
import DRGPayment
import Dispatch
import Foundation

/// `drg diff`: the same cases grouped under two schemes.
///
/// Each case's outcome under a scheme is a key: a DRG index (≥ 0), an ADRG reached
/// without a DRG (−100 − ADRG index), or a status (−1 ungroupable, −2 ambiguous,
/// −3 invalid). With ``qyAsDRG`` an ambiguous case keeps its ambiguous group (歧义组,
/// `…QY`) as key −1,000,000 − ADRG index, so that moves between QY groups show. The
/// migration matrix counts cases by (from key, to key). Every row needs its own `case_id`:
/// a missing column, empty ids or an id seen twice stop the run, naming the lines.
public struct SchemeMigration: Sendable {
  /// Scheme A.
  public let from: Scheme
  /// Scheme B.
  public let to: Scheme
  /// Relative weights by DRG code under scheme A, for total weight and CMI per hospital.
  public var weightsFrom: WeightsTable?
  /// Relative weights by DRG code under scheme B.
  public var weightsTo: WeightsTable?
  /// Threads grouping blocks of the file at once (default: the active processors).
  public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
  /// Bytes of the file read per block (default 4 MiB); memory grows with threads × this.
  public var blockSize: Int = 4 << 20
  /// The column map and the columns to leave alone (`--columns`, `--ignore-column`).
  public var columnOptions = ColumnOptions()
  /// Ambiguous cases keep their QY group as outcome instead of the one word `ambiguous`.
  public var qyAsDRG = false
  /// Points per DRG code of scheme A (`--policy`): base points before the hospital
  /// coefficient; summed per hospital in ``MigrationTotals``.
  public var pointsFrom: [String: Double]?
  /// Points per DRG code of scheme B, likewise.
  public var pointsTo: [String: Double]?
  /// The hash of a case id for ``CaseIDCheck`` (tests force collisions with it).
  var caseIDHash: @Sendable (String) -> UInt64 = CaseIDCheck.hash

  /// The first key of an ambiguous group kept as outcome (``qyAsDRG``): −1,000,000 − ADRG.
  static let qyKeyBase: Int32 = -1_000_000

  /// A migration from scheme `from` (A) to `to` (B), without weights or points.
  public init(from: Scheme, to: Scheme) {
    self.from = from
    self.to = to
  }

  /// Groups every case of `input` under both schemes.
  /// - Throws: ``FileError`` when it cannot be read; ``RecordError`` when the header is
  ///   missing or lacks a required column (`case_id` included), or when case ids are empty
  ///   or repeated (all such lines are counted, the first ones named).
  public func run(input: String) throws -> MigrationResult {
    let start = ContinuousClock.now
    let reader = try CSVChunkReader(path: input, blockSize: blockSize)
    let displayName = input == "-" ? "<stdin>" : input
    try reader.checkHeader()
    let columns = try CaseColumns(header: reader.header, file: displayName, options: columnOptions)
    guard columns.caseID >= 0 else {
      throw RecordError(
        file: displayName, line: 1,
        message:
          "header lacks case_id: drg diff needs one id per case to list the cases that change and to find duplicates; add a case_id column (or map one with --columns case_id=NAME)"
      )
    }
    let qyAsDRG = qyAsDRG
    try reader.checkHasRows(name: displayName)
    let weightsFrom = from.drgs.map { self.weightsFrom?.weights[$0.entry.code] ?? .nan }
    let weightsTo = to.drgs.map { self.weightsTo?.weights[$0.entry.code] ?? .nan }
    let pointsFrom = self.pointsFrom.map { table in
      self.from.drgs.map { table[$0.entry.code] ?? .nan }
    }
    let pointsTo = self.pointsTo.map { table in self.to.drgs.map { table[$0.entry.code] ?? .nan } }
    let from = from
    let to = to
    // Standard input or a pipe cannot be read again for the ids of equal hashes.
    let keepsCaseIDs = input == "-" || reader.inputSize == nil
    let caseIDHash = caseIDHash
    let slots = max(1, threads)
    let workers = WorkerSlots(
      count: slots,
      make: {
        MigrationChunkGrouper(
          from: from, to: to, columns: columns, weightsFrom: weightsFrom, weightsTo: weightsTo,
          pointsFrom: pointsFrom ?? [], pointsTo: pointsTo ?? [], qyAsDRG: qyAsDRG,
          keepsCaseIDs: keepsCaseIDs, caseIDHash: caseIDHash)
      })
    var result = MigrationResult(from: from, to: to)
    result.columns = columns.resolution
    result.qyAsDRG = qyAsDRG
    var hospitalRemaps = [[Int]](repeating: [], count: slots)
    var ids = CaseIDCheck()
    func merge(_ part: MigrationChunkPart, slot: Int) {
      if keepsCaseIDs {
        ids.add(part.caseIDs, lines: part.caseLines)
      } else {
        for line in part.emptyIDLines { ids.addEmpty(line: line) }
        ids.add(sortedHashes: part.caseIDHashes)
      }
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
      result.qyMoves += part.qyMoves
    }
    try ChunkPipeline.run(
      reader: reader, workers: workers, emptyPart: MigrationChunkPart(),
      consume: { part, slot in merge(part, slot: slot) })
    if !keepsCaseIDs { try readRepeatedIDs(into: &ids, input: input, columns: columns) }
    if let error = ids.error(file: displayName) { throw error }
    result.hasWeights = self.weightsFrom != nil && self.weightsTo != nil
    result.hasPoints = self.pointsFrom != nil && self.pointsTo != nil
    let elapsed = ContinuousClock.now - start
    result.seconds = elapsed.inSeconds
    return result
  }

  /// Reads the file again for the ids whose hash was seen more than once, if any, and
  /// checks them as text (``CaseIDCheck``).
  private func readRepeatedIDs(
    into ids: inout CaseIDCheck, input: String, columns: CaseColumns
  ) throws {
    let hashes = ids.repeatedHashes()
    guard !hashes.isEmpty else { return }
    let reader = try CSVChunkReader(path: input, blockSize: blockSize)
    let caseIDHash = caseIDHash
    let workers = WorkerSlots(
      count: max(1, threads),
      make: { CaseIDReader(columns: columns, hashes: hashes, hash: caseIDHash) })
    try ChunkPipeline.run(
      reader: reader, workers: workers, emptyPart: ([], []),
      consume: { part, _ in ids.addCandidates(part.ids, lines: part.lines) })
  }

  /// The key of a grouping result.
  @inline(__always)
  static func key(_ result: GroupingResult, qyAsDRG: Bool = false) -> Int32 {
    switch result.status {
    case .grouped: result.drg >= 0 ? result.drg : -100 - result.adrg
    case .ungroupable: -1
    case .ambiguous: qyAsDRG && result.adrg >= 0 ? qyKeyBase - result.adrg : -2
    case .invalid: -3
    }
  }
}

/// Per-hospital totals under both schemes.
public struct MigrationTotals: Sendable, Equatable {
  /// The hospital's cases.
  public var cases = 0
  /// Cases whose DRG under scheme A has a weight.
  public var weightedFrom = 0
  /// Σ RW under scheme A of those cases.
  public var weightFrom = 0.0
  /// Cases whose DRG under scheme B has a weight.
  public var weightedTo = 0
  /// Σ RW under scheme B of those cases.
  public var weightTo = 0.0
  /// With `--policy`: cases with base points and Σ base points under each scheme (before
  /// the hospital coefficient).
  public var pointedFrom = 0
  /// Σ base points under scheme A.
  public var pointsFrom = 0.0
  /// Cases with base points under scheme B.
  public var pointedTo = 0
  /// Σ base points under scheme B.
  public var pointsTo = 0.0
  /// CMI under scheme A: weight / weighted cases; `nil` without weighted cases.
  public var cmiFrom: Double? { weightedFrom > 0 ? weightFrom / Double(weightedFrom) : nil }
  /// CMI under scheme B, likewise.
  public var cmiTo: Double? { weightedTo > 0 ? weightTo / Double(weightedTo) : nil }

  /// All zero.
  public init() {}

  /// Adds `other`'s counts and sums (the totals of two blocks of cases).
  package mutating func add(_ other: MigrationTotals) {
    cases += other.cases
    weightedFrom += other.weightedFrom
    weightFrom += other.weightFrom
    weightedTo += other.weightedTo
    weightTo += other.weightTo
    pointedFrom += other.pointedFrom
    pointsFrom += other.pointsFrom
    pointedTo += other.pointedTo
    pointsTo += other.pointsTo
  }
}

/// A case whose MDC changed or that became ungroupable.
public struct ChangedCase: Sendable, Equatable {
  /// The case's `case_id`.
  public var caseID: String
  /// The case's `hospital_id` ("" without the column).
  public var hospital: String
  /// The case's outcome key under scheme A (see ``SchemeMigration``).
  public var from: Int32
  /// The case's outcome key under scheme B.
  public var to: Int32
}

/// Groups one chunk under both schemes.
struct MigrationChunkGrouper: ChunkWorker {
  let from: Scheme
  let to: Scheme
  let columns: CaseColumns
  let weightsFrom: [Double]
  let weightsTo: [Double]
  /// Base points per DRG index (`--policy`); empty without a policy.
  let pointsFrom: [Double]
  let pointsTo: [Double]
  let qyAsDRG: Bool
  /// Whether the case ids are kept as text (see ``CaseIDCheck``), else hashed.
  let keepsCaseIDs: Bool
  let caseIDHash: @Sendable (String) -> UInt64
  private var csv = CSVRecordParser()
  private var casesFrom: CaseRecordParser
  private var casesTo: CaseRecordParser
  private var hospitals = ByteInterner(expectedCount: 1024)
  /// MDC code index per key's MDC, for both schemes (by scheme MDC index).
  private let mdcCodesFrom: [String]
  private let mdcCodesTo: [String]
  var part = MigrationChunkPart()

  init(
    from: Scheme, to: Scheme, columns: CaseColumns, weightsFrom: [Double], weightsTo: [Double],
    pointsFrom: [Double], pointsTo: [Double], qyAsDRG: Bool, keepsCaseIDs: Bool,
    caseIDHash: @escaping @Sendable (String) -> UInt64
  ) {
    self.keepsCaseIDs = keepsCaseIDs
    self.caseIDHash = caseIDHash
    self.pointsFrom = pointsFrom
    self.pointsTo = pointsTo
    self.qyAsDRG = qyAsDRG
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
      let id = csv.string(columns.caseID, in: bytes).trimmingBlanks
      if keepsCaseIDs {
        part.caseIDs.append(id)
        part.caseLines.append(records.line)
      } else if id.isEmpty {
        part.emptyIDLines.append(records.line)
      } else {
        part.caseIDHashes.append(caseIDHash(id))
      }
      let a = Self.group(&casesFrom, from.tables, csv, bytes)
      let b = Self.group(&casesTo, to.tables, csv, bytes)
      if casesFrom.hasNotes { part.valuesFrom.add(casesFrom.notes) }
      if casesTo.hasNotes { part.valuesTo.add(casesTo.notes) }
      let keyA = SchemeMigration.key(a, qyAsDRG: qyAsDRG)
      let keyB = SchemeMigration.key(b, qyAsDRG: qyAsDRG)
      let bothAmbiguous = a.status == .ambiguous && b.status == .ambiguous
      if bothAmbiguous, a.adrg >= 0, b.adrg >= 0,
        from.adrgs[Int(a.adrg)].entry.code != to.adrgs[Int(b.adrg)].entry.code
      {
        part.qyMoves += 1
      }
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
      if !pointsFrom.isEmpty, keyA >= 0, case let points = pointsFrom[Int(keyA)], !points.isNaN {
        part.hospitals[hospital].pointedFrom += 1
        part.hospitals[hospital].pointsFrom += points
      }
      if !pointsTo.isEmpty, keyB >= 0, case let points = pointsTo[Int(keyB)], !points.isNaN {
        part.hospitals[hospital].pointedTo += 1
        part.hospitals[hospital].pointsTo += points
      }
      // An ambiguous case has an MDC; it counts as grouped there only with --qy-as-drg.
      let groupedA = a.status == .grouped || (qyAsDRG && a.status == .ambiguous)
      let groupedB = b.status == .grouped || (qyAsDRG && b.status == .ambiguous)
      let mdcChanged =
        a.mdc >= 0 && b.mdc >= 0 && groupedA && groupedB
        && mdcCodesFrom[Int(a.mdc)] != mdcCodesTo[Int(b.mdc)]
      let becameUngroupable = a.status != .ungroupable && b.status == .ungroupable
      if mdcChanged || becameUngroupable {
        part.changedCases.append(
          ChangedCase(
            caseID: id, hospital: hospitals.string(UInt32(hospital)), from: keyA, to: keyB))
      }
    }
    part.caseIDHashes.sort()
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
  /// Each readable row's case id and line, for ``CaseIDCheck`` keeping ids as text.
  var caseIDs: [String] = []
  var caseLines: [Int] = []
  /// Otherwise the hashes of the non-empty ids, sorted, and the lines of the empty ones.
  var caseIDHashes: [UInt64] = []
  var emptyIDLines: [Int] = []
  /// Cases ambiguous under both schemes whose QY group codes differ.
  var qyMoves = 0

  mutating func removeAll() {
    pairs.removeAll(keepingCapacity: true)
    for index in hospitals.indices { hospitals[index] = MigrationTotals() }
    newHospitals.removeAll()
    changedCases.removeAll()
    unreadableRows = 0
    valuesFrom = NormalisationCounts()
    valuesTo = NormalisationCounts()
    caseIDs.removeAll(keepingCapacity: true)
    caseLines.removeAll(keepingCapacity: true)
    caseIDHashes.removeAll(keepingCapacity: true)
    emptyIDLines.removeAll()
    qyMoves = 0
  }
}
