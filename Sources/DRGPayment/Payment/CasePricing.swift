import DRGKit
import Foundation

/// How a case was paid.
public enum CaseCategory: String, Sendable, CaseIterable, Comparable {
  case normal
  case high
  case low
  case incomplete
  case perDiem = "per_diem"
  case singleDisease = "single_disease"
  case feeForService = "fee_for_service"
  case ungroupable
  case specialReview = "special_review"
  /// Day surgery (日间手术), ``SettlementPolicy/daySurgery``.
  case daySurgery = "day_surgery"
  /// New-technology exemption, ``SettlementPolicy/newTechnology``.
  case newTechnology = "new_technology"
  /// A DRG with no base points (not in the weights file nor the points table): paid by
  /// cost as fee-for-service.
  case unpriced
  /// Not paid: status `invalid`, or no pool takes the case.
  case excluded

  /// Position in ``allCases``.
  var ordinal: Int {
    switch self {
    case .normal: 0
    case .high: 1
    case .low: 2
    case .incomplete: 3
    case .perDiem: 4
    case .singleDisease: 5
    case .feeForService: 6
    case .ungroupable: 7
    case .specialReview: 8
    case .daySurgery: 9
    case .newTechnology: 10
    case .unpriced: 11
    case .excluded: 12
    }
  }

  /// Orders the categories as ``allCases`` lists them (normal first, excluded last), the
  /// order the settlement's files and summary list them in.
  public static func < (left: Self, right: Self) -> Bool { left.ordinal < right.ordinal }
}

/// One grouped case, as settlement sees it.
public struct SettlementCase: Sendable, Equatable {
  /// The case's identifier (`case_id` column); "" when the file has none.
  public var caseID = ""
  /// The hospital that treated the case (`hospital_id` column): the unit it is settled to.
  public var hospital = ""
  /// The `insurance` column (pool selection).
  public var insurance = ""
  /// `grouped`, `ambiguous`, `ungroupable` or `invalid`.
  public var status = "grouped"
  /// The DRG code the case was grouped into; "" for a case not grouped.
  public var drg = ""
  /// The ADRG (the base group the DRG belongs to) code; "" when not grouped or not given.
  public var adrg = ""
  /// 离院方式 code.
  public var leaving = ""
  /// Total cost in yuan.
  public var cost = 0.0
  /// Length of stay in days (`nil`: not given).
  public var los: Int? {
    get { Self.optional(losStorage) }
    set { losStorage = Self.stored(newValue) }
  }
  /// The patient's identifier (`patient_id` column), used to find readmissions; "" when absent.
  public var patientID = ""
  /// Days since 1970-01-01.
  public var admitDay: Int? {
    get { Self.optional(admitStorage) }
    set { admitStorage = Self.stored(newValue) }
  }
  /// Days since 1970-01-01 of the discharge (`nil`: not given or unreadable).
  public var dischargeDay: Int? {
    get { Self.optional(dischargeStorage) }
    set { dischargeStorage = Self.stored(newValue) }
  }
  // Small integers held in 4 bytes each (Int32.min: none), to keep 10 million cases compact.
  private var losStorage = Int32.min
  private var admitStorage = Int32.min
  private var dischargeStorage = Int32.min

  @inline(__always)
  private static func optional(_ value: Int32) -> Int? { value == .min ? nil : Int(value) }

  @inline(__always)
  private static func stored(_ value: Int?) -> Int32 {
    guard let value, value > Int(Int32.min), value <= Int(Int32.max) else { return .min }
    return Int32(value)
  }
  /// First code of the `diagnoses` column.
  public var principalDiagnosis = ""
  /// First code of the `procedures` column — or, when the policy matches rules against any
  /// procedure (``SettlementPolicy/matchesAnyProcedure``), the whole column (`|`-separated,
  /// main procedure first; ``mainProcedureCode`` is then its first code).
  public var mainProcedure = ""
  /// Why the row could not be read (status `invalid`), or "".
  public var problem = ""
  /// What the patient paid (`self_pay`), fen; 0 when the column is absent or empty;
  /// ``unreadableSelfPay`` when the field is not a number ≥ 0 (counted, paid as 0).
  public var selfPayFen: Int64 = 0
  /// The largest `total_cost` or `self_pay` read, yuan (10^10): a larger one is a typing
  /// error, and sums of such amounts in fen could leave `Int64`.
  public static let largestCost = 1e10
  /// ``selfPayFen`` of a field that is not a number ≥ 0.
  public static let unreadableSelfPay: Int64 = -1
  /// The patient's payment in fen, an unreadable one counting 0.
  public var patientFen: Int64 { max(0, selfPayFen) }

  /// An empty case (status `grouped`, no codes, cost 0), to be filled field by field.
  public init() {}

  /// A case with the fields settlement reads; cost in yuan, `los` in days (`nil`: not given),
  /// `leaving` the 离院方式 code (`1`: discharged as ordered).
  public init(
    caseID: String = "", hospital: String, drg: String, adrg: String = "", cost: Double,
    los: Int? = nil, status: String = "grouped", leaving: String = "1", insurance: String = "",
    principalDiagnosis: String = "", mainProcedure: String = ""
  ) {
    self.principalDiagnosis = principalDiagnosis
    self.mainProcedure = mainProcedure
    self.caseID = caseID
    self.hospital = hospital
    self.drg = drg
    self.adrg = adrg
    self.cost = cost
    self.los = los
    self.status = status
    self.leaving = leaving
    self.insurance = insurance
  }
}

/// A case's points (or yuan price) and why.
public struct CasePrice: Sendable, Equatable {
  /// How the case was paid (normal, high or low outlier, per diem, …).
  public var category: CaseCategory
  /// Whether ``amount`` is centipoints or fen.
  public internal(set) var basis = Basis.points
  /// Centipoints (``Basis/points``) or fen (yuan-priced), rounded half away from zero.
  public internal(set) var amount: Int64
  /// Why: the rule and the figures that set the price, written to `cases.csv`.
  public var reason: String
  /// RW of the case's DRG (0 when not a DRG case), for CMI.
  public var relativeWeight: Double

  /// Points in hundredths; 0 for a case priced in yuan.
  public var centipoints: Int64 { basis == .points ? amount : 0 }
  /// The yuan price in fen; 0 for a case priced in points.
  public var fen: Int64 { basis == .yuanOutside || basis == .yuanInBudget ? amount : 0 }
  /// Whether the case is priced in yuan (outside the pool or against its budget).
  public var isYuan: Bool { basis == .yuanOutside || basis == .yuanInBudget }

  /// The case's points (``centipoints`` / 100); 0 for a case priced in yuan.
  public var points: Double { Double(centipoints) / 100 }

  /// The most points one case can have, in hundredths (10^11 points): a price that reaches
  /// it came from a policy value or a cost out of all proportion.
  public static let largestCentipoints: Int64 = 10_000_000_000_000

  init(_ category: CaseCategory, _ points: Double, _ reason: String, rw: Double = 0) {
    self.category = category
    // Beyond the bound (or not a number) the price is held there and the run is refused
    // (``Settlement/amountBeyondLimit()``), never a trap.
    let scaled = points * 100
    amount = scaled > 0 ? min(WholeNumber.rounded(scaled), Self.largestCentipoints) : 0
    if scaled.isNaN { amount = Self.largestCentipoints }
    self.reason = reason
    relativeWeight = rw
  }

  /// Multiplies the amount (points or yuan) by `factor`, rounded half away from zero.
  mutating func scale(by factor: Double) {
    amount = WholeNumber.rounded(Double(amount) * factor)
  }
}

/// A policy that cannot be applied to the data (e.g. no weights where they are needed).
public struct SettlementError: Error, Sendable, CustomStringConvertible {
  /// What is wrong and what to fix, naming the policy field or the data.
  public var message: String
  /// An error carrying `message`.
  public init(_ message: String) { self.message = message }
  /// The message, as printed by `drg settle`.
  public var description: String { message }
}

/// Turns cases into points under a policy (§3 of payment-formulas.md).
public struct CasePricing: Sendable {
  /// The policy the cases are priced under.
  public let policy: SettlementPolicy
  /// The DRG weights, or `nil` when the policy prices without them.
  public let weights: PaymentWeights?
  /// Mean cost of all cases, yuan: costs → points as cost / mean × 100.
  public let meanCostAllCases: Double
  /// Coefficients computed from cost data, for the `hospitalCost` and `blend` methods;
  /// ``Settlement/run(cases:pricing:budgetFactor:)`` fills it from the settled cases when
  /// it is `nil`.
  public var dataCoefficients: DataCoefficients?
  private let incompleteLeaving: Set<String>

  /// - Throws: ``SettlementError`` when no mean cost of all cases is known.
  public init(policy: SettlementPolicy, weights: PaymentWeights?) throws(SettlementError) {
    self.policy = policy
    self.weights = weights
    guard let mean = policy.meanCostAllCases ?? weights?.meanCostAllCases, mean > 0 else {
      throw SettlementError(
        "no mean cost of all cases: give a weights file (drg weights output) or meanCostAllCases in the policy"
      )
    }
    meanCostAllCases = mean
    incompleteLeaving = Set(policy.incompleteStay.leaving)
  }

  /// Base points of a DRG: the policy's table, else RW × points per average case.
  public func basePoints(_ drg: String) -> Double? {
    if let points = policy.basePoints[drg] { return points }
    guard let group = weights?.groups[drg] else { return nil }
    return group.relativeWeight * policy.pointsPerAverageCase
  }

  /// Mean cost of a DRG: from the weights, else base points / 100 × mean of all cases.
  public func meanCost(_ drg: String) -> Double? {
    if let group = weights?.groups[drg], group.meanCost > 0 { return group.meanCost }
    guard let points = basePoints(drg) else { return nil }
    return points / policy.pointsPerAverageCase * meanCostAllCases
  }

  /// Whether the coefficients are computed from cost data.
  public var needsCoefficientData: Bool { policy.coefficients.method != .given }

  /// A hospital's coefficient in `drg`: by the policy's method (given: its own, its level's,
  /// or the default; computed: from ``dataCoefficients``, 1 while they are missing), then
  /// clamped to floor/cap.
  public func coefficient(_ hospital: String, drg: String = "") -> Double {
    let rules = policy.coefficients
    var value: Double
    if rules.method == .given {
      value =
        rules.hospitals[hospital] ?? rules.levels[hospital].flatMap { rules.byLevel[$0] }
        ?? rules.default
    } else {
      value = dataCoefficients?.coefficient(hospital: hospital, drg: drg) ?? 1
    }
    if let floor = rules.floor { value = max(value, floor) }
    if let cap = rules.cap { value = min(value, cap) }
    return value
  }

  /// The hospital's level (``SettlementPolicy/Coefficients/levels``), or "".
  public func level(_ hospital: String) -> String { policy.coefficients.levels[hospital] ?? "" }

  /// The high-cost threshold (multiple of the DRG mean) for base points `bp` at a hospital
  /// of `level`.
  public func highThreshold(basePoints bp: Double, level: String = "") -> Double {
    let brackets = policy.highOutlier.brackets
    for bracket in brackets where bracket.applies(basePoints: bp, level: level) {
      return bracket.multiple
    }
    return brackets[brackets.count - 1].multiple
  }

  /// The low-cost threshold (multiple of the DRG mean) for base points `bp` at a hospital of
  /// `level`.
  public func lowThreshold(basePoints bp: Double, level: String = "") -> Double {
    for bracket in policy.lowOutlier.brackets
    where bracket.applies(basePoints: bp, level: level) {
      return bracket.multiple
    }
    return policy.lowOutlier.multiple
  }

  /// Points of a cost paid by cost: cost / mean of all cases × points per average case.
  func costPoints(_ cost: Double) -> Double {
    cost / meanCostAllCases * policy.pointsPerAverageCase
  }

  /// Points of one case, before the readmission rule.
  public func price(_ item: SettlementCase) -> CasePrice {
    if item.status == "invalid" {
      return CasePrice(.excluded, 0, item.problem.isEmpty ? "status invalid" : item.problem)
    }
    if let points = policy.specialReview[item.caseID] {
      return CasePrice(.specialReview, points, "special review")
    }
    let rw = weights?.groups[item.drg]?.relativeWeight ?? 0
    if let price = newTechnologyPrice(item, rw: rw) { return price }
    for category in policy.perDiem where category.selector.matches(drg: item.drg, adrg: item.adrg) {
      return perDiemPrice(category, item, rw: rw)
    }
    if let price = daySurgeryPrice(item, rw: rw) { return price }
    for disease in policy.singleDisease
    where disease.matches(
      drg: item.drg, adrg: item.adrg, diagnosis: item.principalDiagnosis,
      procedure: item.mainProcedure.contains("|")
        ? String(item.mainProcedureCode) : item.mainProcedure)
    {
      return fixedPrice(
        .singleDisease, rule: "single disease \(disease.name)", points: disease.points,
        price: disease.price, pool: disease.pool, hospital: item.hospital, rw: rw)
    }
    if policy.feeForService.matches(drg: item.drg, adrg: item.adrg) {
      return CasePrice(.feeForService, costPoints(item.cost), "fee for service", rw: rw)
    }
    if item.drg.isEmpty || item.status == "ungroupable" || item.status == "ambiguous" {
      if let points = policy.ungroupable.points {
        return CasePrice(.ungroupable, points, "no DRG (\(item.status)), fixed points")
      }
      return CasePrice(
        .ungroupable, costPoints(item.cost) * policy.ungroupable.factor,
        "no DRG (\(item.status)), cost / mean of all")
    }
    guard let bp = basePoints(item.drg), let mean = meanCost(item.drg), mean > 0 else {
      return CasePrice(
        .unpriced, costPoints(item.cost), "DRG \(item.drg) has no base points; paid by cost")
    }
    let coefficient = coefficient(item.hospital, drg: item.drg)
    let ratio = item.cost / mean
    if incompleteLeaving.contains(item.leaving) {
      return CasePrice(
        .incomplete, min(bp * coefficient * ratio, bp),
        "incomplete stay (leaving \(item.leaving))", rw: rw)
    }
    let level = level(item.hospital)
    if policy.highOutlier.enabled {
      let threshold = highThreshold(basePoints: bp, level: level)
      if ratio > threshold {
        let points = bp * coefficient + (ratio - threshold) * bp * policy.highOutlier.addOnShare
        return CasePrice(
          .high, points, "cost \(Self.format(ratio))× mean > \(Self.format(threshold))×", rw: rw)
      }
    }
    if policy.lowOutlier.enabled {
      let threshold = lowThreshold(basePoints: bp, level: level)
      if ratio < threshold {
        return CasePrice(
          .low, bp * coefficient * ratio,
          "cost \(Self.format(ratio))× mean < \(Self.format(threshold))×", rw: rw)
      }
    }
    return CasePrice(.normal, bp * coefficient, "", rw: rw)
  }

  /// `value` with 2 decimals (half away from zero), without Foundation formatting.
  static func format(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e15 else { return "\(value)" }
    let hundredths = Int64((value * 100).rounded())
    return Settlement.yuan(hundredths)
  }

  /// Applies the readmission rule (分解住院). Only stays with status `grouped`, a DRG, a
  /// patient id and both dates take part; an ungroupable, ambiguous or invalid stay is
  /// never "the same DRG". A patient's stays are ordered by admission day, then row; a stay
  /// E is penalised when any later stay L of the patient has the same DRG and is admitted
  /// 0 … `days` days after E's discharge (0 ≤ admit(L) − discharge(E) ≤ days) — not only
  /// the next stay, so X → Y → X is caught. E's points are multiplied by the factor once,
  /// however many such L there are, unless E's DRG or ADRG is exempt or E is excluded;
  /// the product is rounded to 0.01 point, half away from zero.
  public func applyReadmission(_ cases: [SettlementCase], _ prices: inout [CasePrice]) {
    var held = CasePrices(prices)
    applyReadmission(SettlementCases(cases), &held)
    prices = Array(held)
  }
}
