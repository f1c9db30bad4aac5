import DRGKit
import DRGPayment
import Foundation

/// `drg compare THIS.csv --versus LAST.csv`: each unit's CMI, cost and time indices and
/// mortality in two periods, the change, and the DRGs that drive each change.
///
/// Each change is split exactly into per-DRG contributions that add up to it:
/// - CMI (same weights for both periods, so the change is case mix only):
///   c_d = n_d·rw_d / W − n'_d·rw_d / W', W the unit's weighted cases, ' the last period.
/// - CEI and TEI (mean of ratios): c_d = T_d / N − T'_d / N', T_d = Σ over the unit's kept
///   cases in d of value / regional mean of d in that period, N = Σ_d kept cases.
/// - Mortality: c_d = deaths_d / cases − deaths'_d / cases'; deaths outside any DRG
///   (ungroupable, ambiguous, invalid) form the driver `(no DRG)`.
public struct YearOverYear: Sendable {
  /// The indicators whose change is explained.
  public enum Indicator: String, Sendable, CaseIterable {
    case cmi, cei, tei, mortality
  }

  /// One DRG's part of a unit's change.
  public struct Driver: Sendable, Equatable {
    /// The DRG code, or `(no DRG)` for deaths outside any DRG.
    public var drg: String
    /// c_d: the DRG's part of the change (this period − last); the parts add up to it.
    public var contribution: Double
  }

  /// One unit in both periods.
  public struct Change: Sendable {
    /// The unit (hospital id or department).
    public var unit: String
    /// The unit this period (`nil`: no cases in it).
    public var this: UnitComparison?
    /// The unit last period (`nil`: no cases in it).
    public var last: UnitComparison?
    /// Every DRG's contribution per indicator, largest |contribution| first.
    public var drivers: [Indicator: [Driver]] = [:]

    /// The indicator in each period.
    public func values(_ indicator: Indicator) -> (this: Double?, last: Double?) {
      func value(_ entry: UnitComparison?) -> Double? {
        guard let entry else { return nil }
        switch indicator {
        case .cmi: return entry.cmi
        case .cei: return entry.costIndex[.meanOfRatios]
        case .tei: return entry.timeIndex[.meanOfRatios]
        case .mortality: return entry.mortality
        }
      }
      return (value(this), value(last))
    }
  }

  /// Every unit of either period, one change each.
  public var changes: [Change]

  /// - Parameter weights: the one weights table both periods' CMI use (nil: no CMI).
  public init(this: HospitalComparison, last: HospitalComparison, weights: WeightsTable?) {
    var thisUnits: [String: UnitComparison] = [:]
    for entry in this.units { thisUnits[entry.unit] = entry }
    var lastUnits: [String: UnitComparison] = [:]
    for entry in last.units { lastUnits[entry.unit] = entry }
    var thisCells: [String: [CellComparison]] = [:]
    for cell in this.cells { thisCells[cell.unit, default: []].append(cell) }
    var lastCells: [String: [CellComparison]] = [:]
    for cell in last.cells { lastCells[cell.unit, default: []].append(cell) }
    let names = Set(thisUnits.keys).union(lastUnits.keys).sorted()
    changes = names.map { name in
      var change = Change(unit: name, this: thisUnits[name], last: lastUnits[name])
      let now = thisCells[name] ?? []
      let before = lastCells[name] ?? []
      for indicator in Indicator.allCases {
        var parts: [String: Double] = [:]
        Self.add(indicator, now, thisUnits[name], weights, sign: 1, into: &parts)
        Self.add(indicator, before, lastUnits[name], weights, sign: -1, into: &parts)
        change.drivers[indicator] = parts.map { Driver(drg: $0.key, contribution: $0.value) }
          .sorted { (abs($0.contribution), $1.drg) > (abs($1.contribution), $0.drg) }
      }
      return change
    }
  }

  /// Adds `sign` × each cell's share of the indicator of `unit` into `parts`.
  private static func add(
    _ indicator: Indicator, _ cells: [CellComparison], _ unit: UnitComparison?,
    _ weights: WeightsTable?, sign: Double, into parts: inout [String: Double]
  ) {
    guard let unit else { return }
    switch indicator {
    case .cmi:
      guard let weights, unit.weightedCases > 0 else { return }
      for cell in cells {
        guard let rw = weights.weights[cell.drg] else { continue }
        parts[cell.drg, default: 0] +=
          sign * Double(cell.cases) * rw / Double(unit.weightedCases)
      }
    case .cei, .tei:
      let cost = indicator == .cei
      let total = cells.reduce(0) { $0 + (cost ? $1.costIndexCases : $1.timeIndexCases) }
      guard total > 0 else { return }
      for cell in cells {
        let term = cost ? cell.costIndexTerm : cell.timeIndexTerm
        parts[cell.drg, default: 0] += sign * term / Double(total)
      }
    case .mortality:
      guard unit.cases > 0 else { return }
      var inDRGs = 0
      for cell in cells {
        inDRGs += cell.deaths
        parts[cell.drg, default: 0] += sign * Double(cell.deaths) / Double(unit.cases)
      }
      if unit.deaths > inDRGs {
        parts["(no DRG)", default: 0] += sign * Double(unit.deaths - inDRGs) / Double(unit.cases)
      }
    }
  }

  /// The files ``write(to:unit:top:)`` writes.
  public static let fileNames = ["versus.csv", "versus_drivers.csv"]

  /// versus.csv: per unit, each indicator this period, last period and the change, with the
  /// `top` driving DRGs named; versus_drivers.csv: every DRG's contribution, per unit and
  /// indicator, largest first. Names end the rows: `hospital_name` (with `hospitals`, for
  /// hospitals) in both files, before it `drg_name` in versus_drivers.csv.
  public func write(
    to directory: String, unit: ComparisonUnit, top: Int, drgNames: [String: String] = [:],
    hospitals: HospitalTable? = nil
  ) throws {
    let hospitals = unit == .hospital ? hospitals : nil
    let nameColumn = hospitals != nil ? ["hospital_name"] : []
    try FileError.makeDirectory(directory)
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    var header = [unit.rawValue, "cases_this", "cases_last"]
    for indicator in Indicator.allCases {
      let name = indicator.rawValue + (indicator == .mortality ? "_pct" : "")
      header += ["\(name)_this", "\(name)_last", "\(name)_change", "\(indicator.rawValue)_drivers"]
    }
    var writer = try CSVWriter(path: path(Self.fileNames[0]))
    HospitalComparison.appendRow(header + nameColumn, to: writer)
    for change in changes {
      var fields = [
        change.unit, change.this.map { String($0.cases) } ?? "0",
        change.last.map { String($0.cases) } ?? "0",
      ]
      for indicator in Indicator.allCases {
        let scale = indicator == .mortality ? 100.0 : 1
        let (now, before) = change.values(indicator)
        let difference = now.flatMap { a in before.map { a - $0 } }
        let drivers = (change.drivers[indicator] ?? []).prefix(top).filter { $0.contribution != 0 }
          .map { "\($0.drg) \(CostWeights.fixed(scale * $0.contribution, 4))" }
        fields += [
          CostWeights.fixed(now.map { scale * $0 }, 4),
          CostWeights.fixed(before.map { scale * $0 }, 4),
          CostWeights.fixed(difference.map { scale * $0 }, 4), drivers.joined(separator: "; "),
        ]
      }
      if let hospitals { fields.append(hospitals.name(of: change.unit)) }
      HospitalComparison.appendRow(fields, to: writer)
    }
    try writer.finish()

    writer = try CSVWriter(path: path(Self.fileNames[1]))
    HospitalComparison.appendRow(
      [unit.rawValue, "indicator", "rank", "drg", "contribution", "drg_name"] + nameColumn,
      to: writer)
    for change in changes {
      for indicator in Indicator.allCases {
        let scale = indicator == .mortality ? 100.0 : 1
        for (rank, driver) in (change.drivers[indicator] ?? []).enumerated()
        where driver.contribution != 0 {
          HospitalComparison.appendRow(
            [
              change.unit, indicator == .mortality ? "mortality_pct" : indicator.rawValue,
              String(rank + 1), driver.drg, CostWeights.fixed(scale * driver.contribution, 6),
              drgNames[driver.drg] ?? "",
            ] + (hospitals.map { [$0.name(of: change.unit)] } ?? []), to: writer)
        }
      }
      try writer.flushIfNeeded()
    }
    try writer.finish()
  }
}
