import DRGKit
import DRGPayment

/// The quadrant chart of `drg compare`: CMI (up) against the cost consumption index
/// (right), one labelled dot per unit, dashed lines at index 1 and at the regional CMI.
/// Labels are placed by ``LabelPlacement``; a unit whose label finds no room gets a number
/// explained in a key under the chart.
struct QuadrantChart: Sendable {
  var points: [(name: String, index: Double, cmi: Double)]
  var regionCMI: Double

  static let width = 900.0
  static let height = 560.0
  static let margin = 56.0
  static let dotRadius = 5.0

  func svg() -> String {
    let (width, height, margin) = (Self.width, Self.height, Self.margin)
    let (x0, x1) = ReportHTML.padded(
      min(1, points.map(\.index).min() ?? 1), max(1, points.map(\.index).max() ?? 1))
    let (y0, y1) = ReportHTML.padded(
      min(regionCMI, points.map(\.cmi).min() ?? 1), max(regionCMI, points.map(\.cmi).max() ?? 1))
    func x(_ v: Double) -> Double { margin + (v - x0) / (x1 - x0) * (width - 2 * margin) }
    func y(_ v: Double) -> Double { height - margin - (v - y0) / (y1 - y0) * (height - 2 * margin) }
    let f = { (v: Double) in ReportHTML.f(v) }
    var svg = ReportHTML.svgOpen(id: "quadrant", width: width, height: height)
    svg +=
      "<line class=\"axis\" x1=\"\(margin)\" y1=\"\(height - margin)\" x2=\"\(width - margin)\" y2=\"\(height - margin)\"/>"
    svg +=
      "<line class=\"axis\" x1=\"\(margin)\" y1=\"\(margin)\" x2=\"\(margin)\" y2=\"\(height - margin)\"/>\n"
    svg +=
      "<line class=\"ref\" x1=\"\(f(x(1)))\" y1=\"\(margin)\" x2=\"\(f(x(1)))\" y2=\"\(height - margin)\"/>"
    svg +=
      "<line class=\"ref\" x1=\"\(margin)\" y1=\"\(f(y(regionCMI)))\" x2=\"\(width - margin)\" y2=\"\(f(y(regionCMI)))\"/>\n"
    // Quadrant captions in the corners; labels keep clear of them.
    var reserved: [ChartRect] = []
    let captions = [
      ("高难度 高消耗 high CMI, high cost", width - margin - 4, margin + 14, "end"),
      ("高难度 低消耗 high CMI, low cost", margin + 4, margin + 14, "start"),
      ("低难度 高消耗 low CMI, high cost", width - margin - 4, height - margin - 6, "end"),
      ("低难度 低消耗 low CMI, low cost", margin + 4, height - margin - 6, "start"),
    ]
    for (label, lx, ly, anchor) in captions {
      let w = ReportHTML.textWidth(label)
      reserved.append(
        ChartRect(x: anchor == "end" ? lx - w : lx, y: ly - 11, width: w, height: 14))
      svg +=
        "<text x=\"\(f(lx))\" y=\"\(f(ly))\" text-anchor=\"\(anchor)\" fill=\"#888\">\(label)</text>\n"
    }
    // Axis ends.
    for (value, lx) in [(x0, margin), (x1, width - margin)] {
      svg +=
        "<text x=\"\(f(lx))\" y=\"\(f(height - margin + 14))\" text-anchor=\"middle\">\(ReportHTML.f(value, 2))</text>"
    }
    svg +=
      "<text x=\"\(f(x(1)))\" y=\"\(f(height - margin + 14))\" text-anchor=\"middle\" fill=\"#c33\">1.00</text>"
    for (value, ly) in [(y0, height - margin), (y1, margin)] {
      svg +=
        "<text x=\"\(f(margin - 4))\" y=\"\(f(ly + 4))\" text-anchor=\"end\">\(ReportHTML.f(value, 2))</text>"
    }
    svg +=
      "<text x=\"\(f(margin - 4))\" y=\"\(f(y(regionCMI) + 4))\" text-anchor=\"end\" fill=\"#c33\">\(ReportHTML.f(regionCMI, 2))</text>\n"
    svg +=
      "<text x=\"\(width / 2)\" y=\"\(height - 14)\" text-anchor=\"middle\">费用消耗指数 cost consumption index →</text>"
    svg +=
      "<text x=\"14\" y=\"\(height / 2)\" transform=\"rotate(-90 14 \(height / 2))\" text-anchor=\"middle\">CMI →</text>\n"

    let centres = points.map { (x: x($0.index), y: y($0.cmi)) }
    let placement = LabelPlacement(
      bounds: ChartRect(
        x: margin + 1, y: margin + 1, width: width - 2 * margin - 2,
        height: height - 2 * margin - 2),
      dotRadius: Self.dotRadius, reserved: reserved)
    let spots = placement.place(
      points: centres, sizes: points.map { (ReportHTML.textWidth($0.name), 13) })
    var key: [(Int, String)] = []
    for (index, point) in points.enumerated() {
      let centre = centres[index]
      svg +=
        "<circle class=\"dot\" cx=\"\(f(centre.x))\" cy=\"\(f(centre.y))\" r=\"\(Self.dotRadius)\"><title>\(ReportHTML.escape(point.name)): CMI \(ReportHTML.f(point.cmi, 3)), CEI \(ReportHTML.f(point.index, 3))</title></circle>"
      var text = ReportHTML.escape(point.name)
      var leader = false
      switch spots[index] {
      case .label(_, let far): leader = far
      case .numbered(let number, _):
        text = String(number)
        leader = true
        key.append((number, point.name))
      case .keyOnly(let number):
        key.append((number, point.name))
      }
      if let box = spots[index].box {
        if leader {
          let end = box.nearestPoint(toX: centre.x, y: centre.y)
          svg +=
            "<line class=\"leader\" x1=\"\(f(centre.x))\" y1=\"\(f(centre.y))\" x2=\"\(f(end.x))\" y2=\"\(f(end.y))\"/>"
        }
        svg += "<text x=\"\(f(box.x))\" y=\"\(f(box.maxY - 3))\">\(text)</text>"
      }
      svg += "\n"
    }
    svg += "</svg>\n"
    if !key.isEmpty {
      svg +=
        "<p class=\"note\">编号 Numbered dots: "
        + key.sorted { $0.0 < $1.0 }.map { "\($0.0) = \(ReportHTML.escape($0.1))" }.joined(
          separator: "; ") + "</p>\n"
    }
    return svg
  }
}
