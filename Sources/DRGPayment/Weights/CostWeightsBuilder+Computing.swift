import DRGKit
import Dispatch
import Foundation

extension CostWeightsBuilder {
  /// Computes the weights of the cases added so far.
  ///
  /// DRGs are worked on in parallel (largest first); every sum is then taken in DRG-code
  /// order over values that do not depend on the number of threads, so the result is the
  /// same on any machine.
  ///
  /// - Complexity: O(n) in the number of cases (each DRG's costs are radix-sorted), plus
  ///   O(d log d) in the number of DRGs.
  public func build() -> CostWeights {
    var result = CostWeights(options: options)
    result.rowsRead = rowsRead
    result.excluded = excluded
    result.casesWithoutLOS = casesWithoutLOS
    let order = groups.indices.sorted { groups[$0].code < groups[$1].code }
    let statistics = computeStatistics(order: order)
    guard !statistics.isEmpty else { return result }

    var weightedSum = 0.0
    var weightedCount = 0.0
    for entry in statistics {
      result.cases += entry.all.count
      result.casesKept += entry.kept.count
      weightedSum += entry.weightedSum
      weightedCount += entry.weightedCount
    }
    let mean = weightedSum / weightedCount
    result.meanCost = mean

    // Relative weights before normalisation: own mean, or the ADRG's for borrowers.
    let pools = adrgPools(order: order, statistics: statistics)
    var weights: [Double] = []
    var sources: [WeightSource] = []
    for (position, entry) in statistics.enumerated() {
      let group = groups[order[position]]
      var source = WeightSource.own
      var groupMean = entry.meanCost
      if options.borrowFromADRG, entry.all.count < options.minimumCases,
        let pool = pools[group.adrg], pool.groups > 1, pool.cases >= options.minimumCases
      {
        source = .adrg
        groupMean = pool.sum / pool.count
      }
      weights.append(groupMean / mean)
      sources.append(source)
    }
    // k = Σ n_d / Σ n_d·RW_d over kept cases, so that the case-weighted mean RW is 1.
    var weightedKept = 0.0
    for (entry, weight) in zip(statistics, weights) {
      weightedKept += Double(entry.kept.count) * weight
    }
    result.normalisation = Double(result.casesKept) / weightedKept

    for (position, entry) in statistics.enumerated() {
      let group = groups[order[position]]
      let weight = weights[position] * result.normalisation
      result.totalWeight += entry.annualCases * weight
      result.groups.append(
        DRGWeight(
          drg: group.code, name: group.name, adrg: group.adrg, cases: entry.all.count,
          casesKept: entry.kept.count, meanCost: entry.meanCost, medianCost: entry.median,
          sdCost: entry.kept.sampleSD, cv: entry.kept.coefficientOfVariation,
          meanCostUntrimmed: entry.all.mean, cvUntrimmed: entry.all.coefficientOfVariation,
          meanLOS: entry.lengthOfStay.count > 0 ? entry.lengthOfStay.mean : nil,
          medianLOS: entry.medianLengthOfStay, casesWithLOS: entry.lengthOfStay.count,
          relativeWeight: weight, isLowVolume: entry.all.count < options.minimumCases,
          weightSource: sources[position], trimming: entry.trimming,
          annualCases: entry.annualCases, paymentStandard: nil))
    }
    if let budget = options.budget, result.totalWeight > 0 {
      let rate = budget / result.totalWeight
      result.baseRate = rate
      for index in result.groups.indices {
        result.groups[index].paymentStandard = rate * result.groups[index].relativeWeight
      }
    }
    result.quality = Self.quality(statistics)
    return result
  }

  /// Per-DRG statistics in `order`, computed in parallel.
  private func computeStatistics(order: [Int]) -> [DRGCostStatistics] {
    let slots = DRGStatisticsSlots<DRGCostStatistics>(count: order.count)
    let cases = groups
    let options = options
    // Largest DRGs first, so that the last ones to finish are small.
    let bySize = order.indices.sorted {
      cases[order[$0]].costs.count > cases[order[$1]].costs.count
    }
    DispatchQueue.concurrentPerform(iterations: bySize.count) { item in
      let position = bySize[item]
      slots.set(position, DRGCostStatistics(cases[order[position]], options: options))
    }
    return slots.values()
  }

  /// Kept-case sums of each ADRG, for borrowing.
  private func adrgPools(order: [Int], statistics: [DRGCostStatistics]) -> [String: ADRGCostPool] {
    guard options.borrowFromADRG else { return [:] }
    var pools: [String: ADRGCostPool] = [:]
    for (position, entry) in statistics.enumerated() {
      let adrg = groups[order[position]].adrg
      guard !adrg.isEmpty else { continue }
      pools[adrg, default: ADRGCostPool()].add(entry)
    }
    return pools
  }

  /// RIV on cost and log cost, before and after trimming, and the CV < 1 shares.
  static func quality(_ statistics: [DRGCostStatistics]) -> GroupingQuality {
    func riv(_ moments: (DRGCostStatistics) -> CostMoments) -> Double? {
      var sum = 0.0
      var count = 0
      for entry in statistics {
        sum += moments(entry).sum
        count += moments(entry).count
      }
      guard count > 0 else { return nil }
      let mean = sum / Double(count)
      var sums = CostVarianceSums()
      for entry in statistics {
        let group = moments(entry)
        let deviation = group.mean - mean
        sums.within += group.squares
        sums.between += Double(group.count) * deviation * deviation
      }
      return sums.riv
    }
    func shareBelowOne(_ moments: (DRGCostStatistics) -> CostMoments) -> Double? {
      let values = statistics.compactMap { moments($0).coefficientOfVariation }
      guard !values.isEmpty else { return nil }
      return Double(values.count { $0 < 1 }) / Double(values.count)
    }
    var quality = GroupingQuality()
    quality.rivUntrimmed = riv(\.all)
    quality.rivTrimmed = riv(\.kept)
    quality.logRIVUntrimmed = riv(\.logAll)
    quality.logRIVTrimmed = riv(\.logKept)
    quality.shareCVBelowOneUntrimmed = shareBelowOne(\.all)
    quality.shareCVBelowOneTrimmed = shareBelowOne(\.kept)
    return quality
  }
}

/// The kept cases of the DRGs of one ADRG.
struct ADRGCostPool {
  var sum = 0.0
  var count = 0.0
  /// Cases before trimming.
  var cases = 0
  var groups = 0

  mutating func add(_ entry: DRGCostStatistics) {
    sum += entry.weightedSum
    count += entry.weightedCount
    cases += entry.all.count
    groups += 1
  }
}

/// Results written by concurrent workers, one slot each.
final class DRGStatisticsSlots<Value>: @unchecked Sendable {
  private var storage: [Value?]
  private let lock = NSLock()

  init(count: Int) { storage = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Value) {
    lock.withLock { storage[index] = value }
  }

  func values() -> [Value] { lock.withLock { storage.map { $0! } } }
}
