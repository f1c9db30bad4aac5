import DRGAnalysis
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// `drg diff`: moves classed, QY groups, case ids and the money impact, each checked against
/// values computed here from other outputs (`drg group` under each scheme, the weights
/// files) or by hand.
@Suite("drg diff moves and money")
struct DiffMoveTests {
  /// One case as `drg group` wrote it.
  struct Grouped {
    var status: String
    var mdc: String
    var adrg: String
    var drg: String
  }

  /// The records of a CSV file, quotes honoured (names may hold commas).
  static func records(_ path: String) throws -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var previous: Character = " "
    for character in try String(contentsOfFile: path, encoding: .utf8) {
      if quoted {
        if character == "\"" { quoted = false } else { field.append(character) }
      } else if character == "\"" {
        if previous == "\"" { field.append("\"") }
        quoted = true
      } else if character == "," {
        row.append(field)
        field = ""
      } else if character == "\n" || character == "\r\n" {
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else {
        field.append(character)
      }
      previous = character
    }
    return rows
  }

  /// The rows of a `drg group` output by case_id.
  static func grouped(_ rows: [[String]]) throws -> [String: Grouped] {
    let header = rows[0]
    let id = try #require(header.firstIndex(of: "case_id"))
    let status = try #require(header.firstIndex(of: "status"))
    let mdc = try #require(header.firstIndex(of: "mdc"))
    let adrg = try #require(header.firstIndex(of: "adrg"))
    let drg = try #require(header.firstIndex(of: "drg"))
    var cases: [String: Grouped] = [:]
    for row in rows.dropFirst() where row.count == header.count {
      cases[row[id]] = Grouped(status: row[status], mdc: row[mdc], adrg: row[adrg], drg: row[drg])
    }
    return cases
  }

  /// The move of one case from its two groupings, by the rule in the help: a status word on
  /// either side, or a QY group on one side only, is `status`; else MDC, then ADRG (a QY
  /// group is its own ADRG), then DRG codes.
  static func move(_ a: Grouped, _ b: Grouped, qyAsDRG: Bool) -> String {
    func label(_ g: Grouped) -> String {
      switch g.status {
      case "grouped": g.drg
      case "ambiguous": qyAsDRG ? g.drg : "ambiguous"
      default: g.status
      }
    }
    let statusA = a.status != "grouped" && !(qyAsDRG && a.status == "ambiguous")
    let statusB = b.status != "grouped" && !(qyAsDRG && b.status == "ambiguous")
    let qyA = qyAsDRG && a.status == "ambiguous"
    let qyB = qyAsDRG && b.status == "ambiguous"
    if label(a) == label(b) && statusA == statusB && qyA == qyB { return "same" }
    if statusA || statusB || qyA != qyB { return "status" }
    if a.mdc != b.mdc { return "mdc" }
    let adrgA = qyA ? a.drg : a.adrg
    let adrgB = qyB ? b.drg : b.adrg
    return adrgA != adrgB ? "adrg" : "severity"
  }

  /// Chongqing 2022 → Wuxi 2022 (both with QY groups) on 4,000 synthetic Chongqing cases:
  /// the cases per move class and the moves between QY groups in migration.csv and the
  /// summary equal those counted here from the two `drg group` outputs joined by case_id.
  @Test(arguments: [false, true])
  func movesAgreeWithTwoGroupedFiles(qyAsDRG: Bool) throws {
    let from = Repository.tables.appendingPathComponent("chongqing-2022").path
    let to = Repository.tables.appendingPathComponent("wuxi-2022").path
    let directory = try TemporaryDirectory()
    let cases = directory.file("cases.csv")
    let synth = CommandRun(["synth", "-s", from, "-n", "4000", "--seed", "5", "-o", cases, "-q"])
    #expect(synth.status == 0, "\(synth.error)")
    for (scheme, name) in [(from, "a.csv"), (to, "b.csv")] {
      let run = CommandRun(["group", cases, "-s", scheme, "-o", directory.file(name), "-q"])
      #expect(run.status == 0, "\(run.error)")
    }
    let a = try Self.grouped(Self.records(directory.file("a.csv")))
    let b = try Self.grouped(Self.records(directory.file("b.csv")))
    var expected: [String: Int] = [:]
    var qyMoves = 0
    for (id, caseA) in a {
      let caseB = try #require(b[id])
      expected[Self.move(caseA, caseB, qyAsDRG: qyAsDRG), default: 0] += 1
      if caseA.status == "ambiguous", caseB.status == "ambiguous", caseA.drg != caseB.drg {
        qyMoves += 1
      }
    }
    #expect(a.count == 4_000)
    #expect((expected["severity"] ?? 0) > 0 && (expected["mdc"] ?? 0) > 0 && qyMoves > 0)
    let run = CommandRun(
      ["diff", cases, "--from", from, "--to", to, "-o", directory.file("d")]
        + (qyAsDRG ? ["--qy-as-drg"] : []))
    #expect(run.status == 0, "\(run.error)")
    let matrix = try directory.rows("d/migration.csv")
    let move = try #require(matrix[0].firstIndex(of: "move"))
    var found: [String: Int] = [:]
    for row in matrix.dropFirst() { found[row[move], default: 0] += Int(row[4]) ?? 0 }
    #expect(found == expected)
    #expect(
      run.error.contains(
        "moves: \(expected["severity"] ?? 0) severity (same ADRG), \(expected["adrg"] ?? 0) ADRG (same MDC), \(expected["mdc"] ?? 0) MDC, \(expected["status"] ?? 0) status; \(qyMoves) between QY groups"
      ), "\(run.error)")
    // QY groups appear as outcomes only with --qy-as-drg.
    #expect(matrix.contains { $0[0].hasSuffix("QY") } == qyAsDRG)
    #expect(matrix.contains { $0[0] == "ambiguous" } == !qyAsDRG)
  }

  /// A missing case_id column, empty ids and repeated ids stop the run (exit 65), naming
  /// the lines: the lines are counted by hand from the file written here.
  @Test func caseIDsMustBeThereAndUnique() throws {
    let directory = try TemporaryDirectory()
    let lines = try String(contentsOfFile: Repository.demoCases, encoding: .utf8)
      .split(separator: "\n").map(String.init)
    func withoutID(_ line: String) -> String {
      line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)[1].description
    }
    func diff(_ path: String) -> CommandRun {
      CommandRun([
        "diff", path, "--from", Repository.demoScheme, "--to", Repository.demoScheme, "-o",
        directory.file("out-\((path as NSString).lastPathComponent)"),
      ])
    }
    // Line 1 header, lines 2–4 the first three cases, line 5 the second case again, line 6
    // the third case again.
    let repeated = try directory.write(
      ([lines[0]] + lines[1...3] + [lines[2], lines[3]]).joined(separator: "\n") + "\n",
      name: "repeated.csv")
    let id2 = lines[2].split(separator: ",")[0]
    let id3 = lines[3].split(separator: ",")[0]
    var run = diff(repeated)
    #expect(run.status == 65)
    #expect(
      run.error.contains(
        "repeated.csv:5: 2 repeated case_ids: '\(id2)' on lines 3 and 5; '\(id3)' on lines 4 and 6"),
      "\(run.error)")
    // Lines 3 and 4 without an id.
    let empty = try directory.write(
      ([lines[0], lines[1], "," + withoutID(lines[2]), " ," + withoutID(lines[3])]).joined(
        separator: "\n") + "\n", name: "empty.csv")
    run = diff(empty)
    #expect(run.status == 65)
    #expect(run.error.contains("empty.csv:3: 2 empty case_ids (lines 3, 4)"), "\(run.error)")
    let noColumn = try directory.write(
      ([withoutID(lines[0])] + lines[1...3].map(withoutID)).joined(separator: "\n") + "\n",
      name: "noid.csv")
    run = diff(noColumn)
    #expect(run.status == 65)
    #expect(run.error.contains("header lacks case_id"), "\(run.error)")
  }

  /// The demo cases under the demo scheme with weights B = 2 × weights A. Each hospital's
  /// Σ RW is summed here from `drg group`'s output and the weights file; then
  /// - base rate 10,000: payment A = 10,000 × W_h, B = 20,000 × W_h, change 10,000 × W_h;
  /// - policy, budget 1,000,000, reserve 10 %, coefficients H01 1.2 and H02 0.8 (others 1):
  ///   points A = c_h × 100 × W_h, points B twice that; PV_A = 900,000 / Σ points A and
  ///   PV_B = PV_A / 2, so every payment is 900,000 × c_h·W_h / Σ c·W under both schemes
  ///   and every change is 0;
  /// - policy with --point-value 2: change = c_h × 100 × W_h × 2.
  @Test func moneyImpactPerHospital() throws {
    let directory = try TemporaryDirectory()
    let (_, weightsA) = DemoFiles.groupedAndWeights(in: directory)
    let rows = try directory.rows("w.csv")
    let rwColumn = try #require(rows[0].firstIndex(of: "rw"))
    var rw: [String: Double] = [:]
    var doubled = rows[0].joined(separator: ",") + "\n"
    for row in rows.dropFirst() where row.count > rwColumn {
      rw[row[0]] = Double(row[rwColumn])
      var row = row
      row[rwColumn] = String(2 * (Double(row[rwColumn]) ?? 0))
      doubled += row.joined(separator: ",") + "\n"
    }
    let weightsB = try directory.write(doubled, name: "w2.csv")
    var weight: [String: Double] = [:]
    let groupedRows = try directory.rows("g.csv")
    let hospital = try #require(groupedRows[0].firstIndex(of: "hospital_id"))
    let drg = try #require(groupedRows[0].firstIndex(of: "drg"))
    let status = try #require(groupedRows[0].firstIndex(of: "status"))
    for row in groupedRows.dropFirst() where row[status] == "grouped" {
      weight[row[hospital], default: 0] += rw[row[drg]] ?? 0
    }
    #expect(weight.count == 4)
    func diff(_ extra: [String], _ name: String) throws -> [String: [String: String]] {
      let run = CommandRun(
        [
          "diff", Repository.demoCases, "--from", Repository.demoScheme, "--to",
          Repository.demoScheme, "--weights-a", weightsA, "--weights-b", weightsB, "-o",
          directory.file(name),
        ] + extra)
      #expect(run.status == 0, "\(run.error)")
      let rows = try directory.rows("\(name)/hospitals.csv")
      var byHospital: [String: [String: String]] = [:]
      for row in rows.dropFirst() {
        byHospital[row[0]] = Dictionary(uniqueKeysWithValues: zip(rows[0], row))
      }
      return byHospital
    }
    func value(_ row: [String: String]?, _ column: String) -> Double {
      row.flatMap { $0[column] }.flatMap(Double.init) ?? .nan
    }
    let byRate = try diff(["--base-rate", "10000"], "rate")
    for (name, w) in weight {
      #expect(abs(value(byRate[name], "payment_from_yuan") - 10_000 * w) < 0.01)
      #expect(abs(value(byRate[name], "payment_change_yuan") - 10_000 * w) < 0.01)
    }
    let policy = try directory.write(
      #"{"name": "t", "budget": 1000000, "reserveShare": 0.1, "coefficients": {"hospitals": {"H01": 1.2, "H02": 0.8}}}"#,
      name: "p.json")
    let coefficients = ["H01": 1.2, "H02": 0.8, "H03": 1.0, "H04": 1.0]
    let sum = weight.reduce(0.0) { $0 + coefficients[$1.key]! * $1.value }
    let byBudget = try diff(["--policy", policy], "budget")
    #expect(abs(value(byBudget["(all)"], "point_value_from_yuan") - 900_000 / (100 * sum)) < 1e-5)
    for (name, w) in weight {
      let share = 900_000 * coefficients[name]! * w / sum
      #expect(abs(value(byBudget[name], "points_from") - coefficients[name]! * 100 * w) < 0.01)
      #expect(abs(value(byBudget[name], "payment_from_yuan") - share) < 0.01)
      #expect(abs(value(byBudget[name], "payment_to_yuan") - share) < 0.01)
      #expect(value(byBudget[name], "payment_change_yuan") == 0)
    }
    let byValue = try diff(["--policy", policy, "--point-value", "2"], "value")
    for (name, w) in weight {
      #expect(
        abs(value(byValue[name], "payment_change_yuan") - coefficients[name]! * 100 * w * 2)
          < 0.02)
    }
  }

  @Test(arguments: [
    (["--base-rate", "100"], "--base-rate needs --weights-a and --weights-b"),
    (["--base-rate", "-5", "--weights-a", "w", "--weights-b", "w"], "--base-rate must be above 0"),
    (["--point-value", "2"], "--point-value goes with --policy"),
    (
      ["--base-rate", "5", "--policy", "p.json", "--weights-a", "w", "--weights-b", "w"],
      "give one"
    ),
  ])
  func usageErrors(_ arguments: [String], _ message: String) {
    let run = CommandRun(
      ["diff", Repository.demoCases, "--from", "x", "--to", "y"] + arguments)
    #expect(run.status == 64)
    #expect(run.error.contains(message), "\(run.error)")
  }

  /// A policy whose coefficients need costs cannot be applied by diff: exit 65, naming it.
  @Test func aComputedCoefficientMethodIsRefused() throws {
    let directory = try TemporaryDirectory()
    let (_, weights) = DemoFiles.groupedAndWeights(in: directory)
    let policy = try directory.write(
      #"{"budget": 1000000, "coefficients": {"method": "hospitalCost"}}"#, name: "p.json")
    let run = CommandRun([
      "diff", Repository.demoCases, "--from", Repository.demoScheme, "--to",
      Repository.demoScheme, "--weights-a", weights, "--weights-b", weights, "--policy", policy,
      "-o", directory.file("d"),
    ])
    #expect(run.status == 65)
    #expect(run.error.contains("coefficients method 'hospitalCost'"), "\(run.error)")
  }
}
