/// Groups the records of one chunk into that chunk's output bytes. One per worker slot;
/// it keeps its parsers and buffers from chunk to chunk, so grouping allocates nothing
/// per record.
struct ChunkGrouper {
  let scheme: Scheme
  let columns: CaseColumns
  let outputColumns: OutputColumns
  private var csv = CSVRecordParser()
  private var cases: CaseRecordParser
  /// The chunk's output, in input order.
  var output: [UInt8] = []
  /// With ``collectRejects``: the chunk's invalid rows as `line,reason,raw record`.
  var rejects: [UInt8] = []
  /// Whether to collect invalid rows in ``rejects``.
  var collectRejects = false
  /// Counts for the chunk.
  var summary = GroupingSummary()

  init(scheme: Scheme, columns: CaseColumns, outputColumns: OutputColumns) {
    self.scheme = scheme
    self.columns = columns
    self.outputColumns = outputColumns
    cases = CaseRecordParser(columns: columns, scheme: scheme)
  }

  /// Groups every record of `chunk`, replacing ``output`` and ``summary``.
  mutating func group(_ chunk: CSVChunk) {
    output.removeAll(keepingCapacity: true)
    output.reserveCapacity(chunk.bytes.count + chunk.bytes.count / 2)
    rejects.removeAll(keepingCapacity: true)
    summary = GroupingSummary()
    let bytes = chunk.view
    var position = 0
    var line = chunk.firstLine
    let tables = scheme.tables
    while position < bytes.count {
      let byte = bytes[position]
      if byte == ASCII.lf
        || (byte == ASCII.cr && position + 1 < bytes.count
          && bytes[position + 1] == ASCII.lf)
      {
        // A blank line: not a row.
        position += byte == ASCII.lf ? 1 : 2
        line += 1
        summary.blankLines += 1
        continue
      }
      guard let next = csv.parse(bytes, from: position, line: line, isFinal: true) else { break }
      position = next
      summary.rowsRead += 1
      if let problem = csv.problem ?? fieldCountProblem(line: line) {
        writeUnreadable(bytes: bytes, problem: problem)
        if collectRejects { reject(bytes: bytes, line: line, reason: problem.description) }
        summary.unreadableRows += 1
        summary.byStatus[Int(GroupingStatus.invalid.rawValue)] += 1
      } else {
        cases.parse(csv, in: bytes)
        var observer = SilentObserver()
        let result = cases.diagnoses.withUnsafeBufferPointer { dx in
          cases.procedures.withUnsafeBufferPointer { px in
            tables.group(
              cases.fields, CaseCodes(diagnoses: dx, procedures: px),
              principalEmpty: cases.principalEmpty, observer: &observer)
          }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[csv.recordRange]))
        outputColumns.append(result, to: &output)
        if collectRejects, result.status == .invalid, let problem = result.problem {
          reject(bytes: bytes, line: line, reason: problem.description)
        }
        summary.byStatus[Int(result.status.rawValue)] += 1
      }
      output.append(ASCII.lf)
      summary.rowsWritten += 1
      line += csv.linesConsumed
    }
  }

  /// Appends `line,reason,raw` for a rejected row (the raw record as one quoted field).
  private mutating func reject(bytes: UnsafeBufferPointer<UInt8>, line: Int, reason: String) {
    rejects.append(contentsOf: Array(String(line).utf8))
    rejects.append(ASCII.comma)
    var reason = reason
    reason.withUTF8 { CSVWriter.appendField($0, to: &rejects) }
    rejects.append(ASCII.comma)
    CSVWriter.appendField(UnsafeBufferPointer(rebasing: bytes[csv.recordRange]), to: &rejects)
    rejects.append(ASCII.lf)
  }

  private func fieldCountProblem(line: Int) -> CSVRowProblem? {
    guard csv.fields.count != columns.count else { return nil }
    return CSVRowProblem(
      kind: .fieldCount(expected: columns.count, found: csv.fields.count), line: line, column: nil)
  }

  /// Writes a row that could not be read, aligned to the header where possible: a short row
  /// is padded with empty fields, a long row is kept as it was, and a row with a broken
  /// quote is kept as one quoted field.
  private mutating func writeUnreadable(bytes: UnsafeBufferPointer<UInt8>, problem: CSVRowProblem) {
    let raw = UnsafeBufferPointer(rebasing: bytes[csv.recordRange])
    var written = 1
    switch problem.kind {
    case .fieldCount(let expected, let found) where found < expected:
      output.append(contentsOf: raw)
      written = found
    case .fieldCount:
      output.append(contentsOf: raw)
      written = columns.count
    case .unterminatedQuote, .textAfterClosingQuote:
      CSVWriter.appendField(raw, to: &output)
    }
    while written < columns.count {
      output.append(ASCII.comma)
      written += 1
    }
    OutputColumns.appendUnreadable(reason: problem.description, to: &output)
  }
}
