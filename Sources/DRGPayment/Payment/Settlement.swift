import DRGKit
import Foundation

/// One hospital's settlement in one pool.
public struct HospitalSettlement: Sendable, Equatable {
  /// The hospital's code (`hospital_id` of its cases).
  public var hospital: String
  /// The hospital's cases settled in this pool, of every category.
  public var cases = 0
  /// The hospital's cases per ``CaseCategory``; a category without cases is absent.
  public var casesByCategory: [CaseCategory: Int] = [:]
  /// Σ points of the hospital's cases, in hundredths (§3.1 of payment-formulas.md).
  public var centipoints: Int64 = 0
  /// Σ RW of DRG cases / their number (0 without DRG cases).
  public var caseMixIndex = 0.0
  /// Points × point value, fen.
  public var entitlementFen: Int64 = 0
  /// Actual cost of the paid cases, fen.
  public var actualFen: Int64 = 0
  /// What the hospital is paid for its cases (the entitlement after the sharing bands),
  /// fen: the fund's payment plus what the patients paid.
  public var paymentFen: Int64 = 0
  /// What the patients paid (Σ `self_pay` of the paid cases), fen.
  public var selfPayFen: Int64 = 0
  /// Quality deposit held back (``SettlementPolicy/Quality``), fen.
  public var withheldFen: Int64 = 0
  /// Part of the deposit returned by the assessment score, fen.
  public var returnedFen: Int64 = 0
  /// Review deductions (`--deductions`), fen.
  public var deductionFen: Int64 = 0
  /// The alliance (医共体) the hospital is settled in, or `""`.
  public var alliance = ""
  /// The hospital's own budget (二级预算) it was settled against, fen.
  public var budgetFen: Int64?
  /// The band of the hospital's settlement unit (its alliance, or its budget) when the
  /// hospital is not settled alone against its points × PV.
  public var unitBand: SharingBand?
  /// Σ prices of the cases paid in yuan (single disease, day surgery, per-diem or
  /// new-technology rules with pool `outside` or `budget`), fen; outside the points, the
  /// entitlement, the actual cost and the sharing bands.
  public var yuanPaymentFen: Int64 = 0
  /// The part of ``yuanPaymentFen`` counted against the pool's budget (pool `budget`).
  public var yuanInBudgetFen: Int64 = 0
  /// Σ costs of the cases paid in yuan, fen.
  public var yuanCostFen: Int64 = 0
  /// Payment + yuan payment − withheld + returned − deductions, fen.
  public var finalPaymentFen: Int64 {
    paymentFen + yuanPaymentFen - withheldFen + returnedFen - deductionFen
  }
  /// What the fund pays: final payment − patients' payments, fen.
  public var fundPaymentFen: Int64 { finalPaymentFen - selfPayFen }

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
  /// The pool's name from the policy (e.g. 职工 or 居民).
  public var name: String
  /// The pool's budget B: the policy's budget × the run's budget factor (1 but in a what-if), fen.
  public var budgetFen: Int64
  /// Budget × reserve share, kept back.
  public var reserveFen: Int64
  /// What may be shared out, B′ = budget − reserve (§3.5 of payment-formulas.md), fen.
  public var distributableFen: Int64 { budgetFen - reserveFen }
  /// What the point value shares out: distributable − yuan prices counted against the
  /// budget (at least 0).
  public var pointBudgetFen: Int64 { max(0, distributableFen - yuanInBudgetFen) }
  /// Σ the hospitals' yuan prices counted against the budget (pool `budget`), fen.
  public var yuanInBudgetFen: Int64 { hospitals.reduce(0) { $0 + $1.yuanInBudgetFen } }
  /// Σ the hospitals' yuan prices paid from outside the budget (pool `outside`), fen.
  public var yuanOutsideFen: Int64 {
    hospitals.reduce(0) { $0 + $1.yuanPaymentFen - $1.yuanInBudgetFen }
  }
  /// Cases settled in the pool.
  public var cases = 0
  /// Σ points of the pool's cases, in hundredths: the denominator of the point value.
  public var centipoints: Int64 = 0
  /// The point value found for the pool and how it was found (``PointValueSolution``).
  public var solution: PointValueSolution
  /// The pool's hospitals, in order of their codes.
  public var hospitals: [HospitalSettlement]
  /// The alliances settled as one in this pool (``SettlementPolicy/Alliances``).
  public var alliances: [AllianceSettlement] = []
  /// Σ the hospitals' patients' payments, fen.
  public var selfPayFen: Int64 { hospitals.reduce(0) { $0 + $1.selfPayFen } }
  /// Σ deposit withheld and not returned (kept by the fund), fen.
  public var qualityKeptFen: Int64 { hospitals.reduce(0) { $0 + $1.withheldFen - $1.returnedFen } }
  /// Σ deductions, fen.
  public var deductionFen: Int64 { hospitals.reduce(0) { $0 + $1.deductionFen } }
  /// Σ final payments, fen.
  public var finalPayoutFen: Int64 { hospitals.reduce(0) { $0 + $1.finalPaymentFen } }
}

/// The result of settling a year.
public struct Settlement: Sendable {
  /// The settled cases, held as columns.
  public var cases: SettlementCases
  /// The cases' prices, held as columns.
  public var prices: CasePrices
  /// Pool index per case (−1: none).
  public var poolOfCase: CasePools
  /// One settlement per pool of the policy, in the policy's order.
  public var pools: [PoolSettlement]
  /// Mean cost of all cases, yuan: the cost of 100 points when costs are turned into points
  /// (fee-for-service, single disease: points = cost / mean × 100, §3.4 of payment-formulas.md).
  public var meanCostAllCases: Double
  /// Position of each case's hospital in its pool's ``PoolSettlement/hospitals`` (−1: none).
  public var hospitalOfCase: [Int32] = []
  /// The hospitals file (`--hospitals`), when given: adds `hospital_name` to hospitals.csv.
  public var hospitalTable: HospitalTable?
  /// The settlement year, when one was given (cases discharged in other years excluded).
  public var year: Int?
  /// Cases excluded because they were discharged outside ``year``.
  public var casesOutsideYear = 0
  /// Paid cases whose `self_pay` is not a number ≥ 0 (counted as 0).
  public var casesWithUnreadableSelfPay = 0
  /// Paid cases without a discharge date (settled, but in no month of `months.csv`).
  public var casesWithoutDischarge = 0
  /// Calendar years of the paid cases' discharge dates, ascending.
  public var dischargeYears: [Int] = []
  /// DRG names (from the grouped file's `drg_name`), for `drgs.csv` and the report.
  public var drgNames: [String: String] = [:]
  /// The sharing bands the settlement used (`nil`: points × PV paid).
  public var sharing: SharingBands?
  /// The policy's name.
  public var policyName = ""
  /// The per-head settlement (`--enrolment`), when the policy has one.
  public var perHead: PerHeadSettlement?
  /// Rules of the policy that could not be applied to these cases (e.g. a point-value floor
  /// above the cap once a share of the nominal value is worked out), each naming its
  /// fields; `drg settle` stops (exit 65) when there is one.
  public var problems: [String] = []
  /// Where deductions went (``applyAdjustments(quality:scores:deductions:destination:)``).
  public var deductionDestination = SettlementPolicy.Deductions.Destination.pool

  /// What the patient paid for a paid case, fen (0 for an excluded case).
  @inline(__always)
  public func selfPayFen(ofCase index: Int) -> Int64 {
    poolOfCase[index] >= 0 ? cases.patientFen(at: index) : 0
  }

  /// A case's payment in fen: round(centipoints × its pool's point value), half away from
  /// zero; 0 for an excluded case. Before the sharing bands, which apply per hospital.
  /// A case priced in yuan is paid its price.
  @inline(__always)
  public func paymentFen(ofCase index: Int) -> Int64 {
    let pool = poolOfCase[index]
    guard pool >= 0 else { return 0 }
    if prices.isYuan(at: index) { return prices.fen(at: index) }
    return WholeNumber.rounded(
      Double(prices.centipoints(at: index)) * pools[pool].solution.pointValue)
  }
}

extension Settlement {
  /// Settles `cases` under `pricing`'s policy.
  /// - Parameters:
  ///   - budgetFactor: multiplies every budget (what-if, e.g. 1.03 for +3 %).
  ///   - year: the settlement year; default the policy's ``SettlementPolicy/year``. A case
  ///     discharged in another year is excluded (after the readmission rule, which still
  ///     sees it as a later stay).
  public static func run(
    cases: [SettlementCase], pricing: CasePricing, budgetFactor: Double = 1,
    year: Int? = nil
  ) -> Settlement {
    run(cases: SettlementCases(cases), pricing: pricing, budgetFactor: budgetFactor, year: year)
  }

  /// Settles cases held as columns (``SettlementCases``), as
  /// ``run(cases:pricing:budgetFactor:year:)`` does.
  public static func run(
    cases: SettlementCases, pricing: CasePricing, budgetFactor: Double = 1,
    year: Int? = nil
  ) -> Settlement {
    let policy = pricing.policy
    var pricing = pricing
    if pricing.needsCoefficientData && pricing.dataCoefficients == nil {
      pricing.dataCoefficients = DataCoefficients(rules: policy.coefficients, cases: cases)
    }
    var prices = pricing.compactPrices(cases)
    pricing.applyReadmission(cases, &prices)
    let settlementYear = year ?? policy.year
    var outsideYear = 0
    // A yuan rule without a price for the hospital's level cannot be applied: named, and
    // the run stops (the first five cases).
    var problems: [String] = []
    for index in prices.indices where prices.basis[index] == CasePrice.Basis.noPrice.rawValue {
      if problems.count < 5 {
        problems.append("case \(cases.caseID(at: index)): \(prices[index].reason)")
      } else {
        problems.append("… and more cases without a yuan price for their level")
        break
      }
    }
    if let settlementYear {
      for index in cases.indices where prices.category(at: index) != .excluded {
        guard let day = cases.dischargeDay(at: index) else { continue }
        let date = CivilDate(day: day)
        if date.year != settlementYear {
          prices[index] = CasePrice(
            .excluded, 0,
            "discharged \(date), outside the settlement year \(settlementYear)")
          outsideYear += 1
        }
      }
    }
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
    let caseIndex = CaseIndex(
      cases: cases, poolByInsurance: poolByInsurance, fallback: fallback, pools: pools.count)
    var poolOfCase = caseIndex.pool
    // Slot of every case's hospital within its pool.
    var slotOfCase = [Int32](repeating: -1, count: cases.count)
    var hospitalsByPool = [[HospitalSettlement]](repeating: [], count: pools.count)
    var slotsByPool = [[Int32]](
      repeating: Array(repeating: -1, count: caseIndex.hospitalNames.count), count: pools.count)
    for row in cases.indices {
      guard prices.category(at: row) != .excluded else {
        poolOfCase[row] = -1
        continue
      }
      let pool = poolOfCase[row]
      guard pool >= 0 else {
        prices[row] = CasePrice(.excluded, 0, "no pool for insurance '\(cases.insurance(at: row))'")
        continue
      }
      let hospital = caseIndex.hospital(at: row)
      var slot = slotsByPool[pool][hospital]
      if slot < 0 {
        slot = Int32(hospitalsByPool[pool].count)
        slotsByPool[pool][hospital] = slot
        hospitalsByPool[pool].append(
          HospitalSettlement(hospital: caseIndex.hospitalNames[hospital]))
      }
      slotOfCase[row] = slot
    }
    let categories = CaseCategory.allCases
    let totals = HospitalTotals.sum(
      cases: cases, prices: prices, poolOfCase: poolOfCase, slotOfCase: slotOfCase,
      hospitalsPerPool: hospitalsByPool.map(\.count), categories: categories.count)
    var results: [PoolSettlement] = []
    var positionOfSlot: [[Int32]] = []
    for (poolIndex, pool) in pools.enumerated() {
      var hospitals = hospitalsByPool[poolIndex]
      for slot in hospitals.indices {
        totals.fill(&hospitals[slot], pool: poolIndex, slot: slot, categories: categories)
      }
      // Hospitals in a stable order.
      let order = hospitals.indices.sorted { hospitals[$0].hospital < hospitals[$1].hospital }
      hospitals = order.map { hospitals[$0] }
      var positions = [Int32](repeating: 0, count: order.count)
      for (position, slot) in order.enumerated() { positions[slot] = Int32(position) }
      positionOfSlot.append(positions)
      let budgetFen = WholeNumber.rounded(pool.budget * budgetFactor * 100)
      let reserveFen = WholeNumber.rounded(Double(budgetFen) * policy.reserveShare)
      let yuanInBudget = hospitals.reduce(Int64(0)) { $0 + $1.yuanInBudgetFen }
      if yuanInBudget > budgetFen - reserveFen {
        problems.append(
          "pool \(pool.name): the yuan prices counted against the budget (pool \"budget\": \(Self.yuan(yuanInBudget))) exceed the distributable budget \(Self.yuan(budgetFen - reserveFen))"
        )
      }
      let distributable = max(0, budgetFen - reserveFen - yuanInBudget)
      let accounts = hospitals.map {
        HospitalAccount(centipoints: $0.centipoints, actualFen: $0.actualFen)
      }
      let totalCentipoints = accounts.reduce(Int64(0)) { $0 + $1.centipoints }
      let nominal =
        totalCentipoints > 0 ? Double(distributable) / Double(totalCentipoints) : 0
      var floor = policy.pointValue.floor
      var cap = policy.pointValue.cap
      var floorField = "pointValue.floor"
      var capField = "pointValue.cap"
      if let share = policy.pointValue.floorOfNominal, share * nominal > (floor ?? -1) {
        floor = share * nominal
        floorField =
          "pointValue.floorOfNominal (\(share) × nominal \(String(format: "%.6f", nominal)))"
      }
      if let share = policy.pointValue.capOfNominal, share * nominal < (cap ?? .infinity) {
        cap = share * nominal
        capField = "pointValue.capOfNominal (\(share) × nominal \(String(format: "%.6f", nominal)))"
      }
      if let floor, let cap, floor > cap {
        problems.append(
          "pool \(pool.name): the point-value floor \(String(format: "%.6f", floor)) from \(floorField) is above the cap \(String(format: "%.6f", cap)) from \(capField); lower the floor or raise the cap"
        )
      }
      let (solution, alliances) = policy.payOut(
        pool: pool.name, poolIndex: poolIndex, hospitals: &hospitals,
        distributableFen: distributable, floor: floor, cap: cap, budgetFactor: budgetFactor,
        problems: &problems)
      for slot in hospitals.indices {
        hospitals[slot].paymentFen = solution.paymentsFen[slot]
        hospitals[slot].entitlementFen = WholeNumber.rounded(
          Double(hospitals[slot].centipoints) * solution.pointValue)
      }
      results.append(
        PoolSettlement(
          name: pool.name, budgetFen: budgetFen, reserveFen: reserveFen,
          cases: hospitals.reduce(0) { $0 + $1.cases }, centipoints: totalCentipoints,
          solution: solution, hospitals: hospitals, alliances: alliances))
    }
    for index in cases.indices where slotOfCase[index] >= 0 {
      slotOfCase[index] = positionOfSlot[poolOfCase[index]][Int(slotOfCase[index])]
    }
    var settlement = Settlement(
      cases: cases, prices: prices, poolOfCase: poolOfCase, pools: results,
      meanCostAllCases: pricing.meanCostAllCases, hospitalOfCase: slotOfCase)
    settlement.year = settlementYear
    settlement.casesOutsideYear = outsideYear
    settlement.problems = problems
    var years: Set<Int> = []
    var yearOfDay = CivilYearCache()
    for index in cases.indices where poolOfCase[index] >= 0 && slotOfCase[index] >= 0 {
      if cases.selfPayFen(at: index) == SettlementCase.unreadableSelfPay {
        settlement.casesWithUnreadableSelfPay += 1
        let note = "self_pay is not a number ≥ 0: counted 0"
        let reason = settlement.prices[index].reason
        settlement.prices[index].reason = reason.isEmpty ? note : reason + "; " + note
      }
      if let day = cases.dischargeDay(at: index) {
        // Neighbouring cases mostly share a year: the set is touched when it changes.
        if let year = yearOfDay.newYear(of: day) { years.insert(year) }
      } else {
        settlement.casesWithoutDischarge += 1
      }
    }
    settlement.dischargeYears = years.sorted()
    settlement.sharing = policy.sharing
    settlement.policyName = policy.name
    return settlement
  }
}

/// Running sums of the hospitals of every pool, as columns: hospital `slot` of pool `pool`
/// at ``firstSlot``[pool] + slot.
private struct HospitalTotals {
  var cases: [Int]
  var centipoints: [Int64]
  var actualFen: [Int64]
  var selfPayFen: [Int64]
  var yuanFen: [Int64]
  var yuanInBudgetFen: [Int64]
  var yuanCostFen: [Int64]
  var weightSum: [Double]
  var drgCases: [Int]
  /// Cases per hospital and category, at hospital × ``categories`` + ordinal.
  var byCategory: [Int]
  let firstSlot: [Int]
  let categories: Int

  init(firstSlot: [Int], hospitals: Int, categories: Int) {
    self.firstSlot = firstSlot
    self.categories = categories
    cases = Array(repeating: 0, count: hospitals)
    centipoints = Array(repeating: 0, count: hospitals)
    actualFen = centipoints
    selfPayFen = centipoints
    yuanFen = centipoints
    yuanInBudgetFen = centipoints
    yuanCostFen = centipoints
    weightSum = Array(repeating: 0, count: hospitals)
    drgCases = cases
    byCategory = Array(repeating: 0, count: hospitals * categories)
  }

  /// The sums of the cases with a hospital (`slotOfCase` ≥ 0), `hospitalsPerPool` hospitals
  /// in each pool. Whole numbers are summed over blocks of cases in parallel; the relative
  /// weights (Doubles, whose sum depends on its order) in row order.
  static func sum(
    cases: SettlementCases, prices: CasePrices, poolOfCase: CasePools, slotOfCase: [Int32],
    hospitalsPerPool: [Int], categories: Int
  ) -> HospitalTotals {
    var starts: [Int] = []
    var hospitals = 0
    for count in hospitalsPerPool {
      starts.append(hospitals)
      hospitals += count
    }
    let firstSlot = starts
    let empty = HospitalTotals(firstSlot: firstSlot, hospitals: hospitals, categories: categories)
    let blockSize = 262_144
    let blocks = max(1, (cases.count + blockSize - 1) / blockSize)
    let parts = BlockResults<HospitalTotals>(count: blocks)
    forEachBlock(count: cases.count, blockSize: blockSize) { block, range in
      var part = empty
      for index in range where slotOfCase[index] >= 0 {
        part.add(
          firstSlot[poolOfCase[index]] + Int(slotOfCase[index]), prices, index,
          costFen: WholeNumber.rounded(cases.cost(at: index) * 100),
          selfPayFen: cases.patientFen(at: index))
      }
      parts.set(block, part)
    }
    var total = empty
    for block in 0..<blocks {
      if let part = parts.take(block) { total.merge(part) }
    }
    for index in cases.indices where slotOfCase[index] >= 0 {
      let relativeWeight = prices.relativeWeight[index]
      if relativeWeight > 0 {
        total.weightSum[firstSlot[poolOfCase[index]] + Int(slotOfCase[index])] += relativeWeight
      }
    }
    return total
  }

  /// Adds the case at `index` of `prices` (read from the columns, without building its
  /// price) to hospital `slot`.
  @inline(__always)
  mutating func add(
    _ slot: Int, _ prices: CasePrices, _ index: Int, costFen: Int64, selfPayFen: Int64
  ) {
    cases[slot] += 1
    if prices.isYuan(at: index) {
      let fen = prices.fen(at: index)
      yuanFen[slot] += fen
      yuanCostFen[slot] += costFen
      if prices.basis[index] == CasePrice.Basis.yuanInBudget.rawValue {
        yuanInBudgetFen[slot] += fen
      }
    } else {
      centipoints[slot] += prices.centipoints(at: index)
      actualFen[slot] += costFen
    }
    self.selfPayFen[slot] += selfPayFen
    byCategory[slot * categories + Int(prices.category[index])] += 1
    if prices.relativeWeight[index] > 0 { drgCases[slot] += 1 }
  }

  /// Adds the whole-number sums of `other` (``weightSum`` is summed apart, in row order).
  mutating func merge(_ other: HospitalTotals) {
    for slot in cases.indices where other.cases[slot] > 0 {
      cases[slot] += other.cases[slot]
      centipoints[slot] += other.centipoints[slot]
      actualFen[slot] += other.actualFen[slot]
      selfPayFen[slot] += other.selfPayFen[slot]
      yuanFen[slot] += other.yuanFen[slot]
      yuanInBudgetFen[slot] += other.yuanInBudgetFen[slot]
      yuanCostFen[slot] += other.yuanCostFen[slot]
      drgCases[slot] += other.drgCases[slot]
    }
    for cell in byCategory.indices { byCategory[cell] += other.byCategory[cell] }
  }

  func fill(
    _ hospital: inout HospitalSettlement, pool: Int, slot: Int, categories: [CaseCategory]
  ) {
    let slot = firstSlot[pool] + slot
    hospital.cases = cases[slot]
    hospital.centipoints = centipoints[slot]
    hospital.actualFen = actualFen[slot]
    hospital.selfPayFen = selfPayFen[slot]
    hospital.yuanPaymentFen = yuanFen[slot]
    hospital.yuanInBudgetFen = yuanInBudgetFen[slot]
    hospital.yuanCostFen = yuanCostFen[slot]
    for (ordinal, category) in categories.enumerated()
    where byCategory[slot * self.categories + ordinal] > 0 {
      hospital.casesByCategory[category] = byCategory[slot * self.categories + ordinal]
    }
    if drgCases[slot] > 0 { hospital.caseMixIndex = weightSum[slot] / Double(drgCases[slot]) }
  }
}

/// The years of days that mostly share one: a day's year is worked out (``CivilDate``)
/// only when the day falls outside the last year found.
struct CivilYearCache {
  /// The last year found: its days are `start..<end`.
  private var start = 0
  private var end = 0

  /// The year of `day` when it is not the last year found; `nil` when it is.
  @inline(__always)
  mutating func newYear(of day: Int) -> Int? {
    guard day < start || day >= end else { return nil }
    let year = CivilDate(day: day).year
    start = CivilDate.firstDay(year: year, month: 1)
    end = CivilDate.firstDay(year: year + 1, month: 1)
    return year
  }
}
