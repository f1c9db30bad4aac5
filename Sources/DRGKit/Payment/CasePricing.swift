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
    case .unpriced: 9
    case .excluded: 10
    }
  }

  public static func < (left: Self, right: Self) -> Bool { left.ordinal < right.ordinal }
}

/// One grouped case, as settlement sees it.
public struct SettlementCase: Sendable, Equatable {
  public var caseID = ""
  public var hospital = ""
  /// The `insurance` column (pool selection).
  public var insurance = ""
  /// `grouped`, `ambiguous`, `ungroupable` or `invalid`.
  public var status = "grouped"
  public var drg = ""
  public var adrg = ""
  /// 离院方式 code.
  public var leaving = ""
  /// Total cost in yuan.
  public var cost = 0.0
  public var los: Int?
  public var patientID = ""
  /// Days since 1970-01-01.
  public var admitDay: Int?
  public var dischargeDay: Int?

  public init() {}

  public init(
    caseID: String = "", hospital: String, drg: String, adrg: String = "", cost: Double,
    los: Int? = nil, status: String = "grouped", leaving: String = "1", insurance: String = ""
  ) {
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

/// A case's points and why.
public struct CasePrice: Sendable, Equatable {
  public var category: CaseCategory
  /// Points in hundredths, rounded half away from zero.
  public var centipoints: Int64
  public var reason: String
  /// RW of the case's DRG (0 when not a DRG case), for CMI.
  public var relativeWeight: Double

  public var points: Double { Double(centipoints) / 100 }

  init(_ category: CaseCategory, _ points: Double, _ reason: String, rw: Double = 0) {
    self.category = category
    centipoints = Int64((max(0, points) * 100).rounded())
    self.reason = reason
    relativeWeight = rw
  }
}

/// A policy that cannot be applied to the data (e.g. no weights where they are needed).
public struct SettlementError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// Turns cases into points under a policy (§3 of payment-formulas.md).
public struct CasePricing: Sendable {
  public let policy: SettlementPolicy
  public let weights: PaymentWeights?
  /// Mean cost of all cases, yuan: costs → points as cost / mean × 100.
  public let meanCostAllCases: Double
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

  /// A hospital's coefficient: its own, its level's, or the default; clamped to floor/cap.
  public func coefficient(_ hospital: String) -> Double {
    let rules = policy.coefficients
    var value =
      rules.hospitals[hospital] ?? rules.levels[hospital].flatMap { rules.byLevel[$0] }
      ?? rules.default
    if let floor = rules.floor { value = max(value, floor) }
    if let cap = rules.cap { value = min(value, cap) }
    return value
  }

  /// The high-cost threshold (multiple of the DRG mean) for base points `bp`.
  public func highThreshold(basePoints bp: Double) -> Double {
    let brackets = policy.highOutlier.brackets
    for bracket in brackets where bracket.maxBasePoints.map({ bp <= $0 }) ?? true {
      return bracket.multiple
    }
    return brackets[brackets.count - 1].multiple
  }

  private func costPoints(_ cost: Double) -> Double {
    cost / meanCostAllCases * policy.pointsPerAverageCase
  }

  /// Points of one case, before the readmission rule.
  public func price(_ item: SettlementCase) -> CasePrice {
    if item.status == "invalid" { return CasePrice(.excluded, 0, "status invalid") }
    if let points = policy.specialReview[item.caseID] {
      return CasePrice(.specialReview, points, "special review")
    }
    let rw = weights?.groups[item.drg]?.relativeWeight ?? 0
    for category in policy.perDiem where category.selector.matches(drg: item.drg, adrg: item.adrg) {
      let days = max(item.los ?? 1, 1)
      var points = 0.0
      for segment in category.segments {
        let last = min(days, segment.toDay ?? Int.max)
        if last >= segment.fromDay {
          points += Double(last - segment.fromDay + 1) * segment.pointsPerDay
        }
      }
      return CasePrice(.perDiem, points, "per diem \(category.name), \(days) days", rw: rw)
    }
    for disease in policy.singleDisease
    where disease.selector.matches(drg: item.drg, adrg: item.adrg) {
      return CasePrice(.singleDisease, disease.points, "single disease \(disease.name)", rw: rw)
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
    let coefficient = coefficient(item.hospital)
    let ratio = item.cost / mean
    if incompleteLeaving.contains(item.leaving) {
      return CasePrice(
        .incomplete, min(bp * coefficient * ratio, bp),
        "incomplete stay (leaving \(item.leaving))", rw: rw)
    }
    if policy.highOutlier.enabled {
      let threshold = highThreshold(basePoints: bp)
      if ratio > threshold {
        let points = bp * coefficient + (ratio - threshold) * bp * policy.highOutlier.addOnShare
        return CasePrice(
          .high, points, "cost \(Self.format(ratio))× mean > \(Self.format(threshold))×", rw: rw)
      }
    }
    if policy.lowOutlier.enabled, ratio < policy.lowOutlier.multiple {
      return CasePrice(
        .low, bp * coefficient * ratio,
        "cost \(Self.format(ratio))× mean < \(Self.format(policy.lowOutlier.multiple))×", rw: rw)
    }
    return CasePrice(.normal, bp * coefficient, "", rw: rw)
  }

  static func format(_ value: Double) -> String { String(format: "%.2f", value) }

  /// Applies the readmission rule: when a patient is admitted again to the same DRG within
  /// the window after a discharge (0 ≤ admit − discharge ≤ days), the earlier stay's points
  /// are multiplied by the factor. Only the next stay of the same patient is compared.
  /// Cases without patient id or dates are left alone.
  public func applyReadmission(_ cases: [SettlementCase], _ prices: inout [CasePrice]) {
    let rule = policy.readmission
    guard rule.enabled else { return }
    let exempt = Set(rule.exempt)
    // Sort by (hash of patient id, patient id, admission day, position): the hash puts a
    // patient's stays together cheaply; equal hashes fall back to the ids themselves.
    struct Key {
      var hash: Int
      var admit: Int
      var index: Int
    }
    var keys: [Key] = []
    keys.reserveCapacity(cases.count)
    for index in cases.indices {
      guard !cases[index].patientID.isEmpty, !cases[index].drg.isEmpty,
        let admit = cases[index].admitDay, cases[index].dischargeDay != nil
      else { continue }
      keys.append(Key(hash: cases[index].patientID.hashValue, admit: admit, index: index))
    }
    keys.sort { a, b in
      if a.hash != b.hash { return a.hash < b.hash }
      if cases[a.index].patientID != cases[b.index].patientID {
        return cases[a.index].patientID < cases[b.index].patientID
      }
      return a.admit != b.admit ? a.admit < b.admit : a.index < b.index
    }
    let order = keys.map(\.index)
    for (earlier, later) in zip(order, order.dropFirst()) {
      let first = cases[earlier]
      let second = cases[later]
      guard first.patientID == second.patientID, first.drg == second.drg,
        !exempt.contains(first.drg), !exempt.contains(first.adrg),
        let discharge = first.dischargeDay, let admit = second.admitDay,
        admit - discharge >= 0, admit - discharge <= rule.days,
        prices[earlier].category != .excluded
      else { continue }
      var price = prices[earlier]
      price.centipoints = Int64((Double(price.centipoints) * rule.factor).rounded())
      let note =
        "readmitted to \(first.drg) within \(rule.days) days (case \(second.caseID)): × \(rule.factor)"
      price.reason = price.reason.isEmpty ? note : price.reason + "; " + note
      prices[earlier] = price
    }
  }
}
