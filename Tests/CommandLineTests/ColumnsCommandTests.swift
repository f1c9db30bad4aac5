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
  @Test(arguments: ["group", "weights", "settle", "compare", "diff", "audit"])
  func everyCommandTakesTheColumnOptions(_ command: String) throws {
    let run = CommandRun([command, "--help"])
    for option in ["--columns", "--ignore-column", "--show-columns"] {
      #expect(run.out.contains(option), "\(command) \(option)")
    }
  }
}
