import DRGAnalysis
import DRGKit
import DRGTestSupport
import Foundation
import Testing

@Suite("drg audit command")
struct AuditCommandTests {
  @Test func endToEndWritesFlagsAndAReconcilingSummary() throws {
    let directory = try TemporaryDirectory()
    // The readmission data plus four rows that are not used: ambiguous, ungroupable,
    // invalid and one with a field too many (line 18).
    let input = try directory.write(
      ReadmissionTests.grouped
        + """
        X1,H1,P9,2024-01-01,2024-01-02,1,J18.900,ambiguous,MDCE,QY,EQY
        X2,H1,P9,2024-01-01,2024-01-02,1,J18.900,ungroupable,0000,00,0000
        X3,H1,P9,2024-01-01,2024-01-02,1,,invalid,,,
        X4,H1,P9,2024-01-01,2024-01-02,1,J18.900,grouped,MDCE,ES1,ES15,extra

        """, name: "grouped.csv")
    let output = directory.file("flags.csv")
    let run = CommandRun(["audit", input, "-o", output, "-j", "2"])
    #expect(run.status == 0, "\(run.error)")
    // 17 rows: 13 used + 1 ambiguous + 1 ungroupable + 1 invalid + 1 unreadable.
    #expect(
      run.error.contains(
        "17 rows read; 13 grouped cases used; 4 skipped — 1 ambiguous, 1 ungroupable, 1 invalid, 1 unreadable"
      ), "\(run.error)")
    #expect(run.error.contains("line 18: 12 fields where the header has 11"))
    #expect(
      run.error.contains("1 with an unreadable date (first: line 13, admit_date '2024-13-01'"))
    #expect(run.error.contains("1 exempt pairs"))
    #expect(run.error.contains("flags: 2 — 2 readmission, 0 upcoding, 0 long_stay"))
    let flags = try FlagRows(path: output)
    // The DRG names come last (the input has no drg_name: both empty).
    #expect(flags.header == AuditReport.columns + ["drg_name", "related_drg_name"])
    #expect(flags.rows.count == 2)
    #expect(flags.value(0, "kind") == "readmission")
    #expect(flags.value(0, "case_id") == "A2" && flags.value(0, "related_case_id") == "A1")
    #expect(flags.value(0, "patient_id") == "P1" && flags.value(0, "gap_days") == "15")
    #expect(flags.value(1, "hospitals") == "other" && flags.value(1, "related_hospital_id") == "H1")
    #expect(flags.value(1, "threshold") == "15.00")
    #expect(flags.value(1, "reason").hasPrefix("readmitted 2 days after discharge"))
  }

  @Test func quietRunWritesOnlyTheFlagsFile() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(LongStayTests.grouped, name: "grouped.csv")
    let output = directory.file("flags.csv")
    let run = CommandRun(["audit", input, "-q", "--rules", "long_stay", "-o", output])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.isEmpty)
    // The header and L11's long stay (LongStayTests: 30 days > 19.21 in ES15 of 11 cases).
    let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
    try #require(lines.count == 2)
    #expect(lines[1].hasPrefix("long_stay,L11,,,H1,,ES1,ES15,,,,,30,11,"), "\(lines[1])")
  }

  @Test func aRuleAskedForWithoutItsColumnsStopsTheRun() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(LongStayTests.grouped, name: "grouped.csv")
    // Every rule is asked for by default; the file has no patient id or dates.
    let run = CommandRun(["audit", input, "-o", directory.file("flags.csv")])
    #expect(run.status == 65, "\(run.error)")
    #expect(
      run.error.contains(
        "rule readmission needs the columns patient_id (患者编号), admit_date (入院日期), discharge_date (出院日期), diagnoses (主要诊断编码), which the header lacks"
      ), "\(run.error)")
    #expect(run.error.contains("or leave the rule out with --rules upcoding,long_stay"))
    #expect(!FileManager.default.fileExists(atPath: directory.file("flags.csv")))
    // Leaving the rule out runs the others.
    let without = CommandRun([
      "audit", input, "--rules", "upcoding,long_stay", "-o", directory.file("flags.csv"),
    ])
    #expect(without.status == 0, "\(without.error)")
    #expect(without.error.contains("1 long_stay"))
  }

  @Test func errorsNameTheFileAndExitLikeTheOtherCommands() throws {
    let directory = try TemporaryDirectory()
    let noDRG = try directory.write("case_id,hospital_id,los\n1,H1,3\n", name: "nodrg.csv")
    let missing = CommandRun(["audit", noDRG])
    #expect(missing.status == 65)
    #expect(missing.error.contains("nodrg.csv:1: header lacks the column drg"))
    let absent = CommandRun(["audit", directory.file("absent.csv")])
    #expect(absent.status == 66)
    let badOption = CommandRun(["audit", noDRG, "--readmit-related", "ward"])
    #expect(badOption.status == 64)
    #expect(
      badOption.error.contains("--readmit-related takes adrg, dx3, mdc and drg, found 'ward'"))
    let badRule = CommandRun(["audit", noDRG, "--rules", "fraud"])
    #expect(badRule.status == 64)
    let empty = try directory.write("", name: "empty.csv")
    #expect(CommandRun(["audit", empty]).status == 65)
  }

  @Test func helpStatesTheMethodsWithExamples() {
    let run = CommandRun(["audit", "--help"])
    #expect(run.status == 0)
    #expect(run.out.contains("one-sided exact binomial"))
    #expect(run.out.contains("Bonferroni"))
    #expect(run.out.contains("e^(m + k·sd)"))
    #expect(run.out.contains("RB1,RB2,RC1,RE1,RG1,RU1,RV1"))
    #expect(run.out.contains("EXAMPLES:\n  drg audit grouped.csv -o flags.csv"))
    #expect(CommandRun(["--help"]).out.contains("audit"))
  }
}
