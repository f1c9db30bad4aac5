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
  /// Payment − withheld + returned − deductions, fen.
  public var finalPaymentFen: Int64 { paymentFen - withheldFen + returnedFen - deductionFen }
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
  public var name: String
  public var budgetFen: Int64
  /// Budget × reserve share, kept back.
  public var reserveFen: Int64
  public var distributableFen: Int64 { budgetFen - reserveFen }
  public var cases = 0
  public var centipoints: Int64 = 0
  public var solution: PointValueSolution
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
  public var cases: [SettlementCase]
  public var prices: [CasePrice]
  /// Pool index per case (−1: none).
  public var poolOfCase: [Int]
  public var pools: [PoolSettlement]
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
  /// Where deductions went (``applyAdjustments(quality:scores:deductions:destination:)``).
  public var deductionDestination = SettlementPolicy.Deductions.Destination.pool

  /// What the patient paid for a paid case, fen (0 for an excluded case).
  @inline(__always)
  public func selfPayFen(ofCase index: Int) -> Int64 {
    poolOfCase[index] >= 0 ? cases[index].patientFen : 0
  }

  /// A case's payment in fen: round(centipoints × its pool's point value), half away from
  /// zero; 0 for an excluded case. Before the sharing bands, which apply per hospital.
  @inline(__always)
  public func paymentFen(ofCase index: Int) -> Int64 {
    let pool = poolOfCase[index]
    guard pool >= 0 else { return 0 }
    return WholeNumber.rounded(Double(prices[index].centipoints) * pools[pool].solution.pointValue)
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
    let policy = pricing.policy
    var pricing = pricing
    if pricing.needsCoefficientData && pricing.dataCoefficients == nil {
      pricing.dataCoefficients = DataCoefficients(rules: policy.coefficients, cases: cases)
    }
    var prices = pricing.prices(cases)
    pricing.applyReadmission(cases, &prices)
    let settlementYear = year ?? policy.year
    var outsideYear = 0
    if let settlementYear {
      for index in cases.indices where prices[index].category != .excluded {
        guard let day = cases[index].dischargeDay else { continue }
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
      cases: cases, poolByInsurance: poolByInsurance, fallback: fallback)
    var poolOfCase = caseIndex.pool
    // Slot of every case's hospital within its pool.
    var slotOfCase = [Int32](repeating: -1, count: cases.count)
    var hospitalsByPool = [[HospitalSettlement]](repeating: [], count: pools.count)
    var slotsByPool = [[Int32]](
      repeating: Array(repeating: -1, count: caseIndex.hospitalNames.count), count: pools.count)
    for row in cases.indices {
      guard prices[row].category != .excluded else {
        poolOfCase[row] = -1
        continue
      }
      let pool = poolOfCase[row]
      guard pool >= 0 else {
        prices[row] = CasePrice(.excluded, 0, "no pool for insurance '\(cases[row].insurance)'")
        continue
      }
      let hospital = Int(caseIndex.hospital[row])
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
    var totals = hospitalsByPool.map { hospitals in
      [HospitalTotals](
        repeating: HospitalTotals(categories: categories.count), count: hospitals.count)
    }
    for index in cases.indices where slotOfCase[index] >= 0 {
      let slot = Int(slotOfCase[index])
      let pool = poolOfCase[index]
      totals[pool][slot].add(
        prices[index], costFen: WholeNumber.rounded(cases[index].cost * 100),
        selfPayFen: cases[index].patientFen)
    }
    var results: [PoolSettlement] = []
    var positionOfSlot: [[Int32]] = []
    for (poolIndex, pool) in pools.enumerated() {
      var hospitals = hospitalsByPool[poolIndex]
      for slot in hospitals.indices {
        totals[poolIndex][slot].fill(&hospitals[slot], categories: categories)
      }
      // Hospitals in a stable order.
      let order = hospitals.indices.sorted { hospitals[$0].hospital < hospitals[$1].hospital }
      hospitals = order.map { hospitals[$0] }
      var positions = [Int32](repeating: 0, count: order.count)
      for (position, slot) in order.enumerated() { positions[slot] = Int32(position) }
      positionOfSlot.append(positions)
      let budgetFen = WholeNumber.rounded(pool.budget * budgetFactor * 100)
      let reserveFen = WholeNumber.rounded(Double(budgetFen) * policy.reserveShare)
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
      let (solution, alliances) = policy.payOut(
        pool: pool.name, poolIndex: poolIndex, hospitals: &hospitals,
        distributableFen: distributable, floor: floor, cap: cap, budgetFactor: budgetFactor)
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
    var years: Set<Int> = []
    for index in cases.indices where poolOfCase[index] >= 0 && slotOfCase[index] >= 0 {
      if cases[index].selfPayFen == SettlementCase.unreadableSelfPay {
        settlement.casesWithUnreadableSelfPay += 1
        let note = "self_pay is not a number ≥ 0: counted 0"
        let reason = settlement.prices[index].reason
        settlement.prices[index].reason = reason.isEmpty ? note : reason + "; " + note
      }
      if let day = cases[index].dischargeDay {
        years.insert(CivilDate(day: day).year)
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

/// Running sums of one hospital in one pool.
private struct HospitalTotals {
  var cases = 0
  var centipoints: Int64 = 0
  var actualFen: Int64 = 0
  var selfPayFen: Int64 = 0
  var weightSum = 0.0
  var drgCases = 0
  var byCategory: [Int]

  init(categories: Int) { byCategory = Array(repeating: 0, count: categories) }

  @inline(__always)
  mutating func add(_ price: CasePrice, costFen: Int64, selfPayFen: Int64) {
    cases += 1
    centipoints += price.centipoints
    actualFen += costFen
    self.selfPayFen += selfPayFen
    byCategory[price.category.ordinal] += 1
    if price.relativeWeight > 0 {
      weightSum += price.relativeWeight
      drgCases += 1
    }
  }

  func fill(_ hospital: inout HospitalSettlement, categories: [CaseCategory]) {
    hospital.cases = cases
    hospital.centipoints = centipoints
    hospital.actualFen = actualFen
    hospital.selfPayFen = selfPayFen
    for (ordinal, category) in categories.enumerated() where byCategory[ordinal] > 0 {
      hospital.casesByCategory[category] = byCategory[ordinal]
    }
    if drgCases > 0 { hospital.caseMixIndex = weightSum / Double(drgCases) }
  }
}
