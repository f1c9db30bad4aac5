import DRGKit
import DRGPayment
import Foundation

/// A funnel plot: each unit's value against its volume, with the target line at 1 and the
/// 95 % (dashed) and 99.8 % (solid) control limits drawn through the units' own limits,
/// sorted by volume. Units beyond the 99.8 % limits are labelled. The volume axis is
/// logarithmic when volumes span more than a factor of 20.
struct FunnelChart: Sendable {
  var title: String
  var volumeLabel: String
  var funnel: Funnel

  func svg() -> String {
    let width = 520.0
    let height = 300.0
    let left = 52.0
    let right = 14.0
    let top = 30.0
    let bottom = 40.0
    let points = funnel.points.sorted { $0.volume < $1.volume }
    var svg = ReportHTML.svgOpen(className: "funnel", width: width, height: height)
    svg += "<text x=\"6\" y=\"16\">\(ReportHTML.escape(title))</text>\n"
    guard let first = points.first, let last = points.last, last.volume > 0 else {
      svg += "<text x=\"\(left)\" y=\"\(top + 40)\" fill=\"#888\">no units with a value</text>\n"
      return svg + "</svg>\n"
    }
    let logScale = last.volume / max(first.volume, 1e-9) > 20 && first.volume > 0
    let minVolume = logScale ? first.volume / 1.2 : 0
    let maxVolume = last.volume * (logScale ? 1.2 : 1.05)
    func x(_ volume: Double) -> Double {
      let fraction =
        logScale
        ? log(volume / minVolume) / log(maxVolume / minVolume)
        : (volume - minVolume) / (maxVolume - minVolume)
      return left + fraction * (width - left - right)
    }
    // Vertical range: the values and the 95 % limits (the 99.8 % ones of the smallest unit
    // can be far out and are clipped), always including 1.
    var low = 1.0
    var high = 1.0
    for point in points {
      low = min(low, point.value, point.limits95.lower)
      high = max(high, point.value, point.limits95.upper)
    }
    (low, high) = ReportHTML.padded(max(0, low), high)
    low = max(0, low)
    func y(_ value: Double) -> Double {
      let clipped = min(max(value, low), high)
      return top + (high - clipped) / (high - low) * (height - top - bottom)
    }
    let plotBottom = height - bottom
    svg +=
      "<line class=\"axis\" x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(plotBottom)\"/>"
    svg +=
      "<line class=\"axis\" x1=\"\(left)\" y1=\"\(plotBottom)\" x2=\"\(width - right)\" y2=\"\(plotBottom)\"/>\n"
    for tick in valueTicks(low: low, high: high) {
      let ty = ReportHTML.f(y(tick))
      svg +=
        "<line class=\"grid\" x1=\"\(left)\" y1=\"\(ty)\" x2=\"\(ReportHTML.f(width - right))\" y2=\"\(ty)\"/>"
      svg +=
        "<text x=\"\(left - 4)\" y=\"\(ReportHTML.f(y(tick) + 4))\" text-anchor=\"end\">\(ReportHTML.f(tick, 2))</text>\n"
    }
    for tick in volumeTicks(min: max(minVolume, first.volume), max: last.volume, log: logScale) {
      let label = tick >= 10 ? ReportHTML.grouped(tick) : String(format: "%g", tick)
      svg +=
        "<text x=\"\(ReportHTML.f(x(tick)))\" y=\"\(ReportHTML.f(plotBottom + 14))\" text-anchor=\"middle\">\(label)</text>\n"
    }
    svg +=
      "<text x=\"\(ReportHTML.f((left + width - right) / 2))\" y=\"\(ReportHTML.f(height - 6))\" text-anchor=\"middle\">\(ReportHTML.escape(volumeLabel))</text>\n"
    svg +=
      "<line class=\"target\" x1=\"\(left)\" y1=\"\(ReportHTML.f(y(1)))\" x2=\"\(ReportHTML.f(width - right))\" y2=\"\(ReportHTML.f(y(1)))\"/>\n"
    func path(_ value: (FunnelPoint) -> Double) -> String {
      points.map { "\(ReportHTML.f(x($0.volume))),\(ReportHTML.f(y(value($0))))" }.joined(
        separator: " ")
    }
    if points.count >= 2 {
      svg += "<polyline class=\"limit95\" points=\"\(path { $0.limits95.lower })\"/>"
      svg += "<polyline class=\"limit95\" points=\"\(path { $0.limits95.upper })\"/>"
      svg += "<polyline class=\"limit998\" points=\"\(path { $0.limits998.lower })\"/>"
      svg += "<polyline class=\"limit998\" points=\"\(path { $0.limits998.upper })\"/>\n"
    }
    for point in points {
      let cx = ReportHTML.f(x(point.volume))
      let cy = ReportHTML.f(y(point.value))
      svg +=
        "<g><title>\(ReportHTML.escape(point.unit)): \(ReportHTML.f(point.value, 3)) at \(ReportHTML.f(point.volume, 1)); 95 % limits \(ReportHTML.f(point.limits95.lower, 3))–\(ReportHTML.f(point.limits95.upper, 3)); \(point.band.rawValue); shrunk \(ReportHTML.f(point.shrunk, 3))</title>"
      svg += "<circle class=\"fdot\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"4\"/></g>"
      if point.band == .alarm {
        svg +=
          "<text x=\"\(ReportHTML.f(x(point.volume) + 6))\" y=\"\(ReportHTML.f(y(point.value) - 5))\">\(ReportHTML.escape(point.unit))</text>"
      }
      svg += "\n"
    }
    let note =
      funnel.tau2 > 0
      ? "overdispersed: φ \(ReportHTML.f(funnel.phi, 2)), τ² \(String(format: "%.3g", funnel.tau2))"
      : "φ \(ReportHTML.f(funnel.phi, 2)), no overdispersion"
    svg +=
      "<text x=\"\(ReportHTML.f(width - right))\" y=\"16\" text-anchor=\"end\" fill=\"#888\">\(note)</text>\n"
    return svg + "</svg>\n"
  }

  private func valueTicks(low: Double, high: Double) -> [Double] {
    let span = high - low
    guard span > 0 else { return [1] }
    let rough = span / 5
    let power = pow(10, floor(log10(rough)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
    var values: [Double] = []
    var value = (low / step).rounded(.up) * step
    while value <= high + 1e-12 {
      values.append(value)
      value += step
    }
    return values
  }

  private func volumeTicks(min: Double, max: Double, log: Bool) -> [Double] {
    if log {
      var values: [Double] = []
      var decade = pow(10, floor(log10(Swift.max(min, 1e-9))))
      while decade <= max {
        for step in [1.0, 2, 5] where decade * step >= min && decade * step <= max {
          values.append(decade * step)
        }
        decade *= 10
      }
      return values.isEmpty ? [min, max] : values
    }
    return ReportHTML.ticks(upTo: max).filter { $0 <= max }
  }
}
