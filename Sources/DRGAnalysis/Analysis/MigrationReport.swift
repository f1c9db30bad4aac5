import DRGKit
import DRGPayment
import Foundation

/// The self-contained HTML report of `drg diff`, built like ``ComparisonReport``: summary
/// counts, a heat map of the migration matrix for the DRGs with the most cases, the largest
/// flows, with weights the change in CMI and total weight per hospital (bar charts and a
/// table), and the cases that change MDC or become ungroupable.
public struct MigrationReport: Sendable {
  /// The migration the page shows.
  public var result: MigrationResult
  /// Rows of the heat map: the outcomes under scheme A with the most cases.
  public var heatMapRows = 15
  /// Columns of the heat map: the outcomes under scheme B that receive the most cases from
  /// those rows (the rest are summed in a column "其他 other").
  public var heatMapColumns = 18
  /// Rows of the flows table.
  public var topFlows = 20
  /// Changed cases listed one by one (all are counted).
  public var listedCases = 50

  /// The page of `result`, the other settings at their defaults.
  public init(result: MigrationResult) { self.result = result }

  /// The heat map's rows, columns and counts (the last column "其他 other" when some
  /// cases go elsewhere), and each row's total.
  public func heatMap() -> (rows: [String], columns: [String], counts: [[Int]], totals: [Int]) {
    let flows = result.flows
    var fromTotals: [String: Int] = [:]
    for flow in flows { fromTotals[flow.from, default: 0] += flow.cases }
    let rows = fromTotals.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(heatMapRows)
      .map(\.key)
    let rowSet = Set(rows)
    var toTotals: [String: Int] = [:]
    for flow in flows where rowSet.contains(flow.from) {
      toTotals[flow.to, default: 0] += flow.cases
    }
    // Columns: the rows' own codes first where they receive cases (the diagonal), then the
    // largest other destinations.
    var columns = rows.filter { toTotals[$0] != nil }
    let others = toTotals.filter { !columns.contains($0.key) }
      .sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
    columns += others.prefix(max(0, heatMapColumns - columns.count))
    columns = Array(columns.prefix(heatMapColumns))
    let columnIndex = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    let rowIndex = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
    var counts = [[Int]](
      repeating: [Int](repeating: 0, count: columns.count + 1), count: rows.count)
    for flow in flows {
      guard let row = rowIndex[flow.from] else { continue }
      counts[row][columnIndex[flow.to] ?? columns.count] += flow.cases
    }
    if counts.allSatisfy({ $0.last == 0 }) {
      counts = counts.map { Array($0.dropLast()) }
    } else {
      columns.append("其他 other")
    }
    return (rows, columns, counts, rows.map { fromTotals[$0] ?? 0 })
  }

  /// The whole page, one self-contained HTML document.
  public func html() -> String {
    let from = result.from.manifest.id
    let to = result.to.manifest.id
    let counts = result.changeCounts
    let total = result.totalCases
    func pct(_ count: Int) -> String {
      ReportHTML.f(total > 0 ? 100 * Double(count) / Double(total) : 0, 2) + " %"
    }
    var body = """
      <h1>DRG 方案迁移 · Scheme migration: \(ReportHTML.escape(from)) → \(ReportHTML.escape(to))</h1>
      <p class="note">同一批病例分别按两个方案分组 The same cases grouped under both schemes.
      A = \(ReportHTML.escape(from)) (\(ReportHTML.escape(result.from.manifest.name))),
      B = \(ReportHTML.escape(to)) (\(ReportHTML.escape(result.to.manifest.name))).</p>

      """
    body += "<h2>概况 · Summary</h2>\n"
    body += ReportHTML.table(
      header: ["项目 item", "病例 cases", "% of all"],
      rows: [
        ("病例总数 cases", total), ("结果改变 outcome changes", counts.changed),
        ("MDC 改变 MDC changes (grouped under both)", counts.mdcChanged),
        ("变为不入组 become ungroupable", counts.becameUngroupable),
      ].map { "<td>\($0.0)</td><td>\($0.1)</td><td>\(pct($0.1))</td>" }
        + moveRows().map { "<td>\($0.0)</td><td>\($0.1)</td><td>\(pct($0.1))</td>" }
        + (result.unreadableRows > 0
          ? ["<td>无法读取的行 unreadable rows (skipped)</td><td>\(result.unreadableRows)</td><td></td>"]
          : []))
    body += "<h2>迁移矩阵 · Migration matrix of the largest DRGs</h2>\n"
    body +=
      "<p class=\"note\">行 Rows: the \(heatMapRows) outcomes with the most cases under A; 列 columns: where those cases go under B. Cell: cases; colour: share of the row (A outcome). Full matrix: migration.csv.</p>\n"
    let map = heatMap()
    body += HeatMapChart(
      rows: map.rows, columns: map.columns, counts: map.counts, rowTotals: map.totals
    ).svg()
    body += "<h2>最大流向 · Largest flows</h2>\n"
    body += flowsTable()
    if result.hasWeights {
      body += hospitalCharts()
      if let money = result.money { body += moneySection(money) }
    } else {
      body +=
        "<p class=\"note\">无权重 No weights: give --weights-a and --weights-b for the change in total weight and CMI per hospital.</p>\n"
    }
    body += "<h2>MDC 改变或变为不入组的病例 · Cases that change MDC or become ungroupable</h2>\n"
    body += changedCases()
    return ReportHTML.page(title: "DRG 方案迁移 · Scheme migration", body: body)
  }

  private func flowsTable() -> String {
    let flows = result.flows.filter { $0.from != $0.to }
    guard !flows.isEmpty else { return "<p class=\"note\">无变化 No case changes outcome.</p>\n" }
    var fromTotals: [String: Int] = [:]
    for flow in result.flows { fromTotals[flow.from, default: 0] += flow.cases }
    return ReportHTML.table(
      header: [
        "A 方案 from", "B 方案 to", "MDC A", "MDC B", "病例 cases", "% of from", "类别 move",
      ],
      rows: flows.prefix(topFlows).map { flow in
        let share = 100 * Double(flow.cases) / Double(max(1, fromTotals[flow.from] ?? 0))
        return
          "<td>\(ReportHTML.escape(flow.from))</td><td class=\"text\">\(ReportHTML.escape(flow.to))</td><td class=\"text\">\(ReportHTML.escape(flow.fromMDC))</td><td class=\"text\">\(ReportHTML.escape(flow.toMDC))</td><td>\(flow.cases)</td><td>\(ReportHTML.f(share, 2))</td><td class=\"text\">\(flow.move.rawValue)</td>"
      })
  }

  /// Summary rows: cases by kind of move, and the moves between QY groups.
  private func moveRows() -> [(String, Int)] {
    let moves = result.moveCounts
    return [
      ("同 ADRG 内严重程度改变 severity (same ADRG)", moves[.severity] ?? 0),
      ("同 MDC 内 ADRG 改变 ADRG (same MDC)", moves[.adrg] ?? 0),
      ("MDC 改变 MDC move", moves[.mdc] ?? 0),
      ("状态改变 status (ungroupable, ambiguous, invalid)", moves[.status] ?? 0),
      (
        "歧义组之间 between QY groups"
          + (result.qyAsDRG ? " (kept as outcomes)" : " (merged as ambiguous; --qy-as-drg)"),
        result.qyMoves
      ),
    ]
  }

  /// The payment under each scheme and its change per hospital (`--base-rate`, `--policy`).
  private func moneySection(_ money: MigrationMoney) -> String {
    let order = result.hospitalNames.indices.sorted {
      result.hospitalNames[$0] < result.hospitalNames[$1]
    }
    var bars: [(name: String, value: Double)] = []
    var rows: [String] = []
    for index in order {
      let name = result.hospitalNames[index]
      var coefficient = 1.0
      if case .points(let points) = money.basis { coefficient = points.coefficients[name] ?? 1 }
      let (from, to) = money.payments(result.hospitals[index], coefficient: coefficient)
      bars.append((name, to - from))
      rows.append(
        "<td>\(ReportHTML.escape(name))</td><td>\(ReportHTML.f(from, 2))</td><td>\(ReportHTML.f(to, 2))</td><td>\(ReportHTML.f(to - from, 2))</td>"
      )
    }
    var html = "<h2>各医院支付变化 · Payment change per hospital (B − A, yuan)</h2>\n"
    html += "<p class=\"note\">\(ReportHTML.escape(money.description)).</p>\n"
    html += BarChart(values: bars, digits: 0, signed: true).svg()
    html += ReportHTML.table(
      header: ["医院 hospital", "A 支付 payment (yuan)", "B 支付 payment", "变化 change"],
      rows: rows)
    return html
  }

  private func changedCases() -> String {
    let changed = result.changedCases
    guard !changed.isEmpty else {
      return "<p class=\"note\">无 None: no case changes MDC or becomes ungroupable.</p>\n"
    }
    // By (from, to): counts of every changed case.
    var groups: [String: (from: String, to: String, change: String, cases: Int)] = [:]
    for entry in changed {
      let fromLabel = MigrationResult.label(entry.from, result.from)
      let toLabel = MigrationResult.label(entry.to, result.to)
      let change = Self.change(entry)
      groups["\(fromLabel)\u{1}\(toLabel)", default: (fromLabel, toLabel, change, 0)].cases += 1
    }
    let sorted = groups.values.sorted { ($0.cases, $1.from, $1.to) > ($1.cases, $0.from, $0.to) }
    var html = "<p class=\"note\">\(changed.count) 病例 cases, by pair of outcomes:</p>\n"
    html += ReportHTML.table(
      header: ["A 方案 from", "B 方案 to", "改变 change", "病例 cases"],
      rows: sorted.map {
        "<td>\(ReportHTML.escape($0.from))</td><td class=\"text\">\(ReportHTML.escape($0.to))</td><td class=\"text\">\($0.change)</td><td>\($0.cases)</td>"
      })
    html +=
      "<p class=\"note\">前 \(min(listedCases, changed.count)) 例 The first \(min(listedCases, changed.count)) cases (all in changed_cases.csv):</p>\n"
    html += ReportHTML.table(
      header: ["病例 case_id", "医院 hospital", "A", "B", "MDC A", "MDC B", "改变 change"],
      rows: changed.prefix(listedCases).map { entry in
        "<td>\(ReportHTML.escape(entry.caseID))</td><td class=\"text\">\(ReportHTML.escape(hospitalLabel(entry.hospital)))</td><td class=\"text\">\(ReportHTML.escape(MigrationResult.label(entry.from, result.from)))</td><td class=\"text\">\(ReportHTML.escape(MigrationResult.label(entry.to, result.to)))</td><td class=\"text\">\(ReportHTML.escape(MigrationResult.mdc(entry.from, result.from)))</td><td class=\"text\">\(ReportHTML.escape(MigrationResult.mdc(entry.to, result.to)))</td><td class=\"text\">\(Self.change(entry))</td>"
      })
    return html
  }

  static func change(_ entry: ChangedCase) -> String {
    entry.to == -1 && entry.from != -1 ? "变为不入组 became ungroupable" : "MDC 改变 MDC changed"
  }

  /// A hospital as charts and tables show it: with a hospitals file (`--hospitals`), its
  /// id and name (`H01 市第一人民医院`), else its id.
  private func hospitalLabel(_ id: String) -> String {
    guard let name = result.hospitalTable?.name(of: id), !name.isEmpty else { return id }
    return "\(id) \(name)"
  }

  private func hospitalCharts() -> String {
    let order = result.hospitalNames.indices.sorted {
      result.hospitalNames[$0] < result.hospitalNames[$1]
    }
    var cmi: [(name: String, value: Double)] = []
    var weight: [(name: String, value: Double)] = []
    var rows: [String] = []
    for index in order {
      let name = hospitalLabel(result.hospitalNames[index])
      let totals = result.hospitals[index]
      let change = totals.weightTo - totals.weightFrom
      weight.append((name, change))
      var cmiChange: Double?
      if let a = totals.cmiFrom, let b = totals.cmiTo {
        cmiChange = b - a
        cmi.append((name, b - a))
      }
      func cell(_ value: Double?, _ digits: Int) -> String {
        "<td>\(value.map { ReportHTML.f($0, digits) } ?? "")</td>"
      }
      rows.append(
        "<td>\(ReportHTML.escape(name))</td><td>\(totals.cases)</td>"
          + cell(totals.weightFrom, 2) + cell(totals.weightTo, 2) + cell(change, 2)
          + cell(totals.cmiFrom, 4) + cell(totals.cmiTo, 4) + cell(cmiChange, 4))
    }
    var html = "<h2>各医院 CMI 变化 · Change in CMI per hospital (B − A)</h2>\n"
    html +=
      "<p class=\"note\">CMI = Σ RW / cases with a weight, under each scheme with its own weights; 绿 green: rises, 红 red: falls.</p>\n"
    html += BarChart(values: cmi, digits: 4, signed: true).svg()
    html += "<h2>各医院总权重变化 · Change in total weight per hospital (B − A)</h2>\n"
    html += BarChart(values: weight, digits: 1, signed: true).svg()
    html += ReportHTML.table(
      header: [
        "医院 hospital", "病例 cases", "总权重 A total RW", "总权重 B", "变化 change", "CMI A",
        "CMI B", "CMI 变化 change",
      ], rows: rows)
    return html
  }
}
