import DRGKit
import Foundation

/// What settlement needs from a `drg weights` file: each DRG's RW and mean cost, and the
/// mean cost of all cases.
public struct PaymentWeights: Sendable, Equatable {
  /// One DRG's row of the weights file.
  public struct Group: Sendable, Equatable {
    /// The DRG's relative weight (RW).
    public var relativeWeight: Double
    /// Mean cost of the DRG's kept cases, yuan.
    public var meanCost: Double
    /// The DRG's cases kept after trimming.
    public var casesKept: Int

    /// A DRG's weight, mean cost in yuan and kept cases.
    public init(relativeWeight: Double, meanCost: Double, casesKept: Int) {
      self.relativeWeight = relativeWeight
      self.meanCost = meanCost
      self.casesKept = casesKept
    }
  }

  /// The DRGs by code.
  public var groups: [String: Group]
  /// DRG names by code, from the weights file's `name` column.
  public var names: [String: String] = [:]

  /// Weights of `groups`, without names.
  public init(groups: [String: Group]) { self.groups = groups }

  /// Mean cost of all kept cases: Σ kept × mean / Σ kept (`nil` without cases).
  public var meanCostAllCases: Double? {
    var cost = 0.0
    var cases = 0
    for group in groups.values where group.casesKept > 0 {
      cost += Double(group.casesKept) * group.meanCost
      cases += group.casesKept
    }
    return cases > 0 ? cost / Double(cases) : nil
  }

  /// Reads a weights file (columns by name: `drg`, `rw`, `mean_cost` required,
  /// `cases_kept` used when present).
  /// - Throws: ``FileError`` when it cannot be opened; ``RecordError`` for a missing column
  ///   or a value that is not a number.
  public init(path: String) throws {
    var groups: [String: Group] = [:]
    for row in try WeightsFile.read(path: path, needsMeanCost: true) {
      if !row.name.isEmpty { names[row.drg] = row.name }
      groups[row.drg] = Group(
        relativeWeight: row.relativeWeight, meanCost: row.meanCost ?? 0,
        casesKept: row.casesKept ?? 0)
    }
    self.groups = groups
  }
}
