import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// `FileGrouping` cuts its input into chunks and groups them on several threads; the output
/// must not depend on how: the same bytes for every thread count and block size, including
/// rows that straddle block boundaries and quoted fields that hold line breaks.
@Suite("Parallel grouping")
struct ParallelGroupingTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let demoScheme = root.appendingPathComponent("grouper-tables/demo").path

  /// A case file built from the demo samples with an extra free-text `note` column that is
  /// sometimes quoted with commas, quotes and line breaks inside, CRLF endings on some rows,
  /// blank lines, and one unreadable row. Returns the text and its number of data rows.
  static func awkwardInput(copies: Int) throws -> (text: String, rows: Int) {
    let samples = try String(
      contentsOfFile: root.appendingPathComponent("grouper-tables/samples/demo-cases.csv").path,
      encoding: .utf8
    ).split(separator: "\n").map(String.init)
    var text = samples[0] + ",note\n"
    var rows = 0
    for copy in 0..<copies {
      for (index, row) in samples.dropFirst().enumerated() {
        let note: String
        switch (copy + index) % 5 {
        case 0: note = "\"first line\nsecond line, with a comma\""
        case 1: note = "\"she said \"\"ok\"\"\""
        case 2: note = ""
        case 3: note = "plain"
        default: note = "\"\r\n\""
        }
        text += row + "," + note + ((copy + index) % 7 == 0 ? "\r\n" : "\n")
        rows += 1
        if (copy + index) % 11 == 0 { text += "\n" }  // a blank line: not a row
      }
    }
    text += "X1,H01,1,50\n"  // a short row: invalid, still written
    rows += 1
    return (text, rows)
  }

  @Test func outputIsTheSameForEveryThreadCountAndBlockSize() throws {
    let scheme = try Scheme(directory: Self.demoScheme)
    let directory = try TemporaryDirectory()
    let (text, rows) = try Self.awkwardInput(copies: 20)
    let input = try directory.write(text, name: "cases.csv")
    var reference: (bytes: Data, summary: GroupingSummary)?
    for threads in [1, 2, 3, 5] {
      for blockSize in [64, 257, 4096, 4 << 20] {
        var grouping = FileGrouping(scheme: scheme)
        grouping.threads = threads
        grouping.blockSize = blockSize
        let output = directory.file("out-\(threads)-\(blockSize).csv")
        var summary = try grouping.run(input: input, output: output)
        summary.seconds = 0
        summary.bytesRead = 0
        let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(summary.rowsRead == rows, "threads \(threads), block \(blockSize)")
        #expect(summary.rowsWritten == rows)
        #expect(summary.byStatus.reduce(0, +) == rows)
        if let reference {
          #expect(bytes == reference.bytes, "threads \(threads), block \(blockSize) differs")
          #expect(summary == reference.summary)
        } else {
          reference = (bytes, summary)
        }
      }
    }
  }

  @Test func everyRowComesBackInOrderWithItsQuotedLineBreaks() throws {
    let scheme = try Scheme(directory: Self.demoScheme)
    let directory = try TemporaryDirectory()
    let (text, rows) = try Self.awkwardInput(copies: 3)
    let input = try directory.write(text, name: "cases.csv")
    var grouping = FileGrouping(scheme: scheme)
    grouping.threads = 2
    grouping.blockSize = 100
    let output = directory.file("out.csv")
    _ = try grouping.run(input: input, output: output)
    // Read both files with the sequential reader: the i-th output record must begin with
    // the i-th input record's fields.
    let inputRecords = try readAll(path: input).records
    let outputRecords = try readAll(path: output).records
    #expect(inputRecords.count == rows + 1)
    #expect(outputRecords.count == inputRecords.count)
    for (original, grouped) in zip(inputRecords.dropFirst(), outputRecords.dropFirst())
    where original.fields.count == inputRecords[0].fields.count {
      #expect(Array(grouped.fields.prefix(original.fields.count)) == original.fields)
      #expect(grouped.fields.count == original.fields.count + 7)
    }
    // The short last row is reported with its line (reason, then the empty warnings).
    let last = try #require(outputRecords.last)
    #expect(last.fields[last.fields.count - 7] == "invalid")
    #expect(last.fields[last.fields.count - 2].contains("fields where the header has"))
    #expect(last.fields.last == "")
  }

  @Test func largeFileReconciles() throws {
    let scheme = try Scheme(directory: Self.demoScheme)
    let directory = try TemporaryDirectory()
    let (text, rows) = try Self.awkwardInput(copies: 600)  // about 30,000 rows
    let input = try directory.write(text, name: "cases.csv")
    var grouping = FileGrouping(scheme: scheme)
    grouping.blockSize = 64 << 10
    let summary = try grouping.run(input: input, output: directory.file("out.csv"))
    #expect(rows > 30_000)
    #expect(summary.rowsRead == rows)
    #expect(summary.rowsWritten == rows)
    #expect(summary.byStatus.reduce(0, +) == rows)
    #expect(summary.unreadableRows == 1)
    let lines = try readAll(path: directory.file("out.csv")).records.count
    #expect(lines == rows + 1)
  }

  /// A worker reads one record while it looks up the codes of the one before and groups the
  /// one before that. Each row must still carry its own case's result: checked against
  /// grouping each case alone through the slow `DischargeCase` path, with unreadable rows
  /// at the start, in the middle and at the end, and blocks small enough that a chunk
  /// holds one or two records.
  @Test func eachRowCarriesTheResultOfItsOwnCase() throws {
    let scheme = try Scheme(directory: Self.demoScheme)
    let directory = try TemporaryDirectory()
    let samples = try String(
      contentsOfFile: Self.root.appendingPathComponent("grouper-tables/samples/demo-cases.csv")
        .path,
      encoding: .utf8
    ).split(separator: "\n").map(String.init)
    let broken = "X9,H01,1,50"  // too few fields: unreadable
    var rows = [broken]
    // Sample order interleaved from both ends, so neighbouring rows differ in group.
    let cases = Array(samples.dropFirst())
    for index in 0..<cases.count {
      rows.append(index % 2 == 0 ? cases[index / 2] : cases[cases.count - 1 - index / 2])
      if index == cases.count / 2 { rows.append(broken) }
    }
    rows.append(broken)
    let input = try directory.write(
      ([samples[0]] + rows).joined(separator: "\n") + "\n", name: "cases.csv")
    var expected: [String: GroupingOutcome] = [:]
    for row in cases {
      let id = String(row.prefix { $0 != "," })
      let record = try #require(try CaseFile.find(id: id, in: input))
      expected[id] = scheme.group(record)
    }
    #expect(Set(expected.values.map(\.drg)).count > 10, "the samples should span many DRGs")
    for (threads, blockSize) in [(1, 64), (2, 150), (1, 4 << 20), (3, 4096)] {
      var grouping = FileGrouping(scheme: scheme)
      grouping.threads = threads
      grouping.blockSize = blockSize
      let output = directory.file("out-\(threads)-\(blockSize).csv")
      _ = try grouping.run(input: input, output: output)
      let records = try readAll(path: output).records.dropFirst()
      #expect(records.count == rows.count)
      var checked = 0
      for record in records {
        let status = record.fields[record.fields.count - 7]
        guard let outcome = expected[record.fields[0]] else {
          #expect(status == "invalid", "line \(record.line): an unreadable row")
          continue
        }
        #expect(status == outcome.status.description, "line \(record.line)")
        #expect(record.fields[record.fields.count - 4] == outcome.drg, "line \(record.line)")
        #expect(record.fields[record.fields.count - 2] == outcome.reason, "line \(record.line)")
        checked += 1
      }
      #expect(checked == cases.count, "threads \(threads), block \(blockSize)")
    }
  }
}
