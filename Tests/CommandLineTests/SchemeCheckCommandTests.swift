import DRGTestSupport
import Foundation
import Testing

@Suite("drg scheme check")
struct SchemeCheckCommandTests {
  @Test func summarisesTheDemoScheme() {
    let run = CommandRun(["scheme", "check", Repository.demoScheme])
    #expect(run.status == 0)
    #expect(run.out.contains("Scheme demo"))
    #expect(run.out.contains("5 MDCs, 14 ADRGs (1 ambiguous), 29 DRGs"))
    #expect(run.out.contains("No warnings."))
  }

  @Test func strictFailsOnWarnings() throws {
    let directory = Repository.temporary("scheme")
    try FileManager.default.copyItem(atPath: Repository.demoScheme, toPath: directory)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // An extra list that no rule names.
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/lists.csv"))
    handle.seekToEndOfFile()
    handle.write(Data("UNUSED.dx,I10.x00,\n".utf8))
    try handle.close()
    let run = CommandRun(["scheme", "check", directory, "--strict"])
    #expect(run.status == 1)
    #expect(run.out.contains("warning: lists.csv: list 'UNUSED.dx' is not used by any rule"))
  }
}

@Suite("drg scheme check on a published table with a duplicate cc.csv row")
struct SchemeCheckChangzhouTests {
  /// `grouper-tables/changzhou-2022/cc.csv` lists J96.900x003 on line 1150 as MCC and on
  /// line 5357 as CC, both with exclusion 94 (read with awk, not with DRGKit). Loading it
  /// failed before the format's rule for duplicate rows.
  static let changzhou = Repository.root.appendingPathComponent("grouper-tables/changzhou-2022")
    .path

  @Test func loadsAndWarnsNamingBothLines() {
    let run = CommandRun(["scheme", "check", Self.changzhou])
    #expect(run.status == 0, "\(run.error)")
    #expect(
      run.out.contains(
        "warning: cc.csv:5357: code J96.900x003 is listed again (line 1150: MCC, exclusion 94; line 5357: CC, exclusion 94); it counts as MCC with exclusion table 94"
      ), "\(run.out)")
  }

  @Test func summarisedUnlessVerbose() throws {
    let short = CommandRun(["scheme", "check", Self.changzhou])
    let verbose = CommandRun(["scheme", "check", Self.changzhou, "--verbose"])
    #expect(short.status == 0 && verbose.status == 0)
    func warningLines(_ text: String) -> Int {
      text.split(separator: "\n").filter { $0.hasPrefix("    warning: ") }.count
    }
    // "N warnings:" heads the list; --verbose prints every one of them.
    let header = try #require(
      verbose.out.split(separator: "\n").first { $0.hasSuffix(" warnings:") })
    let total = try #require(Int(header.split(separator: " ")[0]))
    #expect(warningLines(verbose.out) == total)
    #expect(warningLines(short.out) < total)
    #expect(short.out.contains("Run with --verbose to list every warning."))
    #expect(!verbose.out.contains("Run with --verbose"))
  }
}
