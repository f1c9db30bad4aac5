import DRGKit
import DRGTestSupport
import Foundation
import Testing

/// `drg columns` prints the one alias table; the README's copy must be its output.
@Suite("drg columns")
struct ColumnsCommandTests {
  static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

  @Test func theReadmeTableIsTheGeneratedOne() throws {
    let run = CommandRun(["columns", "--markdown"])
    #expect(run.status == 0)
    let text = try String(contentsOf: Self.readme, encoding: .utf8)
    let begin = try #require(text.range(of: "<!-- columns:begin -->\n"))
    let end = try #require(text.range(of: "<!-- columns:end -->"))
    let section = String(text[begin.upperBound..<end.lowerBound])
    #expect(
      section == run.out,
      "README.md's alias table is out of date: replace it with the output of 'drg columns --markdown'"
    )
  }

  @Test func everyFieldIsListedWithItsAliases() throws {
    let run = CommandRun(["columns"])
    #expect(run.status == 0)
    for field in ColumnField.allCases {
      #expect(run.out.contains("\(field.rawValue) — "), "\(field.rawValue)")
    }
    #expect(run.out.contains("医疗费总额") && run.out.contains("psn_no"))
    #expect(run.out.contains("其他手术及操作代码N"))
  }

  /// Every command that reads cases or grouped rows takes the column options.
  @Test(arguments: ["group", "explain", "weights", "settle", "compare", "diff", "audit", "serve"])
  func everyCommandTakesTheColumnOptions(_ command: String) throws {
    let run = CommandRun([command, "--help"])
    for option in ["--columns", "--ignore-column", "--show-columns"] {
      #expect(run.out.contains(option), "\(command) \(option)")
    }
  }

  /// Every command that reads cases or grouped rows prints the one column line on stderr,
  /// and the full mapping (`columns of FILE (N in the header):`) with `--show-columns`.
  /// The demo cases are grouped first; each command then reads its usual input.
  @Test(arguments: ["group", "explain", "weights", "settle", "compare", "diff", "audit"])
  func everyCommandPrintsTheColumnLine(_ command: String) throws {
    let directory = try TemporaryDirectory()
    let grouped = directory.file("grouped.csv")
    let weights = directory.file("weights.csv")
    #expect(
      CommandRun(["group", Repository.demoCases, "-s", Repository.demoScheme, "-o", grouped, "-q"])
        .status == 0)
    #expect(CommandRun(["weights", grouped, "-o", weights, "-q"]).status == 0)
    let policy = try directory.write(
      #"{"readmission": {"enabled": false}, "budget": 100000}"#, name: "policy.json")
    let (arguments, input): ([String], String) =
      switch command {
      case "group":
        (
          [
            "group", Repository.demoCases, "-s", Repository.demoScheme, "-o",
            directory.file("g2.csv"),
          ], Repository.demoCases
        )
      case "explain":
        (
          ["explain", Repository.demoCases, "--id", "D21", "-s", Repository.demoScheme],
          Repository.demoCases
        )
      case "weights": (["weights", grouped, "-o", directory.file("w2.csv")], grouped)
      case "settle":
        (
          ["settle", grouped, "--policy", policy, "--weights", weights, "-o", directory.file("s")],
          grouped
        )
      case "compare":
        (["compare", grouped, "--weights", weights, "-o", directory.file("c")], grouped)
      case "diff":
        (
          [
            "diff", Repository.demoCases, "--from", Repository.demoScheme, "--to",
            Repository.demoScheme, "-o", directory.file("d"),
          ], Repository.demoCases
        )
      default:
        (
          ["audit", grouped, "--rules", "upcoding,long_stay", "-o", directory.file("flags.csv")],
          grouped
        )
      }
    let plain = CommandRun(arguments)
    #expect(plain.status == 0, "\(plain.error)")
    #expect(plain.error.contains("drg \(command): columns: "), "\(plain.error)")
    let shown = CommandRun(arguments + ["--show-columns"])
    #expect(shown.status == 0, "\(shown.error)")
    #expect(shown.error.contains("columns of \(input) ("), "\(shown.error)")
  }
}
