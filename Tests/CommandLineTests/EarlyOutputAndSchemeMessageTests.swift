import DRGTestSupport
import Foundation
import Testing

/// Nothing silent, nothing late: an output directory that cannot be made is refused before
/// any input is read, and a missing scheme table is named with the directory looked in.
@Suite("Output directories checked first; missing scheme tables named by path")
struct EarlyOutputAndSchemeMessageTests {
  /// Before: compare and diff read and analysed the whole input, then found that `-o`
  /// could not be made. Here the input is refused as bad data (a header alone, exit 65)
  /// when it is read, so exit 73 shows the directory was checked first.
  @Test func aDirectoryOutputThatCannotBeMadeIsRefusedBeforeTheInputIsRead() throws {
    let work = try TemporaryDirectory()
    let grouped = try work.write("case_id,hospital_id,drg,status,total_cost\n", name: "g.csv")
    let cases = try work.write("case_id,sex,age,diagnoses\n", name: "cases.csv")
    let policy = try work.write(#"{"name": "t", "budget": 100000}"#, name: "p.json")
    let blocked = policy + "/sub/out"
    let scheme = Repository.demoScheme
    let lines: [[String]] = [
      ["compare", grouped, "-o", blocked],
      ["diff", cases, "--from", scheme, "--to", scheme, "-o", blocked],
      ["settle", grouped, "--policy", policy, "-o", blocked],
    ]
    for line in lines {
      // Without the blocked directory the same input is bad data.
      let unblocked = CommandRun(line.dropLast(2) + ["-o", work.file("\(line[0])-out"), "-q"])
      #expect(unblocked.status == 65, "drg \(line[0]): \(unblocked.error)")
      let run = CommandRun(line + ["-q"])
      #expect(run.status == 73, "drg \(line[0]): \(run.error)")
      #expect(run.error.contains("\(blocked): cannot create: Not a directory"), "\(run.error)")
    }
  }

  /// Before: `scheme: drg.csv: file is missing; …`, without the directory.
  @Test func aMissingSchemeTableIsNamedWithItsDirectory() throws {
    let work = try TemporaryDirectory()
    let copy = work.file("demo")
    try FileManager.default.copyItem(atPath: Repository.demoScheme, toPath: copy)
    try FileManager.default.removeItem(atPath: (copy as NSString).appendingPathComponent("drg.csv"))
    for line in [
      ["group", Repository.demoCases, "-s", copy, "-o", work.file("o.csv")],
      ["scheme", "check", copy],
      ["explain", "-s", copy, "--sex", "1", "--age", "60", "--dx", "I21.000"],
    ] {
      let run = CommandRun(line)
      #expect(run.status == 66, "drg \(line[0]): \(run.error)")
      #expect(
        run.error.contains("\(copy)/drg.csv: file is missing; every scheme directory needs it"),
        "drg \(line[0]): \(run.error)")
    }
  }
}
