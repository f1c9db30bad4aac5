import DRGKit
import DRGPayment

/// Box plots of one DRG's costs, one box per unit, on a value axis that starts at 0.
///
/// Box: quartiles (type 7); thick line: median; whiskers: Tukey (the most extreme values
/// within 1.5 × IQR of the box). Values beyond the whiskers are not drawn: their number is
/// in each box's tooltip and under the chart. The dashed line is the reference (the report
/// draws the regional median, the statistic of the thick lines); each label gives n. The
/// chart is at most ``ReportHTML/pageWidth`` wide: boxes narrow and labels turn as units
/// are added.
struct BoxPlotChart: Sendable {
  var title: String
  var boxes: [(name: String, summary: SampleSummary)]
  var reference: Double?
  var unitName = "元 yuan"

  /// The label under a box: the unit and its number of values.
  static func label(_ name: String, count: Int) -> String { "\(name) · n \(count)" }

  /// The title drawn at the top left and the outlier count at the top right.
  var headerTexts: (title: String, outliers: String) {
    let outliers = boxes.reduce(0) { $0 + $1.summary.outliers }
    return ("\(title) · \(unitName)", "\(outliers) 离群值未画 outliers not drawn")
  }

  /// The chart's width: room for every box (at most the page), and at least room for the
  /// title and the outlier count side by side with a gap of 24 px, so they never overlap.
  var width: Double {
    let count = Double(max(1, boxes.count))
    let spacing = min(48, (ReportHTML.pageWidth - 64 - 16) / count)
    let texts = headerTexts
    let header =
      6 + ReportHTML.textWidth(texts.title) + 24 + ReportHTML.textWidth(texts.outliers) + 8
    return max(300, 64 + 16 + spacing * count, header)
  }

  func svg() -> String {
    let count = Double(max(1, boxes.count))
    let left = 64.0
    let spacing = min(48, (ReportHTML.pageWidth - left - 16) / count)
    let width = self.width
    let labels = boxes.map { Self.label($0.name, count: $0.summary.count) }
    let longest = labels.map { ReportHTML.textWidth($0) }.max() ?? 0
    let turned = longest > spacing - 4
    let labelDepth = turned ? min(90, longest * 0.87 + 8) : 16
    let plotTop = 28.0
    let plotHeight = 170.0
    let height = plotTop + plotHeight + labelDepth + 12
    let top = boxes.map(\.summary.upperWhisker).max() ?? 1
    let ticks = ReportHTML.ticks(upTo: max(top, reference ?? 0) * 1.02)
    let axisTop = ticks.last ?? 1
    func y(_ v: Double) -> Double { plotTop + plotHeight - v / axisTop * plotHeight }
    var svg = ReportHTML.svgOpen(className: "boxplot", width: width, height: height)
    svg += "<text x=\"6\" y=\"16\">\(ReportHTML.escape(headerTexts.title))</text>\n"
    for tick in ticks {
      let ty = ReportHTML.f(y(tick))
      svg +=
        "<line class=\"grid\" x1=\"\(left)\" y1=\"\(ty)\" x2=\"\(ReportHTML.f(width - 8))\" y2=\"\(ty)\"/>"
      svg +=
        "<text x=\"\(left - 4)\" y=\"\(ReportHTML.f(y(tick) + 4))\" text-anchor=\"end\">\(ReportHTML.grouped(tick))</text>\n"
    }
    svg +=
      "<line class=\"axis\" x1=\"\(left)\" y1=\"\(ReportHTML.f(y(axisTop)))\" x2=\"\(left)\" y2=\"\(ReportHTML.f(y(0)))\"/>"
    svg +=
      "<line class=\"axis\" x1=\"\(left)\" y1=\"\(ReportHTML.f(y(0)))\" x2=\"\(ReportHTML.f(width - 8))\" y2=\"\(ReportHTML.f(y(0)))\"/>\n"
    if let reference {
      svg +=
        "<line class=\"ref\" x1=\"\(left)\" y1=\"\(ReportHTML.f(y(reference)))\" x2=\"\(ReportHTML.f(width - 8))\" y2=\"\(ReportHTML.f(y(reference)))\"/>\n"
    }
    let half = max(3, min(12, spacing * 0.3))
    for (index, box) in boxes.enumerated() {
      let s = box.summary
      let cx = left + spacing * (Double(index) + 0.5)
      let c = ReportHTML.f(cx)
      svg +=
        "<g><title>\(ReportHTML.escape(box.name)): n \(s.count), median \(ReportHTML.grouped(s.median)), quartiles \(ReportHTML.grouped(s.lowerQuartile))–\(ReportHTML.grouped(s.upperQuartile)), whiskers \(ReportHTML.grouped(s.lowerWhisker))–\(ReportHTML.grouped(s.upperWhisker)), \(s.outliers) outliers not drawn</title>"
      svg +=
        "<line class=\"axis\" x1=\"\(c)\" y1=\"\(ReportHTML.f(y(s.lowerWhisker)))\" x2=\"\(c)\" y2=\"\(ReportHTML.f(y(s.upperWhisker)))\"/>"
      for end in [s.lowerWhisker, s.upperWhisker] {
        svg +=
          "<line class=\"axis\" x1=\"\(ReportHTML.f(cx - half / 2))\" y1=\"\(ReportHTML.f(y(end)))\" x2=\"\(ReportHTML.f(cx + half / 2))\" y2=\"\(ReportHTML.f(y(end)))\"/>"
      }
      svg +=
        "<rect class=\"box\" x=\"\(ReportHTML.f(cx - half))\" y=\"\(ReportHTML.f(y(s.upperQuartile)))\" width=\"\(ReportHTML.f(2 * half))\" height=\"\(ReportHTML.f(max(2, y(s.lowerQuartile) - y(s.upperQuartile))))\"/>"
      svg +=
        "<line stroke=\"#123\" stroke-width=\"2\" x1=\"\(ReportHTML.f(cx - half))\" y1=\"\(ReportHTML.f(y(s.median)))\" x2=\"\(ReportHTML.f(cx + half))\" y2=\"\(ReportHTML.f(y(s.median)))\"/></g>"
      let ly = plotTop + plotHeight + 14
      if turned {
        svg +=
          "<text x=\"\(c)\" y=\"\(ReportHTML.f(ly))\" text-anchor=\"end\" transform=\"rotate(-60 \(c) \(ReportHTML.f(ly)))\">\(ReportHTML.escape(labels[index]))</text>\n"
      } else {
        svg +=
          "<text x=\"\(c)\" y=\"\(ReportHTML.f(ly))\" text-anchor=\"middle\">\(ReportHTML.escape(labels[index]))</text>\n"
      }
    }
    svg +=
      "<text x=\"\(ReportHTML.f(width - 8))\" y=\"16\" text-anchor=\"end\" fill=\"#888\">\(headerTexts.outliers)</text>\n"
    return svg + "</svg>\n"
  }
}
