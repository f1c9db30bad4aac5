import DRGAnalysis
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

@Suite("drg diff")
struct DiffCommandTests {
  @Test func aSchemeAgainstItselfIsTheIdentity() throws {
    let scheme = try Scheme(directory: Repository.demoScheme)
    var migration = SchemeMigration(from: scheme, to: scheme)
    migration.threads = 3
    migration.blockSize = 512
    let result = try migration.run(input: Repository.demoCases)
    #expect(result.totalCases == 51)
    #expect(!result.flows.isEmpty)
    #expect(result.flows.allSatisfy { $0.from == $0.to && $0.fromMDC == $0.toMDC })
    #expect(result.changedCases.isEmpty)
    let counts = result.changeCounts
    #expect(counts.changed == 0 && counts.mdcChanged == 0 && counts.becameUngroupable == 0)
    // The diagonal holds every outcome drg group gives: 39 grouped, 2 ambiguous,
    // 3 ungroupable, 7 invalid.
    #expect(result.casesFrom("ungroupable") == 3)
    #expect(result.casesFrom("ambiguous") == 2)
    #expect(result.casesFrom("invalid") == 7)
  }

  @Test func unreadableRowsDoNotHideTheRowsAfterThem() throws {
    // Every demo row, with a short (unreadable) row after each tenth: one chunk holds all,
    // and every readable row after an unreadable one must still be counted.
    let lines = try String(contentsOfFile: Repository.demoCases, encoding: .utf8)
      .split(separator: "\n").map(String.init)
    var text = lines[0] + "\n"
    for (index, line) in lines.dropFirst().enumerated() {
      text += line + "\n"
      if index % 10 == 9 { text += "X,1\n" }
    }
    let directory = try TemporaryDirectory()
    let input = directory.file("cases.csv")
    try text.write(toFile: input, atomically: true, encoding: .utf8)
    let scheme = try Scheme(directory: Repository.demoScheme)
    var migration = SchemeMigration(from: scheme, to: scheme)
    migration.threads = 1
    let result = try migration.run(input: input)
    #expect(result.totalCases == 51)
    #expect(result.unreadableRows == 5)
  }

  @Test func identityThroughTheCommandWithWeights() throws {
    let directory = try TemporaryDirectory()
    let (_, weights) = DemoFiles.groupedAndWeights(in: directory)
    let run = CommandRun([
      "diff", Repository.demoCases, "--from", Repository.demoScheme, "--to", Repository.demoScheme,
      "--weights-a", weights, "--weights-b", weights, "-o", directory.file("d"),
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.contains("51 cases") && run.error.contains("0 change outcome"))
    let matrix = try directory.rows("d/migration.csv")
    #expect(
      matrix[0] == [
        "from_drg", "to_drg", "from_mdc", "to_mdc", "cases", "pct_of_from_drg", "from_name",
        "to_name", "from_adrg", "to_adrg", "move",
      ])
    #expect(
      matrix.dropFirst().allSatisfy { $0[0] == $0[1] && $0[5] == "100.00" && $0[10] == "same" })
    // Every DRG carries its scheme's name (the same scheme on both sides).
    #expect(matrix.dropFirst().allSatisfy { $0[6] == $0[7] })
    #expect(matrix.dropFirst().filter { !$0[2].isEmpty }.allSatisfy { !$0[6].isEmpty })
    #expect(try directory.rows("d/flows.csv").count == 1)
    let hospitals = try directory.rows("d/hospitals.csv")
    let change = try #require(hospitals[0].firstIndex(of: "cmi_change_rw"))
    #expect(hospitals.count == 6)  // header, H01–H04, (all)
    #expect(hospitals.dropFirst().allSatisfy { $0[change] == "0.0000" })
  }

  /// With --hospitals the HTML report names the hospitals in its charts and tables
  /// (`H01 一院`), as hospitals.csv does in hospital_name.
  @Test func theReportNamesTheHospitals() throws {
    let directory = try TemporaryDirectory()
    let (_, weights) = DemoFiles.groupedAndWeights(in: directory)
    let hospitals = try directory.write(
      "hospital_id,name,level\nH01,一院,A\nH02,二院,A\nH03,三院,B\nH04,四院,B\n",
      name: "hospitals.csv")
    let html = directory.file("d.html")
    let run = CommandRun([
      "diff", Repository.demoCases, "--from", Repository.demoScheme, "--to", Repository.demoScheme,
      "--weights-a", weights, "--weights-b", weights, "--hospitals", hospitals, "-o",
      directory.file("d"), "--html", html,
    ])
    #expect(run.status == 0, "\(run.error)")
    let page = try String(contentsOfFile: html, encoding: .utf8)
    for label in ["H01 一院", "H02 二院", "H03 三院", "H04 四院"] {
      #expect(page.contains("<td>\(label)</td>"), "\(label)")
    }
  }

  /// diff reads the cases as drg group does and counts what it read as exports write them:
  /// the demo cases with every non-empty los written `N天` (column 8) give one "unit
  /// removed" per such row, under both schemes alike (one line).
  @Test func countsTheValuesItReadsAsExportsWriteThem() throws {
    let directory = try TemporaryDirectory()
    var lines = try String(contentsOfFile: Repository.demoCases, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var changed = 0
    for index in lines.indices.dropFirst() where !lines[index].isEmpty {
      var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count > 7, !fields[7].isEmpty, !lines[index].contains("\"") else { continue }
      fields[7] += "天"
      lines[index] = fields.joined(separator: ",")
      changed += 1
    }
    #expect(changed > 10)
    let input = try directory.write(lines.joined(separator: "\n"), name: "cases.csv")
    func diff(_ file: String) -> CommandRun {
      CommandRun([
        "diff", file, "--from", Repository.demoScheme, "--to", Repository.demoScheme, "-o",
        directory.file("d-\(UUID())"),
      ])
    }
    let plain = diff(Repository.demoCases)
    let spelled = diff(input)
    #expect(plain.status == 0 && spelled.status == 0, "\(spelled.error)")
    // The demo file's two values that no reading makes a number are counted in both.
    #expect(
      plain.error.contains(
        "  values read as exports write them: 2 unreadable (counted as missing)\n"),
      "\(plain.error)")
    #expect(
      spelled.error.contains(
        "  values read as exports write them: \(changed) unit removed, 2 unreadable (counted as missing)\n"
      ), "\(spelled.error)")
  }

  @Test(arguments: [
    (["--from", "x"], "missing --to"),
    (["--from", "x", "--to", "y", "--weights-a", "w"], "--weights-a and --weights-b go together"),
  ])
  func usageErrors(_ arguments: [String], _ message: String) {
    let run = CommandRun(["diff", Repository.demoCases] + arguments)
    #expect(run.status == 64)
    #expect(run.error.contains(message), "\(run.error)")
  }

  /// CHS-DRG 1.1 against Beijing 2022 on the CHS-DRG conformance corpus.
  @Test
  func betweenTwoShippedSchemesOnAConformanceCorpus() throws {
    let cases = Repository.tables.appendingPathComponent("conformance/chs-drg-1.1/cases.csv").path
    let from = Repository.tables.appendingPathComponent("chs-drg-1.1").path
    let to = Repository.tables.appendingPathComponent("beijing-2022").path
    let directory = try TemporaryDirectory()
    let run = CommandRun(["diff", cases, "--from", from, "--to", to, "-o", directory.file("d")])
    #expect(run.status == 0, "\(run.error)")
    let matrix = try directory.rows("d/migration.csv").dropFirst()
    let total = matrix.reduce(0) { $0 + (Int($1[4]) ?? 0) }
    #expect(total == 20_000)
    // Different schemes move some cases, and not all.
    let moved = matrix.filter { $0[0] != $0[1] }.reduce(0) { $0 + (Int($1[4]) ?? 0) }
    #expect(moved > 0 && moved < total)
    let changed = try directory.rows("d/changed_cases.csv").dropFirst()
    #expect(
      changed.allSatisfy { $0[6] == "became_ungroupable" ? $0[3] == "ungroupable" : $0[4] != $0[5] }
    )
    #expect(try directory.rows("d/flows.csv").count == 21)
  }
}
