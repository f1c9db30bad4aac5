import DRGKit
import Foundation

/// The page frame, style sheet and text helpers shared by the HTML reports of `drg compare`
/// and `drg diff`: one self-contained file, inline CSS and SVG, one small inline script that
/// sorts tables when a header is clicked, nothing fetched from elsewhere.
package enum ReportHTML {
  /// Colours of the chart marks. Each chart kind has its own, so that a rendered page can be
  /// checked for every chart by counting pixels of these colours (Scripts/check-report-png.py).
  package enum Colour {
    static let dot = "#e8590c"
    static let bar = "#4a90c2"
    static let box = "#9cc3e6"
    static let boxStroke = "#1c4f80"
    package static let heatHigh = (r: 0x54, g: 0x27, b: 0x8f)
    package static let heatLow = (r: 0xf2, g: 0xf0, b: 0xf7)
    static let increase = "#2f9e44"
    static let decrease = "#e03131"
    static let funnelDot = "#0ca678"
  }

  /// The widest a chart is drawn (px); wider content is scaled down by the page.
  package static let pageWidth = 1060.0

  static let style = """
    body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",Arial,sans-serif;margin:24px;color:#222;max-width:1100px}
    h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
    .note{color:#555;font-size:13px}svg{background:#fff;border:1px solid #eee;max-width:100%;height:auto}
    svg text{font-size:11px;fill:#333}.axis{stroke:#999}.grid{stroke:#eee}.ref{stroke:#c33;stroke-dasharray:4 3}
    .leader{stroke:#999;stroke-width:0.8}
    .dot{fill:\(Colour.dot)}.bar{fill:\(Colour.bar)}.box{fill:\(Colour.box);stroke:\(Colour.boxStroke)}
    .up{fill:\(Colour.increase)}.down{fill:\(Colour.decrease)}
    .fdot{fill:\(Colour.funnelDot)}.target{stroke:#555}.limit95{fill:none;stroke:#f08c00;stroke-dasharray:5 3}.limit998{fill:none;stroke:#c92a2a}
    .warn{color:#c92a2a}
    .charts{display:flex;flex-wrap:wrap;gap:10px}.charts svg{flex:0 1 auto}
    .wide{max-width:100%;overflow-x:auto}
    table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #ddd;padding:3px 6px;text-align:right}
    th{background:#f3f6f9;cursor:pointer;text-align:center}td:first-child,th:first-child{text-align:left}
    td.text,th.text{text-align:left}
    """

  /// Sorts a `table.sortable` by the clicked column (numbers numerically); the tables are
  /// complete and readable without it.
  static let sortScript = """
    <script>
    document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){
    var t=th.closest('table'),b=t.tBodies[0],r=Array.from(b.rows),d=th.dataset.d==='a'?-1:1;th.dataset.d=d===1?'a':'d';
    r.sort(function(x,y){var p=x.cells[i].textContent,q=y.cells[i].textContent,m=parseFloat(p),n=parseFloat(q);
    return (isNaN(m)||isNaN(n)?p.localeCompare(q):m-n)*d;});r.forEach(function(e){b.appendChild(e);});});});
    </script>
    """

  /// A whole page around `body`.
  package static func page(title: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="zh-CN"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(escape(title))</title>
    <style>
    \(style)
    </style></head><body>
    \(body)
    \(sortScript)
    </body></html>

    """
  }

  /// The opening tag of an SVG of the given size that scales down to the page width.
  package static func svgOpen(
    id: String? = nil, className: String? = nil, width: Double, height: Double
  )
    -> String
  {
    let idText = id.map { " id=\"\($0)\"" } ?? ""
    let classText = className.map { " class=\"\($0)\"" } ?? ""
    return
      "<svg\(idText)\(classText) width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
  }

  /// A sortable table: header cells and rows of already escaped cell HTML (`<td>…</td>`).
  package static func table(header: [String], rows: [String]) -> String {
    var html = "<table class=\"sortable\"><thead><tr>"
    for name in header { html += "<th>\(name)</th>" }
    html += "</tr></thead><tbody>\n"
    for row in rows { html += "<tr>\(row)</tr>\n" }
    return html + "</tbody></table>\n"
  }

  package static func padded(_ low: Double, _ high: Double) -> (Double, Double) {
    let span = high - low
    let pad = span > 0 ? span * 0.08 : max(abs(low) * 0.1, 0.1)
    return (low - pad, high + pad)
  }

  /// Round tick values from 0 up to at least `maximum`: steps of 1, 2 or 5 × 10^k, about
  /// `count` of them. `[0, 1]` when `maximum` is not above 0.
  package static func ticks(upTo maximum: Double, count: Int = 5) -> [Double] {
    guard maximum > 0, maximum.isFinite else { return [0, 1] }
    let rough = maximum / Double(max(1, count))
    let power = pow(10, floor(log10(rough)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
    var values: [Double] = []
    var value = 0.0
    while values.last.map({ $0 < maximum }) ?? true {
      values.append(value)
      value += step
    }
    return values
  }

  /// A number with thousands separators and no decimals, e.g. `12,500`.
  package static func grouped(_ value: Double) -> String {
    // Not a number, or beyond a whole number's range: shown as it is, never a trap.
    guard value.isFinite, abs(value) < 9e18 else { return "\(value)" }
    let whole = Int(value.rounded())
    let digits = String(abs(whole))
    var text = ""
    for (index, character) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
      text.append(character)
    }
    return (whole < 0 ? "−" : "") + text
  }

  package static func f(_ value: Double, _ digits: Int = 1) -> String {
    String(format: "%.\(digits)f", value)
  }

  package static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  /// The width of `text` at 11 px, estimated: 11.5 px a CJK (or other non-ASCII) character,
  /// 7 px an ASCII one (generous, so that estimated boxes hold the drawn text).
  package static func textWidth(_ text: String, fontSize: Double = 11) -> Double {
    var width = 0.0
    for scalar in text.unicodeScalars { width += scalar.isASCII ? 7 : 11.5 }
    return width * fontSize / 11
  }
}
