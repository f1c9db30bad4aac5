import DRGKit
import DRGPayment
import Foundation

/// A heat map of counts: rows (e.g. DRGs under scheme A) against columns (outcomes under
/// scheme B). A cell's colour is its share of the row total, from pale (0 %) to dark
/// purple (100 %); its count is written in it. Empty cells are left white.
struct HeatMapChart: Sendable {
  var rows: [String]
  var columns: [String]
  /// counts[row][column].
  var counts: [[Int]]
  /// The total of each row (including cases in columns not shown).
  var rowTotals: [Int]

  /// The fill of a cell holding `share` (0…1) of its row: linear from the low to the high
  /// colour of ``ReportHTML/Colour``.
  static func fill(share: Double) -> String {
    let t = min(1, max(0, share))
    let (low, high) = (ReportHTML.Colour.heatLow, ReportHTML.Colour.heatHigh)
    func channel(_ a: Int, _ b: Int) -> Int { Int((Double(a) + t * Double(b - a)).rounded()) }
    return String(
      format: "#%02x%02x%02x", channel(low.r, high.r), channel(low.g, high.g),
      channel(low.b, high.b))
  }

  func svg() -> String {
    guard !rows.isEmpty, !columns.isEmpty else {
      return "<p class=\"note\">No cells. 无数据。</p>\n"
    }
    let rowLabelWidth = max(70, (rows.map { ReportHTML.textWidth($0) }.max() ?? 0) + 12)
    let columnLabelDepth = min(
      110, (columns.map { ReportHTML.textWidth($0) }.max() ?? 0) * 0.71 + 14)
    let cell = min(44, max(22, (ReportHTML.pageWidth - rowLabelWidth - 20) / Double(columns.count)))
    let width = rowLabelWidth + cell * Double(columns.count) + 20
    let top = columnLabelDepth + 18
    let height = top + cell * Double(rows.count) + 34
    var svg = ReportHTML.svgOpen(id: "heatmap", width: width, height: height)
    svg +=
      "<text x=\"6\" y=\"14\">行 rows: A 方案 from · 列 columns: B 方案 to · 颜色 colour: % of row</text>\n"
    for (column, label) in columns.enumerated() {
      let cx = rowLabelWidth + cell * (Double(column) + 0.5)
      let ly = top - 6
      svg +=
        "<text x=\"\(ReportHTML.f(cx))\" y=\"\(ReportHTML.f(ly))\" transform=\"rotate(-45 \(ReportHTML.f(cx)) \(ReportHTML.f(ly)))\">\(ReportHTML.escape(label))</text>\n"
    }
    for (row, label) in rows.enumerated() {
      let y = top + cell * Double(row)
      svg +=
        "<text x=\"\(ReportHTML.f(rowLabelWidth - 6))\" y=\"\(ReportHTML.f(y + cell / 2 + 4))\" text-anchor=\"end\">\(ReportHTML.escape(label))</text>"
      for column in columns.indices {
        let count = counts[row][column]
        let x = rowLabelWidth + cell * Double(column)
        let share = rowTotals[row] > 0 ? Double(count) / Double(rowTotals[row]) : 0
        let fill = count > 0 ? Self.fill(share: share) : "#ffffff"
        svg +=
          "<rect class=\"cell\" x=\"\(ReportHTML.f(x))\" y=\"\(ReportHTML.f(y))\" width=\"\(ReportHTML.f(cell))\" height=\"\(ReportHTML.f(cell))\" fill=\"\(fill)\" stroke=\"#ddd\"><title>\(ReportHTML.escape(label)) → \(ReportHTML.escape(columns[column])): \(count) (\(ReportHTML.f(100 * share, 1)) %)</title></rect>"
        if count > 0 {
          let ink = share > 0.5 ? "#fff" : "#222"
          svg +=
            "<text x=\"\(ReportHTML.f(x + cell / 2))\" y=\"\(ReportHTML.f(y + cell / 2 + 4))\" text-anchor=\"middle\" style=\"fill:\(ink)\" font-size=\"10\">\(count)</text>"
        }
      }
      svg += "\n"
    }
    // Legend: 0 % … 100 %.
    let legendY = top + cell * Double(rows.count) + 12
    for step in 0...10 {
      svg +=
        "<rect x=\"\(ReportHTML.f(rowLabelWidth + Double(step) * 14))\" y=\"\(ReportHTML.f(legendY))\" width=\"14\" height=\"10\" fill=\"\(Self.fill(share: Double(step) / 10))\"/>"
    }
    svg +=
      "<text x=\"\(ReportHTML.f(rowLabelWidth + 11 * 14 + 6))\" y=\"\(ReportHTML.f(legendY + 9))\">0 % → 100 % of the row</text>\n"
    return svg + "</svg>\n"
  }
}
