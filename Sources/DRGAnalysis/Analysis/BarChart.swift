import DRGKit
import DRGPayment

/// A horizontal bar chart, one bar per named value, for the HTML reports.
///
/// Values of one sign start at 0; with both signs the bars diverge from a zero line, rises
/// drawn green and falls red. A dashed reference line (e.g. 1.0 for an index) is optional.
struct BarChart: Sendable {
  var values: [(name: String, value: Double)]
  /// A dashed line at this value, labelled with it.
  var reference: Double?
  var digits = 3
  /// Colour bars by sign (rise / fall) rather than all alike.
  var signed = false

  func svg() -> String {
    guard !values.isEmpty else { return "<p class=\"note\">No values. 无数据。</p>\n" }
    let rowHeight = 18.0
    let labelWidth = min(
      260, max(60, values.map { ReportHTML.textWidth($0.name) }.max() ?? 60) + 10)
    let width = 720.0
    let height = Double(values.count) * rowHeight + 30
    let numbers = values.map(\.value) + (reference.map { [$0] } ?? [])
    var low = min(0, numbers.min() ?? 0)
    var high = max(0, numbers.max() ?? 0)
    if low == high { high = 1 }
    let span = high - low
    low -= low < 0 ? span * 0.12 : 0
    high += span * 0.12
    let plotLeft = labelWidth + (low < 0 ? 50 : 0)
    let plotRight = width - 50
    func x(_ v: Double) -> Double { plotLeft + (v - low) / (high - low) * (plotRight - plotLeft) }
    var svg = ReportHTML.svgOpen(className: "bars", width: width, height: height)
    let zero = x(0)
    for (row, entry) in values.enumerated() {
      let y = 10 + Double(row) * rowHeight
      let start = min(zero, x(entry.value))
      let end = max(zero, x(entry.value))
      let kind = signed ? (entry.value < 0 ? "down" : "up") : "bar"
      svg +=
        "<text x=\"\(ReportHTML.f(labelWidth - 6))\" y=\"\(ReportHTML.f(y + 12))\" text-anchor=\"end\">\(ReportHTML.escape(entry.name))</text>"
      svg +=
        "<rect class=\"\(kind)\" x=\"\(ReportHTML.f(start))\" y=\"\(ReportHTML.f(y + 2))\" width=\"\(ReportHTML.f(max(1, end - start)))\" height=\"\(rowHeight - 4)\"/>"
      let number = ReportHTML.f(entry.value, digits)
      if entry.value < 0 {
        svg +=
          "<text x=\"\(ReportHTML.f(start - 4))\" y=\"\(ReportHTML.f(y + 12))\" text-anchor=\"end\">\(number)</text>\n"
      } else {
        svg +=
          "<text x=\"\(ReportHTML.f(end + 4))\" y=\"\(ReportHTML.f(y + 12))\">\(number)</text>\n"
      }
    }
    svg +=
      "<line class=\"axis\" x1=\"\(ReportHTML.f(zero))\" y1=\"4\" x2=\"\(ReportHTML.f(zero))\" y2=\"\(ReportHTML.f(height - 16))\"/>"
    svg +=
      "<text x=\"\(ReportHTML.f(zero))\" y=\"\(ReportHTML.f(height - 4))\" text-anchor=\"middle\">0</text>\n"
    if let reference {
      let line = x(reference)
      svg +=
        "<line class=\"ref\" x1=\"\(ReportHTML.f(line))\" y1=\"4\" x2=\"\(ReportHTML.f(line))\" y2=\"\(ReportHTML.f(height - 16))\"/>"
      svg +=
        "<text x=\"\(ReportHTML.f(line))\" y=\"\(ReportHTML.f(height - 4))\" text-anchor=\"middle\">\(ReportHTML.f(reference, 1))</text>\n"
    }
    return svg + "</svg>\n"
  }
}
