import DRGKit
import Foundation

// A hospital settled against its own budget (二级预算, `hospitalBudgets`): its claim
// (points × the fixed point value; ``HospitalSettlement/entitlementFen``) is compared with
// its budget, as `band` compares them. The columns `surplus` and `overspend` of
// hospitals.csv compare the claim with the actual cost instead; these name the budget
// comparison. All are `nil` for a hospital without a budget of its own (an alliance member:
// see alliances.csv; or a pool without hospital budgets).

extension HospitalSettlement {
  /// The claim settled against the budget (= entitlement), fen.
  public var claimAgainstBudgetFen: Int64? { budgetFen.map { _ in entitlementFen } }

  /// Budget − claim when positive: the budget left unspent (结余), fen.
  public var budgetSurplusFen: Int64? { budgetFen.map { max(0, $0 - entitlementFen) } }

  /// Claim − budget when positive: the claim beyond the budget (超支), fen.
  public var budgetOverspendFen: Int64? { budgetFen.map { max(0, entitlementFen - $0) } }

  /// For a claim within the budget: payment − claim, the part of the unspent budget the
  /// hospital keeps (结余留用); 0 otherwise. Fen.
  public var budgetRetainedSurplusFen: Int64? {
    budgetFen.map { entitlementFen <= $0 ? paymentFen - entitlementFen : 0 }
  }

  /// For a claim beyond the budget: payment − budget, the part of the excess the fund bears
  /// (合理超支分担); 0 otherwise. Fen.
  public var budgetFundOverspendShareFen: Int64? {
    budgetFen.map { entitlementFen > $0 ? max(0, paymentFen - $0) : 0 }
  }
}

extension Settlement {
  /// Whether a pool settled its hospitals against their own budgets.
  public var hasHospitalBudgets: Bool {
    pools.contains { $0.solution.constraint == .hospitalBudgets }
  }
}
