import Foundation

/// The self-contained HTML report of `drg compare`: inline CSS and SVG, one small inline
/// script for sorting tables, nothing fetched from elsewhere.
public struct ComparisonReport: Sendable {
  public var comparison: HospitalComparison
  public var unit: ComparisonUnit
  public var form: ConsumptionIndexForm
  /// DRGs with the most cases shown as box plots.
  public var boxPlotDRGs = 6

  public init(comparison: HospitalComparison, unit: ComparisonUnit, form: ConsumptionIndexForm) {
    self.comparison = comparison
    self.unit = unit
    self.form = form
  }

  private var unitLabel: String { unit == .hospital ? "医院 hospital" : "科室 department" }
  private var formLabel: String {
    form == .meanOfRatios
      ? "比值均数 mean of per-DRG ratios" : "总和之比 ratio of sums (actual / standard)"
  }

  public func html() -> String {
    var body = """
      <h1>DRG 绩效比较 · DRG performance comparison</h1>
      <p class="note">\(comparison.totalCases) 病例 cases · \(comparison.units.count) \(unitLabel) ·
      \(comparison.risks.count) DRG. 消耗指数口径 Index form: <b>\(formLabel)</b>.
      区域 Region = all units pooled.</p>

      """
    body += "<h2>CMI × 费用消耗指数 · CMI against cost consumption index</h2>\n"
    body += quadrantChart()
    body += "<h2>费用消耗指数 · Cost consumption index (\(form.rawValue))</h2>\n"
    body += barChart(comparison.units.map { ($0.unit, $0.costIndex[form]) })
    body += "<h2>时间消耗指数 · Time consumption index (\(form.rawValue))</h2>\n"
    body += barChart(comparison.units.map { ($0.unit, $0.timeIndex[form]) })
    body += "<h2>主要 DRG 费用箱线图 · Cost box plots of the largest DRGs</h2>\n"
    body +=
      "<p class=\"note\">Box: quartiles (type 7); line: median; whiskers: minimum and maximum; dashed: regional mean. 单位 yuan.</p>\n"
    body += boxPlots()
    body += "<h2>\(unitLabel) 指标 · Indices</h2>\n"
    body += unitTable()
    body += "<p class=\"note\">Flag method: \(Self.escape(HospitalComparison.flagMethod)).</p>\n"
    return """
      <!DOCTYPE html>
      <html lang="zh-CN"><head><meta charset="utf-8">
      <title>DRG 绩效比较 · DRG comparison</title>
      <style>
      body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",Arial,sans-serif;margin:24px;color:#222;max-width:1100px}
      h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
      .note{color:#555;font-size:13px}svg{background:#fff;border:1px solid #eee}
      svg text{font-size:11px;fill:#333}.axis{stroke:#999}.ref{stroke:#c33;stroke-dasharray:4 3}
      .dot{fill:#2b6cb0}.bar{fill:#4a90c2}.box{fill:#cfe3f3;stroke:#2b6cb0}
      table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #ddd;padding:3px 6px;text-align:right}
      th{background:#f3f6f9;cursor:pointer}td:first-child,th:first-child{text-align:left}
      </style></head><body>
      \(body)
      <script>
      document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){
      var t=th.closest('table'),b=t.tBodies[0],r=Array.from(b.rows),d=th.dataset.d==='a'?-1:1;th.dataset.d=d===1?'a':'d';
      r.sort(function(x,y){var p=x.cells[i].textContent,q=y.cells[i].textContent,m=parseFloat(p),n=parseFloat(q);
      return (isNaN(m)||isNaN(n)?p.localeCompare(q):m-n)*d;});r.forEach(function(e){b.appendChild(e);});});});
      </script>
      </body></html>

      """
  }

  // MARK: - Charts

  private func quadrantChart() -> String {
    let points = comparison.units.compactMap { entry -> (String, Double, Double)? in
      guard let cmi = entry.cmi, let index = entry.costIndex[form] else { return nil }
      return (entry.unit, index, cmi)
    }
    guard !points.isEmpty else {
      return "<p class=\"note\">No CMI: run with --weights. 无权重文件，无法计算 CMI。</p>\n"
    }
    let weighted = comparison.units.reduce(0) { $0 + $1.weightedCases }
    let regionCMI =
      weighted > 0
      ? comparison.units.reduce(0) { $0 + $1.totalWeight } / Double(weighted) : 1
    let width = 640.0
    let height = 420.0
    let margin = 50.0
    let xs = points.map(\.1) + [1]
    let ys = points.map(\.2) + [regionCMI]
    let (x0, x1) = Self.padded(xs.min()!, xs.max()!)
    let (y0, y1) = Self.padded(ys.min()!, ys.max()!)
    func x(_ v: Double) -> Double { margin + (v - x0) / (x1 - x0) * (width - 2 * margin) }
    func y(_ v: Double) -> Double { height - margin - (v - y0) / (y1 - y0) * (height - 2 * margin) }
    var svg =
      "<svg id=\"quadrant\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    svg +=
      "<line class=\"axis\" x1=\"\(margin)\" y1=\"\(height - margin)\" x2=\"\(width - margin)\" y2=\"\(height - margin)\"/>"
    svg +=
      "<line class=\"axis\" x1=\"\(margin)\" y1=\"\(margin)\" x2=\"\(margin)\" y2=\"\(height - margin)\"/>\n"
    svg +=
      "<line class=\"ref\" x1=\"\(Self.f(x(1)))\" y1=\"\(margin)\" x2=\"\(Self.f(x(1)))\" y2=\"\(height - margin)\"/>"
    svg +=
      "<line class=\"ref\" x1=\"\(margin)\" y1=\"\(Self.f(y(regionCMI)))\" x2=\"\(width - margin)\" y2=\"\(Self.f(y(regionCMI)))\"/>\n"
    for (label, lx, ly, anchor) in [
      ("高难度 高消耗 high CMI, high cost", width - margin - 4, margin + 12, "end"),
      ("高难度 低消耗 high CMI, low cost", margin + 4, margin + 12, "start"),
      ("低难度 高消耗 low CMI, high cost", width - margin - 4, height - margin - 6, "end"),
      ("低难度 低消耗 low CMI, low cost", margin + 4, height - margin - 6, "start"),
    ] {
      svg +=
        "<text x=\"\(Self.f(lx))\" y=\"\(Self.f(ly))\" text-anchor=\"\(anchor)\" fill=\"#888\">\(label)</text>\n"
    }
    svg +=
      "<text x=\"\(width / 2)\" y=\"\(height - 12)\" text-anchor=\"middle\">费用消耗指数 cost index (\(Self.f(x0, 2))–\(Self.f(x1, 2)))</text>"
    svg +=
      "<text x=\"14\" y=\"\(height / 2)\" transform=\"rotate(-90 14 \(height / 2))\" text-anchor=\"middle\">CMI (\(Self.f(y0, 2))–\(Self.f(y1, 2)))</text>\n"
    for (name, index, cmi) in points {
      svg +=
        "<circle class=\"dot\" cx=\"\(Self.f(x(index)))\" cy=\"\(Self.f(y(cmi)))\" r=\"5\"><title>\(Self.escape(name)): CMI \(Self.f(cmi, 3)), CEI \(Self.f(index, 3))</title></circle>"
      svg +=
        "<text x=\"\(Self.f(x(index) + 7))\" y=\"\(Self.f(y(cmi) + 4))\">\(Self.escape(name))</text>\n"
    }
    return svg + "</svg>\n"
  }

  private func barChart(_ values: [(String, Double?)]) -> String {
    let shown = values.compactMap { name, value in value.map { (name, $0) } }
    guard !shown.isEmpty else { return "<p class=\"note\">No values.</p>\n" }
    let rowHeight = 18.0
    let left = 110.0
    let width = 640.0
    let height = Double(shown.count) * rowHeight + 30
    let top = max(1.2, (shown.map(\.1).max() ?? 1) * 1.05)
    func x(_ v: Double) -> Double { left + v / top * (width - left - 20) }
    var svg =
      "<svg class=\"bars\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    for (row, (name, value)) in shown.enumerated() {
      let yy = 10 + Double(row) * rowHeight
      svg +=
        "<text x=\"\(left - 6)\" y=\"\(Self.f(yy + 12))\" text-anchor=\"end\">\(Self.escape(name))</text>"
      svg +=
        "<rect class=\"bar\" x=\"\(left)\" y=\"\(Self.f(yy + 2))\" width=\"\(Self.f(x(value) - left))\" height=\"\(rowHeight - 4)\"/>"
      svg +=
        "<text x=\"\(Self.f(x(value) + 4))\" y=\"\(Self.f(yy + 12))\">\(Self.f(value, 3))</text>\n"
    }
    svg +=
      "<line class=\"ref\" x1=\"\(Self.f(x(1)))\" y1=\"4\" x2=\"\(Self.f(x(1)))\" y2=\"\(Self.f(height - 16))\"/>"
    svg +=
      "<text x=\"\(Self.f(x(1)))\" y=\"\(Self.f(height - 4))\" text-anchor=\"middle\">1.0</text>\n"
    return svg + "</svg>\n"
  }

  private func boxPlots() -> String {
    let largest = comparison.risks.sorted { ($0.cases, $1.drg) > ($1.cases, $0.drg) }.prefix(
      boxPlotDRGs)
    var html = ""
    for risk in largest {
      let cells = comparison.cells.filter { $0.drg == risk.drg && $0.cost.unit.count > 0 }
      guard let first = cells.first else { continue }
      let low = cells.map(\.cost.unit.minimum).min()!
      let high = cells.map(\.cost.unit.maximum).max()!
      let (v0, v1) = Self.padded(low, high)
      let width = max(240.0, 60 + Double(cells.count) * 44)
      let height = 220.0
      func y(_ v: Double) -> Double { height - 30 - (v - v0) / (v1 - v0) * (height - 50) }
      var svg =
        "<svg class=\"boxplot\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
      svg +=
        "<text x=\"6\" y=\"14\">DRG \(Self.escape(risk.drg)) · \(risk.cases) cases · \(Self.f(v0, 0))–\(Self.f(v1, 0)) 元 yuan</text>\n"
      let mean = first.cost.region.mean
      svg +=
        "<line class=\"ref\" x1=\"40\" y1=\"\(Self.f(y(mean)))\" x2=\"\(Self.f(width - 10))\" y2=\"\(Self.f(y(mean)))\"/>\n"
      for (index, cell) in cells.enumerated() {
        let s = cell.cost.unit
        let cx = 60 + Double(index) * 44
        svg +=
          "<line class=\"axis\" x1=\"\(cx)\" y1=\"\(Self.f(y(s.minimum)))\" x2=\"\(cx)\" y2=\"\(Self.f(y(s.maximum)))\"/>"
        svg +=
          "<rect class=\"box\" x=\"\(cx - 12)\" y=\"\(Self.f(y(s.upperQuartile)))\" width=\"24\" height=\"\(Self.f(max(1, y(s.lowerQuartile) - y(s.upperQuartile))))\"/>"
        svg +=
          "<line stroke=\"#123\" stroke-width=\"2\" x1=\"\(cx - 12)\" y1=\"\(Self.f(y(s.median)))\" x2=\"\(cx + 12)\" y2=\"\(Self.f(y(s.median)))\"/>"
        svg +=
          "<text x=\"\(cx)\" y=\"\(Self.f(height - 12))\" text-anchor=\"middle\">\(Self.escape(cell.unit))</text>\n"
      }
      html += svg + "</svg>\n"
    }
    return html.isEmpty ? "<p class=\"note\">No costs.</p>\n" : html
  }

  private func unitTable() -> String {
    var html =
      "<table class=\"sortable\"><thead><tr><th>\(unitLabel)</th><th>病例 cases</th><th>DRG 组数 groups</th><th>总权重 total RW</th><th>CMI</th><th>费用消耗指数 CEI</th><th>时间消耗指数 TEI</th><th>不入组率 ungroupable %</th><th>歧义率 ambiguous %</th><th>死亡率 mortality %</th><th>低风险死亡 low-risk deaths</th><th>O/E</th><th>95% CI</th></tr></thead><tbody>\n"
    for entry in comparison.units {
      func cell(_ value: Double?, _ digits: Int) -> String {
        "<td>\(value.map { Self.f($0, digits) } ?? "")</td>"
      }
      let interval = entry.lowRisk.ratioInterval
      html +=
        "<tr><td>\(Self.escape(entry.unit))</td><td>\(entry.cases)</td><td>\(entry.drgGroups)</td>"
      html += cell(entry.totalWeight, 2) + cell(entry.cmi, 3) + cell(entry.costIndex[form], 3)
      html += cell(entry.timeIndex[form], 3) + cell(entry.ungroupableRate.map { 100 * $0 }, 2)
      html +=
        cell(entry.ambiguousRate.map { 100 * $0 }, 2) + cell(entry.mortality.map { 100 * $0 }, 2)
      html += "<td>\(entry.lowRisk.deaths)</td>" + cell(entry.lowRisk.ratio, 2)
      html +=
        "<td>\(interval.map { "\(Self.f($0.lower, 2))–\(Self.f($0.upper, 2))" } ?? "")</td></tr>\n"
    }
    return html + "</tbody></table>\n"
  }

  // MARK: - Helpers

  static func padded(_ low: Double, _ high: Double) -> (Double, Double) {
    let span = high - low
    let pad = span > 0 ? span * 0.08 : max(abs(low) * 0.1, 0.1)
    return (low - pad, high + pad)
  }

  static func f(_ value: Double, _ digits: Int = 1) -> String {
    String(format: "%.\(digits)f", value)
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
