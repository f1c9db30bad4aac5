/// What grouping one chunk produces: its output rows, its rejected rows and its counts.
struct GroupedChunk {
  /// The chunk's output, in input order.
  var output: [UInt8] = []
  /// With ``ChunkGrouper/collectRejects``: the invalid rows as `line,reason,raw record`.
  var rejects: [UInt8] = []
  var summary = GroupingSummary()
}

/// Groups the records of one chunk into that chunk's output bytes. One per worker slot;
/// it keeps its parsers and buffers from chunk to chunk, so grouping allocates nothing
/// per record.
struct ChunkGrouper: ChunkWorker {
  let scheme: Scheme
  let columns: CaseColumns
  let outputColumns: OutputColumns
  /// The validation edits whose warnings fill the `warnings` column, or `nil` for none.
  let edits: RecordEdits?
  /// Whether to collect invalid rows in the part's `rejects`.
  var collectRejects = false
  var part = GroupedChunk()
  private var csv = CSVRecordParser()
  private var cases: CaseRecordParser
  /// The warnings of the current row (reused).
  private var warnings: [UInt8] = []

  init(
    scheme: Scheme, columns: CaseColumns, outputColumns: OutputColumns,
    lookup: CodeLookup? = nil, edits: RecordEdits? = nil
  ) {
    self.scheme = scheme
    self.columns = columns
    self.outputColumns = outputColumns
    self.edits = edits
    cases = CaseRecordParser(columns: columns, scheme: scheme, lookup: lookup)
    cases.readsEditFields = edits != nil
  }

  /// Groups every record of `chunk`, replacing ``part``.
  mutating func process(_ chunk: CSVChunk) {
    part.output.removeAll(keepingCapacity: true)
    part.output.reserveCapacity(chunk.bytes.count + chunk.bytes.count / 2)
    part.rejects.removeAll(keepingCapacity: true)
    part.summary = GroupingSummary()
    let bytes = chunk.view
    let tables = scheme.tables
    var records = chunk.records()
    while records.next(&csv) {
      let line = records.line
      part.summary.rowsRead += 1
      if let problem = csv.problem(expectingFields: columns.count, line: line) {
        writeUnreadable(bytes: bytes, problem: problem)
        if collectRejects { reject(bytes: bytes, line: line, reason: problem.description) }
        part.summary.unreadableRows += 1
        part.summary.byStatus[Int(GroupingStatus.invalid.rawValue)] += 1
      } else {
        cases.parse(csv, in: bytes)
        let result = cases.grouped(by: tables)
        part.output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[csv.recordRange]))
        outputColumns.append(result, to: &part.output)
        part.output.append(ASCII.comma)
        if let findings = edits?.findings(cases), findings != 0 {
          writeWarnings(findings, bytes: bytes)
        }
        if collectRejects, result.status == .invalid, let problem = result.problem {
          reject(bytes: bytes, line: line, reason: problem.description)
        }
        part.summary.byStatus[Int(result.status.rawValue)] += 1
      }
      part.output.append(ASCII.lf)
      part.summary.rowsWritten += 1
    }
    part.summary.blankLines = records.blankLines
  }

  /// Appends the `warnings` field of a case with findings and counts them.
  private mutating func writeWarnings(_ findings: UInt16, bytes: UnsafeBufferPointer<UInt8>) {
    guard
      let described = edits?.describe(
        findings, record: cases, csv: csv, bytes: bytes, into: &warnings)
    else { return }
    part.summary.rowsWithWarnings += 1
    var bits = described
    while bits != 0 {
      part.summary.warningsByEdit[bits.trailingZeroBitCount] += 1
      bits &= bits &- 1
    }
    warnings.withUnsafeBufferPointer { CSVWriter.appendField($0, to: &part.output) }
  }

  /// Appends `line,reason,raw` for a rejected row (the raw record as one quoted field).
  private mutating func reject(bytes: UnsafeBufferPointer<UInt8>, line: Int, reason: String) {
    part.rejects.append(contentsOf: Array(String(line).utf8))
    part.rejects.append(ASCII.comma)
    var reason = reason
    reason.withUTF8 { CSVWriter.appendField($0, to: &part.rejects) }
    part.rejects.append(ASCII.comma)
    CSVWriter.appendField(
      UnsafeBufferPointer(rebasing: bytes[csv.recordRange]), to: &part.rejects)
    part.rejects.append(ASCII.lf)
  }

  /// Writes a row that could not be read, aligned to the header where possible: a short row
  /// is padded with empty fields, a long row is kept as it was, and a row with a broken
  /// quote is kept as one quoted field.
  private mutating func writeUnreadable(bytes: UnsafeBufferPointer<UInt8>, problem: CSVRowProblem) {
    let raw = UnsafeBufferPointer(rebasing: bytes[csv.recordRange])
    var written = 1
    switch problem.kind {
    case .fieldCount(let expected, let found) where found < expected:
      part.output.append(contentsOf: raw)
      written = found
    case .fieldCount:
      part.output.append(contentsOf: raw)
      written = columns.count
    case .unterminatedQuote, .textAfterClosingQuote:
      CSVWriter.appendField(raw, to: &part.output)
    }
    while written < columns.count {
      part.output.append(ASCII.comma)
      written += 1
    }
    OutputColumns.appendUnreadable(reason: problem.description, to: &part.output)
  }
}
