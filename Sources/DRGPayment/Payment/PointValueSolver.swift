import DRGKit
import Foundation

/// One hospital's side of the settlement: its points and actual cost.
package struct HospitalAccount: Sendable, Equatable {
  /// Points in hundredths (2 decimals held exactly).
  package var centipoints: Int64
  /// Actual cost in fen.
  package var actualFen: Int64

  package init(centipoints: Int64, actualFen: Int64) {
    self.centipoints = centipoints
    self.actualFen = actualFen
  }

  package var points: Double { Double(centipoints) / 100 }
  package var actual: Double { Double(actualFen) / 100 }
}

/// Why the payout differs from the budget.
public enum PointValueConstraint: String, Sendable, Equatable {
  /// The budget is paid out exactly.
  case none
  /// The point value that meets the budget is below the floor; the payout exceeds it.
  case floor
  /// The point value that meets the budget is above the cap; the payout falls short.
  case cap
  /// No point value pays the budget: with the sharing bands the payout cannot exceed
  /// Σ over hospitals of their most (e.g. surplus hospitals paid their actual cost).
  case unspendable
  /// There are no points to pay.
  case noPoints
  /// Each hospital or alliance is paid against its own budget at a set point value
  /// (``SettlementPolicy/HospitalBudgets``); the payout is what those budgets give.
  case hospitalBudgets = "hospital_budgets"
}

/// The point value of a pool and each hospital's payment in fen.
public struct PointValueSolution: Sendable, Equatable {
  /// Yuan per point.
  public var pointValue: Double
  /// Payment per hospital, in fen, in the order of the accounts.
  public var paymentsFen: [Int64]
  /// The budget the payout was solved against (the pool's point budget), fen.
  public var budgetFen: Int64
  /// Why the payout differs from the budget, if it does.
  public var constraint: PointValueConstraint
  /// Σ payments.
  public var payoutFen: Int64 { paymentsFen.reduce(0, +) }
  /// The point value that would pay the budget exactly (before a floor or cap): `nil` when
  /// no point value can (`unspendable`), when there are no points, and when the point value
  /// is set rather than solved (hospital budgets, a per-head factor without a budget).
  public var unconstrainedPointValue: Double?
}

/// Finds the point value at which the fund's payout equals the budget.
///
/// With sharing bands the payout F(PV) = Σ_h S_h(points_h × PV) is continuous, monotone and
/// piecewise linear; its breakpoints are where a hospital changes band
/// (`SharingBands.breakpoints`: N = A, N = A / (1 + overspendBand), and
/// where the retained surplus reaches surplusCap · N). The solver sorts the breakpoints,
/// finds by binary search the segment whose ends bracket the budget and solves the linear
/// piece there — no bisection to a tolerance. When F is flat at the budget
/// (surplusRetention = 0 or overspendFundShare = 1) the smallest such point value is taken
/// (fund-saving). Payments are then apportioned in whole fen (largest remainder), so
/// Σ payments = budget to the fen whenever the budget binds.
///
/// When F stays below the budget at every point value (``PointValueConstraint/unspendable``)
/// the pool is settled at the last breakpoint, from which on F is flat at its most, each
/// payment rounded to the fen; no unconstrained point value is reported, and the settlement
/// summary warns naming the pool, what is paid and what stays unpaid.
package enum PointValueSolver {
  /// - Parameters:
  ///   - accounts: the hospitals of one pool.
  ///   - budgetFen: the distributable budget in fen.
  ///   - bands: sharing bands, or `nil` to pay points × PV.
  ///   - floor: lowest point value allowed (yuan per point), if any.
  ///   - cap: highest point value allowed, if any.
  /// - Complexity: O(H log H) for H hospitals.
  package static func solve(
    accounts: [HospitalAccount], budgetFen: Int64, bands: SharingBands?,
    floor: Double? = nil, cap: Double? = nil
  ) -> PointValueSolution {
    let totalCentipoints = accounts.reduce(Int64(0)) { $0 + $1.centipoints }
    guard totalCentipoints > 0 else {
      return PointValueSolution(
        pointValue: 0, paymentsFen: accounts.map { _ in 0 }, budgetFen: budgetFen,
        constraint: .noPoints, unconstrainedPointValue: nil)
    }
    let budget = Double(budgetFen) / 100
    switch root(accounts, bands, budget: budget, totalCentipoints: totalCentipoints) {
    case .unreachable(let mostPaidFrom):
      return PointValueSolution(
        pointValue: mostPaidFrom, paymentsFen: paymentsFen(accounts, bands, at: mostPaidFrom),
        budgetFen: budgetFen, constraint: .unspendable, unconstrainedPointValue: nil)
    case .exact(let root):
      let (pointValue, constraint) = limited(root, floor: floor, cap: cap)
      let payments =
        constraint == .none
        ? paymentsFen(accounts, bands, at: pointValue, summingTo: budgetFen)
        : paymentsFen(accounts, bands, at: pointValue)
      return PointValueSolution(
        pointValue: pointValue, paymentsFen: payments, budgetFen: budgetFen,
        constraint: constraint, unconstrainedPointValue: root)
    }
  }

  /// Each account paid at a set `pointValue` with no budget to meet: payments rounded to
  /// the fen, `budgetFen` 0, constraint `none`, no unconstrained point value.
  package static func pay(accounts: [HospitalAccount], bands: SharingBands?, pointValue: Double)
    -> PointValueSolution
  {
    PointValueSolution(
      pointValue: pointValue, paymentsFen: paymentsFen(accounts, bands, at: pointValue),
      budgetFen: 0, constraint: .none, unconstrainedPointValue: nil)
  }

  /// Where the payout F meets the budget.
  enum BudgetRoot: Equatable {
    /// F(point value) = budget.
    case exact(Double)
    /// F stays below the budget; it is at its most from this point value on.
    case unreachable(mostPaidFrom: Double)
  }

  /// The point value at which F meets `budget` (yuan), or where F is at its most when it
  /// cannot; `totalCentipoints` > 0.
  static func root(
    _ accounts: [HospitalAccount], _ bands: SharingBands?, budget: Double,
    totalCentipoints: Int64
  ) -> BudgetRoot {
    let nominal = budget / (Double(totalCentipoints) / 100)
    if budget <= 0 { return .exact(0) }
    guard let bands else { return .exact(nominal) }
    let payout = { (pv: Double) -> Double in Self.payout(accounts, bands, pv) }
    let breaks = sortedBreakpoints(accounts, bands)
    // First breakpoint whose payout reaches the budget.
    var low = 0
    var high = breaks.count
    while low < high {
      let middle = (low + high) / 2
      if payout(breaks[middle]) >= budget { high = middle } else { low = middle + 1 }
    }
    if low < breaks.count {
      // F(breaks[low-1]) < budget ≤ F(breaks[low]); low ≥ 1 since F(0) = 0 < budget.
      let a = breaks[low - 1]
      let b = breaks[low]
      let fa = payout(a)
      let fb = payout(b)
      return .exact(fb > fa ? a + (budget - fa) * (b - a) / (fb - fa) : b)
    }
    // Past the last breakpoint F is linear: its value one step further gives the slope.
    let last = breaks[breaks.count - 1]
    let step = max(last, nominal)
    let fa = payout(last)
    let fb = payout(last + step)
    guard fb > fa else { return .unreachable(mostPaidFrom: last) }
    return .exact(last + (budget - fa) * step / (fb - fa))
  }

  /// 0 and every hospital's breakpoints, ascending, without duplicates (so every segment
  /// has positive length).
  static func sortedBreakpoints(_ accounts: [HospitalAccount], _ bands: SharingBands) -> [Double] {
    let points = accounts.flatMap { bands.breakpoints(points: $0.points, actual: $0.actual) }
      .sorted()
    var breaks: [Double] = [0]
    for value in points where value > breaks[breaks.count - 1] { breaks.append(value) }
    return breaks
  }

  /// `root` held within the floor and the cap, and which of them binds.
  static func limited(_ root: Double, floor: Double?, cap: Double?)
    -> (pointValue: Double, constraint: PointValueConstraint)
  {
    if let floor, root < floor { return (floor, .floor) }
    if let cap, root > cap { return (cap, .cap) }
    return (root, .none)
  }

  /// The fund's payout in yuan at point value `pv` (F(PV)).
  package static func payout(_ accounts: [HospitalAccount], _ bands: SharingBands?, _ pv: Double)
    -> Double
  {
    var total = 0.0
    for account in accounts {
      total += payment(account, bands, pv)
    }
    return total
  }

  @inline(__always)
  static func payment(_ account: HospitalAccount, _ bands: SharingBands?, _ pv: Double) -> Double {
    let entitlement = account.points * pv
    guard let bands else { return entitlement }
    return bands.payment(entitlement: entitlement, actual: account.actual)
  }

  /// Each account's payment at `pv` in fen, rounded to the nearest fen.
  static func paymentsFen(_ accounts: [HospitalAccount], _ bands: SharingBands?, at pv: Double)
    -> [Int64]
  {
    exactFen(accounts, bands, pv).map { WholeNumber.rounded($0) }
  }

  /// Each account's payment at `pv` in whole fen, by largest remainder so that they sum to
  /// `targetFen` exactly.
  static func paymentsFen(
    _ accounts: [HospitalAccount], _ bands: SharingBands?, at pv: Double,
    summingTo targetFen: Int64
  ) -> [Int64] {
    LargestRemainder.round(exactFen(accounts, bands, pv), to: targetFen)
  }

  /// Each account's payment at `pv` in fen, unrounded and at least 0.
  private static func exactFen(
    _ accounts: [HospitalAccount], _ bands: SharingBands?, _ pv: Double
  ) -> [Double] {
    accounts.map { max(0, payment($0, bands, pv) * 100) }
  }
}
