import DRGKit
import Dispatch
import Foundation

/// Computes cost weights from a grouped CSV file (the output of `drg group`).
///
/// The file is read in blocks cut into chunks of whole records, which are parsed in
/// parallel into compact per-DRG arrays of costs and lengths of stay; memory is
/// proportional to the number of cases used (12 bytes each, 13 when blending years) plus
/// the number of DRGs, whatever the width of the rows. Columns are found by name: `drg`,
/// `total_cost` and `los` are required; `status`, `drg_name`, `adrg`, and `year` or
/// `discharge_date` are read when present; all others are ignored. Without a `status`
/// column every row counts as grouped.
///
/// ```swift
/// var weighting = FileWeighting(options: WeightsOptions(budget: 8.2e9))
/// let weights = try weighting.run(input: "grouped.csv")
/// try weights.write(to: "weights.csv")
/// ```
public struct FileWeighting: Sendable {
  /// Trimming, rounding and grouping-quality options.
  public var options: WeightsOptions
  /// Worker threads for parsing; defaults to the number of active cores.
  public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
  /// Bytes per chunk.
  public var blockSize: Int = 4 << 20
  /// The column map and the columns to leave alone (`--columns`, `--ignore-column`).
  public var columnOptions = ColumnOptions()
  /// Called on the calling thread after each chunk: rows and bytes read so far,
  /// and the input's size when known.
  public var progress: (@Sendable (_ rows: Int, _ bytes: Int, _ inputSize: Int?) -> Void)?

  /// A weighting of files with `options`.
  public init(options: WeightsOptions = WeightsOptions()) { self.options = options }

  /// Reads `input` (`-` for standard input) and computes its weights.
  ///
  /// - Throws: ``FileError`` when the file cannot be opened or read; ``RecordError`` when
  ///   the header is missing or lacks a column the options need.
  public func run(input: String) throws -> CostWeights {
    let start = ContinuousClock.now
    let reader = try CSVChunkReader(path: input, blockSize: blockSize)
    let displayName = input == "-" ? "<stdin>" : input
    try reader.checkHeader()
    var required: [ColumnField] = [.drg, .totalCost, .los]
    if options.borrowFromADRG { required.append(.adrg) }
    let columns = try GroupedColumns(
      header: reader.header, file: displayName, options: columnOptions, command: "drg weights",
      required: required)
    try reader.checkHasRows(name: displayName)
    if options.yearWeights != nil && columns.year < 0 && columns.dischargeDate < 0 {
      throw RecordError(
        file: displayName, line: 1,
        message:
          "header lacks a year column: --year-weights needs a 'year' column (e.g. 2023) or a 'discharge_date' column (YYYY-MM-DD)"
      )
    }
    var builder = CostWeightsBuilder(options: options)
    let slots = max(1, threads)
    let years = options.yearWeights
    let workers = WorkerSlots(
      count: slots, make: { WeightsChunkReader(columns: columns, years: years) })
    var merger = WeightsChunkMerger(slots: slots)
    // Cases of each chunk are merged, in input order, while the next batch is parsed.
    var rows = 0
    try ChunkPipeline.run(
      reader: reader, workers: workers, emptyPart: WeightsChunkCases(),
      consume: { part, slot in
        merger.merge(part, slot: slot, into: &builder)
        rows += part.rowsRead
      },
      afterChunk: { progress?(rows, reader.bytesRead, reader.inputSize) })
    var weights = builder.build()
    weights.firstUnreadableRow = merger.firstProblem
    weights.values = merger.values
    weights.columns = columns.resolution
    let elapsed = ContinuousClock.now - start
    weights.seconds = elapsed.inSeconds
    return weights
  }

}

/// Moves chunk results into the builder in input order, turning each slot's local DRG ids
/// into the builder's. A code is registered with the builder when its first used case
/// arrives, so DRGs whose rows were all left out do not appear.
struct WeightsChunkMerger {
  /// Builder index of each slot-local id; -1 until a case for it arrives.
  private var remaps: [[Int]]
  /// Code, name and ADRG of each slot-local id.
  private var names: [[(code: String, name: String, adrg: String)]]
  /// The first unreadable row of the input.
  private(set) var firstProblem: CSVRowProblem?
  /// Values read as exports write them.
  private(set) var values = NormalisationCounts()

  init(slots: Int) {
    remaps = Array(repeating: [], count: slots)
    names = Array(repeating: [], count: slots)
  }

  mutating func merge(_ part: WeightsChunkCases, slot: Int, into builder: inout CostWeightsBuilder)
  {
    builder.count(rows: part.rowsRead, excluded: part.excluded, withoutLOS: part.withoutLOS)
    if firstProblem == nil { firstProblem = part.firstProblem }
    values.add(part.values)
    for entry in part.newGroups {
      names[slot].append(entry)
      remaps[slot].append(-1)
    }
    let blending = !part.years.isEmpty
    for index in part.groups.indices {
      let local = Int(part.groups[index])
      var group = remaps[slot][local]
      if group < 0 {
        let entry = names[slot][local]
        group = builder.group(code: entry.code, name: entry.name, adrg: entry.adrg)
        remaps[slot][local] = group
      }
      builder.append(
        group: group, cost: part.costs[index], lengthOfStay: part.lengthsOfStay[index],
        year: blending ? part.years[index] : 0)
    }
  }
}
