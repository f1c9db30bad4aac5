import DRGKit

/// Rows left out of the weights, by reason. Each row counts under the first reason that
/// applies, in the order of the properties below.
public struct ExcludedCases: Sendable, Equatable {
  /// Rows that could not be read as CSV (broken quotes, a field count unlike the header's).
  public var unreadableRows = 0
  /// Status `ambiguous` (歧义组).
  public var ambiguous = 0
  /// Status `ungroupable`.
  public var ungroupable = 0
  /// Status `invalid`.
  public var invalid = 0
  /// A status other than the four `drg group` writes (empty included).
  public var otherStatus = 0
  /// Grouped, but the `drg` field is empty.
  public var missingDRG = 0
  /// The cost is empty or not a number.
  public var missingCost = 0
  /// The cost is 0.
  public var zeroCost = 0
  /// The cost is below 0.
  public var negativeCost = 0
  /// The cost is above ``largestCost`` (a typing error: no stay costs 10^10 yuan).
  public var costBeyondLimit = 0
  /// Year blending: no year could be read from the row.
  public var missingYear = 0
  /// Year blending: the row's year has no weight.
  public var yearNotWeighted = 0

  /// The largest cost used, in yuan (10^10). The weights file writes means with two
  /// decimals, and a mean of 10^18 yuan or more has more digits than a number read back
  /// from that file may have.
  public static let largestCost = 1e10

  /// No case excluded yet.
  public init() {}

  /// All rows left out.
  public var total: Int {
    reasons.reduce(0) { $0 + $1.count }
  }

  /// Every reason with its count, in a fixed order, zero counts included.
  public var reasons: [(reason: String, count: Int)] {
    [
      ("unreadable CSV rows", unreadableRows), ("ambiguous", ambiguous),
      ("ungroupable", ungroupable), ("invalid", invalid), ("other status", otherStatus),
      ("no DRG code", missingDRG), ("missing cost", missingCost), ("zero cost", zeroCost),
      ("negative cost", negativeCost), ("cost above 10^10 yuan", costBeyondLimit),
      ("no year", missingYear),
      ("year without a weight", yearNotWeighted),
    ]
  }

  /// Adds the counts of another part of the input.
  mutating func add(_ other: ExcludedCases) {
    unreadableRows += other.unreadableRows
    ambiguous += other.ambiguous
    ungroupable += other.ungroupable
    invalid += other.invalid
    otherStatus += other.otherStatus
    missingDRG += other.missingDRG
    missingCost += other.missingCost
    zeroCost += other.zeroCost
    negativeCost += other.negativeCost
    costBeyondLimit += other.costBeyondLimit
    missingYear += other.missingYear
    yearNotWeighted += other.yearNotWeighted
  }

  /// Counts a cost that is not usable; returns `false` for such a cost.
  @inline(__always)
  mutating func accept(cost: Double?) -> Bool {
    guard let cost, cost.isFinite else {
      missingCost += 1
      return false
    }
    if cost > 0 && cost <= Self.largestCost { return true }
    if cost > 0 {
      costBeyondLimit += 1
    } else if cost == 0 {
      zeroCost += 1
    } else {
      negativeCost += 1
    }
    return false
  }
}

extension ExcludedCases: GroupedRowSkips {}
