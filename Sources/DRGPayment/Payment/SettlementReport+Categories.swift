import DRGKit
import Foundation

extension SettlementReport {
  /// One case category's paid cases: points, payment (points × the pool's point value,
  /// before the hospital sharing bands, or the yuan price) and cost, fen.
  struct CategorySum {
    var cases = 0
    var centipoints: Int64 = 0
    var paymentFen: Int64 = 0
    var costFen: Int64 = 0
  }

  /// The Chinese name of a case category, for the report.
  static func chineseName(_ category: CaseCategory) -> String {
    switch category {
    case .normal: "正常"
    case .high: "高倍率"
    case .low: "低倍率"
    case .incomplete: "住院过程不完整"
    case .perDiem: "床日付费"
    case .singleDisease: "单病种"
    case .feeForService: "按项目"
    case .ungroupable: "不能入组"
    case .specialReview: "特病单议"
    case .daySurgery: "日间手术"
    case .newTechnology: "新技术除外"
    case .unpriced: "无基准点数"
    case .excluded: "不予支付"
    }
  }

  /// Sums of the paid cases per category (excluded cases left out), in category order.
  func categorySums() -> [(category: CaseCategory, sum: CategorySum)] {
    var sums = [CategorySum](repeating: CategorySum(), count: CaseCategory.allCases.count)
    for index in settlement.prices.indices where settlement.poolOfCase[index] >= 0 {
      let ordinal = settlement.prices[index].category.ordinal
      sums[ordinal].cases += 1
      sums[ordinal].centipoints += settlement.prices[index].centipoints
      sums[ordinal].paymentFen += settlement.paymentFen(ofCase: index)
      sums[ordinal].costFen += WholeNumber.rounded(settlement.cases[index].cost * 100)
    }
    return CaseCategory.allCases.compactMap { category in
      let sum = sums[category.ordinal]
      return sum.cases > 0 && category != .excluded ? (category, sum) : nil
    }
  }

  /// 按付费类别: cases, points, payment and cost per case category — so that the cases of
  /// the day-surgery, single-disease, per-diem and new-technology rules are seen beside the
  /// DRG cases — as a table and a chart of payment against cost.
  func categorySection() -> String {
    let sums = categorySums()
    guard !sums.isEmpty else { return "" }
    let yuan = { (fen: Int64) in ReportHTML.grouped(Double(fen) / 100) }
    var html =
      "<h2>按付费类别 · Payment and cost per case category</h2>\n<p class=\"note\">Payment = points × the pool's point value (before the hospital sharing bands), or the case's yuan price (单病种, 日间手术, 床日, 新技术 priced in yuan); <span style=\"color:\(Colour.categoryPayment)\">■</span> 支付 payment &nbsp; <span style=\"color:\(Colour.categoryCost)\">■</span> 成本 cost.</p>\n"
    let rows = sums.map { item in
      (
        label: Self.chineseName(item.category) + " " + item.category.rawValue,
        bars: [
          (value: Double(item.sum.paymentFen) / 100, colour: Colour.categoryPayment),
          (value: Double(item.sum.costFen) / 100, colour: Colour.categoryCost),
        ]
      )
    }
    html += "<div class=\"wide\">" + barChart(rows: rows) + "</div>\n"
    html += Self.table(
      header: [
        "类别 category", "", "病例 cases", "点数 points", "支付 payment", "成本 cost",
        "盈亏 balance",
      ],
      rows: sums.map { item in
        "<td>\(Self.chineseName(item.category))</td><td class=\"text\">\(item.category.rawValue)</td><td>\(item.sum.cases)</td><td>\(yuan(item.sum.centipoints))</td><td>\(yuan(item.sum.paymentFen))</td><td>\(yuan(item.sum.costFen))</td><td>\(yuan(item.sum.paymentFen - item.sum.costFen))</td>"
      })
    return html
  }
}
