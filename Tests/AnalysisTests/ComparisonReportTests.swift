import DRGAnalysis
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

@Suite("drg compare HTML report")
struct ComparisonReportTests {
  @Test func selfContainedWithEveryChart() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(CompareCommandTests.grouped, name: "grouped.csv")
    let weights = try directory.write(CompareCommandTests.weights, name: "weights.csv")
    let report = directory.file("report.html")
    let run = CommandRun([
      "compare", input, "--weights", weights, "-o", directory.file("o"), "--html", report, "-q",
      "--period", "2025 全年", "--scheme-name", "chs-drg-1.1",
    ])
    #expect(run.status == 0, "\(run.error)")
    let html = try String(contentsOfFile: report, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    // Quadrant chart with one labelled dot per hospital.
    #expect(html.contains("<svg id=\"quadrant\""))
    #expect(html.components(separatedBy: "<circle class=\"dot\"").count - 1 == 2)
    #expect(html.contains(">A</text>") && html.contains(">B</text>"))
    // Two bar charts (cost and time index), box plots for the DRGs, a sortable table.
    #expect(html.components(separatedBy: "<svg class=\"bars\"").count - 1 == 2)
    #expect(html.components(separatedBy: "<svg class=\"boxplot\"").count - 1 == 3)
    #expect(html.contains("<table class=\"sortable\""))
    // Box plots: Tukey whiskers stated in the caption, an axis from 0, scaled to the page.
    #expect(html.contains("whiskers: Tukey") && html.contains("1.5 × IQR"))
    #expect(html.contains("axis from 0") && html.contains("max-width:100%"))
    // Three funnel plots; box plots say n under each box and draw the regional median.
    #expect(html.components(separatedBy: "<svg class=\"funnel\"").count - 1 == 3)
    #expect(html.contains("· n 3</text>") && html.contains("regional median"))
    // The header states period, scheme, weights, benchmark and risk-class basis.
    #expect(html.contains("period <b>2025 全年</b>") && html.contains("scheme <b>chs-drg-1.1</b>"))
    #expect(html.contains("weights <b>weights.csv</b>"))
    #expect(html.contains("Cell benchmark: <b>leave-one-out"))
    #expect(html.contains("risk classes from <b>this_file</b>"))
    // Expected deaths and p are columns of the table.
    #expect(html.contains("<th>预期 expected</th>") && html.contains("<th>p</th>"))
    // The index basis is named (trimmed by default).
    #expect(html.contains("Index basis: <b>截尾 trimmed"))
    // Chinese with English labels, and the index form named.
    #expect(html.contains("费用消耗指数") && html.contains("mean of per-DRG ratios"))
    // Nothing fetched from elsewhere: the only URL is the SVG namespace.
    let withoutNamespace = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
    #expect(!withoutNamespace.contains("http") && !withoutNamespace.contains("src="))
    #expect(!withoutNamespace.contains("href=") && !withoutNamespace.contains("@import"))
  }

  /// With a weights file that has none of the file's DRGs, the note must not say "run with
  /// --weights"; the header names the file and says no period was stated.
  @Test func weightsWithoutMatchingDRGsSayWhatIsWrong() {
    let comparison = HospitalComparison(
      cases: ComparisonIndexTests.tinyCases(), weights: WeightsTable(weights: ["Q": 1]))
    var report = ComparisonReport(comparison: comparison, unit: .hospital, form: .meanOfRatios)
    report.provenance = ReportProvenance(input: "/x/grouped.csv", weights: "/x/w.csv")
    let html = report.html()
    #expect(!html.contains("run with --weights"))
    #expect(html.contains("none of the DRGs of this file has a weight"))
    #expect(html.contains("weights <b>w.csv</b>") && html.contains("not stated (--period)"))
  }

  @Test func withoutWeightsTheQuadrantSaysWhy() {
    let comparison = HospitalComparison(cases: ComparisonIndexTests.tinyCases(), weights: nil)
    let html = ComparisonReport(comparison: comparison, unit: .hospital, form: .ratioOfSums).html()
    #expect(html.contains("run with --weights") && !html.contains("<svg id=\"quadrant\""))
    #expect(html.contains("ratio of sums"))
  }
}
