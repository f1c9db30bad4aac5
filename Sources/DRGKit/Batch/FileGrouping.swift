import Dispatch
import Foundation

/// Groups a CSV file of cases into an output CSV: every input row is written back, in input
/// order, with `status, mdc, adrg, drg, drg_name, reason` appended.
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
  public let scheme: Scheme
  /// Worker threads; defaults to the number of active cores.
  public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
  /// Bytes per chunk.
  public var blockSize: Int = 4 << 20
  /// Names for columns the input calls otherwise (`--columns`).
  public var columnMap: ColumnMap?
  /// The input's character encoding.
  public var encoding: TextEncoding = .auto
  /// Where to write the invalid rows as well (`line,reason,record`), or `nil`.
  public var rejectsPath: String?
  /// Called on the calling thread after each batch of chunks is written.
  public var progress: (@Sendable (GroupingSummary, _ inputSize: Int?) -> Void)?

  public init(scheme: Scheme) { self.scheme = scheme }

  /// Groups `input` into `output` (`-` for standard input / output).
  ///
  /// - Throws: ``FileError`` when a file cannot be opened, read or written; ``RecordError``
  ///   when the header is missing or lacks a required column.
  public func run(input: String, output: String) throws -> GroupingSummary {
    let start = ContinuousClock.now
    let reader = try CSVChunkReader(path: input, blockSize: blockSize, encoding: encoding)
    let displayName = input == "-" ? "<stdin>" : input
    guard reader.hasHeader else {
      throw RecordError(
        file: displayName, line: 1, message: "the file is empty; expected a header row")
    }
    if let problem = reader.headerProblem {
      throw RecordError(file: displayName, line: problem.line, message: "header: \(problem)")
    }
    let header = reader.header
    let columns = try CaseColumns(header: header, file: displayName, map: columnMap)
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
    let outputColumns = OutputColumns(scheme: scheme)
    let slots = max(1, threads)
    let collectRejects = rejectsWriter != nil
    let workers = WorkerSlots(
      count: slots,
      make: {
        var worker = ChunkGrouper(scheme: scheme, columns: columns, outputColumns: outputColumns)
        worker.collectRejects = collectRejects
        return worker
      })
    var summary = GroupingSummary()
    // Outputs of the previous batch, written while the next batch is grouped.
    var finished = [[UInt8]](repeating: [], count: slots)
    var finishedCount = 0
    var batch = try readBatch(reader, count: slots)
    while !batch.isEmpty {
      let group = DispatchGroup()
      for (slot, chunk) in batch.enumerated() {
        DispatchQueue.global().async(group: group) {
          workers.withSlot(slot) { $0.group(chunk) }
        }
      }
      for slot in 0..<finishedCount { try writer.write(finished[slot]) }
      let next = try readBatch(reader, count: slots)
      group.wait()
      for (slot, chunk) in batch.enumerated() {
        chunk.release()
        workers.withSlot(slot) { worker in
          swap(&worker.output, &finished[slot])
          summary.add(worker.summary)
          rejectsWriter?.buffer.append(contentsOf: worker.rejects)
        }
      }
      finishedCount = batch.count
      try rejectsWriter?.flushIfNeeded()
      summary.bytesRead = reader.bytesRead
      progress?(summary, reader.inputSize)
      batch = next
    }
    for slot in 0..<finishedCount { try writer.write(finished[slot]) }
    try writer.finish()
    try rejectsWriter?.finish()
    summary.bytesRead = reader.bytesRead
    summary.encoding = reader.encoding
    let elapsed = ContinuousClock.now - start
    summary.seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return summary
  }

  private func readBatch(_ reader: CSVChunkReader, count: Int) throws(FileError) -> [CSVChunk] {
    var chunks: [CSVChunk] = []
    while chunks.count < count, let chunk = try reader.nextChunk() { chunks.append(chunk) }
    return chunks
  }
}

/// Per-slot worker state shared with the worker threads. Each slot is touched by one
/// thread at a time: its worker during a batch, the calling thread between batches; the
/// slots live in one allocation that never moves, so no array bookkeeping is shared.
final class WorkerSlots<Worker>: @unchecked Sendable {
  private let workers: UnsafeMutableBufferPointer<Worker>

  init(count: Int, make: () -> Worker) {
    workers = .allocate(capacity: count)
    for slot in 0..<count { (workers.baseAddress! + slot).initialize(to: make()) }
  }

  deinit {
    workers.baseAddress!.deinitialize(count: workers.count)
    workers.deallocate()
  }

  func withSlot<R, E: Error>(_ slot: Int, _ body: (inout Worker) throws(E) -> R) throws(E) -> R {
    try body(&workers[slot])
  }
}
