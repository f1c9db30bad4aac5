import DRGAnalysis
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// A variant of the demo scheme, as Scripts/render-report.sh writes it: the hypertension
/// codes I10.x00 and I11.x00 also in MDC E (which comes before MDC F), O80.000 taken out
/// of MDC O, and J18.900 no longer a CC.
enum DemoVariant {
  static func write(into directory: TemporaryDirectory) throws -> String {
    let path = directory.file("demo-v2")
    try FileManager.default.copyItem(atPath: Repository.demoScheme, toPath: path)
    func edit(_ name: String, _ change: (String) -> String) throws {
      let file = (path as NSString).appendingPathComponent(name)
      try change(try String(contentsOfFile: file, encoding: .utf8))
        .write(toFile: file, atomically: true, encoding: .utf8)
    }
    try edit("scheme.json") {
      $0.replacingOccurrences(of: "\"id\": \"demo\"", with: "\"id\": \"demo-v2\"")
    }
    try edit("lists.csv") { text in
      var lines = text.split(separator: "\n").map(String.init).filter { $0 != "MDCO,O80.000," }
      lines += lines.filter { $0.hasPrefix("FT1.dx,I10") || $0.hasPrefix("FT1.dx,I11") }
        .map { "MDCE" + $0.dropFirst("FT1.dx".count) }
      return lines.joined(separator: "\n") + "\n"
    }
    try edit("cc.csv") { text in
      text.split(separator: "\n").filter { !$0.hasPrefix("J18.900,") }.joined(separator: "\n")
        + "\n"
    }
    return path
  }
}

@Suite("drg diff HTML report")
struct MigrationReportTests {
  /// Five cases, worked through the demo scheme's rules by hand:
  ///   C1, C2 (H1) I10.x00        A: MDCF → FT1, no CC → FT15
  ///                              B: I10.x00 is in MDC E → EZ1 (no other ADRG) → EZ15
  ///   C3 (H2) I21.000|J18.900    A: FR1 with CC J18.900 → FR13; B: no CC → FR15
  ///   C4 (H2) O80.000, female    A: MDCO → OC1 → OC15; B: no MDC → ungroupable
  ///   C5 (H2) J18.900            A and B: ES1, no CC → ES15
  static let cases = """
    case_id,hospital_id,sex,age,age_days,weight,dept,los,leaving,icu_hours,diagnoses,procedures,total_cost
    C1,H1,1,60,,,03,5,1,,I10.x00,,3000
    C2,H1,1,61,,,03,6,1,,I10.x00,,3200
    C3,H2,1,70,,,03,8,1,,I21.000|J18.900,,9000
    C4,H2,2,28,,,05,3,1,,O80.000,,4000
    C5,H2,1,50,,,03,7,1,,J18.900,,5000

    """

  @Test func theReportHoldsTheHandWorkedMatrixAndChanges() throws {
    let directory = try TemporaryDirectory()
    let variant = try DemoVariant.write(into: directory)
    let input = try directory.write(Self.cases, name: "cases.csv")
    let weightsA = try directory.write(
      "drg,rw\nFT15,1.0\nFR13,1.5\nOC15,0.5\nES15,0.8\n", name: "wa.csv")
    let weightsB = try directory.write("drg,rw\nEZ15,0.9\nFR15,1.2\nES15,0.8\n", name: "wb.csv")
    let report = directory.file("diff.html")
    let run = CommandRun([
      "diff", input, "--from", Repository.demoScheme, "--to", variant, "--weights-a", weightsA,
      "--weights-b", weightsB, "-o", directory.file("d"), "--html", report, "-q",
    ])
    #expect(run.status == 0, "\(run.error)")
    let html = try String(contentsOfFile: report, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("demo → demo-v2"))
    // Summary: 5 cases; 4 change outcome (80.00 %), 2 change MDC (C1, C2: F → E), 1
    // becomes ungroupable (C4).
    #expect(html.contains("<td>结果改变 outcome changes</td><td>4</td><td>80.00 %</td>"))
    #expect(html.contains("(grouped under both)</td><td>2</td><td>40.00 %</td>"))
    #expect(html.contains("<td>变为不入组 become ungroupable</td><td>1</td><td>20.00 %</td>"))
    // Heat map: rows by cases (FT15 2; then ES15, FR13, OC15 with 1 by code); columns: the
    // rows' own codes that receive cases (ES15), then EZ15 (2), FR15 and ungroupable (1).
    // Every row goes wholly to one column: 100 % in the dark colour.
    #expect(html.contains("<svg id=\"heatmap\""))
    for cell in [
      "FT15 → EZ15: 2 (100.0 %)", "ES15 → ES15: 1 (100.0 %)", "FR13 → FR15: 1 (100.0 %)",
      "OC15 → ungroupable: 1 (100.0 %)", "FT15 → ES15: 0 (0.0 %)",
    ] {
      #expect(html.contains("<title>\(cell)</title>"), "\(cell)")
    }
    #expect(html.components(separatedBy: "fill=\"#54278f\" stroke").count - 1 == 4)
    #expect(html.components(separatedBy: "<rect class=\"cell\"").count - 1 == 4 * 4)
    // Changed cases: C1, C2 (MDC) and C4 (ungroupable).
    #expect(html.contains("<td>C4</td><td class=\"text\">H2</td><td class=\"text\">OC15</td>"))
    #expect(html.contains("<td>C1</td>") && html.contains("<td>C2</td>"))
    #expect(!html.contains("<td>C3</td>") && !html.contains("<td>C5</td>"))
    // CMI: H1 A (1.0 + 1.0)/2 = 1, B (0.9 + 0.9)/2 = 0.9: −0.1 (red); H2 A
    // (1.5 + 0.5 + 0.8)/3 = 0.9333, B (1.2 + 0.8)/2 = 1 (ungroupable C4 has no weight):
    // +0.0667 (green). Total weight H1 2 → 1.8 (−0.2), H2 2.8 → 2.0 (−0.8).
    #expect(html.contains(">-0.1000</text>") && html.contains(">0.0667</text>"))
    #expect(html.contains(">-0.2</text>") && html.contains(">-0.8</text>"))
    #expect(html.components(separatedBy: "<rect class=\"down\"").count - 1 == 3)
    #expect(html.components(separatedBy: "<rect class=\"up\"").count - 1 == 1)
    // Self-contained.
    let withoutNamespace = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
    #expect(!withoutNamespace.contains("http") && !withoutNamespace.contains("src="))
  }

  @Test func identityHeatMapIsDiagonal() throws {
    let scheme = try Scheme(directory: Repository.demoScheme)
    let result = try SchemeMigration(from: scheme, to: scheme).run(input: Repository.demoCases)
    let map = MigrationReport(result: result).heatMap()
    // A scheme against itself: each row's cases all in the column of the same code.
    #expect(map.rows == Array(map.columns.prefix(map.rows.count)))
    for (row, counts) in map.counts.enumerated() {
      #expect(counts[row] == map.totals[row])
      #expect(counts.reduce(0, +) == map.totals[row])
    }
    #expect(!MigrationReport(result: result).html().contains("其他 other"))
  }

  @Test func helpNamesTheHTMLOption() {
    let run = CommandRun(["diff", "--help"])
    #expect(run.status == 0 && run.out.contains("--html"))
  }
}
