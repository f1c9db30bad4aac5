import DRGKit

// How one pool is paid out when hospitals are grouped into alliances or settled against
// their own budgets (``SettlementPolicy/HospitalBudgets``, ``SettlementPolicy/Alliances``).

/// The settlement units of one pool: each alliance, and each hospital outside one.
struct SettlementUnits {
  /// One unit and the positions of its members in the pool's hospital list.
  struct Unit {
    var name: String
    var isAlliance: Bool
    var members: [Int]
  }

  var units: [Unit]

  /// The units of `hospitals` (ids in the pool's order) under `alliances`, in order of their
  /// first member.
  init(hospitals: [String], alliances: SettlementPolicy.Alliances) {
    let allianceOf = alliances.allianceOfHospital
    var units: [Unit] = []
    var unitOfAlliance: [String: Int] = [:]
    for (position, hospital) in hospitals.enumerated() {
      if let alliance = allianceOf[hospital] {
        if let unit = unitOfAlliance[alliance] {
          units[unit].members.append(position)
        } else {
          unitOfAlliance[alliance] = units.count
          units.append(Unit(name: alliance, isAlliance: true, members: [position]))
        }
      } else {
        units.append(Unit(name: hospital, isAlliance: false, members: [position]))
      }
    }
    self.units = units
  }

  /// Whether every unit is a single hospital (the plain settlement).
  var isTrivial: Bool { !units.contains(where: \.isAlliance) }
}

/// One alliance of a pool as settled: the sums of its members and its payment before the
/// split (members in ``HospitalSettlement/alliance``).
public struct AllianceSettlement: Sendable, Equatable {
  /// The pool the alliance is settled in.
  public var pool: String
  /// The alliance's name (医共体), as the policy's `alliances` gives it.
  public var name: String
  /// Positions of the members in the pool's ``PoolSettlement/hospitals``.
  public var members: [Int]
  /// Σ members' points, in hundredths.
  public var centipoints: Int64
  /// Σ members' entitlements (points × PV), fen.
  public var entitlementFen: Int64
  /// Σ members' actual cost of the cases paid in points, fen.
  public var actualFen: Int64
  /// The alliance budget (with hospital budgets), fen.
  public var budgetFen: Int64?
  /// What the alliance is paid as one, fen: Σ of the members' split payments.
  public var paymentFen: Int64
  /// The sharing band the alliance's settlement as one fell into.
  public var band: SharingBand
}

extension SettlementPolicy {
  /// Pays out one pool: the point value and each hospital's payment, with the alliances
  /// settled as one and split to their members, and — in the budgeted pool — every unit
  /// settled against its own budget instead of solving the point value.
  /// - Parameters:
  ///   - hospitals: the pool's hospitals with points and actual cost; their `alliance`,
  ///     `budgetFen` and `unitBand` are set here.
  ///   - poolIndex: the pool's position (to know the budgeted ones).
  ///   - problems: gets a message naming the hospitals without a budget in a budgeted pool
  ///     (``HospitalBudgets/WithoutBudget/stop``) — the run must stop.
  /// - Returns: the solution (payments per hospital) and the pool's alliances.
  func payOut(
    pool poolName: String, poolIndex: Int, hospitals: inout [HospitalSettlement],
    distributableFen: Int64, floor: Double?, cap: Double?, budgetFactor: Double,
    problems: inout [String]
  ) -> (PointValueSolution, [AllianceSettlement]) {
    let units = SettlementUnits(hospitals: hospitals.map(\.hospital), alliances: alliances)
    let section = budgetSection(pool: poolIndex)
    let budgeted = section != nil
    if units.isTrivial && !budgeted {
      let accounts = hospitals.map {
        HospitalAccount(centipoints: $0.centipoints, actualFen: $0.actualFen)
      }
      return (
        PointValueSolver.solve(
          accounts: accounts, budgetFen: distributableFen, bands: sharing, floor: floor, cap: cap),
        []
      )
    }
    let unitAccounts = units.units.map { unit in
      HospitalAccount(
        centipoints: unit.members.reduce(0) { $0 + hospitals[$1].centipoints },
        actualFen: unit.members.reduce(0) { $0 + hospitals[$1].actualFen })
    }
    let totalCentipoints = unitAccounts.reduce(Int64(0)) { $0 + $1.centipoints }
    var solution: PointValueSolution
    var unitBudgets: [Int64?] = Array(repeating: nil, count: units.units.count)
    if let rules = section {
      let pointValue =
        rules.pointValue
        ?? (totalCentipoints > 0 ? Double(distributableFen) / Double(totalCentipoints) : 0)
      var payments: [Int64] = []
      var missing: [String] = []
      for (index, unit) in units.units.enumerated() {
        // The claim is the sum of the members' entitlements in fen.
        let claimFen = unit.members.reduce(Int64(0)) {
          $0 + WholeNumber.rounded(Double(hospitals[$1].centipoints) * pointValue)
        }
        let memberBudgets = unit.members.map { rules.budgets[hospitals[$0].hospital] }
        var yuan: Double?
        if !unit.isAlliance {
          yuan = memberBudgets[0]
        } else if let given = rules.allianceBudgets[unit.name]
          ?? (budgetSections.count == 1 ? alliances.budgets[unit.name] : nil)
        {
          yuan = given
        } else if memberBudgets.allSatisfy({ $0 != nil }) {
          yuan = memberBudgets.reduce(0) { $0 + ($1 ?? 0) }
        }
        let paid: Double
        if let yuan {
          let budgetFen = WholeNumber.rounded(yuan * budgetFactor * 100)
          unitBudgets[index] = budgetFen
          if let sharing {
            paid = sharing.payment(
              entitlement: Double(budgetFen) / 100, actual: Double(claimFen) / 100)
          } else {
            paid = Double(min(claimFen, budgetFen)) / 100
          }
        } else {
          // An alliance with some members budgeted and some not has no budget either: the
          // members' budgets are summed only when every member has one.
          if rules.withoutBudget == .stop {
            missing.append(
              unit.isAlliance
                ? unit.members.filter { rules.budgets[hospitals[$0].hospital] == nil }.map {
                  "\(hospitals[$0].hospital) (alliance \(unit.name) has no budget either)"
                }
                .joined(separator: ", ")
                : unit.name)
          }
          // Settled like a hospital of an unbudgeted pool: the claim as its entitlement,
          // against its actual cost (a partly budgeted alliance's members' budgets unused:
          // ``Settlement/unusedBudgetLines(policy:)`` warns).
          let actual = Double(unitAccounts[index].actualFen) / 100
          paid =
            sharing?.payment(entitlement: Double(claimFen) / 100, actual: actual)
            ?? Double(claimFen) / 100
        }
        payments.append(Int64(max(0, paid * 100).rounded()))
      }
      if !missing.isEmpty {
        let count = missing.count
        problems.append(
          "pool \(poolName): policy '\(name)' settles hospitals against their own budgets, but \(count) hospital\(count > 1 ? "s have" : " has") none: \(missing.prefix(10).joined(separator: ", "))\(count > 10 ? " …" : ""); give each a budget in hospitalBudgets.budgets or the budget column of --hospitals (or its alliance one in alliances.budgets or the section's allianceBudgets), or set hospitalBudgets.withoutBudget to \"pointValue\" to settle those by the pool's point value"
        )
      }
      solution = PointValueSolution(
        pointValue: pointValue, paymentsFen: payments, budgetFen: distributableFen,
        constraint: .hospitalBudgets, unconstrainedPointValue: nil)
    } else {
      solution = PointValueSolver.solve(
        accounts: unitAccounts, budgetFen: distributableFen, bands: sharing, floor: floor,
        cap: cap)
    }
    // Split each unit's payment to its members in proportion to their points.
    var memberPayments = Array(repeating: Int64(0), count: hospitals.count)
    var settled: [AllianceSettlement] = []
    for (index, unit) in units.units.enumerated() {
      let paid = solution.paymentsFen[index]
      let shares = ProportionalSplit.fen(
        paid, weights: unit.members.map { hospitals[$0].centipoints })
      for (member, share) in zip(unit.members, shares) { memberPayments[member] = share }
      let entitlement = unit.members.reduce(Int64(0)) {
        $0 + WholeNumber.rounded(Double(hospitals[$1].centipoints) * solution.pointValue)
      }
      let band =
        unitBudgets[index].map {
          SharingBand(entitlementFen: $0, actualFen: entitlement, bands: sharing)
        }
        ?? SharingBand(
          entitlementFen: entitlement, actualFen: unitAccounts[index].actualFen, bands: sharing)
      for member in unit.members {
        hospitals[member].unitBand = band
        if unit.isAlliance { hospitals[member].alliance = unit.name }
        if !unit.isAlliance { hospitals[member].budgetFen = unitBudgets[index] }
      }
      if unit.isAlliance {
        settled.append(
          AllianceSettlement(
            pool: poolName, name: unit.name, members: unit.members,
            centipoints: unitAccounts[index].centipoints, entitlementFen: entitlement,
            actualFen: unitAccounts[index].actualFen, budgetFen: unitBudgets[index],
            paymentFen: paid, band: band))
      }
    }
    solution.paymentsFen = memberPayments
    return (solution, settled)
  }

}

/// Whole-fen splits of an amount in proportion to weights (an alliance's payment to its
/// members, a per-head payment to the members of an alliance).
package enum ProportionalSplit {
  /// `amount` fen split in proportion to `weights`: each gets ⌊amount × w / Σw⌋ (the
  /// product and quotient in double), and the fen left go one each to the largest
  /// fractional parts (ties: the first listed), so the shares sum to `amount`. Σw = 0 splits
  /// equally by the same rule.
  package static func fen(_ amount: Int64, weights: [Int64]) -> [Int64] {
    guard !weights.isEmpty else { return [] }
    let total = weights.reduce(0, +)
    let exact: [Double] = weights.map {
      total > 0
        ? Double(amount) * Double($0) / Double(total) : Double(amount) / Double(weights.count)
    }
    return LargestRemainder.round(exact, to: amount)
  }
}
