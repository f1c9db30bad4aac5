/// Draws an index with given weights in constant time (Walker's alias method).
///
/// Built once from the weights; each draw takes one random number.
struct AliasTable: Sendable {
  private var probability: [Double]
  private var alias: [Int32]

  /// - Parameter weights: non-negative weights, at least one positive.
  init(weights: [Double]) {
    let count = weights.count
    precondition(count > 0, "an alias table needs at least one weight")
    let total = weights.reduce(0, +)
    precondition(total > 0, "an alias table needs a positive weight")
    var scaled = weights.map { $0 * Double(count) / total }
    probability = Array(repeating: 1, count: count)
    alias = Array(repeating: 0, count: count)
    var small: [Int] = []
    var large: [Int] = []
    for (index, value) in scaled.enumerated() {
      if value < 1 { small.append(index) } else { large.append(index) }
    }
    while let less = small.popLast() {
      guard let more = large.last else { break }
      probability[less] = scaled[less]
      alias[less] = Int32(more)
      scaled[more] -= 1 - scaled[less]
      if scaled[more] < 1 {
        large.removeLast()
        small.append(more)
      }
    }
    // Leftovers (rounding) keep probability 1.
  }

  var count: Int { probability.count }

  /// A random index, drawn with the table's weights.
  @inline(__always)
  func draw(_ random: inout SynthesisRandom) -> Int {
    let column = random.below(probability.count)
    return random.unit() < probability[column] ? column : Int(alias[column])
  }
}
