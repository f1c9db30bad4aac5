import Foundation

/// The self-contained HTML report of `drg compare`: inline CSS and SVG, one small inline
/// script for sorting tables, nothing fetched from elsewhere. The charts are
/// ``QuadrantChart``, ``BarChart`` and ``BoxPlotChart``; the page frame is ``ReportHTML``.
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
      区域 Region = all units pooled. 基准 Index basis: <b>\(basisLabel)</b>.</p>

      """
    body += "<h2>CMI × 费用消耗指数 · CMI against cost consumption index</h2>\n"
    body += quadrantChart()
    body += "<h2>费用消耗指数 · Cost consumption index (\(form.rawValue))</h2>\n"
    body += BarChart(values: indexValues(\.costIndex), reference: 1).svg()
    body += "<h2>时间消耗指数 · Time consumption index (\(form.rawValue))</h2>\n"
    body += BarChart(values: indexValues(\.timeIndex), reference: 1).svg()
    body += "<h2>主要 DRG 费用箱线图 · Cost box plots of the largest DRGs</h2>\n"
    body +=
      "<p class=\"note\">箱: 四分位数 Box: quartiles (type 7); 粗线 thick line: median; 须线 whiskers: Tukey, the most extreme costs within 1.5 × IQR of the box; 离群值 costs beyond the whiskers are not drawn (their number is shown per chart and per box on hover); 虚线 dashed: regional mean (untrimmed); axis from 0. 单位 yuan.</p>\n"
    body += boxPlots()
    body += "<h2>\(unitLabel) 指标 · Indices</h2>\n"
    body += unitTable()
    body += "<p class=\"note\">Flag method: \(Self.escape(comparison.flagMethod)).</p>\n"
    return ReportHTML.page(title: "DRG 绩效比较 · DRG comparison", body: body)
  }

  private var basisLabel: String {
    let trimming = comparison.trimming
    return trimming.isTrimmed
      ? "截尾 \(Self.escape(trimming.description)); 截尾病例 trimmed cases: \(comparison.indexCasesTrimmed)"
      : "未截尾 \(Self.escape(trimming.description))"
  }

  private func indexValues(_ index: KeyPath<UnitComparison, [ConsumptionIndexForm: Double]>)
    -> [(name: String, value: Double)]
  {
    comparison.units.compactMap { entry in
      entry[keyPath: index][form].map { (entry.unit, $0) }
    }
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
    return QuadrantChart(
      points: points.map { (name: $0.0, index: $0.1, cmi: $0.2) }, regionCMI: regionCMI
    ).svg()
  }

  private func boxPlots() -> String {
    let largest = comparison.risks.sorted { ($0.cases, $1.drg) > ($1.cases, $0.drg) }.prefix(
      boxPlotDRGs)
    var html = ""
    for risk in largest {
      let cells = comparison.cells.filter { $0.drg == risk.drg && $0.cost.unit.count > 0 }
      guard let first = cells.first else { continue }
      html += BoxPlotChart(
        title: "DRG \(risk.drg) · \(risk.cases) cases",
        boxes: cells.map { (name: $0.unit, summary: $0.cost.unit) },
        reference: first.cost.region.mean
      ).svg()
    }
    return html.isEmpty
      ? "<p class=\"note\">No costs.</p>\n" : "<div class=\"charts\">\n\(html)</div>\n"
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

  static func f(_ value: Double, _ digits: Int = 1) -> String { ReportHTML.f(value, digits) }

  static func escape(_ text: String) -> String { ReportHTML.escape(text) }
}
