import DRGKit
import Foundation

/// The loop behind `drg serve --stdio`: reads one case per line from a file descriptor and
/// writes each answer to another as soon as it is grouped (one `write` per answer, so a
/// client reading a pipe gets it at once).
///
/// CSV lines: the first line is the header, answered with the output header; every later
/// line is answered with the row `drg group` writes for it. JSON lines: every line is an
/// object with the canonical column names as keys (`diagnoses` and `procedures` a list or
/// a `|`-separated string), answered with one JSON object.
struct LineServer {
  let scheme: Scheme
  var json = false
  var explains = false
  var edits: CodeEditTable? = .standard
  var columnMap: ColumnMap?
  var ignoredColumns: [String] = []
  var translatesCodes = false
  /// Called with the columns of a CSV header, for the column report.
  var foundColumns: (ColumnResolution) -> Void = { _ in }

  /// What a run answered.
  struct Counts {
    var grouping = GroupingSummary()
    /// JSON lines that could not be read as a case (answered with an `error` object).
    var unreadableJSON = 0
  }

  /// Serves until `input` ends.
  /// - Throws: ``RecordError`` for a CSV header that cannot be used, ``FileError`` when
  ///   reading or writing fails (e.g. the client closed its end).
  func run(input: Int32, output: Int32) throws -> Counts {
    var reader = LineReader(descriptor: input)
    var counts = Counts()
    if json {
      var lines = try LineGrouping(
        scheme: scheme, header: Array(JSONCase.columns.joined(separator: ",").utf8),
        edits: edits, translatesCodes: translatesCodes)
      var number = 0
      while let line = try reader.next() {
        number += 1
        let answer = answer(json: line, number: number, lines: &lines, counts: &counts)
        try write(answer, to: output)
      }
      counts.grouping = lines.summary
      return counts
    }
    guard let header = try reader.next() else { return counts }
    var lines = try LineGrouping(
      scheme: scheme, header: header, edits: edits, columnMap: columnMap,
      ignoredColumns: ignoredColumns, translatesCodes: translatesCodes)
    foundColumns(lines.columns)
    try write(lines.outputHeader, to: output)
    while let line = try reader.next() {
      try write(lines.group(line), to: output)
    }
    counts.grouping = lines.summary
    return counts
  }

  /// The JSON answer to one JSON line, ending in a line feed.
  private func answer(
    json line: [UInt8], number: Int, lines: inout LineGrouping, counts: inout Counts
  ) -> [UInt8] {
    var object: [String: Any] = ["line": number]
    let record: JSONCase
    do {
      record = try JSONCase(line: line)
    } catch {
      counts.unreadableJSON += 1
      object["error"] = error.message
      return Self.encode(object)
    }
    let row = lines.group(record.csvRow)
    let fields = Self.fields(of: row)
    object["case_id"] = record.values[0]
    for (name, value) in zip(
      ["status", "mdc", "adrg", "drg", "drg_name", "reason", "warnings"],
      fields.suffix(7))
    {
      object[name] = value
    }
    if explains {
      // The case read as its row was grouped (codes cleaned, values as exports write
      // them), so that the explanation reaches the answer's DRG.
      let lookup = translatesCodes ? scheme.translatingCodeLookup : nil
      let read = try? CaseFile.read(
        header: JSONCase.columns, values: record.values, scheme: scheme, lookup: lookup,
        source: "<stdin>")
      let explained = read?.record ?? record.dischargeCase
      object["explanation"] =
        (lookup.map { scheme.explain(explained, lookup: $0).0 } ?? scheme.explain(explained)).text
    }
    return Self.encode(object)
  }

  /// The fields of one output row.
  private static func fields(of row: [UInt8]) -> [String] {
    var parser = CSVRecordParser()
    return row.withUnsafeBufferPointer { bytes in
      guard parser.parse(bytes, from: 0, line: 1, isFinal: true) != nil else { return [] }
      return (0..<parser.fields.count).map { parser.string($0, in: bytes) }
    }
  }

  private static func encode(_ object: [String: Any]) -> [UInt8] {
    let data =
      (try? JSONSerialization.data(
        withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    return Array(data) + [UInt8(ascii: "\n")]
  }

  /// Writes all of `bytes`.
  private func write(_ bytes: [UInt8], to descriptor: Int32) throws(FileError) {
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes {
        Foundation.write(descriptor, $0.baseAddress! + written, bytes.count - written)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw FileError(path: "<stdout>", operation: .write, code: errno)
      }
      written += count
    }
  }
}

/// Lines of a file descriptor, read as they arrive (never waiting for more than a line).
struct LineReader {
  let descriptor: Int32
  private var buffer: [UInt8] = []
  private var start = 0
  private var ended = false

  init(descriptor: Int32) { self.descriptor = descriptor }

  /// The next line without its line feed, or `nil` at the end of the input.
  mutating func next() throws(FileError) -> [UInt8]? {
    while true {
      if let end = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
        let line = Array(buffer[start..<end])
        start = end + 1
        return line
      }
      if ended {
        guard start < buffer.count else { return nil }
        let line = Array(buffer[start...])
        start = buffer.count
        return line
      }
      if start > 0 {
        buffer.removeFirst(start)
        start = 0
      }
      var block = [UInt8](repeating: 0, count: 65536)
      let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw FileError(path: "<stdin>", operation: .read, code: errno)
      }
      if count == 0 { ended = true } else { buffer.append(contentsOf: block[0..<count]) }
    }
  }
}
