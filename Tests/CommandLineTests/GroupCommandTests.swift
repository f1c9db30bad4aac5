import DRGKit
import DRGTestSupport
import Foundation
import Testing

@Suite("drg group")
struct GroupCommandTests {
  @Test func groupsTheDemoFileAndReconciles() throws {
    let output = Repository.temporary("grouped.csv")
    defer { try? FileManager.default.removeItem(atPath: output) }
    let run = CommandRun(["group", Repository.demoCases, "-s", Repository.demoScheme, "-o", output])
    #expect(run.status == 0, "\(run.error)")
    let input = try String(contentsOfFile: Repository.demoCases, encoding: .utf8)
      .split(separator: "\n")
    let written = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
    #expect(written.count == input.count)
    #expect(
      written.first == input.first.map { $0 + ",status,mdc,adrg,drg,drg_name,reason,warnings" })
    // Input rows come back unchanged, in order, as the prefix of each output row.
    for (original, grouped) in zip(input.dropFirst(), written.dropFirst()) {
      #expect(grouped.hasPrefix(original + ","))
    }
    #expect(run.error.contains("\(input.count - 1) rows read, \(input.count - 1) written"))
  }

  @Test func missingSchemeOptionIsAUsageError() {
    let run = CommandRun(["group", Repository.demoCases])
    #expect(run.status == 64)
    #expect(run.error.contains("missing --scheme"))
  }

  @Test func brokenSchemeNamesFileAndLine() throws {
    let directory = Repository.temporary("scheme")
    try FileManager.default.copyItem(atPath: Repository.demoScheme, toPath: directory)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let adrg = directory + "/adrg.csv"
    var lines = try String(contentsOfFile: adrg, encoding: .utf8).components(separatedBy: "\n")
    lines[1] = "MDCA,1,AH1,呼吸机,any_proc in NO_SUCH_LIST"
    try lines.joined(separator: "\n").write(toFile: adrg, atomically: true, encoding: .utf8)
    let run = CommandRun(["group", Repository.demoCases, "-s", directory, "-o", "-"])
    #expect(run.status == 65)
    #expect(
      run.error.contains(
        "adrg.csv:2:13: unknown list 'NO_SUCH_LIST' in rule; lists.csv has no such list"),
      "\(run.error)")
  }

  @Test func missingInputFileExits66() {
    let run = CommandRun(["group", "/nonexistent/cases.csv", "-s", Repository.demoScheme])
    #expect(run.status == 66)
    #expect(run.error.contains("/nonexistent/cases.csv: cannot open"))
  }

  @Test(arguments: [["-j", "inf"], ["-j", "nan"], ["-j", "0"], ["--block-size", "inf"]])
  func nonFiniteOrZeroNumbersAreUsageErrors(_ option: [String]) {
    let run = CommandRun(
      ["group", Repository.demoCases, "-s", Repository.demoScheme, "-o", "/dev/null"] + option)
    #expect(run.status == 64, "\(run.error)")
  }

  @Test func outputThatCannotBeCreatedExits73() {
    let run = CommandRun([
      "group", Repository.demoCases, "-s", Repository.demoScheme, "-o", "/nonexistent/out.csv",
    ])
    #expect(run.status == 73)
    #expect(run.error.contains("/nonexistent/out.csv: cannot create"))
  }

  @Test func refusesToOverwriteItsInput() {
    let run = CommandRun([
      "group", Repository.demoCases, "-s", Repository.demoScheme, "-o", Repository.demoCases,
    ])
    #expect(run.status == 64)
    #expect(run.error.contains("overwrite the input"))
  }

  @Test func missingRequiredColumnIsADataError() throws {
    let input = Repository.temporary("cases.csv")
    defer { try? FileManager.default.removeItem(atPath: input) }
    try "case_id,sex,diagnoses\nA,1,I10.x00\n".write(
      toFile: input, atomically: true, encoding: .utf8)
    let run = CommandRun(["group", input, "-s", Repository.demoScheme, "-o", "/dev/null"])
    #expect(run.status == 65)
    #expect(run.error.contains("header lacks required column age"))
  }
}

@Suite("drg group: --map and --edits")
struct GroupEditOptionTests {
  @Test func mapWithoutMapsIsAUsageError() {
    // The demo scheme ships no dx_map.csv / proc_map.csv.
    let run = CommandRun(["group", Repository.demoCases, "-s", Repository.demoScheme, "--map"])
    #expect(run.status == 64)
    #expect(run.error.contains("has no dx_map.csv or proc_map.csv"))
  }

  @Test func unreadableEditTableNamesTheFile() {
    let run = CommandRun([
      "group", Repository.demoCases, "-s", Repository.demoScheme, "--edits", "/nonexistent/e.csv",
    ])
    #expect(run.status == 66)  // a missing input file (README, "Files")
    #expect(run.error.contains("/nonexistent/e.csv: the edit table does not exist"))
  }

  @Test func editsAndNoEditsExcludeEachOther() {
    let run = CommandRun([
      "group", Repository.demoCases, "-s", Repository.demoScheme, "--edits", "x.csv",
      "--no-edits",
    ])
    #expect(run.status == 64)
  }

  @Test func summaryCountsWarnings() throws {
    let output = Repository.temporary("warned.csv")
    defer { try? FileManager.default.removeItem(atPath: output) }
    let run = CommandRun(["group", Repository.demoCases, "-s", Repository.demoScheme, "-o", output])
    #expect(run.status == 0)
    // demo-cases.csv has a 40-day-old with P59.900 (D13), J44.000 twice (D19) and a male
    // patient with O80.000 (D43): three rows with one warning each.
    #expect(
      run.error.contains(
        "3 rows with warnings (1 code contradicts sex, 1 newborn code after 28 days, 1 duplicate code)"
      ))
  }
}
