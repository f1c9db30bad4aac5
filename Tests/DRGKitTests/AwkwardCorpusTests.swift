import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// The README's promise that `drg group` writes the same bytes for any `--block-size` and
/// any `--threads`, checked on the awkward-file corpus that `Scripts/make-awkward-corpus.py`
/// writes: stray and unterminated quotes, quoted fields larger than the 4 MB block, records
/// spanning lines, CRLF, blank lines, long and short rows, UTF-8 turning into GBK after
/// 64 KB, GBK, bytes in neither, UTF-16, and random damage.
@Suite("Awkward corpus: the same output for every block size and thread count")
struct AwkwardCorpusTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Runs the corpus script into a fresh directory; the corpus files' paths.
  static func corpus() throws -> (directory: TemporaryDirectory, files: [String]) {
    let directory = try TemporaryDirectory()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", root.appendingPathComponent("Scripts/make-awkward-corpus.py").path,
      directory.path,
    ]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "Scripts/make-awkward-corpus.py failed")
    let files = try directory.fileNames().filter { $0.hasSuffix(".csv") }
    #expect(files.count >= 12)
    return (directory, files.map { directory.file($0) })
  }

  /// Groups `input` and returns the output and rejects bytes and the summary without its
  /// timings.
  static func group(
    _ input: String, scheme: Scheme, threads: Int, blockSize: Int, in directory: TemporaryDirectory
  ) throws -> (output: Data, rejects: Data, summary: GroupingSummary) {
    var grouping = FileGrouping(scheme: scheme)
    grouping.threads = threads
    grouping.blockSize = blockSize
    let name = (input as NSString).lastPathComponent
    let output = directory.file("\(name).\(threads).\(blockSize).out")
    let rejects = directory.file("\(name).\(threads).\(blockSize).rejects")
    grouping.rejectsPath = rejects
    var summary = try grouping.run(input: input, output: output)
    summary.seconds = 0
    summary.bytesRead = 0
    let result = try (
      Data(contentsOf: URL(fileURLWithPath: output)),
      Data(contentsOf: URL(fileURLWithPath: rejects)), summary
    )
    try FileManager.default.removeItem(atPath: output)
    try FileManager.default.removeItem(atPath: rejects)
    return result
  }

  @Test("1, 2 and 8 threads with blocks of 1 B, 7 B, 4 KB and 4 MB give identical bytes")
  func identicalForTheNamedThreadCountsAndBlockSizes() throws {
    let scheme = try Scheme(
      directory: Self.root.appendingPathComponent("grouper-tables/demo").path)
    let (directory, files) = try Self.corpus()
    for file in files {
      let reference = try Self.group(
        file, scheme: scheme, threads: 1, blockSize: 4 << 20, in: directory)
      #expect(reference.summary.rowsRead == reference.summary.rowsWritten)
      #expect(String(data: reference.output, encoding: .utf8) != nil, "\(file): not UTF-8")
      for threads in [1, 2, 8] {
        for blockSize in [1, 7, 4096, 4 << 20] {
          let run = try Self.group(
            file, scheme: scheme, threads: threads, blockSize: blockSize, in: directory)
          let label = "\((file as NSString).lastPathComponent), \(threads) threads, \(blockSize) B"
          #expect(run.output == reference.output, "\(label): output differs")
          #expect(run.rejects == reference.rejects, "\(label): rejects differ")
          #expect(run.summary == reference.summary, "\(label): summary differs")
        }
      }
    }
  }

  @Test("random block sizes and thread counts give identical bytes")
  func identicalForRandomBlockSizes() throws {
    let scheme = try Scheme(
      directory: Self.root.appendingPathComponent("grouper-tables/demo").path)
    let (directory, files) = try Self.corpus()
    var random = SeededGenerator(seed: 2026)
    for file in files {
      let reference = try Self.group(
        file, scheme: scheme, threads: 1, blockSize: 64 << 20, in: directory)
      for _ in 0..<6 {
        let blockSize =
          Bool.random(using: &random)
          ? Int.random(in: 1...512, using: &random)
          : Int.random(in: 513...(8 << 20), using: &random)
        let threads = Int.random(in: 1...4, using: &random)
        let run = try Self.group(
          file, scheme: scheme, threads: threads, blockSize: blockSize, in: directory)
        let label = "\((file as NSString).lastPathComponent), \(threads) threads, \(blockSize) B"
        #expect(run.output == reference.output, "\(label): output differs")
        #expect(run.rejects == reference.rejects, "\(label): rejects differ")
        #expect(run.summary == reference.summary, "\(label): summary differs")
      }
    }
  }

  /// Every output row has the header's number of fields, whatever the input row had.
  @Test func everyOutputRowHasTheHeadersWidth() throws {
    let scheme = try Scheme(
      directory: Self.root.appendingPathComponent("grouper-tables/demo").path)
    let (directory, files) = try Self.corpus()
    for file in files {
      let run = try Self.group(file, scheme: scheme, threads: 2, blockSize: 4096, in: directory)
      let rows = parseAll(Array(run.output))
      let width = rows.first?.fields.count ?? 0
      for row in rows {
        #expect(row.problem == nil, "\(file) line \(row.line): \(row)")
        #expect(row.fields.count == width, "\(file) line \(row.line): \(row.fields.count) fields")
      }
      #expect(rows.count - 1 == run.summary.rowsWritten, "\(file)")
    }
  }

  /// Issue 17: a row with more fields than the header was written as it was, so its extra
  /// fields landed under `status`, `mdc`, …. Now it keeps the header's first fields and
  /// its extra fields are named in `reason` (and the rejects file keeps the raw row).
  @Test func aLongRowKeepsTheHeadersWidthAndItsExtraFieldsGoToReason() throws {
    let scheme = try Scheme(
      directory: Self.root.appendingPathComponent("grouper-tables/demo").path)
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "case_id,sex,age,diagnoses\nA1,1,50,I10.x00,extra,\"more, quoted\"\n", name: "long.csv")
    var grouping = FileGrouping(scheme: scheme)
    grouping.rejectsPath = directory.file("rejects.csv")
    let summary = try grouping.run(input: input, output: directory.file("out.csv"))
    #expect(summary.rowsWritten == 1)
    let rows = parseAll(try directory.read("out.csv"))
    // 4 input columns + status, mdc, adrg, drg, drg_name, reason, warnings.
    #expect(rows.map(\.fields.count) == [11, 11])
    #expect(Array(rows[1].fields[0..<5]) == ["A1", "1", "50", "I10.x00", "invalid"])
    #expect(
      rows[1].fields[9]
        == "line 2: 6 fields where the header has 4; extra fields: extra,\"more, quoted\"")
    let rejects = parseAll(try directory.read("rejects.csv"))
    #expect(rejects[1].fields[1] == rows[1].fields[9])
    #expect(rejects[1].fields[2] == "A1,1,50,I10.x00,extra,\"more, quoted\"")
  }
}
