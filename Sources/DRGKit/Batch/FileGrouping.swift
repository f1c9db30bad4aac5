import Dispatch
import Foundation

/// Groups a CSV file of cases into an output CSV: every input row is written back, in input
/// order, with `status, mdc, adrg, drg, drg_name, reason, warnings` appended.
///
/// The input is read in blocks and cut into chunks of whole records, which are grouped in
/// parallel and written in input order, so memory stays bounded whatever the file size and
/// the output is the same byte for byte for any number of threads or block size. Rows that
/// cannot be read (wrong field count, unterminated quote) are written too, with status
/// `invalid` and a reason naming the line, so rows read always equal rows written.
///
/// ```swift
/// var grouping = FileGrouping(scheme: scheme)
/// grouping.threads = 4
/// let summary = try grouping.run(input: "cases.csv", output: "grouped.csv")
/// ```
public struct FileGrouping: Sendable {
  /// The scheme the cases are grouped with.
  public let scheme: Scheme
  /// Worker threads; defaults to the number of active cores.
  public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
  /// Bytes per chunk.
  public var blockSize: Int = 4 << 20
  /// Names for columns the input calls otherwise (`--columns`).
  public var columnMap: ColumnMap?
  /// Columns to leave alone (`--ignore-column`).
  public var ignoredColumns: [String] = []
  /// The input's name in messages, when not its path (a joined long-format export).
  public var inputName: String?
  /// The input's character encoding.
  public var encoding: TextEncoding = .auto
  /// Whether to translate codes with the scheme's `dx_map.csv` / `proc_map.csv` (`--map`).
  public var translatesCodes = false
  /// The validation edits behind the `warnings` column; `nil` leaves the column empty.
  public var edits: CodeEditTable? = .standard
  /// Where to write the invalid rows as well (`line,reason,record`), or `nil`.
  public var rejectsPath: String?
  /// Called on the calling thread after each chunk is written.
  public var progress: (@Sendable (GroupingSummary, _ inputSize: Int?) -> Void)?

  /// A grouping of files with `scheme`, all options at their defaults.
  public init(scheme: Scheme) { self.scheme = scheme }

  /// Groups `input` into `output` (`-` for standard input / output).
  ///
  /// - Throws: ``FileError`` when a file cannot be opened, read or written; ``RecordError``
  ///   when the header is missing or lacks a required column.
  public func run(input: String, output: String) throws -> GroupingSummary {
    let start = ContinuousClock.now
    let reader = try CSVChunkReader(path: input, blockSize: blockSize, encoding: encoding)
    let displayName = inputName ?? (input == "-" ? "<stdin>" : input)
    try reader.checkHeader()
    let header = reader.header
    let columns = try CaseColumns(
      header: header, file: displayName, map: columnMap, ignored: ignoredColumns)
    let clashes = OutputColumns.names.filter { name in
      header.contains { $0.trimmingBlanks == name }
    }
    guard clashes.isEmpty else {
      throw RecordError(
        file: displayName, line: 1,
        message:
          "the input already has the column\(clashes.count > 1 ? "s" : "") \(clashes.joined(separator: ", ")) that drg group appends; it looks like grouped output: group the original case file, or drop those columns"
      )
    }
    try reader.checkHasRows(name: displayName)
    let writer = try CSVWriter(path: output)
    reader.headerBytes.withUnsafeBufferPointer { writer.append($0) }
    for name in OutputColumns.names {
      writer.appendByte(ASCII.comma)
      writer.appendField(name)
    }
    writer.appendByte(ASCII.lf)
    try writer.flush()

    let rejectsWriter = try rejectsPath.map { (path) throws(FileError) in
      let writer = try CSVWriter(path: path)
      writer.appendField("line")
      writer.appendByte(ASCII.comma)
      writer.appendField("reason")
      writer.appendByte(ASCII.comma)
      writer.appendField("record")
      writer.appendByte(ASCII.lf)
      return writer
    }
    let lookup = translatesCodes ? scheme.translatingCodeLookup : scheme.codeLookup
    let slots = max(1, threads)
    let collectRejects = rejectsWriter != nil
    let flags = edits.map { CodeFlags(scheme: scheme, edits: $0) }
    // Each worker gets tables of its own: reference counting on shared ones would make
    // the cores fight over their cache lines (measured: 2 workers took 46% more CPU).
    let workers = WorkerSlots(
      count: slots,
      make: {
        let workerLookup = lookup.copy()
        var worker = ChunkGrouper(
          scheme: scheme, columns: columns, outputColumns: OutputColumns(scheme: scheme),
          lookup: workerLookup,
          edits: flags.map { RecordEdits(flags: $0.copy(), lookup: workerLookup) })
        worker.collectRejects = collectRejects
        return worker
      })
    var summary = GroupingSummary()
    // Each chunk's rows are written, in input order, while the next batch is grouped.
    try ChunkPipeline.run(
      reader: reader, workers: workers, emptyPart: GroupedChunk(),
      consume: { part, _ in
        try writer.write(part.output.elements)
        summary.add(part.summary)
        rejectsWriter?.buffer.append(contentsOf: part.rejects)
        try rejectsWriter?.flushIfNeeded()
      },
      afterChunk: {
        summary.bytesRead = reader.bytesRead
        progress?(summary, reader.inputSize)
      })
    try writer.finish()
    try rejectsWriter?.finish()
    summary.bytesRead = reader.bytesRead
    summary.encoding = reader.encoding
    summary.columns = columns.resolution
    let elapsed = ContinuousClock.now - start
    summary.seconds = elapsed.inSeconds
    return summary
  }

}
