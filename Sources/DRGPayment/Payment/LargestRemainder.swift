import DRGKit

/// Whole-fen rounding that keeps a total (the largest-remainder method), shared by the
/// point-value apportionment and the splits of an alliance's payment.
enum LargestRemainder {
  /// `exact` amounts rounded down to whole fen, then the difference to `target` settled one
  /// fen at a time: added to the largest fractional parts first, or taken back from the
  /// smallest fractional parts first; ties go by position. The shares sum to `target`, except
  /// when taking fen back would push a share below zero (then every share is 0).
  static func round(_ exact: [Double], to target: Int64) -> [Int64] {
    var shares = exact.map { WholeNumber.roundedDown($0) }
    guard !shares.isEmpty else { return shares }
    var residual = target - shares.reduce(0, +)
    let order = exact.indices.sorted {
      let left = exact[$0] - exact[$0].rounded(.down)
      let right = exact[$1] - exact[$1].rounded(.down)
      return left != right ? left > right : $0 < $1
    }
    var index = 0
    while residual > 0 {
      shares[order[index % order.count]] += 1
      residual -= 1
      index += 1
    }
    index = order.count - 1
    var emptyInARow = 0
    while residual < 0, emptyInARow < order.count {
      let slot = order[(index % order.count + order.count) % order.count]
      if shares[slot] > 0 {
        shares[slot] -= 1
        residual += 1
        emptyInARow = 0
      } else {
        emptyInARow += 1
      }
      index -= 1
    }
    return shares
  }
}
