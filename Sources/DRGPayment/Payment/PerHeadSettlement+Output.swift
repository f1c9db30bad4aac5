import DRGKit
import Foundation

extension PerHeadSettlement {
  /// The `band` of a unit in `perhead.csv` when the balance is struck per category (the
  /// bands are then in `perhead_categories.csv`).
  public static let byCategoryBand = "by_category"

  /// Writes `perhead.csv` (per unit, with a row per member of an alliance: persons,
  /// capitation, entitlement, visits, cost, payment, balance, band — `by_category` when the
  /// balance is struck per category —, deposit withheld and returned, deductions, final
  /// payment, prepaid, true-up = final − prepaid) and `perhead_categories.csv` (per unit,
  /// hospital and category: persons, rate, capitation, visits, cost — empty when the
  /// outpatient file has no categories —, and with ``byCategory`` the category's
  /// entitlement, payment, balance and band, an alliance's in rows `*` before its members')
  /// into `directory`.
  public func write(to directory: String) throws(FileError) {
    let base = URL(fileURLWithPath: directory)
    let writer = try CSVWriter(path: base.appendingPathComponent("perhead.csv").path)
    func row(_ fields: [String], _ writer: CSVWriter) {
      for (index, field) in fields.enumerated() {
        if index > 0 { writer.appendByte(ASCII.comma) }
        writer.appendField(field)
      }
      writer.appendByte(ASCII.lf)
    }
    let yuan = Settlement.yuan
    row(
      [
        "unit", "hospital_id", "persons", "capitation", "entitlement", "visits", "cost",
        "payment", "balance", "band", "withheld", "returned", "deductions", "final_payment",
        "prepaid", "true_up",
      ], writer)
    for unit in units {
      row(
        [
          unit.name, unit.isAlliance ? "*" : unit.name, String(unit.persons),
          yuan(unit.capitationFen), yuan(unit.entitlementFen), String(unit.visits),
          yuan(unit.costFen), yuan(unit.paymentFen), yuan(unit.paymentFen - unit.costFen),
          byCategory ? Self.byCategoryBand : unit.band.rawValue, yuan(unit.withheldFen),
          yuan(unit.returnedFen),
          yuan(unit.deductionFen), yuan(unit.finalPaymentFen), yuan(unit.prepaidFen),
          yuan(unit.trueUpFen),
        ], writer)
      for member in unit.members {
        row(
          [
            unit.name, member.hospital, String(member.persons), yuan(member.capitationFen), "",
            String(member.visits), yuan(member.costFen), yuan(member.paymentFen),
            yuan(member.paymentFen - member.costFen),
            byCategory ? Self.byCategoryBand : unit.band.rawValue,
            yuan(member.withheldFen), yuan(member.returnedFen), yuan(member.deductionFen),
            yuan(member.finalPaymentFen), yuan(member.prepaidFen), yuan(member.trueUpFen),
          ], writer)
      }
    }
    try writer.finish()
    let categories = try CSVWriter(
      path: base.appendingPathComponent("perhead_categories.csv").path)
    row(
      [
        "unit", "hospital_id", "category", "persons", "rate", "capitation", "visits", "cost",
        "entitlement", "payment", "balance", "band",
      ], categories)
    var balances: [String: CategoryBalance] = [:]
    for balance in categoryBalances {
      balances[balance.unit + "\u{1F}" + balance.category] = balance
    }
    let rate = Dictionary(
      categoryRows.map { ($0.category, $0.rate) }, uniquingKeysWith: { first, _ in first })
    func settled(_ balance: CategoryBalance?) -> [String] {
      guard let balance else { return ["", "", "", ""] }
      return [
        yuan(balance.entitlementFen), yuan(balance.paymentFen),
        yuan(balance.paymentFen - balance.costFen), balance.band.rawValue,
      ]
    }
    let alliances = Set(units.filter(\.isAlliance).map(\.name))
    var previousUnit: String?
    for item in categoryRows {
      // An alliance's balances come first, in rows of their own (`*`), one per category.
      if item.unit != previousUnit, alliances.contains(item.unit) {
        for balance in categoryBalances where balance.unit == item.unit {
          row(
            [
              balance.unit, "*", balance.category, String(balance.persons),
              String(format: "%.2f", rate[balance.category] ?? 0), yuan(balance.capitationFen),
              String(balance.visits), yuan(balance.costFen),
            ] + settled(balance), categories)
        }
      }
      previousUnit = item.unit
      let own = alliances.contains(item.unit) ? nil : balances[item.unit + "\u{1F}" + item.category]
      // Without categories in the outpatient file its costs are in no category's row.
      row(
        [
          item.unit, item.hospital, item.category, String(item.persons),
          String(format: "%.2f", item.rate), yuan(item.capitationFen),
          byCategory ? String(item.visits) : "", byCategory ? yuan(item.costFen) : "",
        ] + settled(own), categories)
    }
    try categories.finish()
  }

  /// Summary lines for the console and the report.
  public func summaryLines() -> [String] {
    let persons = units.reduce(Int64(0)) { $0 + $1.persons }
    let capitation = units.reduce(Int64(0)) { $0 + $1.capitationFen }
    let cost = units.reduce(Int64(0)) { $0 + $1.costFen }
    var line =
      "per head: \(units.count) hospitals/alliances, \(persons) persons enrolled, capitation \(Settlement.yuan(capitation)), outpatient cost \(Settlement.yuan(cost)), budget \(Settlement.yuan(budgetFen)) (reserve \(Settlement.yuan(reserveFen))), factor \(String(format: "%.6f", factor)), paid \(Settlement.yuan(payoutFen))"
    var warning: String?
    switch constraint {
    case .unspendable:
      line += " — no factor can pay the budget under the sharing bands"
      warning =
        "WARNING: per head: no factor can pay out \(Settlement.yuan(distributableFen)) under the sharing bands; settled at factor \(String(format: "%.6f", factor)), from which the payout is at its most, \(Settlement.yuan(payoutFen)); \(Settlement.yuan(distributableFen - payoutFen)) stays unpaid (check perHead.budget and the sharing bands)"
    case .noPoints: line += " — no one enrolled"
    default: break
    }
    var bands: [SharingBand: Int] = [:]
    if byCategory {
      for balance in categoryBalances { bands[balance.band, default: 0] += 1 }
    } else {
      for unit in units { bands[unit.band, default: 0] += 1 }
    }
    let counts = SharingBand.allCases.compactMap { band in
      bands[band].map { "\($0) \(band.rawValue)" }
    }
    var lines = [
      byCategory
        ? "per head bands, balanced per category: " + counts.joined(separator: ", ")
          + " (perhead_categories.csv)"
        : "per head bands: " + counts.joined(separator: ", ") + " (perhead.csv)"
    ]
    lines.insert(line, at: 0)
    if let warning { lines.insert(warning, at: 1) }
    let withheld = units.reduce(Int64(0)) { $0 + $1.withheldFen }
    if withheld > 0 || deductionFen > 0 {
      lines.append(
        "per head after the bands: deposit withheld \(Settlement.yuan(withheld)), kept \(Settlement.yuan(qualityKeptFen)); deductions \(Settlement.yuan(deductionFen)) (to the \(deductionDestination.rawValue)); final payout \(Settlement.yuan(finalPayoutFen))"
      )
    }
    return lines
  }
}
