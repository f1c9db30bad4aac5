import DRGKit

/// Collects grouped cases in memory and computes their cost weights.
///
/// Cases are kept per DRG as compact arrays (a `Double` cost and a `Float` length of stay
/// per case, plus a year index when blending), since medians and trimming need every cost.
///
/// ```swift
/// var builder = CostWeightsBuilder(options: WeightsOptions(budget: 5_000_000))
/// builder.add(drg: "ES15", name: "呼吸系统感染/炎症", adrg: "ES1", cost: 8_250, lengthOfStay: 7)
/// builder.add(drg: "FR13", status: .ungroupable, cost: 4_100, lengthOfStay: 3)  // counted, left out
/// let weights = builder.build()
/// print(weights["ES15"]?.relativeWeight ?? 0, weights.baseRate ?? 0)
/// ```
public struct CostWeightsBuilder: Sendable {
  /// What to compute.
  public let options: WeightsOptions
  /// Cases per DRG, in order of first appearance.
  private(set) var groups: [GroupCases] = []
  private var index: [String: Int] = [:]
  /// Rows left out, by reason.
  var excluded = ExcludedCases()
  /// Rows read or cases added.
  var rowsRead = 0
  /// Cases used that have no usable length of stay.
  var casesWithoutLOS = 0

  /// A builder with `options`, before any case is added.
  public init(options: WeightsOptions = WeightsOptions()) {
    self.options = options
  }

  /// Number of DRGs with at least one case so far.
  public var groupCount: Int { groups.count }

  /// Adds one case as `drg group` reports it.
  ///
  /// The case is left out, and counted in ``CostWeights/excluded``, when its status is not
  /// `grouped`, its DRG code is empty, its cost is missing, zero or negative, or, when years
  /// are blended, its year is missing or has no weight. A missing or negative length of stay
  /// keeps the case for cost and leaves it out of the LOS statistics.
  ///
  /// - Parameters:
  ///   - drg: the DRG code; surrounding blanks are ignored.
  ///   - name: the DRG's name; the first one given for a code is used.
  ///   - adrg: the DRG's ADRG code, for ``WeightsOptions/borrowFromADRG``.
  ///   - status: the grouping status.
  ///   - cost: the case's total cost in yuan.
  ///   - lengthOfStay: days.
  ///   - year: the discharge year, needed when ``WeightsOptions/yearWeights`` is set.
  public mutating func add(
    drg: String, name: String = "", adrg: String = "", status: GroupingStatus = .grouped,
    cost: Double?, lengthOfStay: Double?, year: Int? = nil
  ) {
    rowsRead += 1
    guard status == .grouped else {
      excluded.count(status)
      return
    }
    let code = drg.trimmingBlanks
    guard !code.isEmpty else {
      excluded.missingDRG += 1
      return
    }
    guard excluded.accept(cost: cost), let cost else { return }
    var yearIndex: UInt8 = 0
    if let years = options.yearWeights {
      guard let year else {
        excluded.missingYear += 1
        return
      }
      guard let position = years.index(of: year) else {
        excluded.yearNotWeighted += 1
        return
      }
      yearIndex = UInt8(position)
    }
    let stay: Float
    if let lengthOfStay, lengthOfStay.isFinite, lengthOfStay >= 0 {
      stay = Float(lengthOfStay)
    } else {
      stay = .nan
      casesWithoutLOS += 1
    }
    let group = group(code: code, name: name.trimmingBlanks, adrg: adrg.trimmingBlanks)
    append(group: group, cost: cost, lengthOfStay: stay, year: yearIndex)
  }

  /// The index of DRG `code`, registering it with its name and ADRG when new.
  mutating func group(code: String, name: String, adrg: String) -> Int {
    if let found = index[code] { return found }
    index[code] = groups.count
    groups.append(GroupCases(code: code, name: name, adrg: adrg))
    return groups.count - 1
  }

  /// Appends an accepted case (cost > 0; LOS `nan` when missing; year index when blending).
  @inline(__always)
  mutating func append(group: Int, cost: Double, lengthOfStay: Float, year: UInt8) {
    groups[group].costs.append(cost)
    groups[group].lengthsOfStay.append(lengthOfStay)
    if options.yearWeights != nil { groups[group].years.append(year) }
  }

  /// Adds the counts of rows that were read elsewhere (the file reader's workers).
  mutating func count(rows: Int, excluded other: ExcludedCases, withoutLOS: Int) {
    rowsRead += rows
    excluded.add(other)
    casesWithoutLOS += withoutLOS
  }
}

/// The accepted cases of one DRG, as parallel arrays in input order.
struct GroupCases: Sendable {
  var code: String
  var name: String
  var adrg: String
  /// Costs in yuan, all > 0.
  var costs: [Double] = []
  /// Lengths of stay in days; `nan` when missing.
  var lengthsOfStay: [Float] = []
  /// Index into ``YearWeights/years`` of each case, when blending; else empty.
  var years: [UInt8] = []
}
