import Foundation

/// What the `policy` and `grouped` harnesses settle with: a fixed grouped file of twelve
/// cases chosen to reach every pricing rule (pools by insurance, a readmission pair, an
/// incomplete stay, high and low outliers, ungroupable, invalid, ambiguous, a DRG without a
/// weight, a case outside 2024, an unreadable cost and self-pay), its weights, a fixed
/// policy, and the settlement run with its checks.
enum SettlementFixture {
  /// A grouped file as `drg group` writes it, cut down to the columns settlement reads.
  static let groupedCSV = """
    case_id,hospital_id,patient_id,insurance,status,mdc,adrg,drg,drg_name,total_cost,los,leaving,admit_date,discharge_date,diagnoses,procedures,self_pay,dept
    C01,H001,P01,employee,grouped,MDCG,GD1,GD19,appendix,8000,5,1,2024-01-02,2024-01-07,K35.800,47.0901,800,03
    C02,H001,P02,resident,grouped,MDCO,OC1,OC19,delivery,3500,3,1,2024-02-01,2024-02-04,O80.000,,300,07
    C03,H002,P03,employee,grouped,MDCE,ES3,ES31,pneumonia,15000,12,1,2024-03-01,2024-03-13,J18.900,,1500,04
    C04,H002,P03,employee,grouped,MDCE,ES3,ES31,pneumonia,60000,30,1,2024-03-20,2024-04-19,J18.900,,0,04
    C05,H003,P05,resident,grouped,MDCE,ES3,ES33,pneumonia,900,2,2,2024-05-01,2024-05-03,J18.900,,50,04
    C06,H003,P06,,ungroupable,,,,,12000,8,1,2024-06-01,2024-06-09,R69.x00,,0,05
    C07,H004,P07,resident,invalid,,,,,5000,4,1,2024-07-01,2024-07-05,,,0,05
    C08,H005,P08,other,grouped,MDCF,FR4,FR41,heart failure,25000,40,1,2024-08-01,2024-09-10,I50.900,,2000,06
    C09,H006,P09,employee,grouped,MDCB,BR2,BR21,stroke,18000,14,5,2023-12-01,2023-12-15,I63.900,,1000,02
    C10,H001,P10,employee,ambiguous,MDCG,GD1,,,7000,5,1,2024-10-01,2024-10-06,K35.800,,0,03
    C11,H002,P11,resident,grouped,MDCZ,ZZ1,ZZ19,no weight,4000,3,1,2024-11-01,2024-11-04,Z00.000,,0,09
    C12,H004,P12,employee,grouped,MDCG,GD1,GD19,appendix,abc,5,1,2024-12-01,2024-12-06,K35.800,47.0901,x,03

    """

  /// Weights for the DRGs of ``groupedCSV`` (ZZ19 has none: unpriced).
  static let weights = PaymentWeights(groups: [
    "GD19": .init(relativeWeight: 0.8, meanCost: 8000, casesKept: 20),
    "OC19": .init(relativeWeight: 0.4, meanCost: 3500, casesKept: 30),
    "ES31": .init(relativeWeight: 1.5, meanCost: 15000, casesKept: 12),
    "ES33": .init(relativeWeight: 0.9, meanCost: 9000, casesKept: 8),
    "FR41": .init(relativeWeight: 2.0, meanCost: 20000, casesKept: 6),
    "BR21": .init(relativeWeight: 1.8, meanCost: 18000, casesKept: 9),
  ])

  /// The cases of ``groupedCSV``, read once per process.
  static let cases: [SettlementCase] = {
    let path = FuzzSupport.scratchDirectory + "/settlement-fixture.csv"
    FuzzSupport.require(
      FileManager.default.createFile(atPath: path, contents: Data(groupedCSV.utf8)), "write")
    do {
      let cases = try SettlementCase.read(path: path, threads: 1)
      FuzzSupport.require(cases.count == 12, "fixture: \(cases.count) cases")
      return cases
    } catch {
      fatalError("cannot read the settlement fixture: \(error)")
    }
  }()

  /// Enrolment for per-head payment (`--enrolment`): three categories at H001 and H002.
  static let enrolment = [
    EnrolmentRow(unit: "H001", category: "general", persons: 2000),
    EnrolmentRow(unit: "H001", category: "chronic", persons: 100),
    EnrolmentRow(unit: "H001", category: "family_doctor", persons: 800),
    EnrolmentRow(unit: "H002", category: "general", persons: 1500),
  ]

  /// Outpatient visits and costs (`--outpatient`), one row at a hospital enrolled nowhere.
  static let outpatient = [
    OutpatientRow(hospital: "H001", category: "general", visits: 5200, costFen: 15_000_000),
    OutpatientRow(hospital: "H001", category: "chronic", visits: 1300, costFen: 8_500_000),
    OutpatientRow(hospital: "H002", category: "general", visits: 4100, costFen: 9_800_000),
    OutpatientRow(hospital: "H006", category: "general", visits: 10, costFen: 100_000),
  ]

  /// A policy that uses most rules: two pools and a catch-all, level coefficients,
  /// brackets, readmission, per diem, a single disease, a quality deposit.
  static let policyJSON = """
    {
      "name": "fuzz fixture",
      "coefficients": { "levels": {"H001": "3", "H002": "2"}, "byLevel": {"3": 1.0, "2": 0.9},
        "default": 0.85, "floor": 0.7, "cap": 1.2 },
      "highOutlier": { "brackets": [ { "maxBasePoints": 100, "multiple": 3 }, { "multiple": 2 } ] },
      "lowOutlier": { "multiple": 0.4 },
      "readmission": { "days": 15, "factor": 0.5 },
      "perDiem": [ { "name": "heart", "drgs": ["FR41"],
        "segments": [ { "fromDay": 1, "toDay": 30, "pointsPerDay": 8 }, { "fromDay": 31, "pointsPerDay": 5 } ] } ],
      "singleDisease": [ { "name": "delivery", "adrgs": ["OC1"], "points": 35 } ],
      "year": 2024,
      "pools": [
        { "name": "employee", "budget": 150000, "insurance": ["employee"] },
        { "name": "rest", "budget": 90000 }
      ],
      "quality": { "withholdShare": 0.05 },
      "reserveShare": 0.05
    }
    """

  static let policy: SettlementPolicy = {
    do {
      let policy = try JSONDecoder().decode(SettlementPolicy.self, from: Data(policyJSON.utf8))
      FuzzSupport.require(policy.problems().isEmpty, "fixture policy: \(policy.problems())")
      return policy
    } catch {
      fatalError("cannot decode the fixture policy: \(error)")
    }
  }()

  /// Prices and settles `cases` under `policy` with `weights`, as `drg settle` does (also a
  /// what-if with the budget × 1.5, the quality deposit with every hospital scored 75,
  /// per-head payment when the policy has it, the summary, and with `writes` the HTML
  /// report and every output file), checking that every case is accounted for. A policy
  /// whose alliances or budgets miss a hospital, or a settlement beyond the limits, is
  /// refused with a message, as `drg settle` refuses it.
  static func settle(
    _ cases: [SettlementCase], policy: SettlementPolicy, weights: PaymentWeights?,
    writes: Bool = true
  ) {
    let pricing: CasePricing
    do {
      pricing = try CasePricing(policy: policy, weights: weights)
    } catch {
      FuzzSupport.require(!error.message.isEmpty, "pricing error without a message")
      return
    }
    // As drg settle: every hospital of the cases must have an alliance or budget the policy
    // asks for, and a settlement holding an amount beyond the limits is refused.
    var hospitals: [String] = []
    var seen = Set<String>()
    for item in cases where seen.insert(item.hospital).inserted { hospitals.append(item.hospital) }
    do {
      try policy.checkUnits(hospitals: hospitals)
    } catch {
      FuzzSupport.require(!error.message.isEmpty, "unit error without a message")
      return
    }
    var settlement = Settlement.run(cases: cases, pricing: pricing)
    check(settlement, cases: cases)
    let whatIf = Settlement.run(cases: cases, pricing: pricing, budgetFactor: 1.5)
    check(whatIf, cases: cases)
    if let problem = settlement.amountBeyondLimit() ?? whatIf.amountBeyondLimit() {
      FuzzSupport.require(!problem.isEmpty, "limit problem without a message")
      return
    }
    let comparison = Settlement.compare(base: settlement, whatIf: whatIf)
    var scores: [String: Double] = [:]
    for pool in settlement.pools {
      for hospital in pool.hospitals { scores[hospital.hospital] = 75 }
    }
    do {
      try settlement.applyAdjustments(
        quality: policy.quality, scores: scores, deductions: [],
        destination: policy.deductions.destination)
    } catch {
      FuzzSupport.require(!error.message.isEmpty, "adjustment error without a message")
    }
    if policy.perHead != nil {
      do {
        settlement.perHead = try PerHeadSettlement.run(
          policy: policy, enrolment: enrolment, outpatient: outpatient, known: nil)
      } catch {
        FuzzSupport.require(!error.message.isEmpty, "per-head error without a message")
      }
    }
    _ = settlement.summaryLines()
    _ = Settlement.whatIfSummary(comparison)
    // The report and every output file (each fsynced) are slow: only where the harness asks.
    guard writes else { return }
    _ = SettlementReport(settlement: settlement, prepaymentRatio: policy.prepaymentRatio).html()
    let directory = FuzzSupport.scratchDirectory + "/settlement"
    do {
      try settlement.write(to: directory)
      try settlement.writeMonthly(prepaymentRatio: policy.prepaymentRatio, to: directory)
      try Settlement.writeWhatIf(comparison, to: directory)
    } catch {
      FuzzSupport.require(false, "cannot write the settlement: \(error)")
    }
  }

  /// Every case priced and in at most one pool; the pools' case counts add up.
  static func check(_ settlement: Settlement, cases: [SettlementCase]) {
    FuzzSupport.require(
      settlement.prices.count == cases.count && settlement.poolOfCase.count == cases.count,
      "\(settlement.prices.count) prices, \(settlement.poolOfCase.count) pools for \(cases.count) cases"
    )
    let paid = settlement.poolOfCase.filter { $0 >= 0 }.count
    let counted = settlement.pools.reduce(0) { total, pool in
      total + pool.hospitals.reduce(0) { $0 + $1.cases }
    }
    FuzzSupport.require(paid == counted, "\(paid) cases in pools, hospitals count \(counted)")
    for pool in settlement.pools {
      let value = pool.solution.pointValue
      FuzzSupport.require(value.isFinite && value >= 0, "pool \(pool.name): point value \(value)")
    }
  }
}
