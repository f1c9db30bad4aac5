import DRGKit
import Foundation

/// The statistics of one DRG's cases: trimming, cost moments before and after it, LOS of
/// the kept cases, and the (year-weighted) sums the weights are made from.
struct DRGCostStatistics: Sendable {
  /// Costs of all cases.
  var all = CostMoments()
  /// Log costs of all cases.
  var logAll = CostMoments()
  /// Costs of the kept cases.
  var kept = CostMoments()
  /// Log costs of the kept cases.
  var logKept = CostMoments()
  var median = 0.0
  var trimming = TrimmingOutcome.notTrimmed(.methodNone)
  /// LOS of the kept cases that have one (count, sum and mean).
  var lengthOfStay = CostMoments()
  var medianLengthOfStay: Double?
  /// `Σ_y w_y·S_y` over the kept cases (`S` without blending).
  var weightedSum = 0.0
  /// `Σ_y w_y·n_y` over the kept cases (`n` without blending).
  var weightedCount = 0.0
  /// Cases per year: all cases, or `Σ_y w_y·n_y / Σ_y w_y` over all cases when blending.
  var annualCases = 0.0

  /// The blended (or plain) mean cost of the kept cases.
  var meanCost: Double { weightedSum / weightedCount }

  /// Computes the statistics of `group` (which must have at least one case).
  ///
  /// - Complexity: O(n) (radix sorts); memory for a sorted copy of the costs, the sort's
  ///   scratch, their logarithms and the kept lengths of stay.
  init(_ group: GroupCases, options: WeightsOptions) {
    let costs = group.costs
    let count = costs.count
    precondition(count > 0, "a DRG without cases")
    var sorted = costs
    FloatRadixSort.sort(&sorted)
    let logs = sorted.map { Foundation.log($0) }
    all = CostMoments(sorted[...])
    logAll = CostMoments(logs[...])
    let (range, outcome) = CostTrimming.keptRange(
      sorted: sorted, logs: logs, logMoments: logAll, method: options.trimming,
      minimumCases: options.minimumCasesToTrim)
    trimming = outcome
    kept = CostMoments(sorted[range])
    logKept = CostMoments(logs[range])
    median = CostQuantile.median(sorted[range])

    // The kept cases are exactly those between the smallest and largest kept cost, ties
    // included, so they can be picked out of the unsorted arrays by value.
    let low = sorted[range.lowerBound]
    let high = sorted[range.upperBound - 1]
    var stays: [Float] = []
    stays.reserveCapacity(range.count)
    let stayValues = group.lengthsOfStay
    var staySum = 0.0
    for index in 0..<count {
      let cost = costs[index]
      let stay = stayValues[index]
      if cost >= low, cost <= high, !stay.isNaN {
        // `+ 0` turns a −0 into +0 for the radix sort.
        stays.append(stay + 0)
        staySum += Double(stay)
      }
    }
    if !stays.isEmpty {
      lengthOfStay.count = stays.count
      lengthOfStay.sum = staySum
      lengthOfStay.mean = staySum / Double(stays.count)
      FloatRadixSort.sort(&stays)
      medianLengthOfStay = CostQuantile.median(stays)
    }

    guard let years = options.yearWeights else {
      weightedSum = kept.sum
      weightedCount = Double(kept.count)
      annualCases = Double(count)
      return
    }
    var keptSums = [Double](repeating: 0, count: years.years.count)
    var keptCounts = [Int](repeating: 0, count: years.years.count)
    var allCounts = [Int](repeating: 0, count: years.years.count)
    let yearOf = group.years
    for index in 0..<count {
      let year = Int(yearOf[index])
      let cost = costs[index]
      allCounts[year] += 1
      if cost >= low, cost <= high {
        keptSums[year] += cost
        keptCounts[year] += 1
      }
    }
    var totalWeight = 0.0
    var weightedAll = 0.0
    for (year, weight) in years.weights.enumerated() {
      weightedSum += weight * keptSums[year]
      weightedCount += weight * Double(keptCounts[year])
      weightedAll += weight * Double(allCounts[year])
      totalWeight += weight
    }
    annualCases = weightedAll / totalWeight
  }
}
