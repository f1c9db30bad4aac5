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
  /// parallel blocks by text id, then joined by DRG code (texts equal as Strings are one
  /// DRG, spelled as its first paid case spells it).
  public func drgSettlements() -> [DRGSettlement] {
    let texts = cases.texts
    // The row of every text id as a DRG (the same row for equal Strings); row 0 is the
    // cases without a DRG (status other than `grouped`, or an empty `drg`).
    var rowOfText = [Int32](repeating: -1, count: texts.count)
    var rowOfCode: [String: Int32] = ["": 0]
    var rowCount: Int32 = 1
    for id in cases.drgID where rowOfText[Int(id)] < 0 {
      let code = texts[Int(id)]
      if let row = rowOfCode[code] {
        rowOfText[Int(id)] = row
      } else {
        rowOfCode[code] = rowCount
        rowOfText[Int(id)] = rowCount
        rowCount += 1
      }
    }
    let grouped = texts.map { $0 == "grouped" }
    let rows = Int(rowCount)
    let blockSize = 262_144
    let blocks = (cases.count + blockSize - 1) / blockSize
    let parts = BlockResults<DRGSums>(count: max(blocks, 1))
    do {
      let rowOfText = rowOfText
      forEachBlock(count: cases.count, blockSize: blockSize) { block, range in
        var sums = DRGSums(rows: rows)
        for index in range where poolOfCase[index] >= 0 {
          let text = Int(cases.drgID[index])
          let row = grouped[Int(cases.statusID[index])] ? Int(rowOfText[text]) : 0
          sums.add(
            row: row, text: text, centipoints: prices.centipoints(at: index),
            paymentFen: paymentFen(ofCase: index),
            costFen: WholeNumber.rounded(cases.cost(at: index) * 100),
            selfPayFen: cases.patientFen(at: index))
        }
        parts.set(block, sums)
      }
    }
    var total = DRGSums(rows: rows)
    for block in 0..<blocks {
      if let part = parts.take(block) { total.merge(part) }
    }
    var result: [DRGSettlement] = []
    for row in 0..<rows where total.cases[row] > 0 {
      let drg = row == 0 ? "" : texts[Int(total.firstText[row])]
      var settlement = DRGSettlement(
        drg: drg, name: drg.isEmpty ? DRGSettlement.ungroupableName : drgNames[drg] ?? "")
      settlement.cases = total.cases[row]
      settlement.centipoints = total.centipoints[row]
      settlement.paymentFen = total.paymentFen[row]
      settlement.costFen = total.costFen[row]
      settlement.selfPayFen = total.selfPayFen[row]
      result.append(settlement)
    }
    // DRGs by code, the row without a DRG last.
    return result.sorted {
      ($0.drg.isEmpty ? 1 : 0, $0.drg) < ($1.drg.isEmpty ? 1 : 0, $1.drg)
    }
  }
}

/// Running sums per row of ``Settlement/drgSettlements()``, with the text id of each row's
/// first case (which spells its code).
private struct DRGSums {
  var cases: [Int]
  var centipoints: [Int64]
  var paymentFen: [Int64]
  var costFen: [Int64]
  var selfPayFen: [Int64]
  var firstText: [Int32]

  init(rows: Int) {
    cases = Array(repeating: 0, count: rows)
    centipoints = Array(repeating: 0, count: rows)
    paymentFen = centipoints
    costFen = centipoints
    selfPayFen = centipoints
    firstText = Array(repeating: -1, count: rows)
  }

  @inline(__always)
  mutating func add(
    row: Int, text: Int, centipoints: Int64, paymentFen: Int64, costFen: Int64,
    selfPayFen: Int64
  ) {
    if cases[row] == 0 { firstText[row] = Int32(text) }
    cases[row] += 1
    self.centipoints[row] += centipoints
    self.paymentFen[row] += paymentFen
    self.costFen[row] += costFen
    self.selfPayFen[row] += selfPayFen
  }

  /// Adds the sums of a later block.
  mutating func merge(_ other: DRGSums) {
    for row in cases.indices where other.cases[row] > 0 {
      if cases[row] == 0 { firstText[row] = other.firstText[row] }
      cases[row] += other.cases[row]
      centipoints[row] += other.centipoints[row]
      paymentFen[row] += other.paymentFen[row]
      costFen[row] += other.costFen[row]
      selfPayFen[row] += other.selfPayFen[row]
    }
  }
}
