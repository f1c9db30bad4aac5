import Foundation

/// One hospital's settlement in one pool.
public struct HospitalSettlement: Sendable, Equatable {
  public var hospital: String
  public var cases = 0
  public var casesByCategory: [CaseCategory: Int] = [:]
  public var centipoints: Int64 = 0
  /// Σ RW of DRG cases / their number (0 without DRG cases).
  public var caseMixIndex = 0.0
  /// Points × point value, fen.
  public var entitlementFen: Int64 = 0
  /// Actual cost of the paid cases, fen.
  public var actualFen: Int64 = 0
  /// What the fund pays, fen.
  public var paymentFen: Int64 = 0

  /// Entitlement − actual when positive (结余).
  public var surplusFen: Int64 { max(0, entitlementFen - actualFen) }
  /// Actual − entitlement when positive (超支).
  public var overspendFen: Int64 { max(0, actualFen - entitlementFen) }
  /// Surplus the hospital keeps: payment − actual, for a surplus hospital.
  public var retainedSurplusFen: Int64 {
    actualFen <= entitlementFen ? paymentFen - actualFen : 0
  }
  /// Overspend the fund bears: payment − entitlement, for an overspending hospital.
  public var fundOverspendShareFen: Int64 {
    actualFen > entitlementFen ? max(0, paymentFen - entitlementFen) : 0
  }
}

/// One pool's settlement.
public struct PoolSettlement: Sendable, Equatable {
  public var name: String
  public var budgetFen: Int64
  /// Budget × reserve share, kept back.
  public var reserveFen: Int64
  public var distributableFen: Int64 { budgetFen - reserveFen }
  public var cases = 0
  public var centipoints: Int64 = 0
  public var solution: PointValueSolution
  public var hospitals: [HospitalSettlement]
}

/// The result of settling a year.
public struct Settlement: Sendable {
  public var cases: [SettlementCase]
  public var prices: [CasePrice]
  /// Pool index per case (−1: none).
  public var poolOfCase: [Int]
  public var pools: [PoolSettlement]
  public var meanCostAllCases: Double
}

extension Settlement {
  /// Settles `cases` under `pricing`'s policy.
  /// - Parameter budgetFactor: multiplies every budget (what-if, e.g. 1.03 for +3 %).
  public static func run(
    cases: [SettlementCase], pricing: CasePricing, budgetFactor: Double = 1
  ) -> Settlement {
    let policy = pricing.policy
    var prices = cases.map { pricing.price($0) }
    pricing.applyReadmission(cases, &prices)
    let pools =
      policy.pools.isEmpty
      ? [SettlementPolicy.Pool(name: "all", budget: policy.budget ?? 0, insurance: [])]
      : policy.pools
    var poolByInsurance: [String: Int] = [:]
    for (index, pool) in pools.enumerated() {
      for value in pool.insurance where poolByInsurance[value] == nil {
        poolByInsurance[value] = index
      }
    }
    let fallback = pools.firstIndex { $0.insurance.isEmpty }
    var poolOfCase = [Int](repeating: -1, count: cases.count)
    for index in cases.indices {
      guard prices[index].category != .excluded else { continue }
      if let pool = poolByInsurance[cases[index].insurance] ?? fallback {
        poolOfCase[index] = pool
      } else {
        prices[index] = CasePrice(
          .excluded, 0, "no pool for insurance '\(cases[index].insurance)'")
      }
    }
    var results: [PoolSettlement] = []
    for (poolIndex, pool) in pools.enumerated() {
      var hospitalIndex: [String: Int] = [:]
      var hospitals: [HospitalSettlement] = []
      var weightSums: [Double] = []
      var drgCases: [Int] = []
      let categories = CaseCategory.allCases
      var categoryCounts: [Int] = []
      for index in cases.indices where poolOfCase[index] == poolIndex {
        let price = prices[index]
        let slot: Int
        if let known = hospitalIndex[cases[index].hospital] {
          slot = known
        } else {
          slot = hospitals.count
          hospitalIndex[cases[index].hospital] = slot
          hospitals.append(HospitalSettlement(hospital: cases[index].hospital))
          weightSums.append(0)
          drgCases.append(0)
          categoryCounts += Array(repeating: 0, count: categories.count)
        }
        hospitals[slot].cases += 1
        categoryCounts[slot * categories.count + price.category.ordinal] += 1
        hospitals[slot].centipoints += price.centipoints
        hospitals[slot].actualFen += Int64((cases[index].cost * 100).rounded())
        if price.relativeWeight > 0 {
          weightSums[slot] += price.relativeWeight
          drgCases[slot] += 1
        }
      }
      for slot in hospitals.indices {
        for (ordinal, category) in categories.enumerated()
        where categoryCounts[slot * categories.count + ordinal] > 0 {
          hospitals[slot].casesByCategory[category] =
            categoryCounts[slot * categories.count + ordinal]
        }
      }
      for slot in hospitals.indices where drgCases[slot] > 0 {
        hospitals[slot].caseMixIndex = weightSums[slot] / Double(drgCases[slot])
      }
      // Hospitals in a stable order.
      let order = hospitals.indices.sorted { hospitals[$0].hospital < hospitals[$1].hospital }
      hospitals = order.map { hospitals[$0] }
      let budgetFen = Int64((pool.budget * budgetFactor * 100).rounded())
      let reserveFen = Int64((Double(budgetFen) * policy.reserveShare).rounded())
      let distributable = budgetFen - reserveFen
      let accounts = hospitals.map {
        HospitalAccount(centipoints: $0.centipoints, actualFen: $0.actualFen)
      }
      let totalCentipoints = accounts.reduce(Int64(0)) { $0 + $1.centipoints }
      let nominal =
        totalCentipoints > 0 ? Double(distributable) / Double(totalCentipoints) : 0
      var floor = policy.pointValue.floor
      var cap = policy.pointValue.cap
      if let share = policy.pointValue.floorOfNominal {
        floor = max(floor ?? 0, share * nominal)
      }
      if let share = policy.pointValue.capOfNominal {
        cap = min(cap ?? .infinity, share * nominal)
      }
      let solution = PointValueSolver.solve(
        accounts: accounts, budgetFen: distributable, bands: policy.sharing, floor: floor,
        cap: cap)
      for slot in hospitals.indices {
        hospitals[slot].paymentFen = solution.paymentsFen[slot]
        hospitals[slot].entitlementFen = Int64(
          (Double(hospitals[slot].centipoints) * solution.pointValue).rounded())
      }
      results.append(
        PoolSettlement(
          name: pool.name, budgetFen: budgetFen, reserveFen: reserveFen,
          cases: hospitals.reduce(0) { $0 + $1.cases }, centipoints: totalCentipoints,
          solution: solution, hospitals: hospitals))
    }
    return Settlement(
      cases: cases, prices: prices, poolOfCase: poolOfCase, pools: results,
      meanCostAllCases: pricing.meanCostAllCases)
  }
}
