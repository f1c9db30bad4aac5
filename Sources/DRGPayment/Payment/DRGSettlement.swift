import DRGKit
import Foundation

/// One DRG's result over every pool (`drgs.csv`, the report's 盈亏 table): its paid cases,
/// points, payment (Σ case payments, points × PV) and cost, and the balance
/// (盈亏 = payment − cost).
///
/// The paid cases without a DRG — status other than `grouped` (ungroupable, ambiguous) or
/// an empty `drg`, whatever code the grouper wrote for them (e.g. `0000`) — are summed in
/// one row with an empty code and the name ``ungroupableName``, listed last.
public struct DRGSettlement: Sendable, Equatable {
  /// The name of the row of the cases without a DRG.
  public static let ungroupableName = "不能入组 ungroupable"
  /// The DRG code; "" for the row of the cases without one.
  public var drg: String
  /// The DRG's name (from ``Settlement/drgNames``, "" when unknown); ``ungroupableName`` for
  /// the row of the cases without a DRG.
  public var name: String
  /// Paid cases in the DRG (all pools).
  public var cases = 0
  /// Σ points of those cases, in hundredths.
  public var centipoints: Int64 = 0
  /// Σ case payments (points × the pool's point value, or the yuan price), fen.
  public var paymentFen: Int64 = 0
  /// Σ actual costs of those cases, fen.
  public var costFen: Int64 = 0
  /// What the patients paid, fen.
  public var selfPayFen: Int64 = 0
  /// Payment − cost (positive: the DRG's payment exceeds its cost).
  public var balanceFen: Int64 { paymentFen - costFen }
}

extension Settlement {
  /// Per-DRG sums of the paid cases (excluded ones left out), ordered by DRG code; summed in
  /// parallel blocks.
  public func drgSettlements() -> [DRGSettlement] {
    let blockSize = 262_144
    let blocks = (cases.count + blockSize - 1) / blockSize
    let parts = BlockResults<[String: DRGSettlement]>(count: max(blocks, 1))
    do {
      forEachBlock(count: cases.count, blockSize: blockSize) { block, range in
        var sums: [String: DRGSettlement] = [:]
        for index in range where poolOfCase[index] >= 0 {
          let drg = cases.status(at: index) == "grouped" ? cases.drg(at: index) : ""
          let costFen = WholeNumber.rounded(cases.cost(at: index) * 100)
          let paymentFen = paymentFen(ofCase: index)
          let centipoints = prices.centipoints(at: index)
          sums[drg, default: DRGSettlement(drg: drg, name: "")].add(
            centipoints: centipoints, paymentFen: paymentFen, costFen: costFen,
            selfPayFen: cases.patientFen(at: index))
        }
        parts.set(block, sums)
      }
    }
    var total: [String: DRGSettlement] = [:]
    for block in 0..<blocks {
      for (drg, part) in parts.take(block) ?? [:] {
        let name = drg.isEmpty ? DRGSettlement.ungroupableName : drgNames[drg] ?? ""
        total[drg, default: DRGSettlement(drg: drg, name: name)].merge(part)
      }
    }
    // DRGs by code, the row without a DRG last.
    return total.values.sorted {
      ($0.drg.isEmpty ? 1 : 0, $0.drg) < ($1.drg.isEmpty ? 1 : 0, $1.drg)
    }
  }
}

extension DRGSettlement {
  fileprivate mutating func add(
    centipoints: Int64, paymentFen: Int64, costFen: Int64, selfPayFen: Int64
  ) {
    cases += 1
    self.selfPayFen += selfPayFen
    self.centipoints += centipoints
    self.paymentFen += paymentFen
    self.costFen += costFen
  }

  fileprivate mutating func merge(_ other: DRGSettlement) {
    cases += other.cases
    centipoints += other.centipoints
    paymentFen += other.paymentFen
    costFen += other.costFen
    selfPayFen += other.selfPayFen
  }
}
