import DRGTestSupport
import Foundation
import Testing

/// `-q`/`--quiet` silences progress and summaries, never a warning ("nothing silent"):
/// values normalised or unreadable, unreadable rows skipped and input rows dropped still
/// reach stderr. Before, each command printed them only inside its summary, which `-q`
/// dropped whole: every test here printed nothing on stderr.
@Suite("--quiet keeps the warnings")
struct QuietWarningTests {
  /// A grouped file written by hand. By hand: A1's cost `"¥1,200.00"` is read as 1200 (1
  /// thousands separator or currency), A2's los `6天` as 6 (1 unit removed), A3's cost `abc`
  /// cannot be read (1 unreadable, counted as missing; a cost only, so not for audit,
  /// which reads los but no cost), and line 6 has 2 fields where the header has 11.
  static let grouped = """
    case_id,hospital_id,dept,los,leaving,total_cost,status,mdc,adrg,drg,drg_name
    A1,H01,28,5,1,"¥1,200.00",grouped,MDCE,ES2,ES23,肺炎
    A2,H01,28,6天,1,1300.00,grouped,MDCE,ES2,ES23,肺炎
    A3,H02,28,7,1,abc,grouped,MDCE,ES2,ES23,肺炎
    A4,H02,28,4,1,1100.00,grouped,MDCE,ES2,ES23,肺炎
    A5,H01

    """
  static let shortRow = "line 6: 2 fields where the header has 11"
  static let values =
    "values read as exports write them: 1 thousands separator or currency, 1 unit removed, 1 unreadable (counted as missing)"

  private func quietRun(_ line: (TemporaryDirectory, String) -> [String]) throws -> CommandRun {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.grouped, name: "grouped.csv")
    return CommandRun(line(directory, input) + ["-q"])
  }

  private func lines(_ run: CommandRun) -> [String] {
    run.error.split(separator: "\n").map(String.init)
  }

  @Test func weightsQuietStillNamesUnreadableRowsAndValues() throws {
    let run = try quietRun { directory, input in
      ["weights", input, "-o", directory.file("weights.csv")]
    }
    #expect(run.status == 0, "\(run.error)")
    #expect(
      lines(run) == [
        "drg weights: 1 unreadable rows left out (first unreadable: \(Self.shortRow))",
        "drg weights: " + Self.values,
      ])
  }

  @Test func compareQuietStillNamesSkippedRowsAndValues() throws {
    let run = try quietRun { directory, input in
      ["compare", input, "-o", directory.file("compare")]
    }
    #expect(run.status == 0, "\(run.error)")
    #expect(
      lines(run) == ["drg compare: skipped 1 unreadable rows", "drg compare: " + Self.values])
  }

  @Test func compareByDepartmentQuietStillNamesRowsWithoutOne() throws {
    // A4 without a dept: 1 row without dept, skipped.
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      Self.grouped.replacingOccurrences(of: "A4,H02,28,", with: "A4,H02,,"), name: "g.csv")
    let run = CommandRun(["compare", input, "--by", "dept", "-o", directory.file("c"), "-q"])
    #expect(run.status == 0, "\(run.error)")
    #expect(lines(run).first == "drg compare: skipped 1 unreadable rows, 1 rows without dept")
  }

  @Test func auditQuietStillNamesUnreadableRowsAndValues() throws {
    let run = try quietRun { directory, input in
      ["audit", input, "--rules", "upcoding,long_stay", "-o", directory.file("flags.csv")]
    }
    #expect(run.status == 0, "\(run.error)")
    #expect(
      lines(run) == [
        "drg audit: 1 unreadable rows skipped (first unreadable: \(Self.shortRow))",
        "drg audit: values read as exports write them: 1 unit removed",
      ])
  }

  @Test func auditQuietStillNamesStaysWithAnUnreadableDate() throws {
    // R2's discharge date 'yesterday' is no date: the readmission rule leaves R2 out.
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      """
      case_id,hospital_id,patient_id,admit_date,discharge_date,status,adrg,drg,los,diagnoses
      R1,H1,P1,2024-01-02,2024-01-10,grouped,ES1,ES15,8,J18.900
      R2,H1,P1,2024-01-20,yesterday,grouped,ES1,ES15,5,J18.900

      """, name: "grouped.csv")
    let run = CommandRun([
      "audit", input, "--rules", "readmission", "-o", directory.file("flags.csv"), "-q",
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(
      lines(run) == [
        "drg audit: readmission: 1 stays with an unreadable date left out (first: line 3, discharge_date 'yesterday'; use 2024-04-11, 2024/04/11 or 20240411)"
      ])
  }

  @Test func settleQuietStillNamesValues() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.grouped, name: "grouped.csv")
    let policy = try directory.write(
      #"{"readmission": {"enabled": false}, "budget": 100000, "meanCostAllCases": 1200}"#,
      name: "policy.json")
    let weights = try directory.write("drg,rw,mean_cost\nES23,1.0,1200\n", name: "weights.csv")
    let run = CommandRun([
      "settle", input, "--policy", policy, "--weights", weights, "-o", directory.file("s"), "-q",
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(lines(run) == ["drg settle: " + Self.values])
  }

  /// One case of demo-cases.csv (D01) with its age `abc` (unreadable) and its cost spelled
  /// `"¥186,540.00"` (1 thousands separator or currency).
  static let cases = """
    case_id,hospital_id,sex,age,age_days,weight,dept,los,leaving,icu_hours,diagnoses,procedures,total_cost
    D01,H01,1,abc,,,28,24,1,410,J96.000|J18.900|I50.900,31.1x00|96.7200|33.2200,"¥186,540.00"

    """

  @Test func groupQuietStillPrintsASummaryThatCountsUnreadableValues() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.cases, name: "cases.csv")
    let run = CommandRun([
      "group", input, "-s", Repository.demoScheme, "-o", directory.file("out.csv"), "-q",
    ])
    #expect(run.status == 0, "\(run.error)")
    // Without an age the case is invalid.
    #expect(
      lines(run) == [
        "drg group: 1 rows read, 1 written: 0 grouped, 0 ambiguous, 0 ungroupable, 1 invalid; 1 rows with values read as exports write them (1 thousands separator or currency); unreadable values, counted as missing: 1 age, first on line 2"
      ])
    // A plain file: nothing to say, nothing said.
    let plain = try directory.write(
      Self.cases.replacingOccurrences(of: "1,abc,", with: "1,67,")
        .replacingOccurrences(of: "\"¥186,540.00\"", with: "186540.00"), name: "plain.csv")
    let quiet = CommandRun([
      "group", plain, "-s", Repository.demoScheme, "-o", directory.file("plain-out.csv"), "-q",
    ])
    #expect(quiet.status == 0 && quiet.error.isEmpty, "\(quiet.error)")
  }

  @Test func diffQuietStillNamesValues() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.cases, name: "cases.csv")
    let run = CommandRun([
      "diff", input, "--from", Repository.demoScheme, "--to", Repository.demoScheme, "-o",
      directory.file("diff"), "-q",
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(
      lines(run) == [
        "drg diff: values read as exports write them: 1 thousands separator or currency, 1 unreadable (counted as missing)"
      ])
  }

  @Test func longFormatQuietStillNamesCodeRowsWithoutAStay() throws {
    // Diagnosis row 3 (id 5) belongs to no stay: it is dropped, and said so.
    let directory = try TemporaryDirectory()
    let main = try directory.write(
      "setl_id,case_id,sex,age,los,leaving,total_cost\n1,C1,1,67,24,1,186540.00\n",
      name: "main.csv")
    let diagnoses = try directory.write(
      "setl_id,diag_code,maindiag_flag,diag_srt_no\n1,J96.000,1,1\n5,J18.900,1,1\n",
      name: "diag.csv")
    let run = CommandRun([
      "group", main, "--diagnoses-file", diagnoses, "-s", Repository.demoScheme, "-o",
      directory.file("out.csv"), "-q",
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(
      lines(run) == [
        "drg group: joined 1 stays with 2 diagnosis rows and 0 procedure rows; 0 stays with no diagnosis, 0 with no procedure; 1 diagnosis rows with no stay (first: line 3, id 5), 0 procedure rows with no stay"
      ])
  }
}
