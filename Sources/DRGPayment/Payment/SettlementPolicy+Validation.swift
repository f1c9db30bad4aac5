import DRGKit
import Foundation

// Every value of a policy checked before any case is priced: a nonsense value (a negative
// coefficient, a floor above its cap, two pools taking one insurance value, overlapping
// bed-day segments) stops the run with a message naming the field, instead of quietly
// giving some hospital 0 points or ignoring a cap.

extension SettlementPolicy {
  /// The first value out of range, or `nil`.
  public func problem() -> String? { problems().first }

  /// Every value out of range, each naming its field (e.g.
  /// `coefficients.hospitals.H001 must be ≥ 0, found -0.9`); empty when the policy is sound.
  public func problems() -> [String] {
    var found = PolicyProblems()
    found.above("pointsPerAverageCase", pointsPerAverageCase, 0)
    for (drg, points) in basePoints.sorted(by: { $0.key < $1.key }) {
      found.atLeast("basePoints.\(drg)", points, 0)
    }
    if let meanCostAllCases { found.above("meanCostAllCases", meanCostAllCases, 0) }
    found.append(contentsOf: coefficients.problems())
    for (index, bracket) in highOutlier.brackets.enumerated() {
      found.above("highOutlier.brackets[\(index)].multiple", bracket.multiple, 0)
      if let limit = bracket.maxBasePoints {
        found.atLeast("highOutlier.brackets[\(index)].maxBasePoints", limit, 0)
      }
    }
    if highOutlier.brackets.isEmpty {
      found.add("highOutlier.brackets needs at least one bracket")
    }
    found.atLeast("highOutlier.addOnShare", highOutlier.addOnShare, 0)
    found.atLeast("lowOutlier.multiple", lowOutlier.multiple, 0)
    for (index, bracket) in lowOutlier.brackets.enumerated() {
      found.atLeast("lowOutlier.brackets[\(index)].multiple", bracket.multiple, 0)
      if let limit = bracket.maxBasePoints {
        found.atLeast("lowOutlier.brackets[\(index)].maxBasePoints", limit, 0)
      }
    }
    if let points = ungroupable.points { found.atLeast("ungroupable.points", points, 0) }
    found.atLeast("ungroupable.factor", ungroupable.factor, 0)
    for (caseID, points) in specialReview.sorted(by: { $0.key < $1.key }) {
      found.atLeast("specialReview.\(caseID)", points, 0)
    }
    if readmission.days < 0 { found.add("readmission.days must be ≥ 0, found \(readmission.days)") }
    found.within("readmission.factor", readmission.factor, 0...1)
    for (index, category) in perDiem.enumerated() {
      found.append(contentsOf: category.problems(field: "perDiem[\(index)] '\(category.name)'"))
    }
    found.append(contentsOf: ruleProblems())
    if let year, !(1900...2200).contains(year) {
      found.add("year must be a calendar year such as 2024, found \(year)")
    }
    if budget == nil && pools.isEmpty { found.add("give a budget or pools") }
    if let budget { found.atLeast("budget", budget, 0) }
    found.append(contentsOf: poolProblems())
    found.append(contentsOf: unitProblems())
    found.within("quality.withholdShare", quality.withholdShare, 0...1)
    found.within("quality.fullReturnScore", quality.fullReturnScore, 0...100)
    found.within("quality.zeroReturnScore", quality.zeroReturnScore, 0...100)
    found.ordered(
      "quality.zeroReturnScore", quality.zeroReturnScore, "quality.fullReturnScore",
      quality.fullReturnScore)
    found.within("reserveShare", reserveShare, 0..<1)
    found.within("prepaymentRatio", prepaymentRatio, 0...1)
    found.append(contentsOf: pointValue.problems())
    if let bands = sharing {
      found.within("sharing.surplusRetention", bands.surplusRetention, 0...1)
      found.within("sharing.surplusCap", bands.surplusCap, 0...1)
      found.within("sharing.overspendFundShare", bands.overspendFundShare, 0...1)
      found.atLeast("sharing.overspendBand", bands.overspendBand, 0)
    }
    return found.messages
  }

  /// Pools: budgets ≥ 0, distinct names, no insurance value in two pools, at most one pool
  /// without values (the one taking the rest).
  func poolProblems() -> [String] {
    var found = PolicyProblems()
    var owner: [String: String] = [:]
    var names: Set<String> = []
    var catchAll: String?
    for (index, pool) in pools.enumerated() {
      let field = "pools[\(index)] '\(pool.name)'"
      found.atLeast("\(field).budget", pool.budget, 0)
      if !names.insert(pool.name).inserted {
        found.add("\(field): pool names must differ; '\(pool.name)' is used twice")
      }
      if pool.insurance.isEmpty {
        if let catchAll {
          found.add(
            "\(field): only one pool may leave insurance empty (take the rest); '\(catchAll)' already does"
          )
        }
        catchAll = catchAll ?? pool.name
      }
      for value in pool.insurance {
        if let other = owner[value] {
          found.add(
            "\(field).insurance: '\(value)' is also in pool '\(other)'; a value belongs to one pool"
          )
        } else {
          owner[value] = pool.name
        }
      }
    }
    return found.messages
  }
}

extension SettlementPolicy.Coefficients {
  /// Every coefficient (per hospital, per level, default, floor, cap) ≥ 0, floor ≤ cap,
  /// the `blend` weights and shares ≥ 0, and for `blend` a level order that holds every
  /// level used.
  func problems() -> [String] {
    var found = PolicyProblems()
    for (hospital, value) in hospitals.sorted(by: { $0.key < $1.key }) {
      found.atLeast("coefficients.hospitals.\(hospital)", value, 0)
    }
    for (level, value) in byLevel.sorted(by: { $0.key < $1.key }) {
      found.atLeast("coefficients.byLevel.\(level)", value, 0)
    }
    for (name, value) in [
      ("hospitalWeight", hospitalWeight), ("levelWeight", levelWeight),
      ("higherLevelShare", higherLevelShare), ("lowerLevelShare", lowerLevelShare),
      ("default", self.default),
    ] {
      found.atLeast("coefficients.\(name)", value, 0)
    }
    if let floor { found.atLeast("coefficients.floor", floor, 0) }
    if let cap { found.atLeast("coefficients.cap", cap, 0) }
    found.ordered("coefficients.floor", floor, "coefficients.cap", cap)
    if method == .blend {
      if Set(levelOrder).count != levelOrder.count {
        found.add("coefficients.levelOrder must not repeat a level")
      }
      for (hospital, level) in levels.sorted(by: { $0.key < $1.key })
      where !levelOrder.contains(level) {
        found.add(
          "coefficients.levels: level '\(level)' of hospital \(hospital) is not in levelOrder \(levelOrder)"
        )
      }
    }
    return found.messages
  }
}

extension SettlementPolicy.PointValueLimits {
  /// Limits ≥ 0 and each floor ≤ its cap.
  func problems() -> [String] {
    var found = PolicyProblems()
    for (name, value) in [
      ("floor", floor), ("cap", cap), ("floorOfNominal", floorOfNominal),
      ("capOfNominal", capOfNominal),
    ] {
      if let value { found.atLeast("pointValue.\(name)", value, 0) }
    }
    found.ordered("pointValue.floor", floor, "pointValue.cap", cap)
    found.ordered(
      "pointValue.floorOfNominal", floorOfNominal, "pointValue.capOfNominal", capOfNominal)
    return found.messages
  }
}

extension SettlementPolicy.PerDiemCategory {
  /// Segments with 1 ≤ fromDay ≤ toDay and a rate ≥ 0 that do not overlap (a day belongs
  /// to at most one segment), and at least one DRG or ADRG.
  func problems(field: String) -> [String] {
    var found = PolicyProblems()
    if drgs.isEmpty && adrgs.isEmpty {
      found.add("\(field): give drgs or adrgs to select its cases")
    }
    for (index, segment) in segments.enumerated() {
      let name = "\(field).segments[\(index)]"
      if segment.fromDay < 1 { found.add("\(name).fromDay must be ≥ 1, found \(segment.fromDay)") }
      if let to = segment.toDay, to < segment.fromDay {
        found.add("\(name).toDay must be ≥ fromDay \(segment.fromDay), found \(to)")
      }
      let points = segment.pointsPerDay != nil || !segment.pointsPerDayByLevel.isEmpty
      if points == segment.inYuan {
        found.add(
          points
            ? "\(name): give a rate in points (pointsPerDay, pointsPerDayByLevel) or in yuan (yuanPerDay, yuanPerDayByLevel), not both"
            : "\(name): give a rate: pointsPerDay, pointsPerDayByLevel, yuanPerDay or yuanPerDayByLevel"
        )
      } else if segment.inYuan != segments[0].inYuan {
        found.add(
          "\(name): every segment of a category takes its rate in the same unit as segments[0]")
      }
      if let rate = segment.pointsPerDay { found.atLeast("\(name).pointsPerDay", rate, 0) }
      if let rate = segment.yuanPerDay { found.atLeast("\(name).yuanPerDay", rate, 0) }
      for (level, rate) in segment.pointsPerDayByLevel.sorted(by: { $0.key < $1.key }) {
        found.atLeast("\(name).pointsPerDayByLevel.\(level)", rate, 0)
      }
      for (level, rate) in segment.yuanPerDayByLevel.sorted(by: { $0.key < $1.key }) {
        found.atLeast("\(name).yuanPerDayByLevel.\(level)", rate, 0)
      }
    }
    let order = segments.indices.sorted { segments[$0].fromDay < segments[$1].fromDay }
    for (first, second) in zip(order, order.dropFirst()) {
      let end = segments[first].toDay ?? Int.max
      if end >= segments[second].fromDay {
        found.add(
          "\(field).segments[\(first)] and [\(second)] overlap: day \(segments[second].fromDay) is in both"
        )
      }
    }
    return found.messages
  }
}

/// Collects the messages of a policy check.
struct PolicyProblems {
  var messages: [String] = []

  mutating func add(_ message: String) { messages.append(message) }
  mutating func append(contentsOf more: [String]) { messages += more }

  private static func text(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
  }

  /// No policy number may exceed 10^15 (a budget in yuan, points, a coefficient): beyond
  /// it, amounts in fen no longer fit the settlement's whole numbers.
  static let largest = 1e15

  mutating func atLeast(_ field: String, _ value: Double, _ limit: Double) {
    if !(value >= limit) {
      add("\(field) must be ≥ \(Self.text(limit)), found \(Self.text(value))")
    } else if !(value <= Self.largest) {
      add("\(field) must be at most 10^15, found \(Self.text(value))")
    }
  }

  mutating func above(_ field: String, _ value: Double, _ limit: Double) {
    if !(value > limit) {
      add("\(field) must be above \(Self.text(limit)), found \(Self.text(value))")
    } else if !(value <= Self.largest) {
      add("\(field) must be at most 10^15, found \(Self.text(value))")
    }
  }

  mutating func within(_ field: String, _ value: Double, _ range: ClosedRange<Double>) {
    if !range.contains(value) {
      add(
        "\(field) must be in [\(Self.text(range.lowerBound)), \(Self.text(range.upperBound))], found \(Self.text(value))"
      )
    }
  }

  mutating func within(_ field: String, _ value: Double, _ range: Range<Double>) {
    if !range.contains(value) {
      add(
        "\(field) must be in [\(Self.text(range.lowerBound)), \(Self.text(range.upperBound))), found \(Self.text(value))"
      )
    }
  }

  /// A floor above its cap.
  mutating func ordered(_ floorField: String, _ floor: Double?, _ capField: String, _ cap: Double?)
  {
    if let floor, let cap, floor > cap {
      add("\(floorField) \(Self.text(floor)) is above \(capField) \(Self.text(cap))")
    }
  }
}
