import DRGKit
import DRGTestSupport
import Foundation
import Testing

/// `drg schemes`: the catalogue of shipped schemes, and the table in grouper-tables/README.md
/// that is its output.
@Suite("drg schemes")
struct SchemesCommandTests {
  static let tables = Repository.root.appendingPathComponent("grouper-tables").path

  /// One run of the catalogue over grouper-tables (loading all 31 schemes is the slow part).
  static let markdownRun = CommandRun(["schemes", "--markdown", "--tables", tables])

  @Test("every shipped scheme loads: 30 converted schemes and the demo, 5 with a corpus")
  func everySchemeLoads() throws {
    let run = Self.markdownRun
    #expect(run.status == 0, "\(run.error)")
    let rows = run.out.split(separator: "\n").dropFirst(2)
    #expect(rows.count == 31)
    #expect(!run.out.contains("cannot load"))
    // Column 10 is "conformance corpus"; the five corpora of grouper-tables/conformance.
    let withCorpus = rows.filter {
      $0.split(separator: "|")[9].trimmingCharacters(in: .whitespaces) == "yes"
    }
    #expect(withCorpus.count == 5)
    // The national scheme, counted by hand from its tables: 26 MDCs (mdc.csv has 26 rows),
    // 376 ADRGs, 628 DRGs (the conformance README reaches 628 / 628), no QY groups.
    #expect(run.out.contains("| chs-drg-1.1 | CHS-DRG 1.1 | 26 | 376 | 628 | 0 |"))
  }

  @Test("the table in grouper-tables/README.md is the command's output")
  func readmeTableIsCurrent() throws {
    let run = Self.markdownRun
    let readme = try String(
      contentsOfFile: Self.tables + "/README.md", encoding: .utf8)
    let begin = "<!-- BEGIN drg schemes --markdown -->\n"
    let end = "<!-- END drg schemes --markdown -->"
    let start = try #require(readme.range(of: begin)).upperBound
    let stop = try #require(readme.range(of: end)).lowerBound
    // The place column shows the --tables argument as given; the README's table was made
    // with `--tables grouper-tables` in the repository.
    let generated = run.out.replacingOccurrences(
      of: "| \(Self.tables) |", with: "| grouper-tables |")
    #expect(
      String(readme[start..<stop]) == generated,
      "grouper-tables/README.md is stale: run `drg schemes --markdown --tables grouper-tables` and paste it between the markers"
    )
  }

  @Test func humanTableAndJSON() throws {
    // A tables directory holding only the demo scheme, so the test loads one scheme.
    let tables = try TemporaryDirectory()
    try FileManager.default.copyItem(atPath: Repository.demoScheme, toPath: tables.file("demo"))
    let json = CommandRun(["schemes", "--json", "--tables", tables.path])
    #expect(json.status == 0)
    let objects = try #require(
      try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
    #expect(objects.count == 1)
    let demo = try #require(objects.first)
    // The demo scheme, from grouper-tables/README.md: 5 MDCs, 14 ADRGs (1 ambiguous), 29 DRGs.
    #expect(demo["id"] as? String == "demo")
    #expect(demo["mdcs"] as? Int == 5)
    #expect(demo["adrgs"] as? Int == 14)
    #expect(demo["drgs"] as? Int == 29)
    #expect(demo["ambiguousGroups"] as? Int == 1)
    #expect(demo["conformanceCorpus"] as? Bool == false)
    #expect(demo["warnings"] as? Int == 0)

    let table = CommandRun(["schemes", "--tables", tables.path])
    #expect(table.status == 0)
    let lines = table.out.split(separator: "\n")
    #expect(lines.first?.hasPrefix("ID    MDC  ADRG  DRG  QY  WARN  CORPUS  FOUND IN") == true)
    #expect(lines.dropFirst().first?.hasPrefix("demo    5    14   29   1     0") == true)
    #expect(table.out.contains("1 schemes, 0 with a conformance corpus."))
  }

  @Test func aSchemeThatCannotLoadIsListedAndFailsTheRun() throws {
    let tables = try TemporaryDirectory()
    try FileManager.default.copyItem(atPath: Repository.demoScheme, toPath: tables.file("broken"))
    try FileManager.default.removeItem(atPath: tables.file("broken/mdc.csv"))
    let run = CommandRun(["schemes", "--tables", tables.path])
    #expect(run.status == 65)
    #expect(run.out.contains("cannot load: mdc.csv"))
    #expect(run.error.contains("scheme broken"))
  }

  @Test func bothFormatsIsAUsageError() {
    let run = CommandRun(["schemes", "--json", "--markdown"])
    #expect(run.status == 64)
  }
}
