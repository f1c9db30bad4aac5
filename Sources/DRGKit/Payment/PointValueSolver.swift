import Foundation

extension SharingBands {
  /// What the fund pays a hospital entitled to `entitlement` (points × PV) whose actual cost
  /// is `actual`, both in yuan; see the type's formula.
  ///
  /// Non-decreasing and continuous in `entitlement`.
  @inline(__always)
  public func payment(entitlement: Double, actual: Double) -> Double {
    if actual <= entitlement {
      return actual
        + min(surplusRetention * (entitlement - actual), surplusCap * entitlement)
    }
    if actual <= (1 + overspendBand) * entitlement {
      return entitlement + overspendFundShare * (actual - entitlement)
    }
    return entitlement * (1 + overspendFundShare * overspendBand)
  }

  /// Point values at which a hospital with `points` and `actual` cost changes band.
  func breakpoints(points: Double, actual: Double) -> [Double] {
    guard points > 0, actual > 0 else { return [] }
    var values = [actual / points, actual / ((1 + overspendBand) * points)]
    if surplusRetention > surplusCap {
      values.append(surplusRetention * actual / ((surplusRetention - surplusCap) * points))
    }
    return values.filter { $0.isFinite && $0 > 0 }
  }
}

/// One hospital's side of the settlement: its points and actual cost.
public struct HospitalAccount: Sendable, Equatable {
  /// Points in hundredths (2 decimals held exactly).
  public var centipoints: Int64
  /// Actual cost in fen.
  public var actualFen: Int64

  public init(centipoints: Int64, actualFen: Int64) {
    self.centipoints = centipoints
    self.actualFen = actualFen
  }

  public var points: Double { Double(centipoints) / 100 }
  public var actual: Double { Double(actualFen) / 100 }
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
  public var budgetFen: Int64
  public var constraint: PointValueConstraint
  /// Σ payments.
  public var payoutFen: Int64 { paymentsFen.reduce(0, +) }
  /// The point value that would pay the budget exactly, when one exists.
  public var unconstrainedPointValue: Double?
}

/// Finds the point value at which the fund's payout equals the budget.
///
/// With sharing bands the payout F(PV) = Σ_h S_h(points_h × PV) is continuous, monotone and
/// piecewise linear; its breakpoints are where a hospital changes band (N = A,
/// N = A / (1 + β), and where the surplus cap takes over). The solver sorts the
/// breakpoints, finds by binary search the segment whose ends bracket the budget and solves
/// the linear piece there — no bisection to a tolerance. When F is flat at the budget (α = 0
/// or γ = 1) the smallest such point value is taken (fund-saving). Payments are then
/// apportioned in whole fen (largest remainder), so Σ payments = budget to the fen whenever
/// the budget binds.
public enum PointValueSolver {
  /// - Parameters:
  ///   - accounts: the hospitals of one pool.
  ///   - budgetFen: the distributable budget in fen.
  ///   - bands: sharing bands, or `nil` to pay points × PV.
  ///   - floor: lowest point value allowed (yuan per point), if any.
  ///   - cap: highest point value allowed, if any.
  /// - Complexity: O(H log H) for H hospitals.
  public static func solve(
    accounts: [HospitalAccount], budgetFen: Int64, bands: SharingBands?,
    floor: Double? = nil, cap: Double? = nil
  ) -> PointValueSolution {
    let payout = { (pv: Double) -> Double in Self.payout(accounts, bands, pv) }
    let budget = Double(budgetFen) / 100
    let totalPoints = accounts.reduce(Int64(0)) { $0 + $1.centipoints }
    guard totalPoints > 0 else {
      return PointValueSolution(
        pointValue: 0, paymentsFen: accounts.map { _ in 0 }, budgetFen: budgetFen,
        constraint: .noPoints, unconstrainedPointValue: nil)
    }
    var root: Double?
    var unspendableAt: Double?
    if budget <= 0 {
      root = 0
    } else if let bands {
      var points = accounts.flatMap { bands.breakpoints(points: $0.points, actual: $0.actual) }
      points.sort()
      // Drop duplicates so every segment has positive length.
      var breaks: [Double] = [0]
      for value in points where value > breaks[breaks.count - 1] { breaks.append(value) }
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
        root = fb > fa ? a + (budget - fa) * (b - a) / (fb - fa) : b
      } else {
        // Past the last breakpoint F is linear.
        let last = breaks[breaks.count - 1]
        let step = max(last, totalPointsValue(budget, totalPoints))
        let fa = payout(last)
        let fb = payout(last + step)
        if fb > fa {
          root = last + (budget - fa) * step / (fb - fa)
        } else {
          unspendableAt = last
        }
      }
    } else {
      root = totalPointsValue(budget, totalPoints)
    }
    if let pv = unspendableAt {
      var solution = apportion(accounts, bands, pv, targetFen: nil)
      solution.budgetFen = budgetFen
      solution.constraint = .unspendable
      return solution
    }
    // `root` is set on every other path.
    var pv = root ?? 0
    var constraint = PointValueConstraint.none
    if let floor, pv < floor {
      pv = floor
      constraint = .floor
    } else if let cap, pv > cap {
      pv = cap
      constraint = .cap
    }
    var solution = apportion(
      accounts, bands, pv, targetFen: constraint == .none ? budgetFen : nil)
    solution.budgetFen = budgetFen
    solution.constraint = constraint
    solution.unconstrainedPointValue = root
    return solution
  }

  /// The fund's payout in yuan at point value `pv` (F(PV)).
  public static func payout(_ accounts: [HospitalAccount], _ bands: SharingBands?, _ pv: Double)
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

  private static func totalPointsValue(_ budget: Double, _ centipoints: Int64) -> Double {
    budget / (Double(centipoints) / 100)
  }

  /// Payments in fen at `pv`; with a target, whole fen by largest remainder so they sum to
  /// it exactly.
  static func apportion(
    _ accounts: [HospitalAccount], _ bands: SharingBands?, _ pv: Double, targetFen: Int64?
  ) -> PointValueSolution {
    let exact = accounts.map { max(0, payment($0, bands, pv) * 100) }
    let fen =
      targetFen.map { LargestRemainder.round(exact, to: $0) }
      ?? exact.map { WholeNumber.rounded($0) }
    return PointValueSolution(
      pointValue: pv, paymentsFen: fen, budgetFen: targetFen ?? 0, constraint: .none,
      unconstrainedPointValue: pv)
  }
}
