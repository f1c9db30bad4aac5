import DRGKit
import Foundation

extension SettlementReport {
  /// The report's sections for alliances (members' split payments as bars), hospital
  /// budgets (budget against claim) and per-head payment (capitation against outpatient
  /// cost); empty when the settlement has none of them.
  func unitSections() -> String {
    var html = ""
    let yuan = { (fen: Int64) in ReportHTML.grouped(Double(fen) / 100) }
    let escape = ReportHTML.escape
    var allianceRows: [String] = []
    var splitBars: [(label: String, bars: [(value: Double, colour: String)])] = []
    for pool in settlement.pools {
      for alliance in pool.alliances {
        for member in alliance.members {
          let hospital = pool.hospitals[member]
          splitBars.append(
            (
              label: alliance.name + " · " + hospital.hospital,
              bars: [(value: Double(hospital.paymentFen) / 100, colour: Colour.allianceSplit)]
            ))
        }
        allianceRows.append(
          "<td>\(escape(alliance.name))</td><td class=\"text\">\(escape(pool.name))</td><td>*</td><td>\(yuan(alliance.centipoints))</td><td>\(yuan(alliance.entitlementFen))</td><td>\(yuan(alliance.actualFen))</td><td>\(alliance.budgetFen.map(yuan) ?? "")</td><td>\(yuan(alliance.paymentFen))</td><td class=\"text\">\(alliance.band.label) \(alliance.band.rawValue)</td>"
        )
        for member in alliance.members {
          let hospital = pool.hospitals[member]
          allianceRows.append(
            "<td>\(escape(alliance.name))</td><td class=\"text\">\(escape(pool.name))</td><td>\(escape(hospital.hospital))</td><td>\(yuan(hospital.centipoints))</td><td>\(yuan(hospital.entitlementFen))</td><td>\(yuan(hospital.actualFen))</td><td></td><td>\(yuan(hospital.paymentFen))</td><td class=\"text\">split by points</td>"
          )
        }
      }
    }
    if !allianceRows.isEmpty {
      html +=
        "<h2>医共体结算 · Alliances paid as one</h2>\n<p class=\"note\">The sharing bands apply to each alliance's sums; its payment is split to the members in proportion to their points (their payments before sharing), in whole fen. <span style=\"color:\(Colour.allianceSplit)\">■</span> each member's share of its alliance's payment.</p>\n"
      html += "<div class=\"wide\">" + barChart(rows: splitBars) + "</div>\n"
      html += Self.table(
        header: [
          "医共体 alliance", "池 pool", "医院 hospital", "点数 points", "应得 entitlement",
          "成本 actual cost", "预算 budget", "支付 payment", "区间 band",
        ], rows: allianceRows)
    }
    var budgetRows: [String] = []
    var budgetBars: [(label: String, bars: [(value: Double, colour: String)])] = []
    for pool in settlement.pools where pool.solution.constraint == .hospitalBudgets {
      for hospital in pool.hospitals {
        guard let budget = hospital.budgetFen else { continue }
        let band = settlement.band(of: hospital)
        budgetBars.append(
          (
            label: hospital.hospital,
            bars: [
              (value: Double(budget) / 100, colour: Colour.budget),
              (value: Double(hospital.entitlementFen) / 100, colour: Colour.claim),
            ]
          ))
        budgetRows.append(
          "<td>\(escape(hospital.hospital))</td><td class=\"text\">\(escape(pool.name))</td><td>\(yuan(budget))</td><td>\(yuan(hospital.entitlementFen))</td><td>\(yuan(hospital.paymentFen))</td><td class=\"text\">\(band.label) \(band.rawValue)</td>"
        )
      }
    }
    if !budgetRows.isEmpty {
      html +=
        "<h2>二级预算 · Hospitals settled against their own budgets</h2>\n<p class=\"note\">Claim = points × point value, settled against the hospital's budget with the sharing bands (alliances above, against theirs). <span style=\"color:\(Colour.budget)\">■</span> 预算 budget &nbsp; <span style=\"color:\(Colour.claim)\">■</span> 申报 claim.</p>\n"
      html += "<div class=\"wide\">" + barChart(rows: budgetBars) + "</div>\n"
      html += Self.table(
        header: [
          "医院 hospital", "池 pool", "预算 budget", "申报 claim", "支付 payment", "区间 band",
        ], rows: budgetRows)
    }
    if let perHead = settlement.perHead {
      // The deposit and deduction columns only when some per-head money had them.
      let adjusted = perHead.units.contains { $0.withheldFen != 0 || $0.deductionFen != 0 }
      func adjustments(_ withheld: Int64, _ returned: Int64, _ deducted: Int64, _ final: Int64)
        -> String
      {
        guard adjusted else { return "" }
        return
          "<td>\(yuan(withheld))</td><td>\(yuan(returned))</td><td>\(yuan(deducted))</td><td>\(yuan(final))</td>"
      }
      var rows: [String] = []
      let bars = perHead.units.map { unit in
        (
          label: unit.name,
          bars: [
            (value: Double(unit.capitationFen) / 100, colour: Colour.capitation),
            (value: Double(unit.costFen) / 100, colour: Colour.outpatientCost),
          ]
        )
      }
      for unit in perHead.units {
        rows.append(
          "<td>\(escape(unit.name))</td><td>\(unit.isAlliance ? "*" : escape(unit.name))</td><td>\(unit.persons)</td><td>\(yuan(unit.capitationFen))</td><td>\(unit.visits)</td><td>\(yuan(unit.costFen))</td><td>\(yuan(unit.paymentFen))</td><td>\(yuan(unit.paymentFen - unit.costFen))</td><td class=\"text\">\(perHead.byCategory ? "按类别结算 by category" : "\(unit.band.label) \(unit.band.rawValue)")</td>"
            + adjustments(
              unit.withheldFen, unit.returnedFen, unit.deductionFen, unit.finalPaymentFen)
        )
        for member in unit.members {
          rows.append(
            "<td>\(escape(unit.name))</td><td>\(escape(member.hospital))</td><td>\(member.persons)</td><td>\(yuan(member.capitationFen))</td><td>\(member.visits)</td><td>\(yuan(member.costFen))</td><td>\(yuan(member.paymentFen))</td><td>\(yuan(member.paymentFen - member.costFen))</td><td class=\"text\">share</td>"
              + adjustments(
                member.withheldFen, member.returnedFen, member.deductionFen, member.finalPaymentFen)
          )
        }
      }
      html +=
        "<h2>按人头付费 · Per-head payment</h2>\n<p class=\"note\">\(perHead.summaryLines().map(escape).joined(separator: "<br>"))<br><span style=\"color:\(Colour.capitation)\">■</span> 人头额 capitation &nbsp; <span style=\"color:\(Colour.outpatientCost)\">■</span> 门诊费用 outpatient cost, per unit.</p>\n"
      if !bars.isEmpty { html += "<div class=\"wide\">" + barChart(rows: bars) + "</div>\n" }
      html += Self.table(
        header: [
          "单位 unit", "医院 hospital", "签约人数 persons", "人头额 capitation", "人次 visits",
          "费用 cost", "支付 payment", "结余 balance", "区间 band",
        ]
          + (adjusted
            ? ["考核预留 withheld", "考核返还 returned", "扣款 deductions", "最终支付 final payment"]
            : []),
        rows: rows)
      if perHead.byCategory {
        html +=
          "<p class=\"note\">按类别结算 · The year-end balance per unit and category (perhead_categories.csv).</p>\n"
        html += Self.table(
          header: [
            "单位 unit", "类别 category", "人头额 capitation", "费用 cost", "应得 entitlement",
            "支付 payment", "结余 balance", "区间 band",
          ],
          rows: perHead.categoryBalances.map { item in
            "<td>\(escape(item.unit))</td><td class=\"text\">\(escape(item.category))</td><td>\(yuan(item.capitationFen))</td><td>\(yuan(item.costFen))</td><td>\(yuan(item.entitlementFen))</td><td>\(yuan(item.paymentFen))</td><td>\(yuan(item.paymentFen - item.costFen))</td><td class=\"text\">\(item.band.label) \(item.band.rawValue)</td>"
          })
      }
    }
    return html
  }
}
