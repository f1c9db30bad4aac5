import DRGKit

// A settlement whose numbers left every sane range (a case of 10^11 points, a payment of
// 10^16 yuan) came from a policy value or a cost out of all proportion: it is refused,
// naming the first such number, instead of being written or trapping.

extension Settlement {
  /// The first case or hospital whose points or money reached their bound
  /// (``CasePrice/largestCentipoints``, ``WholeNumber/limit``), described, or `nil`.
  public func amountBeyondLimit() -> String? {
    if let index = prices.amount.firstIndex(where: { $0 >= CasePrice.largestCentipoints }) {
      let id = cases[index].caseID.isEmpty ? "row \(index + 1)" : "case \(cases[index].caseID)"
      return
        "\(id) (DRG \(cases[index].drg.isEmpty ? "none" : cases[index].drg)) gets 10^11 points or more; check the policy's points, coefficients and multiples, and the case's total_cost"
    }
    for pool in pools {
      if WholeNumber.isAtLimit(pool.budgetFen) {
        return "pool '\(pool.name)': the budget is beyond 10^16 yuan"
      }
      for hospital in pool.hospitals
      where [
        hospital.entitlementFen, hospital.paymentFen, hospital.actualFen, hospital.centipoints,
      ].contains(where: WholeNumber.isAtLimit) {
        return
          "pool '\(pool.name)', hospital \(hospital.hospital): an amount is beyond 10^16 yuan; check the policy's point value limits and the costs"
      }
    }
    return nil
  }
}

extension PerHeadSettlement {
  /// The first per-head amount that reached ``WholeNumber/limit`` (persons × rate, a
  /// budget), described, or `nil`.
  public func amountBeyondLimit() -> String? {
    if WholeNumber.isAtLimit(budgetFen) { return "perHead: the budget is beyond 10^16 yuan" }
    for unit in units
    where [unit.capitationFen, unit.entitlementFen, unit.costFen, unit.paymentFen].contains(
      where: WholeNumber.isAtLimit)
    {
      return
        "perHead: an amount of \(unit.name) is beyond 10^16 yuan; check the rates per person and the enrolment"
    }
    return nil
  }
}
