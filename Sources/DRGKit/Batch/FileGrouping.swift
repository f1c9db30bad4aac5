import Foundation

/// Groups a CSV file of cases into an output CSV: every input row is written back, in input
/// order, with `status, mdc, adrg, drg, drg_name, reason` appended.
///
/// Rows that cannot be read (wrong field count, unterminated quote) are written too, with
/// status `invalid` and a reason naming the line, so rows read always equal rows written.
public struct FileGrouping {
  public let scheme: Scheme

  public init(scheme: Scheme) { self.scheme = scheme }

  /// Groups `input` into `output` (`-` for standard input / output).
  ///
  /// - Throws: ``FileError`` when a file cannot be opened, read or written; ``RecordError``
  ///   when the header is missing or lacks a required column.
  public func run(input: String, output: String) throws -> GroupingSummary {
    let start = ContinuousClock.now
    let reader = try CSVReader(path: input)
    let displayName = input == "-" ? "<stdin>" : input
    guard try reader.next() else {
      throw RecordError(
        file: displayName, line: 1, message: "the file is empty; expected a header row")
    }
    if let problem = reader.parser.problem {
      throw RecordError(file: displayName, line: problem.line, message: "header: \(problem)")
    }
    let header = (0..<reader.parser.fields.count).map { reader.parser.string($0, in: reader.bytes) }
    let columns = try CaseColumns(header: header, file: displayName)
    let clashes = OutputColumns.names.filter { name in header.contains { $0.trimmingBlanks == name }
    }
    guard clashes.isEmpty else {
      throw RecordError(
        file: displayName, line: 1,
        message:
          "the input already has the column\(clashes.count > 1 ? "s" : "") \(clashes.joined(separator: ", ")) that drg group appends; it looks like grouped output: group the original case file, or drop those columns"
      )
    }
    let writer = try CSVWriter(path: output)
    writer.append(reader.rawRecord)
    for name in OutputColumns.names {
      writer.appendByte(ASCII.comma)
      writer.appendField(name)
    }
    writer.appendByte(ASCII.lf)

    let outputColumns = OutputColumns(scheme: scheme)
    var cases = CaseRecordParser(columns: columns)
    var summary = GroupingSummary()
    while try reader.next() {
      summary.rowsRead += 1
      let bytes = reader.bytes
      let csv = reader.parser
      if let problem = csv.problem ?? fieldCountProblem(csv, columns: columns, line: reader.line) {
        writeUnreadable(csv, bytes: bytes, problem: problem, columns: columns, into: &writer.buffer)
        summary.unreadableRows += 1
        summary.byStatus[Int(GroupingStatus.invalid.rawValue)] += 1
      } else {
        cases.parse(csv, in: bytes, scheme: scheme)
        let result = cases.diagnoses.withUnsafeBufferPointer { dx in
          cases.procedures.withUnsafeBufferPointer { px in
            scheme.group(
              cases.fields, CaseCodes(diagnoses: dx, procedures: px),
              principalEmpty: cases.principalEmpty)
          }
        }
        writer.append(reader.rawRecord)
        outputColumns.append(result, to: &writer.buffer)
        summary.byStatus[Int(result.status.rawValue)] += 1
      }
      writer.buffer.append(ASCII.lf)
      summary.rowsWritten += 1
      try writer.flushIfNeeded()
    }
    try writer.finish()
    summary.blankLines = reader.blankLines
    summary.bytesRead = reader.bytesRead
    let elapsed = ContinuousClock.now - start
    summary.seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return summary
  }

  private func fieldCountProblem(_ csv: CSVRecordParser, columns: CaseColumns, line: Int)
    -> CSVRowProblem?
  {
    guard csv.fields.count != columns.count else { return nil }
    return CSVRowProblem(
      kind: .fieldCount(expected: columns.count, found: csv.fields.count), line: line, column: nil)
  }

  /// Writes a row that could not be read, aligned to the header where possible: a short row
  /// is padded with empty fields, a long row is kept as it was, and a row with a broken
  /// quote is kept as one quoted field.
  private func writeUnreadable(
    _ csv: CSVRecordParser, bytes: UnsafeBufferPointer<UInt8>, problem: CSVRowProblem,
    columns: CaseColumns, into buffer: inout [UInt8]
  ) {
    let raw = UnsafeBufferPointer(rebasing: bytes[csv.recordRange])
    var written = 1
    switch problem.kind {
    case .fieldCount(let expected, let found) where found < expected:
      buffer.append(contentsOf: raw)
      written = found
    case .fieldCount:
      buffer.append(contentsOf: raw)
      written = columns.count
    case .unterminatedQuote, .textAfterClosingQuote:
      CSVWriter.appendField(raw, to: &buffer)
    }
    while written < columns.count {
      buffer.append(ASCII.comma)
      written += 1
    }
    OutputColumns.appendUnreadable(reason: problem.description, to: &buffer)
  }
}
