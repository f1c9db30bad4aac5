import DRGTestSupport
import Foundation
import Testing

@testable import DRGAnalysis
@testable import DRGKit
@testable import DRGPayment

@Suite("Report charts")
struct ReportChartTests {
  @Test func tukeyWhiskersStopAtTheLastValueInsideTheFences() {
    // 1 2 3 4 100: Q1 (h = 1) 2, Q3 (h = 3) 4, IQR 2, fences 2 − 3 = −1 and 4 + 3 = 7:
    // whiskers 1 and 4, one outlier (100).
    let values: [Double] = [1, 2, 3, 4, 100]
    let summary = values.withUnsafeBufferPointer { HospitalComparison.summary($0) }
    #expect(summary.lowerQuartile == 2 && summary.upperQuartile == 4)
    #expect(summary.lowerWhisker == 1 && summary.upperWhisker == 4 && summary.outliers == 1)
    #expect(summary.minimum == 1 && summary.maximum == 100)
    // −50 10 11 12 13: Q1 10, Q3 12, fences 7 and 15: whiskers 10 and 13, −50 is out.
    let low: [Double] = [-50, 10, 11, 12, 13]
    let lowSummary = low.withUnsafeBufferPointer { HospitalComparison.summary($0) }
    #expect(lowSummary.lowerWhisker == 10 && lowSummary.upperWhisker == 13)
    #expect(lowSummary.outliers == 1)
  }

  @Test func ticksAreRoundAndStartAtZero() {
    // 11,200 / 5 = 2240: the step is the first of 1000, 2000, 5000 at least 2240 = 5000.
    #expect(ReportHTML.ticks(upTo: 11_200) == [0, 5000, 10_000, 15_000])
    // 0.9 / 5 = 0.18 → step 0.2.
    #expect(ReportHTML.ticks(upTo: 0.9).count == 6)
    #expect(ReportHTML.ticks(upTo: 0) == [0, 1])
    #expect(ReportHTML.grouped(1_234_567) == "1,234,567" && ReportHTML.grouped(-5000) == "−5,000")
    // Values no whole number holds are shown as they are instead of trapping.
    #expect(ReportHTML.grouped(.nan) == "nan" && ReportHTML.grouped(1e300) == "1e+300")
  }

  @Test func boxPlotAxisFromZeroAndBoxesFromTheWhiskers() {
    // One box: quartiles 2000–4000, whiskers 1000 and 6000, mean 3500. Axis 0 … 7000
    // (6000·1.02 = 6120, /5 = 1224 → step 2000: ticks 0 2000 4000 6000 8000; top 8000).
    // Plot 170 px high from y = 28: y(v) = 198 − v/8000·170, so y(4000) = 113,
    // y(2000) = 155.5, y(6000) = 70.5, y(1000) = 176.75.
    var summary = SampleSummary()
    summary.count = 20
    summary.lowerQuartile = 2000
    summary.upperQuartile = 4000
    summary.median = 3000
    summary.lowerWhisker = 1000
    summary.upperWhisker = 6000
    summary.minimum = 10
    summary.maximum = 90_000
    summary.outliers = 2
    let svg = BoxPlotChart(title: "DRG X", boxes: [("A", summary)], reference: 3500).svg()
    #expect(svg.contains(">0</text>") && svg.contains(">8,000</text>"))
    #expect(!svg.contains("−"), "no negative value on the axis")
    #expect(svg.contains("y=\"113.0\" width=\"24.0\" height=\"42.5\""))
    #expect(svg.contains("y1=\"176.8\"") && svg.contains("y2=\"70.5\""))
    // The extreme 90,000 is not drawn; it is counted.
    #expect(svg.contains("2 离群值未画 outliers not drawn"))
  }

  @Test func manyBoxesFitThePage() throws {
    // 40 boxes: spacing (1060 − 64 − 16)/40 = 24.5, width 64 + 16 + 980 = 1060.
    var summary = SampleSummary()
    summary.upperWhisker = 10
    let boxes = (0..<40).map { (name: "H\($0)", summary: summary) }
    let svg = BoxPlotChart(title: "DRG X", boxes: boxes, reference: nil).svg()
    #expect(svg.contains("width=\"1060\""))
    #expect(ReportHTML.style.contains("max-width:100%") && ReportHTML.style.contains("flex-wrap"))
  }

  /// The title (left) and the outlier count (right) never overlap, with 1 to 100 boxes and
  /// the longest title a DRG can have; every label gives n.
  @Test func boxPlotTitlesNeverOverlap() throws {
    var summary = SampleSummary()
    summary.count = 12
    summary.upperWhisker = 10
    summary.outliers = 12_345
    for count in 1...100 {
      let boxes = (0..<count).map { (name: "医院\($0)", summary: summary) }
      let chart = BoxPlotChart(title: "DRG GB29 · 1234567 cases", boxes: boxes, reference: 5)
      let texts = chart.headerTexts
      let titleEnd = 6 + ReportHTML.textWidth(texts.title)
      let countStart = chart.width - 8 - ReportHTML.textWidth(texts.outliers)
      #expect(
        titleEnd < countStart,
        "\(count) boxes: title ends at \(titleEnd), count starts at \(countStart)")
      let svg = chart.svg()
      #expect(svg.contains("width=\"\(Int(chart.width))\""))
      #expect(svg.components(separatedBy: "· n 12</text>").count - 1 == count)
    }
  }

  /// A funnel chart draws one dot per unit, four limit lines and the target, and names the
  /// unit beyond the 99.8 % limits. Twenty units at z = ±0.4 and one at z = 33.3: the 90th
  /// percentile (type 7, position 18 of 0…20) is 0.4, so the far z is winsorised to 0.4,
  /// φ = 0.16 < (I − 1)/I, τ² = 0, and the far unit is an alarm.
  @Test func funnelChartDrawsLimitsAndNamesAlarms() {
    var units: [(name: String, volume: Double, value: Double, se: Double)] = []
    for index in 0..<20 {
      let offset: Double = index % 2 == 0 ? 0.02 : -0.02
      units.append(("U\(index)", Double(10 + 10 * index), 1 + offset, 0.05))
    }
    units.append(("Far", 100, 2, 0.03))
    let funnel = Funnel.normal(indicator: .costIndex, units: units)
    #expect(funnel.tau2 == 0)
    let svg = FunnelChart(title: "CEI", volumeLabel: "cases", funnel: funnel).svg()
    #expect(svg.components(separatedBy: "<circle class=\"fdot\"").count - 1 == 21)
    #expect(svg.components(separatedBy: "class=\"limit95\"").count - 1 == 2)
    #expect(svg.components(separatedBy: "class=\"limit998\"").count - 1 == 2)
    #expect(svg.contains("class=\"target\""))
    let far = funnel.points.first { $0.unit == "Far" }
    #expect(far?.band == .alarm)
    #expect(svg.contains(">Far</text>") && !svg.contains(">U1</text>"))
  }

  @Test func heatMapShadesByShareOfTheRow() {
    // Share 0 is the low colour #f2f0f7, share 1 the high colour #54278f, and share 0.5
    // the midpoint: (242 + 84)/2 = 163 = a3, (240 + 39)/2 = 139.5 → 140 = 8c,
    // (247 + 143)/2 = 195 = c3.
    #expect(HeatMapChart.fill(share: 0) == "#f2f0f7")
    #expect(HeatMapChart.fill(share: 1) == "#54278f")
    #expect(HeatMapChart.fill(share: 0.5) == "#a38cc3")
  }

  @Test func signedBarsAreGreenUpAndRedDown() {
    let svg = BarChart(values: [("H1", -0.1), ("H2", 0.0667)], digits: 4, signed: true).svg()
    #expect(svg.components(separatedBy: "class=\"down\"").count - 1 == 1)
    #expect(svg.components(separatedBy: "class=\"up\"").count - 1 == 1)
    #expect(svg.contains(">-0.1000</text>") && svg.contains(">0.0667</text>"))
  }
}
