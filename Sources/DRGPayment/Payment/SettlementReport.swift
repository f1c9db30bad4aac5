import DRGKit
import Foundation

/// The self-contained HTML report of `drg settle --html` (inline CSS and SVG, nothing
/// fetched; the page frame of ``ReportHTML``): pools and point values, the provisional point
/// value per pool and month, payment against cost per hospital, the biggest gainers and
/// losers, the sharing band each hospital fell into, payment and cost per case category,
/// the alliances, hospital budgets and per-head payment when the policy has them, and the
/// balance (盈亏) per DRG.
public struct SettlementReport: Sendable {
  /// Colours of this report's chart marks, distinct so that a screenshot can be checked for
  /// every chart by counting pixels (Scripts/render-settlement-report.sh).
  enum Colour {
    static let payment = "#4a90c2"
    static let cost = "#f08c00"
    static let pointValue = "#7048e8"
    static let gain = "#2f9e44"
    static let loss = "#e03131"
    /// Payment and cost per case category (日间手术, 单病种, 床日, 新技术 …).
    static let categoryPayment = "#0b7285"
    static let categoryCost = "#c2255c"
    /// An alliance's payment split to its members.
    static let allianceSplit = "#1864ab"
    /// Hospital budgets (二级预算) against the claims.
    static let budget = "#5c940d"
    static let claim = "#862e9c"
    /// Per-head capitation against the outpatient cost.
    static let capitation = "#74b816"
    static let outpatientCost = "#364fc7"
  }

  /// The settlement the page shows.
  public var settlement: Settlement
  /// The monthly prepayments per pool, in the order of ``Settlement/pools``.
  public var monthly: [MonthlySettlement]
  /// Gainers and losers shown (each side).
  public var extremes = 10

  /// The report of `settlement`, with the months prepaid at `prepaymentRatio` (e.g. 0.9).
  public init(settlement: Settlement, prepaymentRatio: Double) {
    self.settlement = settlement
    monthly = settlement.monthly(prepaymentRatio: prepaymentRatio)
  }

  private static func yuan(_ fen: Int64) -> String { ReportHTML.grouped(Double(fen) / 100) }
  private static func escape(_ text: String) -> String { ReportHTML.escape(text) }

  /// A sortable table that scrolls sideways inside the page when it is wider than the page
  /// (the hospital table has 18 columns), never drawn beyond it.
  static func table(header: [String], rows: [String]) -> String {
    "<div class=\"wide\">" + ReportHTML.table(header: header, rows: rows) + "</div>\n"
  }

  /// The whole page.
  public func html() -> String {
    let title = "DRG 点数法结算 · Settlement: \(settlement.policyName)"
    var body = "<h1>\(Self.escape(title))</h1>\n<p class=\"note\">"
    body += settlement.summaryLines().map(Self.escape).joined(separator: "<br>")
    body +=
      "<br>金额单位 元 yuan; 结余 balance = payment − actual cost (positive: the hospital keeps more than it spent).</p>\n"
    body += "<h2>基金池与点值 · Pools and point values</h2>\n" + poolTable()
    body += "<h2>月度点值 · Provisional point value per pool and month</h2>\n" + monthCharts()
    body += "<h2>医院支付与成本 · Payment and cost per hospital</h2>\n" + paymentAndCost()
    body += "<h2>盈亏最大的医院 · Biggest gainers and losers</h2>\n" + gainersAndLosers()
    body += "<h2>结余留用与超支分担 · Sharing band of each hospital</h2>\n" + bandTable()
    body += categorySection()
    body += unitSections()
    body += "<h2>病组盈亏 · Balance per DRG</h2>\n" + drgSection()
    body += "<h2>医院明细 · Hospitals</h2>\n"
    body +=
      "<p class=\"note\">Points, entitlement, actual cost, payment, balance and band cover the cases paid by points; 按元支付 the cases priced in yuan (single disease, day surgery, per-diem, new technology), outside the bands. 最终支付 final payment = payment + yuan-priced − 考核预留 withheld + 考核返还 returned − 扣款 deductions; 基金支付 fund = final payment − 个人支付 patients.</p>\n"
    body += hospitalTable()
    return ReportHTML.page(title: title, body: body)
  }

  // MARK: - Tables

  private func poolTable() -> String {
    let rows = settlement.pools.map { pool in
      "<td>\(Self.escape(pool.name))</td><td>\(Self.yuan(pool.budgetFen))</td><td>\(Self.yuan(pool.reserveFen))</td><td>\(Self.yuan(pool.distributableFen))</td><td>\(pool.cases)</td><td>\(pool.hospitals.count)</td><td>\(Self.yuan(pool.centipoints))</td><td>\(String(format: "%.4f", pool.solution.pointValue))</td><td>\(Self.yuan(pool.solution.payoutFen))</td><td class=\"text\">\(pool.solution.constraint.rawValue)</td><td>\(Self.yuan(pool.qualityKeptFen))</td><td>\(Self.yuan(pool.deductionFen))</td><td class=\"text\">\(settlement.deductionDestination.rawValue)</td><td>\(Self.yuan(pool.finalPayoutFen))</td><td>\(Self.yuan(pool.finalPayoutFen - pool.selfPayFen))</td>"
    }
    return Self.table(
      header: [
        "池 pool", "预算 budget", "调剂金 reserve", "可分配 distributable", "病例 cases",
        "医院 hospitals", "点数 points", "点值 point value", "支付 payout", "约束 constraint",
        "考核留存 deposit kept", "扣款 deductions", "扣款去向 to", "最终支付 final payout",
        "基金支付 fund",
      ], rows: rows)
  }

  private func hospitalTable() -> String {
    var rows: [String] = []
    for pool in settlement.pools {
      for hospital in pool.hospitals {
        let band = settlement.band(of: hospital)
        rows.append(
          "<td>\(Self.escape(hospital.hospital))</td><td class=\"text\">\(Self.escape(pool.name))</td><td>\(hospital.cases)</td><td>\(Self.yuan(hospital.centipoints))</td><td>\(String(format: "%.3f", hospital.caseMixIndex))</td><td>\(Self.yuan(hospital.entitlementFen))</td><td>\(Self.yuan(hospital.actualFen))</td><td>\(Self.yuan(hospital.paymentFen))</td><td>\(Self.yuan(hospital.paymentFen - hospital.actualFen))</td><td class=\"text\">\(band.label) \(band.rawValue)</td><td>\(Self.yuan(hospital.yuanPaymentFen))</td><td>\(Self.yuan(hospital.yuanCostFen))</td><td>\(Self.yuan(hospital.withheldFen))</td><td>\(Self.yuan(hospital.returnedFen))</td><td>\(Self.yuan(hospital.deductionFen))</td><td>\(Self.yuan(hospital.finalPaymentFen))</td><td>\(Self.yuan(hospital.selfPayFen))</td><td>\(Self.yuan(hospital.fundPaymentFen))</td>"
        )
      }
    }
    return Self.table(
      header: [
        "医院 hospital", "池 pool", "病例 cases", "点数 points", "CMI", "应得 entitlement",
        "成本 actual cost", "支付 payment", "结余 balance", "区间 band", "按元支付 yuan-priced",
        "其成本 their cost", "考核预留 withheld",
        "考核返还 returned", "扣款 deductions", "最终支付 final payment", "个人支付 patients",
        "基金支付 fund",
      ], rows: rows)
  }

  private func bandTable() -> String {
    var counts: [SharingBand: (hospitals: Int, balance: Int64)] = [:]
    for pool in settlement.pools {
      for hospital in pool.hospitals {
        let band = settlement.band(of: hospital)
        counts[band, default: (0, 0)].hospitals += 1
        counts[band, default: (0, 0)].balance += hospital.paymentFen - hospital.actualFen
      }
    }
    let rows = SharingBand.allCases.compactMap { band -> String? in
      guard let count = counts[band] else { return nil }
      return
        "<td>\(band.label)</td><td class=\"text\">\(band.rawValue)</td><td>\(count.hospitals)</td><td>\(Self.yuan(count.balance))</td>"
    }
    var html = Self.table(
      header: ["区间 band", "", "医院 hospitals", "结余合计 balance"], rows: rows)
    if let bands = settlement.sharing {
      html +=
        "<p class=\"note\">N = entitlement, A = actual cost. A ≤ N: pay A + min(\(bands.surplusRetention)·(N − A), \(bands.surplusCap)·N); N &lt; A ≤ \(1 + bands.overspendBand)·N: pay N + \(bands.overspendFundShare)·(A − N); beyond: pay N·(1 + \(bands.overspendFundShare)·\(bands.overspendBand)).</p>\n"
    } else {
      html +=
        "<p class=\"note\">No sharing bands: each hospital is paid points × point value.</p>\n"
    }
    return html
  }

  // MARK: - Charts

  private func monthCharts() -> String {
    var html = ""
    for (pool, trajectory) in zip(settlement.pools, monthly) {
      let months = trajectory.months
      guard months.contains(where: { $0.centipoints > 0 }) else {
        html +=
          "<p class=\"note\">\(Self.escape(pool.name)): no case with a discharge date; no monthly point value.</p>\n"
        continue
      }
      html +=
        "<p class=\"note\">\(Self.escape(pool.name)): 虚线 dashed = annual point value \(String(format: "%.4f", pool.solution.pointValue)).</p>\n"
      html += lineChart(
        labels: months.map(\.key), values: months.map { $0.centipoints > 0 ? $0.pointValue : nil },
        reference: pool.solution.pointValue)
    }
    return html
  }

  private func lineChart(labels: [String], values: [Double?], reference: Double) -> String {
    let width = min(ReportHTML.pageWidth, max(420, Double(labels.count) * 56 + 90))
    let height = 240.0
    let left = 70.0
    let bottom = 40.0
    let top = 16.0
    let plotWidth = width - left - 20
    let plotHeight = height - top - bottom
    let maximum = max(values.compactMap { $0 }.max() ?? 0, reference) * 1.1
    let ticks = ReportHTML.ticks(upTo: maximum)
    let high = ticks.last ?? 1
    func x(_ index: Int) -> Double {
      left + plotWidth * (Double(index) + 0.5) / Double(max(labels.count, 1))
    }
    func y(_ value: Double) -> Double { top + plotHeight * (1 - value / max(high, 1e-9)) }
    var svg = ReportHTML.svgOpen(width: width, height: height)
    for tick in ticks {
      svg +=
        "<line class=\"grid\" x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\"/><text x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\">\(ReportHTML.f(tick, 2))</text>\n"
    }
    svg +=
      "<line class=\"ref\" x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(y(reference))\" y2=\"\(y(reference))\"/>\n"
    var path = ""
    for (index, value) in values.enumerated() {
      guard let value else { continue }
      path += (path.isEmpty ? "M" : "L") + "\(x(index)),\(y(value)) "
    }
    svg +=
      "<path d=\"\(path)\" fill=\"none\" stroke=\"\(Colour.pointValue)\" stroke-width=\"2\"/>\n"
    for (index, value) in values.enumerated() {
      if let value {
        svg +=
          "<circle cx=\"\(x(index))\" cy=\"\(y(value))\" r=\"5\" fill=\"\(Colour.pointValue)\"><title>\(labels[index]): \(String(format: "%.4f", value))</title></circle>\n"
      }
      svg +=
        "<text x=\"\(x(index))\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\">\(labels[index].suffix(5))</text>\n"
    }
    return svg + "</svg>\n"
  }

  /// Horizontal bars, one group of bars per row, from 0; negative values drawn left of the
  /// zero line.
  func barChart(rows: [(label: String, bars: [(value: Double, colour: String)])])
    -> String
  {
    let barHeight = 9.0
    let gap = 8.0
    let labelWidth = min(
      260, max(80, rows.map { ReportHTML.textWidth($0.label) }.max() ?? 80) + 10)
    let width = ReportHTML.pageWidth
    let rowHeight = Double(rows.first?.bars.count ?? 1) * barHeight + gap
    let height = Double(rows.count) * rowHeight + 40
    let values = rows.flatMap { $0.bars.map(\.value) }
    let maximum = max(values.max() ?? 0, 0)
    let minimum = min(values.min() ?? 0, 0)
    let span = max(maximum - minimum, 1e-9)
    let plotLeft = labelWidth
    let plotWidth = width - labelWidth - 90
    func x(_ value: Double) -> Double { plotLeft + plotWidth * (value - minimum) / span }
    var svg = ReportHTML.svgOpen(width: width, height: height)
    svg +=
      "<line class=\"axis\" x1=\"\(x(0))\" x2=\"\(x(0))\" y1=\"10\" y2=\"\(height - 25)\"/>\n"
    for (index, row) in rows.enumerated() {
      let top = 14 + Double(index) * rowHeight
      svg +=
        "<text x=\"\(labelWidth - 6)\" y=\"\(top + rowHeight / 2)\" text-anchor=\"end\">\(Self.escape(row.label))</text>\n"
      for (offset, bar) in row.bars.enumerated() {
        let start = min(x(0), x(bar.value))
        let length = max(abs(x(bar.value) - x(0)), 0.5)
        let barTop = top + Double(offset) * barHeight
        svg +=
          "<rect x=\"\(start)\" y=\"\(barTop)\" width=\"\(length)\" height=\"\(barHeight - 1)\" fill=\"\(bar.colour)\"><title>\(Self.escape(row.label)): \(ReportHTML.grouped(bar.value))</title></rect>\n"
      }
      let last = row.bars.map(\.value).max() ?? 0
      svg +=
        "<text x=\"\(x(max(last, 0)) + 4)\" y=\"\(top + rowHeight / 2)\">\(ReportHTML.grouped(row.bars.last?.value ?? 0))</text>\n"
    }
    svg +=
      "<text x=\"\(x(minimum))\" y=\"\(height - 8)\">\(ReportHTML.grouped(minimum))</text><text x=\"\(x(maximum))\" y=\"\(height - 8)\" text-anchor=\"end\">\(ReportHTML.grouped(maximum))</text>\n"
    return svg + "</svg>\n"
  }

  private var hospitalRows: [(label: String, hospital: HospitalSettlement)] {
    let many = settlement.pools.count > 1
    return settlement.pools.flatMap { pool in
      pool.hospitals.map { ((many ? pool.name + " · " : "") + $0.hospital, $0) }
    }
  }

  private func paymentAndCost() -> String {
    let rows = hospitalRows.map { row in
      (
        label: row.label,
        bars: [
          (value: Double(Self.totalPaymentFen(row.hospital)) / 100, colour: Colour.payment),
          (value: Double(Self.totalCostFen(row.hospital)) / 100, colour: Colour.cost),
        ]
      )
    }
    guard !rows.isEmpty else { return "<p class=\"note\">No hospital was paid.</p>\n" }
    return
      "<p class=\"note\"><span style=\"color:\(Colour.payment)\">■</span> 支付 payment &nbsp; <span style=\"color:\(Colour.cost)\">■</span> 成本 actual cost (both with the cases priced in yuan, before the deposit and deductions)</p>\n"
      + "<div class=\"wide\">" + barChart(rows: rows) + "</div>\n"
  }

  private func diverging(_ items: [(label: String, fen: Int64)]) -> String {
    let sorted = items.sorted { $0.fen != $1.fen ? $0.fen > $1.fen : $0.label < $1.label }
    let gainers = sorted.prefix(extremes).filter { $0.fen > 0 }
    let losers = sorted.reversed().prefix(extremes).filter { $0.fen < 0 }
    let shown = Array(gainers) + Array(losers.reversed())
    guard !shown.isEmpty else { return "<p class=\"note\">Every balance is 0.</p>\n" }
    let rows = shown.map { item in
      (
        label: item.label,
        bars: [(value: Double(item.fen) / 100, colour: item.fen >= 0 ? Colour.gain : Colour.loss)]
      )
    }
    return barChart(rows: rows)
  }

  private func gainersAndLosers() -> String {
    "<p class=\"note\">结余 balance = payment − actual cost, both with the cases priced in yuan; the \(extremes) largest each way.</p>\n"
      + diverging(
        hospitalRows.map {
          ($0.label, Self.totalPaymentFen($0.hospital) - Self.totalCostFen($0.hospital))
        })
  }

  /// Payment after the bands plus the yuan-priced cases' prices, fen.
  private static func totalPaymentFen(_ hospital: HospitalSettlement) -> Int64 {
    hospital.paymentFen + hospital.yuanPaymentFen
  }

  /// Actual cost of the point cases plus that of the yuan-priced cases, fen.
  private static func totalCostFen(_ hospital: HospitalSettlement) -> Int64 {
    hospital.actualFen + hospital.yuanCostFen
  }

  private func drgSection() -> String {
    let drgs = settlement.drgSettlements()
    func label(_ drg: DRGSettlement) -> String {
      if drg.drg.isEmpty { return drg.name }
      return drg.name.isEmpty ? drg.drg : drg.drg + " " + String(drg.name.prefix(16))
    }
    var html =
      "<p class=\"note\">盈亏 balance = Σ case payments (points × point value, before the hospital sharing bands) − Σ cost; the \(extremes) largest each way.</p>\n"
    html += diverging(drgs.map { (label($0), $0.balanceFen) })
    let rows = drgs.map { drg in
      "<td>\(Self.escape(drg.drg))</td><td class=\"text\">\(Self.escape(drg.name))</td><td>\(drg.cases)</td><td>\(Self.yuan(drg.centipoints))</td><td>\(Self.yuan(drg.paymentFen))</td><td>\(Self.yuan(drg.costFen))</td><td>\(Self.yuan(drg.balanceFen))</td>"
    }
    html += Self.table(
      header: [
        "DRG", "名称 name", "病例 cases", "点数 points", "支付 payment", "成本 cost", "盈亏 balance",
      ], rows: rows)
    return html
  }
}
