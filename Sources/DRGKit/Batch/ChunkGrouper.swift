import Foundation

/// What grouping one chunk produces: its output rows, its rejected rows and its counts.
struct GroupedChunk {
  /// The chunk's output rows, in input order, in raw memory that is written to the output
  /// file as it is (see ``ChunkGrouper``). Parts move between threads, never shared: a
  /// worker that finds this buffer shared (the pipeline's empty parts are copies of one)
  /// takes one of its own.
  var output = ReusableBuffer<UInt8>(capacity: 1)
  /// With ``ChunkGrouper/collectRejects``: the invalid rows as `line,reason,raw record`.
  var rejects: [UInt8] = []
  var summary = GroupingSummary()
}

/// Groups the records of one chunk into that chunk's output bytes. One per worker slot;
/// it keeps its parsers and buffers from chunk to chunk, so grouping allocates nothing
/// per record.
///
/// Records go through three steps, one record apart, so that each step finds in cache what
/// the step before asked memory for: a record is read (its codes packed and their
/// code-table slots requested), the record before it has its codes looked up (and its
/// grouping-table entries requested), and the record before that is grouped and written.
struct ChunkGrouper: ChunkWorker {
  let scheme: Scheme
  let columns: CaseColumns
  let outputColumns: OutputColumns
  /// The validation edits whose warnings fill the `warnings` column, or `nil` for none.
  let edits: RecordEdits?
  /// Whether to collect invalid rows in the part's `rejects`.
  var collectRejects = false
  /// Whether clean rows take the one-pass path (off only to compare the paths in tests).
  var readsCleanRows = true
  /// Rows the clean-row path read so far (for tests).
  private(set) var cleanRowsRead = 0
  var part = GroupedChunk()
  /// The records in flight (see ``RecordRing``).
  private let ring: RecordRing
  /// The warnings of the current row (reused).
  private var warnings: [UInt8] = []
  /// The row being written by the slower paths (unreadable rows, warnings), moved to
  /// ``part``'s output when done (``moveRow()``). The usual row is copied straight into
  /// ``part``'s output with `memcpy`: appending bytes to an array copied them one loop
  /// step at a time (callgrind: about 1.7 instructions a byte, 340 a row).
  private var row: [UInt8] = []

  init(
    scheme: Scheme, columns: CaseColumns, outputColumns: OutputColumns,
    lookup: CodeLookup? = nil, edits: RecordEdits? = nil
  ) {
    self.scheme = scheme
    self.columns = columns
    self.outputColumns = outputColumns
    self.edits = edits
    // Parsers made separately: copies would share their code buffers.
    func parser() -> CaseRecordParser {
      var cases = CaseRecordParser(columns: columns, scheme: scheme, lookup: lookup)
      cases.readsEditFields = edits != nil
      return cases
    }
    ring = RecordRing { RecordInFlight(cases: parser()) }
  }

  /// Groups every record of `chunk`, replacing ``part``.
  mutating func process(_ chunk: CSVChunk) {
    if !isKnownUniquelyReferenced(&part.output) {
      part.output = ReusableBuffer(capacity: 1 << 16)
    }
    part.output.removeAll()
    part.output.reserveCapacity(chunk.bytes.count + chunk.bytes.count / 2)
    part.rejects.removeAll(keepingCapacity: true)
    part.summary = GroupingSummary()
    let bytes = chunk.view
    let tables = scheme.tables
    var records = chunk.records()
    // The record being grouped, the one after it (codes being looked up) and the one
    // after that (being read); `inFlight` counts the records in the first two.
    var (record, next, ahead) = (ring.slots, ring.slots + 1, ring.slots + 2)
    var inFlight = 0
    // Clean rows are read by the clean-row path (see
    // ``CaseRecordParser/readClean(_:from:quoteFree:)``); the rest by the general parsers. When most rows of a chunk are not clean, it stops trying
    // (a row that leaves the clean path was scanned in part for nothing).
    var tryClean = readsCleanRows && ahead.pointee.cases.cleanColumns != nil
    var cleanMisses = 0
    // Without a quote in the chunk, every line ends at its first line feed.
    let quoteFree =
      tryClean && bytes.count > 0
      && memchr(bytes.baseAddress!, Int32(ASCII.quote), bytes.count) == nil
    while records.skipBlankLines() {
      part.summary.rowsRead += 1
      let start = records.position
      if tryClean,
        let (after, end) = ahead.pointee.cases.readClean(
          bytes, from: start, quoteFree: quoteFree),
        records.acceptLine(endingAt: after)
      {
        ahead.pointee.readClean(start..<end, line: records.line)
        cleanRowsRead &+= 1
      } else {
        if tryClean {
          cleanMisses &+= 1
          if cleanMisses >= 64 && cleanMisses &* 2 > part.summary.rowsRead { tryClean = false }
        }
        guard records.parseRecord(&ahead.pointee.csv) else {
          part.summary.rowsRead -= 1
          break
        }
        ahead.pointee.read(line: records.line, fieldCount: columns.count, in: bytes)
      }
      if inFlight >= 1 { next.pointee.lookUp(tables) }
      if inFlight == 2 { finish(record, bytes: bytes, tables: tables) }
      (record, next, ahead) = (next, ahead, record)
      inFlight = min(inFlight + 1, 2)
    }
    // Drain: `next` still needs its lookup when two records are in flight.
    if inFlight == 2 {
      next.pointee.lookUp(tables)
      finish(record, bytes: bytes, tables: tables)
      finish(next, bytes: bytes, tables: tables)
    } else if inFlight == 1 {
      next.pointee.lookUp(tables)
      finish(next, bytes: bytes, tables: tables)
    }
    part.summary.blankLines = records.blankLines
    part.summary.rowsInOtherEncoding = records.rowsInOtherEncoding
    part.summary.rowsWithInvalidBytes = records.rowsWithInvalidBytes
  }

  /// Groups and writes `record`.
  @inline(__always)
  private mutating func finish(
    _ record: UnsafeMutablePointer<RecordInFlight>, bytes: UnsafeBufferPointer<UInt8>,
    tables: GroupingTables
  ) {
    if let problem = record.pointee.problem {
      let reason = Self.reason(for: problem, of: record.pointee.csv, bytes: bytes)
      writeUnreadable(record, bytes: bytes, problem: problem, reason: reason)
      if collectRejects {
        reject(record, bytes: bytes, reason: reason)
      }
      part.summary.unreadableRows += 1
      part.summary.byStatus[Int(GroupingStatus.invalid.rawValue)] += 1
      row.append(ASCII.lf)
      moveRow()
    } else {
      let result = record.pointee.grouped(by: tables)
      let findings = edits.map { record.pointee.findings($0) } ?? 0
      let text = UnsafeBufferPointer(rebasing: bytes[record.pointee.range])
      if findings == 0 && !record.pointee.cases.hasNotes {
        // The usual row.
        let output = part.output
        output.append(contentsOf: text)
        outputColumns.append(result, to: output)
        output.append(ASCII.comma)
        output.append(ASCII.lf)
      } else {
        row.append(contentsOf: text)
        outputColumns.append(result, to: &row)
        row.append(ASCII.comma)
        writeWarnings(findings, of: record, bytes: bytes)
        row.append(ASCII.lf)
        moveRow()
      }
      if collectRejects, result.status == .invalid, let problem = result.problem {
        reject(record, bytes: bytes, reason: problem.description)
      }
      part.summary.byStatus[Int(result.status.rawValue)] += 1
    }
    part.summary.rowsWritten += 1
  }

  /// Moves the row the slower paths wrote into ``row`` to ``part``'s output.
  private mutating func moveRow() {
    row.withUnsafeBufferPointer { part.output.append(contentsOf: $0) }
    row.removeAll(keepingCapacity: true)
  }

  /// Appends the `warnings` field of a case with findings or notes on its values, and
  /// counts them.
  private mutating func writeWarnings(
    _ findings: UInt16, of record: UnsafeMutablePointer<RecordInFlight>,
    bytes: UnsafeBufferPointer<UInt8>
  ) {
    warnings.removeAll(keepingCapacity: true)
    if let edits, findings != 0 {
      let described = record.pointee.describe(
        findings, edits: edits, bytes: bytes, into: &warnings)
      part.summary.rowsWithWarnings += 1
      var bits = described
      while bits != 0 {
        part.summary.warningsByEdit[bits.trailingZeroBitCount] += 1
        bits &= bits &- 1
      }
    }
    let notes = record.pointee.cases.notes
    if !notes.isEmpty {
      part.summary.addNotes(notes, line: record.pointee.line)
      if !warnings.isEmpty { warnings.append(contentsOf: "; ".utf8) }
      warnings.append(contentsOf: notes.text)
    }
    warnings.withUnsafeBufferPointer { CSVWriter.appendField($0, to: &row) }
  }

  /// Appends `line,reason,raw` for a rejected row (the raw record as one quoted field).
  private mutating func reject(
    _ record: UnsafeMutablePointer<RecordInFlight>, bytes: UnsafeBufferPointer<UInt8>,
    reason: String
  ) {
    part.rejects.append(contentsOf: Array(String(record.pointee.line).utf8))
    part.rejects.append(ASCII.comma)
    var reason = reason
    reason.withUTF8 { CSVWriter.appendField($0, to: &part.rejects) }
    part.rejects.append(ASCII.comma)
    CSVWriter.appendField(
      UnsafeBufferPointer(rebasing: bytes[record.pointee.range]), to: &part.rejects)
    part.rejects.append(ASCII.lf)
  }

  /// Why a row could not be read: the problem, and for a row longer than the header its
  /// extra fields (which are written nowhere else), e.g. `line 7: 22 fields where the
  /// header has 20; extra fields: x,"a,b"`.
  static func reason(
    for problem: CSVRowProblem, of csv: CSVRecordParser, bytes: UnsafeBufferPointer<UInt8>
  ) -> String {
    guard case .fieldCount(let expected, let found) = problem.kind, found > expected else {
      return problem.description
    }
    var extra: [UInt8] = []
    for index in expected..<found {
      if index > expected { extra.append(ASCII.comma) }
      csv.withField(index, in: bytes) { CSVWriter.appendField($0, to: &extra) }
    }
    return problem.description + "; extra fields: " + String(decoding: extra, as: UTF8.self)
  }

  /// Writes a row that could not be read, with exactly the header's number of fields: a
  /// short row is padded with empty fields, a long row keeps its first fields (the others
  /// are in `reason`), a row with bytes in no encoding keeps its fields (U+FFFD for the
  /// bytes), and a row with a broken quote is kept as one quoted field.
  private mutating func writeUnreadable(
    _ record: UnsafeMutablePointer<RecordInFlight>, bytes: UnsafeBufferPointer<UInt8>,
    problem: CSVRowProblem, reason: String
  ) {
    let raw = UnsafeBufferPointer(rebasing: bytes[record.pointee.range])
    var written = 1
    let fieldCount = record.pointee.csv.fields.count
    switch problem.kind {
    case .unterminatedQuote, .textAfterClosingQuote,
      .invalidBytes where fieldCount == 0:
      CSVWriter.appendField(raw, to: &row)
    case .fieldCount(let expected, let found) where found < expected:
      row.append(contentsOf: raw)
      written = found
    case .fieldCount, .invalidBytes:
      written = min(fieldCount, columns.count)
      for index in 0..<written {
        if index > 0 { row.append(ASCII.comma) }
        record.pointee.csv.withField(index, in: bytes) {
          CSVWriter.appendField($0, to: &row)
        }
      }
    }
    while written < columns.count {
      row.append(ASCII.comma)
      written += 1
    }
    OutputColumns.appendUnreadable(reason: reason, to: &row)
  }
}
