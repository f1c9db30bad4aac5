import DRGKit
import DRGPayment
import Foundation

/// The money impact of a scheme change per hospital (`drg diff --base-rate` or `--policy`).
///
/// - Base rate r (yuan per unit of relative weight): payment = r × Σ RW over the hospital's
///   cases with a weight, under each scheme; change = r × (Σ RW_B − Σ RW_A).
/// - Policy: points = c_h × Σ base points, base points of a DRG = the policy's table, else
///   RW × pointsPerAverageCase, c_h the hospital's coefficient (method `given`: its own,
///   its level's, else the default, clamped to floor and cap); payment = points × point
///   value, the point value of each scheme being `--point-value` when given, else the
///   nominal one: budget × (1 − reserveShare) / Σ_h points over all hospitals. With a
///   fixed budget the changes then add up to 0: the scheme moves money between hospitals.
///   Outlier, per-diem, single-disease, readmission and sharing rules are not applied.
public struct MigrationMoney: Sendable, Equatable {
  /// How payments are computed.
  public enum Basis: Sendable, Equatable {
    /// Yuan per unit of relative weight.
    case baseRate(Double)
    /// Points × point value under a settlement policy.
    case points(PolicyPoints)
  }

  /// The policy's part: coefficients per hospital and a point value per scheme.
  public struct PolicyPoints: Sendable, Equatable {
    /// The policy's name, for outputs.
    public var policy: String
    /// Coefficient by hospital id (every hospital of the input).
    public var coefficients: [String: Double]
    /// Yuan per point under scheme A.
    public var pointValueFrom: Double
    /// Yuan per point under scheme B.
    public var pointValueTo: Double
    /// `given` (`--point-value`) or `budget` (nominal point value of each scheme).
    public var pointValueSource: String
  }

  /// How payments are computed.
  public var basis: Basis

  /// A money impact computed on `basis`.
  public init(basis: Basis) { self.basis = basis }

  /// The policy's money impact for `result`'s hospitals.
  /// - Parameter pointValue: yuan per point for both schemes; `nil` solves the nominal
  ///   point value of each scheme from the policy's budget.
  /// - Throws: ``SettlementError`` when the policy's coefficients need cost data, or when
  ///   no point value is given and the policy has no single budget.
  public static func policy(
    _ policy: SettlementPolicy, result: MigrationResult, pointValue: Double?
  ) throws(SettlementError) -> MigrationMoney {
    let rules = policy.coefficients
    guard rules.method == .given else {
      throw SettlementError(
        "coefficients method '\(rules.method.rawValue)' needs each hospital's costs per DRG; drg diff applies only method 'given' (set coefficients per hospital or level, or run drg settle on each scheme's grouped file)"
      )
    }
    var coefficients: [String: Double] = [:]
    var pointsFrom = 0.0
    var pointsTo = 0.0
    for (name, totals) in zip(result.hospitalNames, result.hospitals) {
      // As CasePricing.coefficient(_:drg:) does for method 'given'.
      var value =
        rules.hospitals[name] ?? rules.levels[name].flatMap { rules.byLevel[$0] } ?? rules.default
      if let floor = rules.floor { value = max(value, floor) }
      if let cap = rules.cap { value = min(value, cap) }
      coefficients[name] = value
      pointsFrom += value * totals.pointsFrom
      pointsTo += value * totals.pointsTo
    }
    if let pointValue {
      return MigrationMoney(
        basis: .points(
          PolicyPoints(
            policy: policy.name, coefficients: coefficients, pointValueFrom: pointValue,
            pointValueTo: pointValue, pointValueSource: "given")))
    }
    guard policy.pools.isEmpty, let budget = policy.budget, budget > 0 else {
      throw SettlementError(
        "policy '\(policy.name)' has no single budget to solve a point value from\(policy.pools.isEmpty ? "" : " (it has pools)"); give --point-value YUAN"
      )
    }
    guard pointsFrom > 0, pointsTo > 0 else {
      throw SettlementError(
        "no case has base points under \(pointsFrom > 0 ? "scheme B" : "scheme A"): check that the weights files give RW for that scheme's DRGs"
      )
    }
    let distributable = budget * (1 - policy.reserveShare)
    return MigrationMoney(
      basis: .points(
        PolicyPoints(
          policy: policy.name, coefficients: coefficients,
          pointValueFrom: distributable / pointsFrom, pointValueTo: distributable / pointsTo,
          pointValueSource: "budget")))
  }

  /// Columns added to hospitals.csv.
  public var columns: [String] {
    switch basis {
    case .baseRate:
      ["base_rate_yuan_per_rw", "payment_from_yuan", "payment_to_yuan", "payment_change_yuan"]
    case .points:
      [
        "coefficient", "points_from", "points_to", "point_value_from_yuan",
        "point_value_to_yuan", "payment_from_yuan", "payment_to_yuan", "payment_change_yuan",
      ]
    }
  }

  /// Payment under each scheme of a hospital with `totals` and `coefficient` (ignored with
  /// a base rate).
  public func payments(_ totals: MigrationTotals, coefficient: Double) -> (
    from: Double, to: Double
  ) {
    switch basis {
    case .baseRate(let rate): (rate * totals.weightFrom, rate * totals.weightTo)
    case .points(let points):
      (
        coefficient * totals.pointsFrom * points.pointValueFrom,
        coefficient * totals.pointsTo * points.pointValueTo
      )
    }
  }

  /// The hospitals.csv fields of one hospital.
  func fields(hospital: String, _ totals: MigrationTotals) -> [String] {
    switch basis {
    case .baseRate(let rate):
      let (from, to) = payments(totals, coefficient: 1)
      return [
        CostWeights.fixed(rate, 2), CostWeights.fixed(from, 2), CostWeights.fixed(to, 2),
        CostWeights.fixed(to - from, 2),
      ]
    case .points(let points):
      let coefficient = points.coefficients[hospital] ?? 1
      let (from, to) = payments(totals, coefficient: coefficient)
      return [
        CostWeights.fixed(coefficient, 4), CostWeights.fixed(coefficient * totals.pointsFrom, 4),
        CostWeights.fixed(coefficient * totals.pointsTo, 4),
        CostWeights.fixed(points.pointValueFrom, 6), CostWeights.fixed(points.pointValueTo, 6),
        CostWeights.fixed(from, 2), CostWeights.fixed(to, 2), CostWeights.fixed(to - from, 2),
      ]
    }
  }

  /// Payments and points (after coefficients) summed over every hospital of `result`.
  public func totals(_ result: MigrationResult) -> (
    from: Double, to: Double, pointsFrom: Double, pointsTo: Double
  ) {
    var sums = (from: 0.0, to: 0.0, pointsFrom: 0.0, pointsTo: 0.0)
    for (name, totals) in zip(result.hospitalNames, result.hospitals) {
      var coefficient = 1.0
      if case .points(let points) = basis { coefficient = points.coefficients[name] ?? 1 }
      let payment = payments(totals, coefficient: coefficient)
      sums.from += payment.from
      sums.to += payment.to
      sums.pointsFrom += coefficient * totals.pointsFrom
      sums.pointsTo += coefficient * totals.pointsTo
    }
    return sums
  }

  /// The hospitals.csv fields of the row (all): sums of the hospitals' rows.
  func totalFields(_ result: MigrationResult) -> [String] {
    let sums = totals(result)
    let payments = [
      CostWeights.fixed(sums.from, 2), CostWeights.fixed(sums.to, 2),
      CostWeights.fixed(sums.to - sums.from, 2),
    ]
    switch basis {
    case .baseRate(let rate):
      return [CostWeights.fixed(rate, 2)] + payments
    case .points(let points):
      return [
        "", CostWeights.fixed(sums.pointsFrom, 4), CostWeights.fixed(sums.pointsTo, 4),
        CostWeights.fixed(points.pointValueFrom, 6), CostWeights.fixed(points.pointValueTo, 6),
      ] + payments
    }
  }

  /// One line for the summary and the report: how payments were computed.
  public var description: String {
    switch basis {
    case .baseRate(let rate):
      "payment = \(CostWeights.fixed(rate, 2)) yuan/RW × Σ RW under each scheme"
    case .points(let points):
      "payment = coefficient × Σ base points × point value (policy \(points.policy); point value \(points.pointValueSource == "given" ? "given" : "budget × (1 − reserve) / Σ points"): A \(CostWeights.fixed(points.pointValueFrom, 6)), B \(CostWeights.fixed(points.pointValueTo, 6)) yuan/point); outlier, per-diem and other case rules not applied"
    }
  }
}
