import DRGKit

/// The year's per-head settlement (``SettlementPolicy/PerHead``):
///
/// ```
/// capitation_u,k = round(persons_u,k × rate_k × 100)                   fen
/// N⁰_u          = Σ_k capitation_u,k
/// budget B       = round(perHead.budget × 100), else Σ_u N⁰_u;  reserve R = round(B × reserveShare)
/// D              = B − R;  factor k⁰ = D / Σ_u N⁰_u  (nominal)
/// factor k       = the point-value solver's PV with points N⁰_u / 100 and actual cost A_u
///                  (without perHead.budget: k = 1, each unit paid round(S(N⁰_u, A_u) × 100))
/// entitlement_u  = round(N⁰_u × k);  payment_u = the solver's fen payment
/// monthly_u      = round(N⁰_u × k⁰ / 12 × prepaymentRatio);  prepaid_u = 12 × monthly_u
/// ```
/// When the outpatient file gives categories (``byCategory``) the balance is struck per unit
/// and category instead: the solver's accounts are (u, k) with N⁰_u,k and A_u,k, and a
/// unit's payment and entitlement are the sums over its categories.
/// A unit is an alliance (its members' enrolment and costs summed, or enrolment by the
/// alliance's name) or a hospital outside one; an alliance's payment and prepayment are
/// split to the members in proportion to their own capitation, or — when none is enrolled
/// with a member — to their outpatient costs (``ProportionalSplit``): the payment as a
/// whole, the prepayment month by month (a member's prepaid = 12 × its monthly share).
public struct PerHeadSettlement: Sendable, Equatable {
  /// One hospital or alliance.
  public struct Unit: Sendable, Equatable {
    /// The hospital's id or the alliance's name.
    public var name: String
    /// Whether the unit is an alliance (its members in ``members``).
    public var isAlliance: Bool
    /// Persons enrolled with the unit, all categories.
    public var persons: Int64 = 0
    /// N⁰, fen.
    public var capitationFen: Int64 = 0
    /// round(N⁰ × k), fen.
    public var entitlementFen: Int64 = 0
    /// Outpatient visits of the year.
    public var visits: Int64 = 0
    /// Outpatient cost of the year (A in the sharing bands), fen.
    public var costFen: Int64 = 0
    /// What the year-end balance pays the unit (after the sharing bands), fen.
    public var paymentFen: Int64 = 0
    /// 12 × ``monthlyPrepaidFen``.
    public var prepaidFen: Int64 = 0
    /// round(N⁰ × k⁰ / 12 × prepaymentRatio), fen, prepaid in each month of the year.
    public var monthlyPrepaidFen: Int64 = 0
    /// The sharing band the unit's balance fell into (``SharingBand/none`` without bands).
    public var band = SharingBand.none
    /// Quality deposit held back from the payment (`quality.coversPerHead`), fen; for an
    /// alliance Σ of its members'.
    public var withheldFen: Int64 = 0
    /// Part of the deposit returned by the assessment score, fen.
    public var returnedFen: Int64 = 0
    /// Review deductions (`--deductions`) from the per-head money, fen.
    public var deductionFen: Int64 = 0
    /// The members' rows (alliances only).
    public var members: [Member] = []
    /// Payment − withheld + returned − deductions, fen.
    public var finalPaymentFen: Int64 { paymentFen - withheldFen + returnedFen - deductionFen }
    /// Final payment − prepaid, fen.
    public var trueUpFen: Int64 { finalPaymentFen - prepaidFen }
  }

  /// A member hospital of an alliance.
  public struct Member: Sendable, Equatable {
    /// The member hospital's id.
    public var hospital: String
    /// Persons enrolled with the member.
    public var persons: Int64 = 0
    /// The member's capitation (persons × rate), fen.
    public var capitationFen: Int64 = 0
    /// The member's outpatient visits of the year.
    public var visits: Int64 = 0
    /// The member's outpatient cost of the year, fen.
    public var costFen: Int64 = 0
    /// The member's share of the alliance's payment, fen.
    public var paymentFen: Int64 = 0
    /// 12 × ``monthlyPrepaidFen``.
    public var prepaidFen: Int64 = 0
    /// The member's share of the alliance's monthly prepayment, fen.
    public var monthlyPrepaidFen: Int64 = 0
    /// Quality deposit held back from the member, fen.
    public var withheldFen: Int64 = 0
    /// Part of the member's deposit returned by its assessment score, fen.
    public var returnedFen: Int64 = 0
    /// Review deductions from the member's per-head money, fen.
    public var deductionFen: Int64 = 0
    /// Payment − withheld + returned − deductions, fen.
    public var finalPaymentFen: Int64 { paymentFen - withheldFen + returnedFen - deductionFen }
    /// Final payment − prepaid, fen.
    public var trueUpFen: Int64 { finalPaymentFen - prepaidFen }
  }

  /// One unit's year-end balance in one category (``byCategory``): the unit's capitation
  /// and outpatient cost in the category, settled with the section's bands.
  public struct CategoryBalance: Sendable, Equatable {
    /// The hospital's id or the alliance's name.
    public var unit: String
    /// The category's name.
    public var category: String
    /// Persons enrolled with the unit in the category.
    public var persons: Int64 = 0
    /// N⁰_u,k, fen.
    public var capitationFen: Int64 = 0
    /// Outpatient visits in the category.
    public var visits: Int64 = 0
    /// Outpatient cost in the category (A), fen.
    public var costFen: Int64 = 0
    /// round(N⁰_u,k × k), fen.
    public var entitlementFen: Int64 = 0
    /// What the balance pays for the category, fen.
    public var paymentFen: Int64 = 0
    /// The sharing band of the balance.
    public var band = SharingBand.none
  }

  /// One unit's figures in one category.
  public struct CategoryRow: Sendable, Equatable {
    /// The unit: the hospital's id or its alliance's name.
    public var unit: String
    /// The hospital (for an alliance, the member; else the unit itself).
    public var hospital: String
    /// The category's name.
    public var category: String
    /// Persons enrolled.
    public var persons: Int64
    /// The category's rate, yuan per person a year.
    public var rate: Double
    /// Capitation: persons × rate, fen.
    public var capitationFen: Int64
    /// Outpatient visits.
    public var visits: Int64
    /// Outpatient cost, fen.
    public var costFen: Int64
  }

  /// The units (alliances and hospitals outside one), in the order the files first name them.
  public var units: [Unit]
  /// One row per unit, hospital and category (`perhead_categories.csv`), ordered by unit, hospital and category.
  public var categoryRows: [CategoryRow]
  /// Whether the year-end balance is struck per unit and category (the outpatient file
  /// gives each row's category) rather than per unit over all categories.
  public var byCategory = false
  /// The balances per unit and category when ``byCategory`` (units by name, categories by
  /// name); empty otherwise.
  public var categoryBalances: [CategoryBalance] = []
  /// The per-head budget B (`perHead.budget`, else Σ capitation), fen.
  public var budgetFen: Int64
  /// The reserve R = B × `perHead.reserveShare`, fen.
  public var reserveFen: Int64
  /// What is shared out, D = B − R, fen.
  public var distributableFen: Int64 { budgetFen - reserveFen }
  /// k: yuan paid per yuan of capitation.
  public var factor: Double
  /// k⁰ = D / Σ N⁰.
  public var nominalFactor: Double
  /// Why the payout differs from the distributable budget, if it does.
  public var constraint: PointValueConstraint
  /// The monthly prepayment ratio used (the section's, else the policy's).
  public var prepaymentRatio: Double
  /// The bands of the year-end balance (`nil`: the capitation paid whatever the cost).
  public var sharing: SharingBands?
  /// Where deductions from the per-head money go (set with the adjustments).
  public var deductionDestination = SettlementPolicy.Deductions.Destination.pool
  /// Σ units' payments, fen.
  public var payoutFen: Int64 { units.reduce(0) { $0 + $1.paymentFen } }
  /// Σ deposit withheld and not returned (kept by the fund), fen.
  public var qualityKeptFen: Int64 { units.reduce(0) { $0 + $1.withheldFen - $1.returnedFen } }
  /// Σ deductions from the per-head money, fen.
  public var deductionFen: Int64 { units.reduce(0) { $0 + $1.deductionFen } }
  /// Σ final payments, fen.
  public var finalPayoutFen: Int64 { units.reduce(0) { $0 + $1.finalPaymentFen } }
}

extension PerHeadSettlement {
  /// Settles the per-head section of `policy`.
  /// - Parameters:
  ///   - budgetFactor: multiplies the per-head budget (what-if).
  ///   - known: the hospital ids that may appear (the hospitals file), or `nil` to take any.
  /// - Throws: ``RecordError`` naming the file and line of a hospital that is not known, of
  ///   outpatient costs of a hospital enrolled nowhere, or of an alliance whose payment has
  ///   no member to go to.
  public static func run(
    policy: SettlementPolicy, enrolment: [EnrolmentRow], outpatient: [OutpatientRow],
    known: Set<String>?, budgetFactor: Double = 1
  ) throws(RecordError) -> PerHeadSettlement {
    let section = policy.perHead ?? SettlementPolicy.PerHead()
    let rates = Dictionary(
      section.categories.map { ($0.name, $0.ratePerPerson) }, uniquingKeysWith: { a, _ in a })
    let allianceOf = policy.alliances.allianceOfHospital
    let allianceNames = Set(policy.alliances.members.keys)
    func check(_ id: String, file: String, line: Int) throws(RecordError) {
      if let known, !known.contains(id), !allianceNames.contains(id) {
        throw RecordError(
          file: file, line: line,
          message:
            "hospital '\(id)' is neither in the hospitals file nor an alliance of the policy; add it to the hospitals file or correct the id"
        )
      }
    }
    func unitName(_ id: String) -> String { allianceOf[id] ?? id }
    var units: [Unit] = []
    var unitIndex: [String: Int] = [:]
    func unit(_ name: String) -> Int {
      if let index = unitIndex[name] { return index }
      unitIndex[name] = units.count
      units.append(Unit(name: name, isAlliance: allianceNames.contains(name)))
      return units.count - 1
    }
    func member(_ unit: Int, _ hospital: String) -> Int {
      if let index = units[unit].members.firstIndex(where: { $0.hospital == hospital }) {
        return index
      }
      units[unit].members.append(Member(hospital: hospital))
      return units[unit].members.count - 1
    }
    var categoryRows: [String: CategoryRow] = [:]
    var categoryOrder: [String] = []
    func categoryRow(_ unitName: String, _ hospital: String, _ category: String) -> String {
      let key = unitName + "\u{1F}" + hospital + "\u{1F}" + category
      if categoryRows[key] == nil {
        categoryOrder.append(key)
        categoryRows[key] = CategoryRow(
          unit: unitName, hospital: hospital, category: category, persons: 0,
          rate: rates[category] ?? 0, capitationFen: 0, visits: 0, costFen: 0)
      }
      return key
    }
    for row in enrolment {
      try check(row.unit, file: row.file, line: row.line)
      let name = unitName(row.unit)
      let u = unit(name)
      let fen = WholeNumber.rounded(Double(row.persons) * (rates[row.category] ?? 0) * 100)
      units[u].persons += row.persons
      units[u].capitationFen += fen
      if units[u].isAlliance && row.unit != name {
        let m = member(u, row.unit)
        units[u].members[m].persons += row.persons
        units[u].members[m].capitationFen += fen
      }
      let key = categoryRow(name, row.unit, row.category)
      categoryRows[key]?.persons += row.persons
      categoryRows[key]?.capitationFen += fen
    }
    // The outpatient file gives categories (its rows all have one): balance per category,
    // each needing an enrolment row of the unit in it.
    let byCategory = !outpatient.isEmpty && outpatient.allSatisfy { !$0.category.isEmpty }
    let enrolled = Set(enrolment.map { unitName($0.unit) + "\u{1F}" + $0.category })
    for row in outpatient {
      try check(row.hospital, file: row.file, line: row.line)
      let name = unitName(row.hospital)
      if byCategory, unitIndex[name] != nil, !enrolled.contains(name + "\u{1F}" + row.category) {
        throw RecordError(
          file: row.file, line: row.line,
          message:
            "hospital '\(row.hospital)' has outpatient costs in category \(row.category) but no one is enrolled with it\(name != row.hospital ? " or its alliance \(name)" : "") in that category, and the balance is struck per category; add its enrolment (hospital_id,category,persons; 0 persons pays nothing) or remove the row"
        )
      }
      guard let u = unitIndex[name] else {
        throw RecordError(
          file: row.file, line: row.line,
          message:
            "hospital '\(row.hospital)' has outpatient costs but no one is enrolled with it\(name != row.hospital ? " or its alliance \(name)" : ""); add its enrolment (hospital_id,category,persons) or remove the row"
        )
      }
      units[u].visits += row.visits
      units[u].costFen += row.costFen
      if units[u].isAlliance && row.hospital != name {
        let m = member(u, row.hospital)
        units[u].members[m].visits += row.visits
        units[u].members[m].costFen += row.costFen
      }
      guard !row.category.isEmpty else { continue }
      let key = categoryRow(name, row.hospital, row.category)
      categoryRows[key]?.visits += row.visits
      categoryRows[key]?.costFen += row.costFen
    }
    units.sort { $0.name < $1.name }
    for index in units.indices { units[index].members.sort { $0.hospital < $1.hospital } }

    let bands = policy.perHeadSharing
    let capitation = units.reduce(Int64(0)) { $0 + $1.capitationFen }
    let budgetFen =
      section.budget.map { WholeNumber.rounded($0 * budgetFactor * 100) } ?? capitation
    let reserveFen = WholeNumber.rounded(Double(budgetFen) * section.reserveShare)
    let distributable = budgetFen - reserveFen
    let nominal = capitation > 0 ? Double(distributable) / Double(capitation) : 0
    var balances = byCategory ? Self.categoryBalances(categoryRows.values) : []
    let accounts =
      byCategory
      ? balances.map { HospitalAccount(centipoints: $0.capitationFen, actualFen: $0.costFen) }
      : units.map { HospitalAccount(centipoints: $0.capitationFen, actualFen: $0.costFen) }
    let solution: PointValueSolution
    if section.budget != nil {
      solution = PointValueSolver.solve(accounts: accounts, budgetFen: distributable, bands: bands)
    } else {
      solution = PointValueSolver.pay(accounts: accounts, bands: bands, pointValue: 1)
    }
    let ratio = section.prepaymentRatio ?? policy.prepaymentRatio
    var paidByUnit: [String: (payment: Int64, entitlement: Int64)] = [:]
    for index in balances.indices {
      balances[index].paymentFen = solution.paymentsFen[index]
      balances[index].entitlementFen = Int64(
        (Double(balances[index].capitationFen) * solution.pointValue).rounded())
      balances[index].band = SharingBand(
        entitlementFen: balances[index].entitlementFen, actualFen: balances[index].costFen,
        bands: bands)
      paidByUnit[balances[index].unit, default: (0, 0)].payment += balances[index].paymentFen
      paidByUnit[balances[index].unit, default: (0, 0)].entitlement +=
        balances[index].entitlementFen
    }
    for index in units.indices {
      if byCategory {
        let paid = paidByUnit[units[index].name] ?? (0, 0)
        units[index].paymentFen = paid.payment
        units[index].entitlementFen = paid.entitlement
      } else {
        units[index].paymentFen = solution.paymentsFen[index]
        units[index].entitlementFen = Int64(
          (Double(units[index].capitationFen) * solution.pointValue).rounded())
        units[index].band = SharingBand(
          entitlementFen: units[index].entitlementFen, actualFen: units[index].costFen,
          bands: bands)
      }
      let monthly = (Double(units[index].capitationFen) * nominal / 12 * ratio).rounded()
      units[index].monthlyPrepaidFen = Int64(monthly)
      units[index].prepaidFen = 12 * Int64(monthly)
      guard units[index].isAlliance else { continue }
      let members = units[index].members
      var weights = members.map(\.capitationFen)
      if weights.reduce(0, +) == 0 { weights = members.map(\.costFen) }
      guard !members.isEmpty, weights.reduce(0, +) > 0 || units[index].paymentFen == 0 else {
        let line = enrolment.first { unitName($0.unit) == units[index].name }
        throw RecordError(
          file: line?.file ?? "", line: line?.line ?? 0,
          message:
            "alliance \(units[index].name) is paid \(Settlement.yuan(units[index].paymentFen)) per head but none of its members has enrolment or outpatient costs to split it by; enrol persons with the member hospitals or give their outpatient costs"
        )
      }
      let paid = ProportionalSplit.fen(units[index].paymentFen, weights: weights)
      // Each month's prepayment is split, so that the members' months add up to the unit's.
      let monthlyShares = ProportionalSplit.fen(units[index].monthlyPrepaidFen, weights: weights)
      for m in members.indices {
        units[index].members[m].paymentFen = paid[m]
        units[index].members[m].monthlyPrepaidFen = monthlyShares[m]
        units[index].members[m].prepaidFen = 12 * monthlyShares[m]
      }
    }
    let rows = categoryOrder.compactMap { categoryRows[$0] }.sorted {
      ($0.unit, $0.hospital, $0.category) < ($1.unit, $1.hospital, $1.category)
    }
    var settlement = PerHeadSettlement(
      units: units, categoryRows: rows, budgetFen: budgetFen, reserveFen: reserveFen,
      factor: solution.pointValue, nominalFactor: nominal,
      constraint: section.budget == nil ? .none : solution.constraint, prepaymentRatio: ratio,
      sharing: bands)
    settlement.byCategory = byCategory
    settlement.categoryBalances = balances
    return settlement
  }
}

extension PerHeadSettlement {
  /// The category rows summed per unit and category (an alliance's members together), in
  /// unit-name then category-name order (code points).
  static func categoryBalances(_ rows: some Sequence<CategoryRow>) -> [CategoryBalance] {
    var sums: [String: CategoryBalance] = [:]
    for row in rows {
      let key = row.unit + "\u{1F}" + row.category
      var sum = sums[key] ?? CategoryBalance(unit: row.unit, category: row.category)
      sum.persons += row.persons
      sum.capitationFen += row.capitationFen
      sum.visits += row.visits
      sum.costFen += row.costFen
      sums[key] = sum
    }
    return sums.values.sorted { ($0.unit, $0.category) < ($1.unit, $1.category) }
  }
}
