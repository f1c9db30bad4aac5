/// Groups cases one line at a time, for a program that sends a case and waits for its
/// answer (`drg serve --stdio`): the header once, then one CSV record per line, each
/// answered with the row `drg group` would write for it.
///
/// Each line goes through the same ``ChunkGrouper`` as a file, as a chunk of one record,
/// so the answer is byte for byte the row of `drg group` (edits, warnings, unreadable rows
/// and their reasons included). A line is one record: a quoted field cannot hold a line
/// break here, and a line with an unterminated quote is answered as an unreadable row.
///
/// ```swift
/// var lines = try LineGrouping(scheme: scheme, header: Array("case_id,sex,age,diagnoses".utf8))
/// let row = lines.group(Array("1,1,67,I21.000|J96.000".utf8))  // the output row, with "\n"
/// ```
public struct LineGrouping {
  /// The output header: the input header and the seven appended column names, with `\n`.
  public let outputHeader: [UInt8]
  /// Counts of the lines grouped so far.
  public private(set) var summary = GroupingSummary()
  /// How the header's columns fed the fields, for the column report.
  public let columns: ColumnResolution
  private var worker: ChunkGrouper
  private let buffer: LineBuffer
  /// The line number the next record is counted as (the header is line 1).
  private var line = 2
  /// The header's number of fields.
  private let fieldCount: Int

  /// Prepares to group records with the columns of `header` (one CSV record, without its
  /// line terminator; a byte order mark is ignored).
  ///
  /// - Throws: ``RecordError`` when the header cannot be read, lacks a required column or
  ///   already has the columns grouping appends.
  public init(
    scheme: Scheme, header: [UInt8], edits: CodeEditTable? = .standard,
    columnMap: ColumnMap? = nil, ignoredColumns: [String] = [], translatesCodes: Bool = false,
    source: String = "<stdin>"
  ) throws(RecordError) {
    var header = header
    if header.starts(with: ASCII.byteOrderMark) { header.removeFirst(3) }
    while header.last == ASCII.cr || header.last == ASCII.lf { header.removeLast() }
    var parser = CSVRecordParser()
    let fields: [String] = header.withUnsafeBufferPointer { bytes in
      guard !bytes.isEmpty, parser.parse(bytes, from: 0, line: 1, isFinal: true) != nil,
        parser.problem == nil
      else { return [] }
      return (0..<parser.fields.count).map { parser.string($0, in: bytes) }
    }
    guard !fields.isEmpty else {
      throw RecordError(file: source, line: 1, message: "the first line is not a CSV header")
    }
    let columns = try CaseColumns(
      header: fields, file: source, map: columnMap, ignored: ignoredColumns)
    self.columns = columns.resolution
    let clashes = OutputColumns.names.filter { name in fields.contains { $0.trimmingBlanks == name }
    }
    guard clashes.isEmpty else {
      throw RecordError(
        file: source, line: 1,
        message:
          "the header already has the column\(clashes.count > 1 ? "s" : "") \(clashes.joined(separator: ", ")) that grouping appends"
      )
    }
    var output = header
    for name in OutputColumns.names {
      output.append(ASCII.comma)
      var name = name
      name.withUTF8 { CSVWriter.appendField($0, to: &output) }
    }
    output.append(ASCII.lf)
    outputHeader = output
    fieldCount = fields.count
    let lookup = translatesCodes ? scheme.translatingCodeLookup : scheme.codeLookup
    worker = ChunkGrouper(
      scheme: scheme, columns: columns, outputColumns: OutputColumns(scheme: scheme),
      lookup: lookup,
      edits: edits.map { RecordEdits(scheme: scheme, edits: $0, lookup: lookup) })
    buffer = LineBuffer()
  }

  /// Groups the record on `line` (without its line terminator; a trailing `\r` is
  /// dropped) and returns its output row, ending in `\n`. A blank line counts as a blank
  /// line and is answered with an empty line.
  public mutating func group(_ line: [UInt8]) -> [UInt8] {
    var length = line.count
    while length > 0, line[length - 1] == ASCII.lf || line[length - 1] == ASCII.cr {
      length -= 1
    }
    defer { self.line += 1 }
    guard length > 0 else {
      summary.blankLines += 1
      return [ASCII.lf]
    }
    let chunk = buffer.chunk(
      holding: line[0..<length], firstLine: self.line, fieldCount: fieldCount)
    worker.process(chunk)
    summary.add(worker.part.summary)
    return Array(worker.part.output.elements)
  }
}

/// The memory a ``LineGrouping`` copies each line into, as a chunk of one record.
private final class LineBuffer {
  private var storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 4096)

  deinit { storage.deallocate() }

  /// A chunk of `record` and a line feed, valid until the next call.
  func chunk(holding record: ArraySlice<UInt8>, firstLine: Int, fieldCount: Int) -> CSVChunk {
    if storage.count < record.count + 1 {
      storage.deallocate()
      storage = .allocate(capacity: max(record.count + 1, storage.count * 2))
    }
    _ = UnsafeMutableBufferPointer(rebasing: storage[0..<record.count]).initialize(
      from: record)
    storage[record.count] = ASCII.lf
    let bytes = UnsafeMutableBufferPointer(rebasing: storage[0..<(record.count + 1)])
    return CSVChunk(
      bytes: bytes, firstLine: firstLine, isLast: true, expectedFieldCount: fieldCount,
      marks: [], storage: storage)
  }
}
