import DRGKit
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
    // The index basis is named (trimmed by default).
    #expect(html.contains("Index basis: <b>截尾 trimmed"))
    // Chinese with English labels, and the index form named.
    #expect(html.contains("费用消耗指数") && html.contains("mean of per-DRG ratios"))
    // Nothing fetched from elsewhere: the only URL is the SVG namespace.
    let withoutNamespace = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
    #expect(!withoutNamespace.contains("http") && !withoutNamespace.contains("src="))
    #expect(!withoutNamespace.contains("href=") && !withoutNamespace.contains("@import"))
  }

  @Test func withoutWeightsTheQuadrantSaysWhy() {
    let comparison = HospitalComparison(cases: ComparisonIndexTests.tinyCases(), weights: nil)
    let html = ComparisonReport(comparison: comparison, unit: .hospital, form: .ratioOfSums).html()
    #expect(html.contains("run with --weights") && !html.contains("<svg id=\"quadrant\""))
    #expect(html.contains("ratio of sums"))
  }
}
