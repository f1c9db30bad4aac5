import DRGKit

/// Hospital coefficients per hospital and DRG computed from cost data (formulas §2,
/// "Hospital-level coefficients"): `hospitalCost` (金华) and `blend` (自贡) of
/// ``SettlementPolicy/Coefficients``. Floor and cap are applied by ``CasePricing``.
///
/// The means use the cases with status `grouped`, a DRG and a cost above 0.
///
/// ```
/// hospital ratio  H(h, d) = mean cost of h in d / city mean in d   (1 when h has no case in d)
/// level ratio     L(l, d) = mean cost of level l in d / city mean in d
/// hospitalCost:   coef = H(h, d)
/// blend:          coef = w1 · H(h, d) + w2 · L(level of h, d)
/// ```
/// For `blend` a hospital without cases in d takes L as its own ratio; a level without cases
/// in d takes `higherLevelShare` × the next-higher level's value, else `lowerLevelShare` ×
/// the next-lower level's (resolved level by level, so a gap of two levels compounds);
/// a DRG without any case, or a hospital without a level, counts 1 for the missing part.
public struct DataCoefficients: Sendable, Equatable {
  /// Ratio of the hospital's mean to the city's, by hospital then DRG.
  public private(set) var hospitalRatios: [String: [String: Double]] = [:]
  /// Resolved level ratio, by level then DRG (`blend` only).
  public private(set) var levelRatios: [String: [String: Double]] = [:]
  let rules: SettlementPolicy.Coefficients

  /// One case that feeds the means.
  public struct Observation: Sendable, Equatable {
    /// The hospital that treated the case.
    public var hospital: String
    /// The case's DRG code.
    public var drg: String
    /// The case's total cost, yuan.
    public var cost: Double
    /// A case of `hospital` in `drg` that cost `cost` yuan.
    public init(hospital: String, drg: String, cost: Double) {
      self.hospital = hospital
      self.drg = drg
      self.cost = cost
    }
  }

  /// Computes the ratios from `observations` (cases with cost ≤ 0 or no DRG are skipped).
  public init(rules: SettlementPolicy.Coefficients, observations: [Observation]) {
    self.rules = rules
    struct Sum {
      var cost = 0.0
      var count = 0
      var mean: Double { cost / Double(count) }
      mutating func add(_ value: Double) {
        cost += value
        count += 1
      }
    }
    var city: [String: Sum] = [:]
    var hospitals: [String: [String: Sum]] = [:]
    var levels: [String: [String: Sum]] = [:]
    for item in observations where item.cost > 0 && !item.drg.isEmpty {
      city[item.drg, default: Sum()].add(item.cost)
      hospitals[item.hospital, default: [:]][item.drg, default: Sum()].add(item.cost)
      if let level = rules.levels[item.hospital] {
        levels[level, default: [:]][item.drg, default: Sum()].add(item.cost)
      }
    }
    for (hospital, sums) in hospitals {
      var ratios: [String: Double] = [:]
      for (drg, sum) in sums {
        if let cityMean = city[drg]?.mean, cityMean > 0 { ratios[drg] = sum.mean / cityMean }
      }
      hospitalRatios[hospital] = ratios
    }
    guard rules.method == .blend else { return }
    let order = rules.levelOrder
    for (drg, citySum) in city {
      let cityMean = citySum.mean
      guard cityMean > 0 else { continue }
      let own = order.map { levels[$0]?[drg].map { $0.mean / cityMean } }
      var resolved = own
      // A level without cases: the next-higher level's value × higherLevelShare.
      for index in resolved.indices.dropFirst() where resolved[index] == nil {
        resolved[index] = resolved[index - 1].map { $0 * rules.higherLevelShare }
      }
      // Still none (no higher level has cases): the next-lower level's × lowerLevelShare.
      for index in resolved.indices.reversed().dropFirst() where resolved[index] == nil {
        resolved[index] = resolved[index + 1].map { $0 * rules.lowerLevelShare }
      }
      for (level, value) in zip(order, resolved) {
        if let value { levelRatios[level, default: [:]][drg] = value }
      }
    }
  }

  /// The computed coefficient of `hospital` in `drg`, before floor and cap.
  public func coefficient(hospital: String, drg: String) -> Double {
    let hospitalRatio = hospitalRatios[hospital]?[drg]
    guard rules.method == .blend else { return hospitalRatio ?? 1 }
    let levelRatio = rules.levels[hospital].flatMap { levelRatios[$0]?[drg] }
    let own = hospitalRatio ?? levelRatio ?? 1
    return rules.hospitalWeight * own + rules.levelWeight * (levelRatio ?? 1)
  }
}

extension DataCoefficients {
  /// The means from settlement cases: status `grouped`, a DRG, cost above 0.
  public init(rules: SettlementPolicy.Coefficients, cases: some Collection<SettlementCase>) {
    var observations: [Observation] = []
    observations.reserveCapacity(cases.count)
    for item in cases where item.status == "grouped" && !item.drg.isEmpty && item.cost > 0 {
      observations.append(Observation(hospital: item.hospital, drg: item.drg, cost: item.cost))
    }
    self.init(rules: rules, observations: observations)
  }
}
