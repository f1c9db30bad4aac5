import DRGKit
import DRGTestSupport
import Foundation
import Testing

/// The readers of grouped files (weights, compare) read costs as exports write them
/// (issue 16 item 4): a grouped file whose costs carry `¥` and thousands separators gives
/// the same weights as its plain twin. Without ExportValue.cost those costs were missing,
/// and their cases left out of the weights.
@Suite("Grouped files: costs as exports write them")
struct GroupedFileValueTests {
  /// `186540.00` → `"¥186,540.00"` (quoted for its comma), by hand-written rule.
  static func exportSpelling(_ cost: Substring) -> String {
    let parts = cost.split(separator: ".", omittingEmptySubsequences: false)
    var integer = String(parts[0])
    var grouped = ""
    while integer.count > 3 {
      grouped = "," + integer.suffix(3) + grouped
      integer = String(integer.dropLast(3))
    }
    let fraction = parts.count > 1 ? "." + parts[1] : ""
    return "\"¥" + integer + grouped + fraction + "\""
  }

  @Test func weightsOfExportSpelledCostsEqualThoseOfPlainCosts() throws {
    let directory = try TemporaryDirectory()
    let grouped = directory.file("grouped.csv")
    let run = CommandRun([
      "group", Repository.demoCases, "-s", Repository.demoScheme, "-o", grouped,
    ])
    #expect(run.status == 0, "\(run.error)")
    // total_cost is the 13th column of demo-cases.csv; no field before it is quoted.
    var lines = try directory.read("grouped.csv").split(separator: "\n").map(String.init)
    var changed = 0
    for index in lines.indices.dropFirst() {
      var fields = lines[index].split(
        separator: ",", maxSplits: 13, omittingEmptySubsequences: false)
      guard fields.count == 14, !fields[12].isEmpty else { continue }
      fields[12] = Substring(Self.exportSpelling(fields[12]))
      lines[index] = fields.joined(separator: ",")
      changed += 1
    }
    #expect(changed > 10)
    try directory.write(lines.joined(separator: "\n") + "\n", name: "export.csv")
    let plain = CommandRun(["weights", grouped, "-o", directory.file("plain-weights.csv")])
    let export = CommandRun([
      "weights", directory.file("export.csv"), "-o", directory.file("export-weights.csv"),
    ])
    #expect(plain.status == 0 && export.status == 0, "\(plain.error)\(export.error)")
    #expect(try directory.read("plain-weights.csv") == (try directory.read("export-weights.csv")))
    #expect(Self.exportSpelling("186540.00") == "\"¥186,540.00\"")
  }

  /// The readers of grouped files count what they read as exports write them, by kind,
  /// and say so in their summaries (as drg group does). On the grouped rows of the demo
  /// cases, total_cost is spelled `"¥186,540.00"` and los `24天`: weights, compare and
  /// settle read both (one thousands-separator-or-currency and one unit each per row), audit
  /// reads only the length of stay.
  @Test(arguments: ["weights", "compare", "settle", "audit"])
  func readersCountTheValuesTheyNormalise(_ command: String) throws {
    let directory = try TemporaryDirectory()
    let grouped = directory.file("grouped.csv")
    #expect(
      CommandRun(["group", Repository.demoCases, "-s", Repository.demoScheme, "-o", grouped, "-q"])
        .status == 0)
    var lines = try directory.read("grouped.csv").split(separator: "\n").map(String.init)
    var changed = 0
    for index in lines.indices.dropFirst() {
      var fields = lines[index].split(
        separator: ",", maxSplits: 13, omittingEmptySubsequences: false)
      // los is the 8th column, total_cost the 13th; the rest starts with the status.
      guard fields.count == 14, fields[13].hasPrefix("grouped,"), !fields[12].isEmpty,
        !fields[7].isEmpty
      else { continue }
      fields[12] = Substring(Self.exportSpelling(fields[12]))
      fields[7] = fields[7] + "天"
      lines[index] = fields.joined(separator: ",")
      changed += 1
    }
    #expect(changed > 10)
    let export = try directory.write(lines.joined(separator: "\n") + "\n", name: "export.csv")
    let weights = directory.file("weights.csv")
    #expect(CommandRun(["weights", grouped, "-o", weights, "-q"]).status == 0)
    let policy = try directory.write(
      #"{"readmission": {"enabled": false}, "budget": 100000}"#, name: "policy.json")
    func run(_ input: String) -> CommandRun {
      switch command {
      case "weights": CommandRun(["weights", input, "-o", directory.file("w-\(UUID()).csv")])
      case "compare": CommandRun(["compare", input, "-o", directory.file("c-\(UUID())")])
      case "settle":
        CommandRun([
          "settle", input, "--policy", policy, "--weights", weights, "-o",
          directory.file("s-\(UUID())"),
        ])
      default:
        CommandRun([
          "audit", input, "--rules", "upcoding,long_stay", "-o", directory.file("f-\(UUID()).csv"),
        ])
      }
    }
    let plain = run(grouped)
    let spelled = run(export)
    #expect(plain.status == 0 && spelled.status == 0, "\(plain.error)\(spelled.error)")
    #expect(!plain.error.contains("values read as exports write them"), "\(plain.error)")
    let expected =
      command == "audit"
      ? "values read as exports write them: \(changed) unit removed"
      : "values read as exports write them: \(changed) thousands separator or currency, \(changed) unit removed"
    #expect(spelled.error.contains(expected), "\(spelled.error)")
  }
}
