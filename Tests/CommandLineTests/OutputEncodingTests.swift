import DRGKit
import DRGTestSupport
import Foundation
import Testing

/// `--bom` and `--output-encoding gb18030`: one mechanism (``CSVWriter``) for every CSV.
@Suite("CSV output encodings")
struct OutputEncodingTests {
  static let chineseCases = Repository.root.appendingPathComponent(
    "grouper-tables/samples/demo-cases-zh.csv"
  ).path
  /// The same file saved as GBK by hand (an independent encoding of the same text).
  static let chineseCasesGBK = Repository.root.appendingPathComponent(
    "grouper-tables/samples/demo-cases-zh-gbk.csv"
  ).path

  private func group(_ extra: [String]) throws -> [UInt8] {
    let output = Repository.temporary("grouped.csv")
    defer { try? FileManager.default.removeItem(atPath: output) }
    let run = CommandRun(
      ["group", Self.chineseCases, "-s", Repository.demoScheme, "-o", output] + extra)
    #expect(run.status == 0, "\(run.error)")
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
  }

  @Test func bomPutsTheByteOrderMarkBeforeTheSameBytes() throws {
    let plain = try group([])
    let marked = try group(["--bom"])
    #expect(plain.prefix(3) != [0xEF, 0xBB, 0xBF])
    #expect(Array(marked.prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(Array(marked.dropFirst(3)) == plain)
  }

  @Test func gb18030OutputMatchesTheGBKTwinOfTheInput() throws {
    let encoded = try group(["--output-encoding", "gb18030"])
    let gbkInput = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.chineseCasesGBK)))
    // Each output row starts with its input row: in GB18030 those are the GBK file's bytes.
    let inputLines = gbkInput.split(separator: 0x0A, omittingEmptySubsequences: false)
    let outputLines = encoded.split(separator: 0x0A, omittingEmptySubsequences: false)
    #expect(outputLines.count == inputLines.count)
    for (input, output) in zip(inputLines, outputLines) where !input.isEmpty {
      // The input's lines end in CRLF; output rows in LF.
      let row = input.last == 0x0D ? input.dropLast() : input[...]
      #expect(output.starts(with: row + [UInt8(ascii: ",")]))
    }
    // Not UTF-8 any more: 病 is B2 A1 in GBK (E7 97 85 in UTF-8).
    #expect(Array(encoded.prefix(2)) == [0xB2, 0xA1])
  }

  @Test func gb18030OutputIsReadBackAsTheSameGroups() throws {
    let encoded = Repository.temporary("grouped-gbk.csv")
    let plain = Repository.temporary("grouped.csv")
    defer {
      try? FileManager.default.removeItem(atPath: encoded)
      try? FileManager.default.removeItem(atPath: plain)
    }
    let first = CommandRun([
      "group", Self.chineseCases, "-s", Repository.demoScheme, "-o", encoded,
      "--output-encoding", "gbk",
    ])
    #expect(first.status == 0, "\(first.error)")
    _ = CommandRun(["group", Self.chineseCases, "-s", Repository.demoScheme, "-o", plain])
    let decoded = try #require(try Self.iconv(encoded))
    #expect(decoded == (try String(contentsOfFile: plain, encoding: .utf8)))
  }

  /// Decodes `path` from GB18030 with the system's iconv command (independent of DRGKit).
  static func iconv(_ path: String) throws -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "GB18030", "-t", "UTF-8", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(data: data, encoding: .utf8)
  }

  @Test func everyCommandThatWritesCSVTakesTheOptions() {
    for command in ["group", "weights", "settle", "compare", "diff", "audit", "synth"] {
      let help = CommandRun([command, "--help"]).out
      #expect(help.contains("--bom"), "\(command)")
      #expect(help.contains("--output-encoding NAME"), "\(command)")
    }
  }

  @Test func bomWithGB18030IsAUsageError() {
    let run = CommandRun([
      "group", Self.chineseCases, "-s", Repository.demoScheme, "-o", "/dev/null", "--bom",
      "--output-encoding", "gb18030",
    ])
    #expect(run.status == 64)
    #expect(run.error.contains("give one"))
    let unknown = CommandRun([
      "group", Self.chineseCases, "-s", Repository.demoScheme, "-o", "/dev/null",
      "--output-encoding", "latin1",
    ])
    #expect(unknown.status == 64)
    #expect(unknown.error.contains("unknown --output-encoding 'latin1'"))
  }

  @Test func weightsWritesItsCSVWithTheMarkToo() throws {
    let grouped = Repository.temporary("grouped.csv")
    let weights = Repository.temporary("weights.csv")
    defer {
      try? FileManager.default.removeItem(atPath: grouped)
      try? FileManager.default.removeItem(atPath: weights)
    }
    _ = CommandRun(["group", Repository.demoCases, "-s", Repository.demoScheme, "-o", grouped])
    let run = CommandRun(["weights", grouped, "-o", weights, "--bom"])
    #expect(run.status == 0, "\(run.error)")
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: weights)))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(bytes.dropFirst(3).starts(with: Array("drg".utf8)))
  }

  /// Bytes that are not UTF-8 cannot be written in GB18030: each is written as `?`, and the
  /// file is reported with how many bytes on how many lines, never silently. Line 2 holds
  /// FF FE, line 4 a lone C3 (before its line feed), and the file ends in half of 中
  /// (E4 B8): 4 bytes on 3 lines, the first line 2. 中 itself is D6 D0 in GB18030.
  @Test func bytesWithoutAGB18030FormAreCountedAndReported() throws {
    let path = Repository.temporary("encoded.csv")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let text: [UInt8] =
      Array("a,b\nx,".utf8) + [0xFF, 0xFE] + Array("\nok,中\ny,".utf8) + [0xC3]
      + Array("\nz,".utf8) + [0xE4, 0xB8]
    let problems = OutputEncodingProblems()
    try OutputEncoding.$problems.withValue(problems) {
      let writer = try CSVWriter(path: path, encoding: .gb18030)
      try writer.write(text)
      try writer.finish()
    }
    let written = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(
      written
        == Array("a,b\nx,??\nok,".utf8) + [0xD6, 0xD0] + Array("\ny,?\nz,?".utf8))
    #expect(
      problems.files == [.init(path: path, bytes: 4, rows: 3, firstLine: 2)], "\(problems.files)")
    #expect(
      problems.files.first?.description
        == "\(path): 4 bytes that are not UTF-8 (or have no GB18030 form) in 3 rows (first: line 2) written as '?' in GB18030"
    )
    // A clean file reports nothing.
    let clean = OutputEncodingProblems()
    try OutputEncoding.$problems.withValue(clean) {
      let writer = try CSVWriter(path: path, encoding: .gb18030)
      try writer.write(Array("ok,中\n".utf8))
      try writer.finish()
    }
    #expect(clean.files.isEmpty)
  }
}
