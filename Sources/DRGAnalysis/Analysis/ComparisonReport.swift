import DRGKit
import DRGPayment
import Foundation

/// Where a report's data came from, stated in its header.
public struct ReportProvenance: Sendable, Equatable {
  /// The grouped file compared.
  public var input: String?
  /// The weights file, when given.
  public var weights: String?
  /// The period the data covers (`--period`).
  public var period: String?
  /// The scheme the file was grouped with (`--scheme-name`).
  public var scheme: String?

  /// A provenance; `nil` leaves the item out of the header.
  public init(
    input: String? = nil, weights: String? = nil, period: String? = nil, scheme: String? = nil
  ) {
    self.input = input
    self.weights = weights
    self.period = period
    self.scheme = scheme
  }
}

/// The self-contained HTML report of `drg compare`: inline CSS and SVG, one small inline
/// script for sorting tables, nothing fetched from elsewhere. The charts are
/// ``QuadrantChart``, ``BarChart``, ``FunnelChart`` and ``BoxPlotChart``; the page frame is
/// ``ReportHTML``.
public struct ComparisonReport: Sendable {
  /// The comparison the page shows.
  public var comparison: HospitalComparison
  /// What the units are (hospitals or departments), for labels.
  public var unit: ComparisonUnit
  /// The form of the consumption indices shown.
  public var form: ConsumptionIndexForm
  /// DRGs with the most cases shown as box plots.
  public var boxPlotDRGs = 6
  /// The header's statement of period, scheme and files.
  public var provenance = ReportProvenance()
  /// The hospital × department view (`--departments`), shown as a table.
  public var departments: DepartmentView?

  /// The page of `comparison` with indices in `form`; the other settings at their defaults.
  public init(comparison: HospitalComparison, unit: ComparisonUnit, form: ConsumptionIndexForm) {
    self.comparison = comparison
    self.unit = unit
    self.form = form
  }

  private var unitLabel: String { unit == .hospital ? "医院 hospital" : "科室 department" }

  /// A unit as charts and tables show it: with a hospitals file (`--hospitals`), the
  /// hospital's id and name (`H01 市第一人民医院`), else the id.
  private func label(_ unit: String) -> String {
    guard self.unit == .hospital, let name = comparison.hospitalTable?.name(of: unit),
      !name.isEmpty
    else { return unit }
    return "\(unit) \(name)"
  }
  private var formLabel: String {
    form == .meanOfRatios
      ? "比值均数 mean of per-DRG ratios" : "总和之比 ratio of sums (actual / standard)"
  }

  /// The whole page, one self-contained HTML document.
  public func html() -> String {
    ReportHTML.page(
      title: "DRG 绩效比较 · DRG comparison",
      body: "<h1>DRG 绩效比较 · DRG performance comparison</h1>\n" + body())
  }

  /// Several peer groups' reports on one page: the peer statement, then each group's
  /// sections under its own heading.
  public static func html(peers: [ComparisonReport], statement: String) -> String {
    var body = "<h1>DRG 绩效比较 · DRG performance comparison — 同级比较 peers</h1>\n"
    body += "<p class=\"note\">\(escape(statement))</p>\n"
    for report in peers {
      body +=
        "<h1>同级组 Peer group \(escape(report.comparison.peerGroup ?? ""))</h1>\n" + report.body()
    }
    return ReportHTML.page(title: "DRG 绩效比较 · DRG comparison (peers)", body: body)
  }

  /// Every section of the report, without the page around it.
  public func body() -> String {
    var body = header()
    body += "<h2>CMI × 费用消耗指数 · CMI against cost consumption index</h2>\n"
    body += quadrantChart()
    body += "<h2>费用消耗指数 · Cost consumption index (\(form.rawValue))</h2>\n"
    body += BarChart(values: indexValues(\.costIndex), reference: 1).svg()
    body += "<h2>时间消耗指数 · Time consumption index (\(form.rawValue))</h2>\n"
    body += BarChart(values: indexValues(\.timeIndex), reference: 1).svg()
    body += "<h2>漏斗图 · Funnel plots</h2>\n"
    body +=
      "<p class=\"note\">Target 1 (grey); 95 % limits dashed orange, 99.8 % limits solid red, widened for overdispersion (Spiegelhalter 2005) when the units spread more than chance allows. CEI and TEI are the mean-of-ratios indices against their cases; low-risk O/E against expected deaths. Units beyond the 99.8 % limits are named. A small unit inside the funnel is not shown to differ.</p>\n"
    body += funnelCharts()
    body += "<h2>主要 DRG 费用箱线图 · Cost box plots of the largest DRGs</h2>\n"
    body +=
      "<p class=\"note\">箱: 四分位数 Box: quartiles (type 7); 粗线 thick line: the unit's median; 须线 whiskers: Tukey, the most extreme costs within 1.5 × IQR of the box; 离群值 costs beyond the whiskers are not drawn (their number is shown per chart and per box on hover); 虚线 dashed: regional median (\(regionText)), the same statistic as the thick lines; n under each box = cases with a cost; axis from 0. 单位 yuan.</p>\n"
    body += boxPlots()
    body += "<h2>\(unitLabel) 指标 · Indices</h2>\n"
    body += unitTable()
    body +=
      "<p class=\"note\">O/E marked <span class=\"warn\">⚠</span>: fewer than 5 expected deaths, too few to read (one death more or less moves O/E by more than 0.2). Shrunk: empirical-Bayes estimates (see methods.txt); with few cases they stay near 1.</p>\n"
    body +=
      "<p class=\"note\">Cell flags: \(Self.escape(comparison.flagMethod)). \(comparison.flaggedCells.cost) of \(comparison.testedCells.cost) tested cost cells flagged.</p>\n"
    if let departments {
      body += "<h2>医院 × 科室 · Hospitals by department</h2>\n"
      body +=
        "<p class=\"note\">CMI, CEI and TEI of each hospital's departments against the same regional benchmarks as the hospitals (hospital_depts.csv).</p>\n"
      body += departments.htmlTable(form: form)
    }
    return body
  }

  /// The header: what was compared, from which files, over which period and scheme, with
  /// which weights, benchmark, index form and basis.
  private func header() -> String {
    let period = provenance.period.map { Self.escape($0) } ?? "not stated (--period)"
    let scheme = provenance.scheme.map { Self.escape($0) } ?? "not stated (--scheme-name)"
    let weights =
      comparison.hasWeights
      ? (provenance.weights.map { Self.escape(($0 as NSString).lastPathComponent) } ?? "given")
      : "none (no CMI)"
    let input = provenance.input.map { Self.escape(($0 as NSString).lastPathComponent) } ?? "–"
    let risk = Self.escape(comparison.riskClassBasis)
    return """
      <p class="note">\(comparison.totalCases) 病例 cases · \(comparison.units.count) \(unitLabel) · \(comparison.risks.count) DRG ·
      数据 file <b>\(input)</b> · 期间 period <b>\(period)</b> · 方案 scheme <b>\(scheme)</b> · 权重 weights <b>\(weights)</b>.<br>
      消耗指数口径 Index form: <b>\(formLabel)</b>; 区域 region = \(regionLabel); 基准 Index basis: <b>\(basisLabel)</b>.<br>
      病组比较基准 Cell benchmark: <b>\(Self.escape(comparison.options.benchmark.description))</b>; 风险分级 risk classes from <b>\(risk)</b>.</p>

      """
  }

  private var regionLabel: String {
    comparison.peerGroup == nil ? regionText : "<b>同级 peers: \(regionText)</b>"
  }

  /// Whose cases make the regional figures: every unit, or the peer group's hospitals only.
  private var regionText: String {
    comparison.peerGroup.map { "the hospitals of \(Self.escape($0)) pooled" }
      ?? "all units pooled"
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
      entry[keyPath: index][form].map { (label(entry.unit), $0) }
    }
  }

  // MARK: - Charts

  private func quadrantChart() -> String {
    let points = comparison.units.compactMap { entry -> (String, Double, Double)? in
      guard let cmi = entry.cmi, let index = entry.costIndex[form] else { return nil }
      return (label(entry.unit), index, cmi)
    }
    guard !points.isEmpty else {
      let reason: String
      if !comparison.hasWeights {
        reason = "No CMI: run with --weights. 无权重文件，无法计算 CMI。"
      } else if !comparison.units.contains(where: { $0.cmi != nil }) {
        reason =
          "No CMI: none of the DRGs of this file has a weight in the weights file given. 权重文件不含本文件的 DRG。"
      } else {
        reason = "No cost consumption index: no case has a cost (total_cost). 无费用数据。"
      }
      return "<p class=\"note\">\(reason)</p>\n"
    }
    let weighted = comparison.units.reduce(0) { $0 + $1.weightedCases }
    let regionCMI =
      weighted > 0
      ? comparison.units.reduce(0) { $0 + $1.totalWeight } / Double(weighted) : 1
    return QuadrantChart(
      points: points.map { (name: $0.0, index: $0.1, cmi: $0.2) }, regionCMI: regionCMI
    ).svg()
  }

  private func funnelCharts() -> String {
    let charts: [(FunnelIndicator, String, String)] = [
      (.costIndex, "费用消耗指数 CEI", "病例 cases"),
      (.timeIndex, "时间消耗指数 TEI", "病例 cases"),
      (.lowRiskMortality, "低风险组死亡 O/E · low-risk mortality", "预期死亡 expected deaths"),
    ]
    var html = ""
    for (indicator, title, volume) in charts {
      guard var funnel = comparison.funnel(indicator) else { continue }
      for index in funnel.points.indices {
        funnel.points[index].unit = label(funnel.points[index].unit)
      }
      html += FunnelChart(title: title, volumeLabel: volume, funnel: funnel).svg()
    }
    return "<div class=\"charts\">\n\(html)</div>\n"
  }

  private func boxPlots() -> String {
    let largest = comparison.risks.sorted { ($0.cases, $1.drg) > ($1.cases, $0.drg) }.prefix(
      boxPlotDRGs)
    var html = ""
    for risk in largest {
      let cells = comparison.cells.filter { $0.drg == risk.drg && $0.cost.unit.count > 0 }
      guard let first = cells.first else { continue }
      html += BoxPlotChart(
        title:
          "DRG \(risk.drg)\(comparison.drgNames[risk.drg].map { " \($0)" } ?? "") · \(risk.cases) cases",
        boxes: cells.map { (name: label($0.unit), summary: $0.cost.unit) },
        reference: first.cost.region.median
      ).svg()
    }
    return html.isEmpty
      ? "<p class=\"note\">No costs.</p>\n" : "<div class=\"charts\">\n\(html)</div>\n"
  }

  private func unitTable() -> String {
    var html =
      "<table class=\"sortable\"><thead><tr><th>\(unitLabel)</th><th>病例 cases</th><th>DRG 组数 groups</th><th>总权重 total RW</th><th>CMI</th><th>费用消耗指数 CEI</th><th>CEI shrunk</th><th>时间消耗指数 TEI</th><th>TEI shrunk</th><th>不入组率 ungroupable %</th><th>歧义率 ambiguous %</th><th>死亡率 mortality %</th><th>低风险死亡 low-risk deaths</th><th>预期 expected</th><th>O/E</th><th>95% CI</th><th>p</th><th>O/E shrunk</th><th>费用偏高/偏低 cost cells higher/lower</th></tr></thead><tbody>\n"
    var flags: [String: (higher: Int, lower: Int)] = [:]
    for cell in comparison.cells where cell.cost.flag != nil {
      var entry = flags[cell.unit] ?? (0, 0)
      if cell.cost.flag == .higher { entry.higher += 1 } else { entry.lower += 1 }
      flags[cell.unit] = entry
    }
    func shrunk(_ indicator: FunnelIndicator, _ unit: String) -> Double? {
      comparison.funnel(indicator)?.points.first { $0.unit == unit }?.shrunk
    }
    for entry in comparison.units {
      func cell(_ value: Double?, _ digits: Int) -> String {
        "<td>\(value.map { Self.f($0, digits) } ?? "")</td>"
      }
      let risk = entry.lowRisk
      let interval = risk.ratioInterval
      html +=
        "<tr><td>\(Self.escape(label(entry.unit)))</td><td>\(entry.cases)</td><td>\(entry.drgGroups)</td>"
      html += cell(entry.totalWeight, 2) + cell(entry.cmi, 3) + cell(entry.costIndex[form], 3)
      html += cell(shrunk(.costIndex, entry.unit), 3)
      html += cell(entry.timeIndex[form], 3) + cell(shrunk(.timeIndex, entry.unit), 3)
      html += cell(entry.ungroupableRate.map { 100 * $0 }, 2)
      html +=
        cell(entry.ambiguousRate.map { 100 * $0 }, 2) + cell(entry.mortality.map { 100 * $0 }, 2)
      html += "<td>\(risk.deaths)</td>" + cell(risk.expected, 2)
      let mark = risk.expected > 0 && !risk.isReliable ? " <span class=\"warn\">⚠</span>" : ""
      html += "<td>\(risk.ratio.map { Self.f($0, 2) } ?? "")\(mark)</td>"
      html +=
        "<td>\(interval.map { "\(Self.f($0.lower, 2))–\(Self.f($0.upper, 2))" } ?? "")</td>"
      html += "<td>\(risk.expected > 0 ? String(format: "%.3g", risk.p) : "")</td>"
      html += cell(shrunk(.lowRiskMortality, entry.unit), 2)
      let flagged = flags[entry.unit] ?? (0, 0)
      html += "<td>\(flagged.higher) / \(flagged.lower)</td></tr>\n"
    }
    return html + "</tbody></table>\n"
  }

  // MARK: - Helpers

  static func f(_ value: Double, _ digits: Int = 1) -> String { ReportHTML.f(value, digits) }

  static func escape(_ text: String) -> String { ReportHTML.escape(text) }
}
