import DRGKit
import Foundation

extension Settlement {
  /// Whether any hospital was settled in an alliance or against its own budget.
  public var hasUnits: Bool {
    pools.contains { pool in
      !pool.alliances.isEmpty || pool.solution.constraint == .hospitalBudgets
    }
  }

  /// Summary lines for the alliances and hospital budgets (none when there are none).
  func unitSummaryLines() -> [String] {
    var lines: [String] = []
    for pool in pools {
      if pool.solution.constraint == .hospitalBudgets {
        let budgets =
          pool.hospitals.compactMap(\.budgetFen).reduce(0, +)
          + pool.alliances.compactMap(\.budgetFen).reduce(0, +)
        lines.append(
          "pool \(pool.name): hospitals and alliances settled against budgets totalling \(Self.yuan(budgets)) at \(String(format: "%.4f", pool.solution.pointValue)) yuan a point; paid \(Self.yuan(pool.solution.payoutFen))"
        )
      }
      for alliance in pool.alliances {
        lines.append(
          "alliance \(alliance.name) (pool \(pool.name), \(alliance.members.count) hospitals): paid \(Self.yuan(alliance.paymentFen)) as one, \(alliance.band.rawValue); split to the members by points (alliances.csv)"
        )
      }
    }
    return lines
  }

  /// Writes `alliances.csv` when some pool has alliances: per pool and alliance a row with
  /// hospital `*` (the alliance as one) and a row per member with its share of the points
  /// and of the payment.
  func writeAlliances(to path: String) throws(FileError) {
    guard pools.contains(where: { !$0.alliances.isEmpty }) else { return }
    let writer = try CSVWriter(path: path)
    func row(_ fields: [String]) {
      for (index, field) in fields.enumerated() {
        if index > 0 { writer.appendByte(ASCII.comma) }
        writer.appendField(field)
      }
      writer.appendByte(ASCII.lf)
    }
    row([
      "pool", "alliance", "hospital_id", "points", "share", "entitlement", "actual_cost",
      "budget", "payment", "balance", "band",
    ])
    for pool in pools {
      for alliance in pool.alliances {
        row([
          pool.name, alliance.name, "*", Self.points(alliance.centipoints), "1.000000",
          Self.yuan(alliance.entitlementFen), Self.yuan(alliance.actualFen),
          alliance.budgetFen.map(Self.yuan) ?? "", Self.yuan(alliance.paymentFen),
          Self.yuan(alliance.paymentFen - alliance.actualFen), alliance.band.rawValue,
        ])
        for member in alliance.members {
          let hospital = pool.hospitals[member]
          let share =
            alliance.centipoints > 0
            ? Double(hospital.centipoints) / Double(alliance.centipoints) : 0
          row([
            pool.name, alliance.name, hospital.hospital, Self.points(hospital.centipoints),
            String(format: "%.6f", share), Self.yuan(hospital.entitlementFen),
            Self.yuan(hospital.actualFen), "", Self.yuan(hospital.paymentFen),
            Self.yuan(hospital.paymentFen - hospital.actualFen), alliance.band.rawValue,
          ])
        }
      }
    }
    try writer.finish()
  }
}

extension Settlement {
  /// Warnings for budgets of `policy` that nothing in the settlement used: a hospital
  /// budget (``SettlementPolicy/HospitalBudgets``) or an alliance budget whose hospitals
  /// have no paid case in the budgeted pool, so the budget is not paid; and the members'
  /// budgets of an alliance settled by the point value because only some members have one
  /// (`withoutBudget` `pointValue`).
  public func unusedBudgetLines(policy: SettlementPolicy) -> [String] {
    var lines: [String] = []
    for rules in policy.budgetSections {
      guard let index = policy.poolIndex(of: rules), index < pools.count else { continue }
      let pool = pools[index]
      let paid = Set(pool.hospitals.map(\.hospital))
      let alliances = Set(pool.alliances.map(\.name))
      let allianceOf = policy.alliances.allianceOfHospital
      let hospitals = rules.budgets.keys.filter { !paid.contains($0) && allianceOf[$0] == nil }
        .sorted()
      let allianceBudgets = rules.allianceBudgets.merging(
        policy.budgetSections.count == 1 ? policy.alliances.budgets : [:]
      ) { own, _ in own }
      let unusedAlliances = allianceBudgets.keys.filter { !alliances.contains($0) }.sorted()
      for (kind, names, budgets) in [
        ("hospital", hospitals, rules.budgets),
        ("alliance", unusedAlliances, allianceBudgets),
      ] where !names.isEmpty {
        let total = names.reduce(0.0) { $0 + (budgets[$1] ?? 0) }
        lines.append(
          "WARNING: \(names.count) \(kind) budget\(names.count > 1 ? "s" : "") of pool \(pool.name) (\(Self.yuan(Int64((total * 100).rounded()))) yuan) not paid: no paid case (\(names.prefix(5).joined(separator: ", "))\(names.count > 5 ? " …" : ""))"
        )
      }
      // A partly budgeted alliance (withoutBudget "pointValue"): settled by the point value,
      // its members' budgets not used.
      for alliance in pool.alliances where alliance.budgetFen == nil {
        let members = alliance.members.map { pool.hospitals[$0].hospital }
        let budgeted = members.filter { rules.budgets[$0] != nil }
        guard !budgeted.isEmpty else { continue }
        let total = budgeted.reduce(0.0) { $0 + (rules.budgets[$1] ?? 0) }
        let without = members.filter { rules.budgets[$0] == nil }
        lines.append(
          "WARNING: alliance \(alliance.name) of pool \(pool.name) has no budget and only some members do (\(budgeted.joined(separator: ", ")); none: \(without.joined(separator: ", "))): settled by the point value (withoutBudget \"pointValue\"), the members' budgets (\(Self.yuan(Int64((total * 100).rounded()))) yuan) not used; give the alliance a budget (allianceBudgets or alliances.budgets) or every member one"
        )
      }
    }
    return lines
  }
}
