import Foundation

/// How the cost and time consumption indices combine DRGs (payment-formulas.md §5).
public enum ConsumptionIndexForm: String, Sendable, CaseIterable {
  /// Σ_d n_{h,d}·(m_{h,d} / m_{r,d}) / Σ_d n_{h,d}: every case counts alike (the default).
  case meanOfRatios = "mean_of_ratios"
  /// Σ_d n_{h,d}·m_{h,d} / Σ_d n_{h,d}·m_{r,d}: actual over standard; costly DRGs weigh more.
  case ratioOfSums = "ratio_of_sums"
}

/// The mortality risk class of a DRG, from the z-score of its log regional mortality.
public enum RiskClass: String, Sendable, CaseIterable {
  /// z < −1, and every DRG without a death in the region.
  case low
  /// −1 ≤ z < 0.
  case midLow = "mid_low"
  /// 0 ≤ z < 1.
  case midHigh = "mid_high"
  /// z ≥ 1.
  case high
}

/// One DRG's regional mortality and risk class.
public struct DRGRisk: Sendable, Equatable {
  public var drg: String
  public var cases: Int
  public var deaths: Int
  /// deaths / cases.
  public var mortality: Double { cases > 0 ? Double(deaths) / Double(cases) : 0 }
  /// z of ln(mortality) among the DRGs with deaths; `nil` for a DRG without deaths.
  public var z: Double?
  public var riskClass: RiskClass
}

/// Observed against expected deaths of one unit in the DRGs of one risk class (indirect
/// standardisation): expected = Σ_d cases_{h,d} × regional mortality_d.
public struct StandardisedMortality: Sendable, Equatable {
  public var cases = 0
  public var deaths = 0
  public var expected = 0.0
  /// deaths / cases.
  public var mortality: Double? { cases > 0 ? Double(deaths) / Double(cases) : nil }
  /// Observed / expected; `nil` when nothing is expected.
  public var ratio: Double? { expected > 0 ? Double(deaths) / expected : nil }
  /// The exact Poisson 95 % interval of the observed count, divided by the expected.
  public var ratioInterval: (lower: Double, upper: Double)? {
    guard expected > 0 else { return nil }
    let interval = ExactStatistics.poissonInterval(observed: deaths)
    return (interval.lower / expected, interval.upper / expected)
  }
  /// Two-sided exact Poisson test of deaths against expected.
  public var p: Double { ExactStatistics.poissonTestP(observed: deaths, expected: expected) }

  public static func == (a: Self, b: Self) -> Bool {
    a.cases == b.cases && a.deaths == b.deaths && a.expected == b.expected
  }
}

/// The indices of one hospital (or department).
public struct UnitComparison: Sendable {
  public var unit: String
  /// Every row of the unit, whatever its status.
  public var cases = 0
  /// Cases grouped to a DRG.
  public var groupedCases = 0
  public var ambiguousCases = 0
  public var ungroupableCases = 0
  public var invalidCases = 0
  /// Distinct DRGs with at least one case.
  public var drgGroups = 0
  /// Grouped cases whose DRG has a weight.
  public var weightedCases = 0
  /// Σ RW over the weighted cases.
  public var totalWeight = 0.0
  /// Total weight / weighted cases.
  public var cmi: Double? { weightedCases > 0 ? totalWeight / Double(weightedCases) : nil }
  public var costIndex: [ConsumptionIndexForm: Double] = [:]
  public var timeIndex: [ConsumptionIndexForm: Double] = [:]
  public var deaths = 0
  public var mortality: Double? { cases > 0 ? Double(deaths) / Double(cases) : nil }
  public var ungroupableRate: Double? {
    cases > 0 ? Double(ungroupableCases) / Double(cases) : nil
  }
  public var ambiguousRate: Double? { cases > 0 ? Double(ambiguousCases) / Double(cases) : nil }
  public var lowRisk = StandardisedMortality()
  public var midLowRisk = StandardisedMortality()
  /// Cases with a cost outside their DRG's regional fences, left out of the consumption
  /// indices (0 when untrimmed).
  public var indexCasesTrimmed = 0
}

/// Summary statistics of one sample of costs or lengths of stay.
public struct SampleSummary: Sendable, Equatable {
  public var count = 0
  public var mean = 0.0
  /// Sample standard deviation (n − 1); `nil` below 2 values.
  public var sd: Double?
  public var median = 0.0
  /// Quartiles (type 7) and extremes, for box plots.
  public var lowerQuartile = 0.0
  public var upperQuartile = 0.0
  public var minimum = 0.0
  public var maximum = 0.0
  /// Tukey whiskers: the smallest and largest values within 1.5 × IQR of the quartiles
  /// (Q1 − 1.5·IQR ≤ value ≤ Q3 + 1.5·IQR).
  public var lowerWhisker = 0.0
  public var upperWhisker = 0.0
  /// Values beyond the whiskers.
  public var outliers = 0
}

/// Whether a unit's mean differs significantly from the region's.
public enum DifferenceFlag: String, Sendable {
  case higher, lower
}

/// A unit's cost or length of stay in one DRG against the region.
public struct ValueComparison: Sendable, Equatable {
  public var unit: SampleSummary
  public var region: SampleSummary
  /// 95 % interval of the unit's mean: mean ± t(0.975; n − 1)·sd/√n; `nil` below 2 values.
  public var interval: (lower: Double, upper: Double)? {
    guard unit.count >= 2, let sd = unit.sd else { return nil }
    let half = ExactStatistics.t975(degrees: unit.count - 1) * sd / Double(unit.count).squareRoot()
    return (unit.mean - half, unit.mean + half)
  }
  /// `higher` when the region's mean lies below the interval, `lower` when above it.
  public var flag: DifferenceFlag? {
    guard let interval else { return nil }
    if region.mean < interval.lower { return .higher }
    if region.mean > interval.upper { return .lower }
    return nil
  }

  public static func == (a: Self, b: Self) -> Bool { a.unit == b.unit && a.region == b.region }
}

/// One unit in one DRG.
public struct CellComparison: Sendable {
  public var drg: String
  public var unit: String
  /// Cases grouped to the DRG (with or without a cost).
  public var cases: Int
  public var deaths: Int
  public var cost: ValueComparison
  public var lengthOfStay: ValueComparison
}

/// `drg compare`: hospitals (or departments) within DRGs.
///
/// Region benchmarks are the pooled cases of every unit in the input, so the file should
/// hold the whole region. Costs count when above 0, lengths of stay when ≥ 0. The
/// consumption indices use the regional means of the cases kept by ``trimming``; the
/// per-DRG cells (means, medians, intervals, flags) describe every case, untrimmed.
public struct HospitalComparison: Sendable {
  public var units: [UnitComparison]
  /// DRGs with at least one grouped case, ordered by code.
  public var risks: [DRGRisk]
  /// Unit × DRG cells with at least one case, ordered by DRG code then unit.
  public var cells: [CellComparison]
  /// Grouped cases whose DRG is not in the weights file.
  public var casesWithoutWeight = 0
  public var totalCases = 0
  /// The basis of the consumption indices.
  public var trimming: IndexTrimming
  /// Cases left out of the consumption indices as cost outliers, all units.
  public var indexCasesTrimmed: Int { units.reduce(0) { $0 + $1.indexCasesTrimmed } }

  /// The statement of how cells are flagged, for outputs.
  public static let flagMethod =
    "95% CI of the unit's mean = mean ± t(0.975, n−1)·sd/√n (n ≥ 2); flagged higher/lower when the region's mean (all units pooled) lies outside it"

  /// - Parameter trimming: the basis of the consumption indices (default: trimmed, IQR
  ///   fences on log cost, k = 1.5, DRGs with at least 5 cases).
  public init(
    cases: ComparisonCases, weights: WeightsTable?, trimming: IndexTrimming = .default
  ) {
    self.trimming = trimming
    let unitCount = cases.unitNames.count
    let drgCount = cases.drgCodes.count
    totalCases = cases.count
    var units = cases.unitNames.map { UnitComparison(unit: $0) }
    let cellCount = unitCount * drgCount
    var cellCases = [Int32](repeating: 0, count: cellCount)
    var cellDeaths = [Int32](repeating: 0, count: cellCount)
    var cellOfCase = [Int32](repeating: -1, count: cases.count)
    for index in 0..<cases.count {
      let unit = Int(cases.units[index])
      let died = cases.deaths[index]
      units[unit].cases += 1
      if died { units[unit].deaths += 1 }
      switch GroupingStatus(rawValue: cases.statuses[index]) {
      case .ambiguous: units[unit].ambiguousCases += 1
      case .ungroupable: units[unit].ungroupableCases += 1
      case .invalid, nil: units[unit].invalidCases += 1
      case .grouped: break
      }
      let drg = Int(cases.drgs[index])
      guard drg >= 0 else { continue }
      units[unit].groupedCases += 1
      let cell = drg * unitCount + unit
      cellOfCase[index] = Int32(cell)
      cellCases[cell] += 1
      if died { cellDeaths[cell] += 1 }
    }

    // Risk classes.
    var drgCases = [Int](repeating: 0, count: drgCount)
    var drgDeaths = [Int](repeating: 0, count: drgCount)
    for drg in 0..<drgCount {
      for unit in 0..<unitCount {
        drgCases[drg] += Int(cellCases[drg * unitCount + unit])
        drgDeaths[drg] += Int(cellDeaths[drg * unitCount + unit])
      }
    }
    risks = Self.riskClasses(codes: cases.drgCodes, cases: drgCases, deaths: drgDeaths)

    // Weights.
    let rw: [Double?] = cases.drgCodes.map { weights?.weights[$0] }
    for drg in 0..<drgCount {
      let mortality = risks[drg].mortality
      for unit in 0..<unitCount {
        let n = Int(cellCases[drg * unitCount + unit])
        guard n > 0 else { continue }
        units[unit].drgGroups += 1
        if let weight = rw[drg] {
          units[unit].weightedCases += n
          units[unit].totalWeight += Double(n) * weight
        } else {
          casesWithoutWeight += n
        }
        let deaths = Int(cellDeaths[drg * unitCount + unit])
        switch risks[drg].riskClass {
        case .low:
          units[unit].lowRisk.cases += n
          units[unit].lowRisk.deaths += deaths
          units[unit].lowRisk.expected += Double(n) * mortality
        case .midLow:
          units[unit].midLowRisk.cases += n
          units[unit].midLowRisk.deaths += deaths
          units[unit].midLowRisk.expected += Double(n) * mortality
        default: break
        }
      }
    }

    // Cost and LOS per cell and per DRG.
    // Cost and LOS are independent: two threads.
    final class Results: @unchecked Sendable {
      var cost = CellStatistics()
      var stay = CellStatistics()
    }
    let results = Results()
    let cellsOfCases = cellOfCase
    DispatchQueue.concurrentPerform(iterations: 2) { task in
      if task == 0 {
        results.cost = Self.statistics(
          values: cases.costs, cells: cellsOfCases, unitCount: unitCount, drgCount: drgCount,
          trimming: trimming)
      } else {
        results.stay = Self.statistics(
          values: cases.lengthsOfStay.map(Double.init), cells: cellsOfCases,
          unitCount: unitCount, drgCount: drgCount, trimming: nil)
      }
    }
    let costStats = results.cost
    let losStats = results.stay

    let kept = Self.keptSums(
      cases: cases, cells: cellOfCase, cellCount: cellCount, fences: costStats.fences)
    for unit in 0..<unitCount { units[unit].indexCasesTrimmed = kept.trimmedByUnit[unit] }
    var regionCost = [KeptSum](repeating: KeptSum(), count: drgCount)
    var regionStay = regionCost
    for drg in 0..<drgCount {
      for unit in 0..<unitCount {
        regionCost[drg].add(kept.cost[drg * unitCount + unit])
        regionStay[drg].add(kept.stay[drg * unitCount + unit])
      }
    }

    var cells: [CellComparison] = []
    var costSums = [IndexSums](repeating: IndexSums(), count: unitCount)
    var losSums = costSums
    /// Only DRGs with a regional benchmark (kept cases with a mean above 0) count.
    func accumulate(_ sums: inout [IndexSums], unit: Int, _ cell: KeptSum, _ region: KeptSum) {
      guard cell.count > 0, region.count > 0, region.mean > 0 else { return }
      let n = Double(cell.count)
      sums[unit].ratios += n * cell.mean / region.mean
      sums[unit].n += n
      sums[unit].actual += n * cell.mean
      sums[unit].standard += n * region.mean
    }
    let order = (0..<drgCount).sorted { cases.drgCodes[$0] < cases.drgCodes[$1] }
    let unitOrder = (0..<unitCount).sorted { cases.unitNames[$0] < cases.unitNames[$1] }
    for drg in order {
      for unit in unitOrder {
        let cell = drg * unitCount + unit
        guard cellCases[cell] > 0 else { continue }
        let cost = ValueComparison(unit: costStats.cells[cell], region: costStats.drgs[drg])
        let stay = ValueComparison(unit: losStats.cells[cell], region: losStats.drgs[drg])
        accumulate(&costSums, unit: unit, kept.cost[cell], regionCost[drg])
        accumulate(&losSums, unit: unit, kept.stay[cell], regionStay[drg])
        cells.append(
          CellComparison(
            drg: cases.drgCodes[drg], unit: cases.unitNames[unit], cases: Int(cellCases[cell]),
            deaths: Int(cellDeaths[cell]), cost: cost, lengthOfStay: stay))
      }
    }
    for unit in 0..<unitCount {
      if costSums[unit].n > 0 {
        units[unit].costIndex[.meanOfRatios] = costSums[unit].ratios / costSums[unit].n
        units[unit].costIndex[.ratioOfSums] = costSums[unit].actual / costSums[unit].standard
      }
      if losSums[unit].n > 0 {
        units[unit].timeIndex[.meanOfRatios] = losSums[unit].ratios / losSums[unit].n
        units[unit].timeIndex[.ratioOfSums] = losSums[unit].actual / losSums[unit].standard
      }
    }
    self.units = unitOrder.map { units[$0] }
    self.cells = cells
    self.risks = order.filter { drgCases[$0] > 0 }.map { risks[$0] }
  }

  /// Count and sum of the kept values of a cell or DRG.
  struct KeptSum {
    var count = 0
    var sum = 0.0
    var mean: Double { count > 0 ? sum / Double(count) : 0 }

    mutating func add(_ other: KeptSum) {
      count += other.count
      sum += other.sum
    }
  }

  /// Per cell, the sums of the costs and lengths of stay of the cases that are not cost
  /// outliers of their DRG (`fences` nil: no trimming), and per unit the outliers.
  static func keptSums(
    cases: ComparisonCases, cells: [Int32], cellCount: Int, fences: [ClosedRange<Double>?]
  ) -> (cost: [KeptSum], stay: [KeptSum], trimmedByUnit: [Int]) {
    var cost = [KeptSum](repeating: KeptSum(), count: cellCount)
    var stay = cost
    var trimmed = [Int](repeating: 0, count: cases.unitNames.count)
    for index in 0..<cases.count {
      let cell = Int(cells[index])
      guard cell >= 0 else { continue }
      let value = cases.costs[index]
      if value.isFinite {
        if let range = fences[Int(cases.drgs[index])], !range.contains(value) {
          trimmed[Int(cases.units[index])] += 1
          continue
        }
        cost[cell].count += 1
        cost[cell].sum += value
      }
      let days = cases.lengthsOfStay[index]
      if days.isFinite {
        stay[cell].count += 1
        stay[cell].sum += Double(days)
      }
    }
    return (cost, stay, trimmed)
  }

  private struct IndexSums {
    var ratios = 0.0
    var n = 0.0
    var actual = 0.0
    var standard = 0.0
  }

  /// Risk classes from regional mortality m_d: z_d = (ln m_d − mean ln m) / sd ln m over the
  /// DRGs with at least one death (sample sd); DRGs without a death have no z and are low
  /// risk (ln 0 is undefined; they are the lowest-risk groups). When fewer than two DRGs
  /// have deaths, or their mortalities are all equal, every z is 0 (mid-high).
  public static func riskClasses(codes: [String], cases: [Int], deaths: [Int]) -> [DRGRisk] {
    var logs: [Double] = []
    for index in codes.indices where deaths[index] > 0 && cases[index] > 0 {
      logs.append(log(Double(deaths[index]) / Double(cases[index])))
    }
    let mean = logs.isEmpty ? 0 : logs.reduce(0, +) / Double(logs.count)
    var sd = 0.0
    if logs.count >= 2 {
      sd = (logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count - 1))
        .squareRoot()
    }
    return codes.indices.map { index in
      guard deaths[index] > 0, cases[index] > 0 else {
        return DRGRisk(
          drg: codes[index], cases: cases[index], deaths: deaths[index], z: nil, riskClass: .low)
      }
      let value = log(Double(deaths[index]) / Double(cases[index]))
      let z = sd > 0 ? (value - mean) / sd : 0
      let riskClass: RiskClass =
        z < -1 ? .low : z < 0 ? .midLow : z < 1 ? .midHigh : .high
      return DRGRisk(
        drg: codes[index], cases: cases[index], deaths: deaths[index], z: z, riskClass: riskClass)
    }
  }

  /// Summaries per cell and per DRG, and each DRG's trimming fences.
  struct CellStatistics {
    var cells: [SampleSummary] = []
    var drgs: [SampleSummary] = []
    /// The kept values of each DRG (all cases tied with an end value included); nil when
    /// the DRG is not trimmed.
    var fences: [ClosedRange<Double>?] = []
  }

  /// Count, mean, sd and median of the finite `values` in each cell (drg × unitCount + unit)
  /// and in each DRG (all units pooled), and with `trimming` the fences of each DRG's
  /// values (which must then be above 0). Values are sorted cell by cell after a counting
  /// sort on the cell.
  static func statistics(
    values: [Double], cells: [Int32], unitCount: Int, drgCount: Int, trimming: IndexTrimming?
  ) -> CellStatistics {
    let cellCount = unitCount * drgCount
    var starts = [Int](repeating: 0, count: cellCount + 1)
    for index in values.indices where cells[index] >= 0 && values[index].isFinite {
      starts[Int(cells[index]) + 1] += 1
    }
    for cell in 0..<cellCount { starts[cell + 1] += starts[cell] }
    var sorted = [Double](repeating: 0, count: starts[cellCount])
    var next = starts
    for index in values.indices where cells[index] >= 0 && values[index].isFinite {
      let cell = Int(cells[index])
      sorted[next[cell]] = values[index]
      next[cell] += 1
    }
    var cellSummaries = [SampleSummary](repeating: SampleSummary(), count: cellCount)
    var drgSummaries = [SampleSummary](repeating: SampleSummary(), count: drgCount)
    var fences = [ClosedRange<Double>?](repeating: nil, count: drgCount)
    var scratch: [Double] = []
    sorted.withUnsafeMutableBufferPointer { buffer in
      for drg in 0..<drgCount {
        for cell in (drg * unitCount)..<((drg + 1) * unitCount) {
          let range = starts[cell]..<starts[cell + 1]
          guard !range.isEmpty else { continue }
          buffer[range].sort()
          cellSummaries[cell] = summary(UnsafeBufferPointer(rebasing: buffer[range]))
        }
        let range = starts[drg * unitCount]..<starts[(drg + 1) * unitCount]
        guard !range.isEmpty else { continue }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: buffer[range])
        scratch.sort()
        drgSummaries[drg] = scratch.withUnsafeBufferPointer { summary($0) }
        if let trimming, trimming.isTrimmed {
          fences[drg] = keptValues(sorted: scratch, trimming: trimming)
        }
      }
    }
    return CellStatistics(cells: cellSummaries, drgs: drgSummaries, fences: fences)
  }

  /// The values ``CostTrimming`` keeps of ascending `sorted` (all above 0), or nil when it
  /// keeps them all.
  static func keptValues(sorted: [Double], trimming: IndexTrimming) -> ClosedRange<Double>? {
    let logs = sorted.map { Foundation.log($0) }
    let (range, _) = CostTrimming.keptRange(
      sorted: sorted, logs: logs, logMoments: CostMoments(logs[...]), method: trimming.method,
      minimumCases: trimming.minimumCases)
    guard range.count < sorted.count, !range.isEmpty else { return nil }
    return sorted[range.lowerBound]...sorted[range.upperBound - 1]
  }

  /// Summary of sorted values.
  static func summary(_ sorted: UnsafeBufferPointer<Double>) -> SampleSummary {
    let n = sorted.count
    guard n > 0 else { return SampleSummary() }
    var sum = 0.0
    for value in sorted { sum += value }
    let mean = sum / Double(n)
    var sd: Double?
    if n >= 2 {
      var squares = 0.0
      for value in sorted { squares += (value - mean) * (value - mean) }
      sd = (squares / Double(n - 1)).squareRoot()
    }
    let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    func quantile(_ p: Double) -> Double {
      let position = p * Double(n - 1)
      let low = Int(position)
      let high = min(low + 1, n - 1)
      return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
    }
    let q1 = quantile(0.25)
    let q3 = quantile(0.75)
    let lowFence = q1 - 1.5 * (q3 - q1)
    let highFence = q3 + 1.5 * (q3 - q1)
    var low = 0
    while sorted[low] < lowFence { low += 1 }
    var high = n - 1
    while sorted[high] > highFence { high -= 1 }
    return SampleSummary(
      count: n, mean: mean, sd: sd, median: median, lowerQuartile: q1, upperQuartile: q3,
      minimum: sorted[0], maximum: sorted[n - 1], lowerWhisker: sorted[low],
      upperWhisker: sorted[high], outliers: low + (n - 1 - high))
  }
}
