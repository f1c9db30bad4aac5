import DRGKit

// Budgets below the pool: per-hospital budgets (二级预算) and medical alliances (医共体 /
// 医联体) paid as one. The policy sections, their checks, and the hospitals file's part.

extension SettlementPolicy {
  /// Per-hospital budgets (二级预算, as in Lincang): each hospital's claim — its points × a
  /// point value — is settled at year end against its own budget B with the policy's
  /// ``SettlementPolicy/sharing`` bands, B in the place of the entitlement N and the claim
  /// in the place of the actual cost A:
  ///
  /// ```
  /// claim ≤ B:            pay claim + min(α·(B − claim), surplusCap·B)
  /// B < claim ≤ (1+β)·B:  pay B + γ·(claim − B)
  /// claim > (1+β)·B:      pay B + γ·β·B
  /// ```
  /// With `sharing: null`, min(claim, B). An alliance (``Alliances``) is settled as one
  /// against its budget.
  public struct HospitalBudgets: Sendable, Equatable, Decodable {
    /// Budget in yuan a year by hospital id (also from the hospitals file's `budget` column).
    public var budgets: [String: Double] = [:]
    /// The pool the budgets belong to; may be left out when the policy has one pool.
    public var pool: String?
    /// Yuan per point of the claims (a rate set in advance); default the pool's nominal point
    /// value, distributable budget / Σ points.
    public var pointValue: Double?
    /// What happens to a hospital (or alliance) of the pool without a budget.
    public var withoutBudget = WithoutBudget.stop
    /// Alliance budgets in yuan in this section's pool (besides ``Alliances/budgets``, which
    /// serves a policy with one section); default Σ of the members' budgets.
    public var allianceBudgets: [String: Double] = [:]
    /// No budgets: every hospital of a budgeted pool without one stops the run.
    public init() {}

    /// The rule for a hospital of the budgeted pool that has no budget.
    public enum WithoutBudget: String, Sendable, Equatable, CaseIterable {
      /// The run stops, naming it (default).
      case stop
      /// It is settled like a hospital of an unbudgeted pool: entitlement = points × the
      /// pool's point value, against its actual cost with the sharing bands.
      case pointValue
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
      case budgets, pool, pointValue, withoutBudget, allianceBudgets
    }

    /// Reads one `hospitalBudgets` section; a missing field keeps its default.
    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
      let c = try decoder.container(keyedBy: CodingKeys.self)
      budgets = try c.decodeIfPresent([String: Double].self, forKey: .budgets) ?? [:]
      pool = try c.decodeIfPresent(String.self, forKey: .pool)
      pointValue = try c.decodeIfPresent(Double.self, forKey: .pointValue)
      allianceBudgets =
        try c.decodeIfPresent([String: Double].self, forKey: .allianceBudgets) ?? [:]
      if let text = try c.decodeIfPresent(String.self, forKey: .withoutBudget) {
        guard let value = WithoutBudget(rawValue: text) else {
          throw DecodingError.dataCorruptedError(
            forKey: .withoutBudget, in: c,
            debugDescription: "unknown withoutBudget '\(text)'; use stop or pointValue")
        }
        withoutBudget = value
      }
    }
  }

  /// `hospitalBudgets` as written: one section (an object) or a list of them.
  struct HospitalBudgetSections: Decodable {
    var sections: [HospitalBudgets]

    init(from decoder: any Decoder) throws {
      if var list = try? decoder.unkeyedContainer() {
        var sections: [HospitalBudgets] = []
        while !list.isAtEnd { sections.append(try list.decode(HospitalBudgets.self)) }
        self.sections = sections
      } else {
        sections = [try HospitalBudgets(from: decoder)]
      }
    }
  }

  /// Medical alliances (医共体 / 医联体): the members of an alliance are settled as one
  /// hospital — their points and costs summed, the sharing bands applied to the sums — and
  /// the alliance's payment is split to the members in proportion to their points (their
  /// payments before sharing, points × PV), in whole fen by largest remainder.
  public struct Alliances: Sendable, Equatable, Decodable {
    /// Member hospital ids by alliance name.
    public var members: [String: [String]] = [:]
    /// Take the members from the hospitals file's `region` column (医共体 / alliance): every
    /// hospital with a non-empty value belongs to the alliance of that name.
    public var fromHospitalsFile = false
    /// Alliance budgets in yuan (with ``HospitalBudgets``); default Σ of the members' budgets.
    public var budgets: [String: Double] = [:]
    /// No alliances.
    public init() {}

    /// Whether any alliance is defined or to be read.
    public var isEmpty: Bool { members.isEmpty && !fromHospitalsFile }

    /// Alliance name by member hospital id.
    public var allianceOfHospital: [String: String] {
      var owner: [String: String] = [:]
      for (alliance, hospitals) in members.sorted(by: { $0.key < $1.key }) {
        for hospital in hospitals where owner[hospital] == nil { owner[hospital] = alliance }
      }
      return owner
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
      case members, fromHospitalsFile, budgets
    }

    /// Reads the policy's `alliances` object.
    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
      let c = try decoder.container(keyedBy: CodingKeys.self)
      members = try c.decodeIfPresent([String: [String]].self, forKey: .members) ?? [:]
      fromHospitalsFile =
        try c.decodeIfPresent(Bool.self, forKey: .fromHospitalsFile) ?? false
      budgets = try c.decodeIfPresent([String: Double].self, forKey: .budgets) ?? [:]
    }
  }

  /// The pool the first hospital-budget section applies to (its index), or `nil` without
  /// budgets.
  var budgetedPool: Int? {
    guard let hospitalBudgets else { return nil }
    guard let name = hospitalBudgets.pool else { return 0 }
    return settlementPools.firstIndex { $0.name == name }
  }

  /// The pool a hospital-budget section applies to (its index): the one it names, else the
  /// only pool.
  func poolIndex(of section: HospitalBudgets) -> Int? {
    guard let name = section.pool else { return settlementPools.count == 1 ? 0 : nil }
    return settlementPools.firstIndex { $0.name == name }
  }

  /// The hospital-budget section of the pool at `index`, or `nil` when it has none.
  func budgetSection(pool index: Int) -> HospitalBudgets? {
    budgetSections.first { poolIndex(of: $0) == index }
  }

  /// The pools settled: ``pools``, or one pool `all` with ``budget``.
  var settlementPools: [Pool] {
    pools.isEmpty ? [Pool(name: "all", budget: budget ?? 0, insurance: [])] : pools
  }

  /// Problems of ``hospitalBudgets`` and ``alliances``, each naming its field.
  func unitProblems() -> [String] {
    var found = PolicyProblems()
    var sectionOfPool: [String: Int] = [:]
    for (index, hospitalBudgets) in budgetSections.enumerated() {
      let field = budgetSections.count > 1 ? "hospitalBudgets[\(index)]" : "hospitalBudgets"
      for (hospital, value) in hospitalBudgets.budgets.sorted(by: { $0.key < $1.key }) {
        found.atLeast("\(field).budgets.\(hospital)", value, 0)
      }
      if let value = hospitalBudgets.pointValue {
        found.above("\(field).pointValue", value, 0)
      }
      for (alliance, value) in hospitalBudgets.allianceBudgets.sorted(by: { $0.key < $1.key }) {
        found.atLeast("\(field).allianceBudgets.\(alliance)", value, 0)
        if !alliances.fromHospitalsFile && alliances.members[alliance] == nil {
          found.add(
            "\(field).allianceBudgets.\(alliance): no alliance of that name in alliances.members")
        }
        if budgetSections.count == 1 && alliances.budgets[alliance] != nil {
          found.add(
            "\(field).allianceBudgets.\(alliance): also in alliances.budgets; keep one")
        }
      }
      if let pool = hospitalBudgets.pool {
        if !settlementPools.contains(where: { $0.name == pool }) {
          found.add(
            "\(field).pool '\(pool)' is not a pool of the policy (\(settlementPools.map(\.name).joined(separator: ", ")))"
          )
        }
      } else if pools.count > 1 {
        found.add(
          "\(field).pool: the policy has \(pools.count) pools; name the one the budgets belong to"
        )
      }
      if let pool = poolIndex(of: hospitalBudgets).map({ settlementPools[$0].name }) {
        if let other = sectionOfPool[pool] {
          found.add(
            "\(field).pool '\(pool)': hospitalBudgets[\(other)] is for that pool already; give a pool one section"
          )
        }
        sectionOfPool[pool] = sectionOfPool[pool] ?? index
      }
    }
    if budgetSections.count > 1 && !alliances.budgets.isEmpty {
      found.add(
        "alliances.budgets: with \(budgetSections.count) hospitalBudgets sections the pool of an alliance budget is unclear; give it in the section's allianceBudgets (default: the sum of the members' budgets there)"
      )
    }
    if !budgetSections.isEmpty {
      let limits = pointValue
      if settlementPools.count == 1
        && [limits.floor, limits.cap, limits.floorOfNominal, limits.capOfNominal].contains(where: {
          $0 != nil
        })
      {
        found.add(
          "pointValue floor/cap do not apply to a pool settled against hospitalBudgets (its point value is hospitalBudgets.pointValue or the nominal one); remove them"
        )
      }
    }
    var owner: [String: String] = [:]
    for (alliance, hospitals) in alliances.members.sorted(by: { $0.key < $1.key }) {
      let field = "alliances.members.\(alliance)"
      if alliance.isEmpty { found.add("alliances.members: an alliance needs a name") }
      if hospitals.isEmpty { found.add("\(field) lists no hospital") }
      for hospital in hospitals {
        if let other = owner[hospital] {
          found.add(
            "\(field): hospital \(hospital) is also in alliance '\(other)'; a hospital belongs to one alliance"
          )
        } else {
          owner[hospital] = alliance
        }
      }
    }
    for (alliance, value) in alliances.budgets.sorted(by: { $0.key < $1.key }) {
      found.atLeast("alliances.budgets.\(alliance)", value, 0)
      if hospitalBudgets == nil {
        found.add(
          "alliances.budgets.\(alliance): alliance budgets need hospitalBudgets (the pool they belong to and its point value)"
        )
      }
      if !alliances.fromHospitalsFile && alliances.members[alliance] == nil {
        found.add("alliances.budgets.\(alliance): no alliance of that name in alliances.members")
      }
    }
    if let perHead { found.append(contentsOf: perHead.problems()) }
    if quality.coversPerHead && perHead == nil {
      found.add("quality.coversPerHead is true but the policy has no perHead section")
    }
    for (index, pool) in pools.enumerated()
    where perHead != nil && pool.name == PerHeadSettlement.poolName {
      found.add(
        "pools[\(index)] '\(pool.name)': the name is kept for the per-head money (the pool column of --deductions); rename the pool"
      )
    }
    return found.messages
  }

  /// The policy with the alliances (`region` column, when ``Alliances/fromHospitalsFile``)
  /// and budgets (`budget` column) of a hospitals file added.
  /// - Throws: ``RecordError`` naming the hospitals file's line of a budget that is not a
  ///   number ≥ 0, of a budget the policy gives differently, or of a hospital the policy
  ///   puts in another alliance.
  public func addingUnits(from hospitals: HospitalTable) throws(RecordError) -> SettlementPolicy {
    var policy = self
    for hospital in hospitals.hospitals {
      if !hospital.budget.isEmpty {
        guard let value = NumberParsing.decimal(hospital.budget), value >= 0, value < 1e15 else {
          throw RecordError(
            file: hospitals.file, line: hospital.line,
            message:
              "budget '\(hospital.budget)' of hospital \(hospital.id) is not a number ≥ 0 (yuan)")
        }
        guard policy.budgetSections.count < 2 else {
          throw RecordError(
            file: hospitals.file, line: hospital.line,
            message:
              "hospital \(hospital.id) has a budget here but policy '\(name)' has \(policy.budgetSections.count) hospitalBudgets sections (one per pool), so the column names no pool; give the budgets in each section's budgets, or drop the budget column"
          )
        }
        guard policy.hospitalBudgets != nil else {
          throw RecordError(
            file: hospitals.file, line: hospital.line,
            message:
              "hospital \(hospital.id) has a budget here but policy '\(name)' has no hospitalBudgets section; add \"hospitalBudgets\": {} to settle against these budgets, or drop the budget column"
          )
        }
        if let given = policy.hospitalBudgets?.budgets[hospital.id], given != value {
          throw RecordError(
            file: hospitals.file, line: hospital.line,
            message:
              "hospital \(hospital.id) has budget \(hospital.budget) here but \(given) in hospitalBudgets.budgets of policy '\(name)'; keep one"
          )
        }
        policy.hospitalBudgets?.budgets[hospital.id] = value
      }
      guard alliances.fromHospitalsFile, !hospital.region.isEmpty else { continue }
      if let other = alliances.allianceOfHospital[hospital.id], other != hospital.region {
        throw RecordError(
          file: hospitals.file, line: hospital.line,
          message:
            "hospital \(hospital.id) is in alliance '\(hospital.region)' here but in '\(other)' in alliances.members of policy '\(name)'; keep one"
        )
      }
      if !(policy.alliances.members[hospital.region]?.contains(hospital.id) ?? false) {
        policy.alliances.members[hospital.region, default: []].append(hospital.id)
      }
    }
    return policy
  }

  /// Checks that the hospitals of the data can be settled under the alliances: with
  /// ``Alliances/fromHospitalsFile`` the hospitals file must have named some. (Hospitals
  /// without a budget in a budgeted pool are found when the pool is paid out.)
  /// - Parameter hospitals: the hospital ids of the cases.
  /// - Throws: ``SettlementError`` naming what is missing.
  public func checkUnits(hospitals: [String]) throws(SettlementError) {
    if alliances.fromHospitalsFile && alliances.members.isEmpty {
      throw SettlementError(
        "alliances.fromHospitalsFile of policy '\(name)' needs --hospitals FILE with a region (医共体) column naming each hospital's alliance"
      )
    }
  }
}
