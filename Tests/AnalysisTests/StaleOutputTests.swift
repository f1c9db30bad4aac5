import DRGAnalysis
import DRGTestSupport
import Foundation
import Testing

/// compare and diff never leave an earlier run's files beside this run's in `-o`: a file
/// the command may write but this run does not is removed, and the run names it.
@Suite("compare and diff: files of an earlier run")
struct StaleOutputTests {
  /// `--by dept` writes depts.csv and drg_depts.csv; a later `--by hospital` run into the
  /// same directory writes hospitals.csv and drg_hospitals.csv instead and removes the
  /// two dept files (also with -q), keeping a file that is not compare's.
  @Test func compareRemovesTheOtherUnitsFiles() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(CompareCommandTests.grouped, name: "grouped.csv")
    let out = directory.file("d")
    let first = CommandRun(["compare", input, "--by", "dept", "-o", out, "-q"])
    #expect(first.status == 0, "\(first.error)")
    #expect(FileManager.default.fileExists(atPath: out + "/depts.csv"))
    _ = try directory.write("mine", name: "d/notes.txt")
    let second = CommandRun(["compare", input, "-o", out, "-q"])
    #expect(second.status == 0, "\(second.error)")
    #expect(
      second.error.contains(
        "drg compare: removed depts.csv, drg_depts.csv from \(out): left by an earlier run, not written by this one"
      ), "\(second.error)")
    let found = Set(try FileManager.default.contentsOfDirectory(atPath: out))
    #expect(
      found == [
        "hospitals.csv", "drg_risk.csv", "drg_hospitals.csv", "funnel.csv", "methods.txt",
        "notes.txt",
      ], "\(found.sorted())")
  }

  /// diff with weights writes hospitals.csv; without weights it does not, and removes it.
  @Test func diffRemovesHospitalsCSVOfARunWithWeights() throws {
    let directory = try TemporaryDirectory()
    let (_, weights) = DemoFiles.groupedAndWeights(in: directory)
    let out = directory.file("d")
    let first = CommandRun([
      "diff", Repository.demoCases, "--from", Repository.demoScheme, "--to", Repository.demoScheme,
      "--weights-a", weights, "--weights-b", weights, "-o", out, "-q",
    ])
    #expect(first.status == 0, "\(first.error)")
    #expect(FileManager.default.fileExists(atPath: out + "/hospitals.csv"))
    let second = CommandRun([
      "diff", Repository.demoCases, "--from", Repository.demoScheme, "--to", Repository.demoScheme,
      "-o", out, "-q",
    ])
    #expect(second.status == 0, "\(second.error)")
    #expect(
      second.error.contains("drg diff: removed hospitals.csv from \(out)"), "\(second.error)")
    #expect(!FileManager.default.fileExists(atPath: out + "/hospitals.csv"))
  }
}
