import DRGKit
import DRGPayment
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
  /// z < −1.
  case low
  /// −1 ≤ z < 0.
  case midLow = "mid_low"
  /// 0 ≤ z < 1.
  case midHigh = "mid_high"
  /// z ≥ 1.
  case high
  /// Not in the reference period (`--reference`): in no class, so in no O/E.
  case unclassified

  /// The class of a z-score.
  public init(z: Double) {
    self = z < -1 ? .low : z < 0 ? .midLow : z < 1 ? .midHigh : .high
  }
}

/// One DRG's mortality and risk class.
public struct DRGRisk: Sendable, Equatable {
  /// The DRG code.
  public var drg: String
  /// Cases and deaths of the compared file.
  public var cases: Int
  /// Deaths (`leaving` 5) among those cases.
  public var deaths: Int
  /// deaths / cases in the compared file.
  public var mortality: Double { cases > 0 ? Double(deaths) / Double(cases) : 0 }
  /// Cases and deaths the class and the expected mortality come from: the compared file's,
  /// or with `--reference` the base period's (0 when the DRG is not in it).
  public var basisCases: Int
  /// Deaths the class and the expected mortality come from (see ``basisCases``).
  public var basisDeaths: Int
  /// basisDeaths / basisCases: the mortality expected deaths are computed with.
  public var basisMortality: Double {
    basisCases > 0 ? Double(basisDeaths) / Double(basisCases) : 0
  }
  /// For a DRG without a death in its basis: the one-sided 97.5 % upper bound of its
  /// mortality, 1 − 0.025^(1/n) (Clopper–Pearson for 0 of n), which it is classed by.
  public var zeroDeathUpperBound: Double?
  /// z of ln(mortality) — or of ln(upper bound) for a DRG without deaths — among the DRGs
  /// with deaths; `nil` when unclassified.
  public var z: Double?
  /// The class the DRG's z puts it in (``RiskClass/unclassified`` when not in the reference).
  public var riskClass: RiskClass

  /// A DRG's risk; the basis counts default to the compared file's `cases` and `deaths`.
  public init(
    drg: String, cases: Int, deaths: Int, basisCases: Int? = nil, basisDeaths: Int? = nil,
    zeroDeathUpperBound: Double? = nil, z: Double?, riskClass: RiskClass
  ) {
    self.drg = drg
    self.cases = cases
    self.deaths = deaths
    self.basisCases = basisCases ?? cases
    self.basisDeaths = basisDeaths ?? deaths
    self.zeroDeathUpperBound = zeroDeathUpperBound
    self.z = z
    self.riskClass = riskClass
  }
}

/// Cases and deaths per DRG of a base period (`drg compare --reference`), which risk
/// classes and expected mortality then come from.
public struct RiskReference: Sendable, Equatable {
  /// Cases per DRG code in the base period.
  public var cases: [String: Int] = [:]
  /// Deaths per DRG code in the base period.
  public var deaths: [String: Int] = [:]
  /// Where it was read from, for outputs.
  public var source: String

  /// An empty reference read from `source` (filled DRG by DRG).
  public init(source: String) { self.source = source }

  /// The grouped cases of `cases` per DRG.
  public init(cases comparison: ComparisonCases, source: String) {
    self.source = source
    let codes = comparison.drgCodes
    var counts = [Int](repeating: 0, count: codes.count)
    var deaths = counts
    for index in 0..<comparison.count {
      let drg = Int(comparison.drgs[index])
      guard drg >= 0 else { continue }
      counts[drg] += 1
      if comparison.deaths[index] { deaths[drg] += 1 }
    }
    for (drg, code) in codes.enumerated() where counts[drg] > 0 {
      self.cases[code] = counts[drg]
      self.deaths[code] = deaths[drg]
    }
  }
}

/// Observed against expected deaths of one unit in the DRGs of one risk class (indirect
/// standardisation): expected = Σ_d cases_{h,d} × regional mortality_d.
public struct StandardisedMortality: Sendable, Equatable {
  /// The unit's cases in the DRGs of the class.
  public var cases = 0
  /// Observed deaths among them.
  public var deaths = 0
  /// Expected deaths: Σ_d cases_{h,d} × the DRG's basis mortality.
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
  /// O/E is read as reliable only from 5 expected deaths on; below, one death more or less
  /// moves it by more than 0.2.
  public var isReliable: Bool { expected >= 5 }
  /// Two-sided exact Poisson test of deaths against expected.
  public var p: Double { ExactStatistics.poissonTestP(observed: deaths, expected: expected) }

  /// Equal when cases, deaths and expected are (the derived values follow from them).
  public static func == (a: Self, b: Self) -> Bool {
    a.cases == b.cases && a.deaths == b.deaths && a.expected == b.expected
  }
}

/// The indices of one hospital (or department).
public struct UnitComparison: Sendable {
  /// The hospital's id (or the department's name).
  public var unit: String
  /// Every row of the unit, whatever its status.
  public var cases = 0
  /// Cases grouped to a DRG.
  public var groupedCases = 0
  /// Cases with status `ambiguous` (an MDC's ambiguous group, 歧义组).
  public var ambiguousCases = 0
  /// Cases with status `ungroupable` (no MDC yielded an ADRG).
  public var ungroupableCases = 0
  /// Cases with status `invalid` (failed an input check) or an unknown status.
  public var invalidCases = 0
  /// Distinct DRGs with at least one case.
  public var drgGroups = 0
  /// Grouped cases whose DRG has a weight.
  public var weightedCases = 0
  /// Σ RW over the weighted cases.
  public var totalWeight = 0.0
  /// Total weight / weighted cases.
  public var cmi: Double? { weightedCases > 0 ? totalWeight / Double(weightedCases) : nil }
  /// The cost consumption index (费用消耗指数, §5 of payment-formulas.md) per form; no entry
  /// when the unit has no case with a regional benchmark.
  public var costIndex: [ConsumptionIndexForm: Double] = [:]
  /// The time consumption index (时间消耗指数), the same on lengths of stay.
  public var timeIndex: [ConsumptionIndexForm: Double] = [:]
  /// Deaths (`leaving` 5) among the unit's cases.
  public var deaths = 0
  /// Deaths / cases; `nil` without cases.
  public var mortality: Double? { cases > 0 ? Double(deaths) / Double(cases) : nil }
  /// Ungroupable cases / cases; `nil` without cases.
  public var ungroupableRate: Double? {
    cases > 0 ? Double(ungroupableCases) / Double(cases) : nil
  }
  /// Ambiguous cases / cases; `nil` without cases.
  public var ambiguousRate: Double? { cases > 0 ? Double(ambiguousCases) / Double(cases) : nil }
  /// Observed against expected deaths in the low-risk DRGs (低风险组死亡率).
  public var lowRisk = StandardisedMortality()
  /// Observed against expected deaths in the mid-low-risk DRGs (中低风险组).
  public var midLowRisk = StandardisedMortality()
  /// Cases with a cost outside their DRG's regional fences, left out of the consumption
  /// indices (0 when untrimmed).
  public var indexCasesTrimmed = 0
}

/// Summary statistics of one sample of costs or lengths of stay.
public struct SampleSummary: Sendable, Equatable {
  /// Values in the sample.
  public var count = 0
  /// Arithmetic mean (0 for an empty sample).
  public var mean = 0.0
  /// Sample standard deviation (n − 1); `nil` below 2 values.
  public var sd: Double?
  /// Median (type 7; 0 for an empty sample).
  public var median = 0.0
  /// Quartiles (type 7) and extremes, for box plots.
  public var lowerQuartile = 0.0
  /// Third quartile (type 7).
  public var upperQuartile = 0.0
  /// Smallest value.
  public var minimum = 0.0
  /// Largest value.
  public var maximum = 0.0
  /// Tukey whiskers: the smallest and largest values within 1.5 × IQR of the quartiles
  /// (Q1 − 1.5·IQR ≤ value ≤ Q3 + 1.5·IQR).
  public var lowerWhisker = 0.0
  /// The largest value within Q3 + 1.5·IQR.
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
  /// The unit's own values in the DRG.
  public var unit: SampleSummary
  /// Every unit's values in the DRG pooled (what the box plots show).
  public var region: SampleSummary
  /// The values the unit is compared with (``BenchmarkBasis``): the other units' values
  /// (leave-one-out, the default) or the pooled region's.
  public var benchmark = Moments()
  /// exp(mean ln value) of the unit and of the benchmark; `nil` for lengths of stay (which
  /// can be 0) and empty samples.
  public var geometricMean: Double?
  /// exp(mean ln value) of the benchmark (see ``geometricMean``).
  public var benchmarkGeometricMean: Double?
  /// The comparison with the benchmark; `nil` when either side has fewer than 2 values or
  /// no spread.
  public var test: DifferenceTest?

  /// A comparison of the unit's and the region's summaries; benchmark and test filled later.
  public init(unit: SampleSummary, region: SampleSummary) {
    self.unit = unit
    self.region = region
  }

  /// `higher` or `lower` when the unit differs from the benchmark after false-discovery
  /// control (see ``HospitalComparison/flagMethod``).
  public var flag: DifferenceFlag? { test?.flag }

  /// Equal when the summaries, the benchmark and the test are (the geometric means follow
  /// from the values).
  public static func == (a: Self, b: Self) -> Bool {
    a.unit == b.unit && a.region == b.region && a.benchmark == b.benchmark && a.test == b.test
  }
}

/// One unit in one DRG.
public struct CellComparison: Sendable {
  /// The DRG code.
  public var drg: String
  /// The unit (hospital id or department).
  public var unit: String
  /// Cases grouped to the DRG (with or without a cost).
  public var cases: Int
  /// Deaths among the cell's cases.
  public var deaths: Int
  /// The cell's costs (yuan) against the benchmark.
  public var cost: ValueComparison
  /// The cell's lengths of stay (days) against the benchmark.
  public var lengthOfStay: ValueComparison
  /// The cell's share of the mean-of-ratios indices: kept cases n and Σ over them of
  /// value / regional mean (n·m_hd/m_rd); 0 when the DRG has no regional benchmark. A
  /// unit's CEI is Σ cost term / Σ cost n over its cells, and likewise TEI.
  public var costIndexCases = 0
  /// Σ cost / regional mean over the kept cases (CEI term).
  public var costIndexTerm = 0.0
  /// Kept cases with a length of stay (TEI's n).
  public var timeIndexCases = 0
  /// Σ length of stay / regional mean over them (TEI term).
  public var timeIndexTerm = 0.0
}

/// `drg compare`: hospitals (or departments) within DRGs.
///
/// Region benchmarks are the pooled cases of every unit in the input, so the file should
/// hold the whole region. Costs count when above 0, lengths of stay when ≥ 0. The
/// consumption indices use the regional means of the cases kept by ``trimming``; the
/// per-DRG cells (means, medians, intervals, flags) describe every case, untrimmed.
public struct HospitalComparison: Sendable {
  /// One row per unit, in order of the units' names.
  public var units: [UnitComparison]
  /// The hospitals file (`--hospitals`), when given: adds `hospital_name` to the per-unit
  /// file.
  public var hospitalTable: HospitalTable?
  /// DRG names by code (the grouped file's `drg_name`, else the weights file's `name`),
  /// for the `drg_name` column of the per-DRG files.
  public var drgNames: [String: String] = [:]
  /// DRGs with at least one grouped case, ordered by code.
  public var risks: [DRGRisk]
  /// Unit × DRG cells with at least one case, ordered by DRG code then unit.
  public var cells: [CellComparison]
  /// Grouped cases whose DRG is not in the weights file.
  public var casesWithoutWeight = 0
  /// Every case of the file (all statuses).
  public var totalCases = 0
  /// The basis of the consumption indices.
  public var trimming: IndexTrimming
  /// Cases left out of the consumption indices as cost outliers, all units.
  public var indexCasesTrimmed: Int { units.reduce(0) { $0 + $1.indexCasesTrimmed } }

  /// How cells are tested and flagged.
  public var options: ComparisonOptions
  /// Funnel plots of CEI, TEI (mean of ratios) and low-risk O/E, with shrunken values.
  public var funnels: [Funnel] = []
  /// Whether a weights file was given (CMI and total weight need one).
  public var hasWeights: Bool
  /// The peer group these units were compared within (`--peers level`: e.g. `level=3`);
  /// `nil` when the region is every unit of the file.
  public var peerGroup: String?
  /// Per DRG index of the cases compared: the regional means of the kept costs and
  /// lengths of stay behind the indices (0 without kept values), and the cost fences
  /// (nil: untrimmed). ``DepartmentView`` reuses them.
  var regionCostMeans: [Double] = []
  var regionStayMeans: [Double] = []
  var costFences: [ClosedRange<Double>?] = []

  /// The funnel of one indicator.
  public func funnel(_ indicator: FunnelIndicator) -> Funnel? {
    funnels.first { $0.indicator == indicator }
  }
  /// Cells in the false-discovery family (cost; LOS), and of them the flagged ones.
  public var testedCells = (cost: 0, lengthOfStay: 0)
  /// Cells flagged higher or lower (cost; LOS).
  public var flaggedCells = (cost: 0, lengthOfStay: 0)

  /// The statement of how cells are tested and flagged, for outputs.
  public var flagMethod: String {
    let interval: String
    switch options.interval {
    case .log:
      interval =
        "cost: ratio of the unit's geometric mean to the benchmark's, 95% CI exp(d ± t(0.975, df)·se) from Welch's t on ln cost"
    case .t:
      interval =
        "cost: ratio of the unit's mean to the benchmark's, 95% CI (m_u ± t(0.975, df)·se)/m_b from Welch's t"
    case .bootstrap:
      interval =
        "cost: ratio of the unit's mean to the benchmark's, 95% percentile bootstrap CI (\(options.bootstrapReplicates) resamples of both samples)"
    }
    return
      "\(interval); LOS: ratio of means with Welch's t on days; benchmark \(options.benchmark.description); Benjamini–Hochberg q over every cell with ≥ \(options.minimumCases) cases, flagged higher/lower at q < \(CostWeights.fixed(options.falseDiscoveryRate, 3))"
  }

  /// - Parameters:
  ///   - trimming: the basis of the consumption indices (default: trimmed, IQR fences on
  ///     log cost, k = 1.5, DRGs with at least 5 cases).
  ///   - options: how the unit × DRG cells are tested and flagged.
  public init(
    cases: ComparisonCases, weights: WeightsTable?, trimming: IndexTrimming = .default,
    options: ComparisonOptions = ComparisonOptions()
  ) {
    self.trimming = trimming
    self.options = options
    hasWeights = weights != nil
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
    if let reference = options.reference {
      let codes = reference.cases.keys.sorted()
      let base = Self.riskClasses(
        codes: codes, cases: codes.map { reference.cases[$0] ?? 0 },
        deaths: codes.map { reference.deaths[$0] ?? 0 })
      let byCode = Dictionary(uniqueKeysWithValues: base.map { ($0.drg, $0) })
      risks = cases.drgCodes.indices.map { drg in
        let code = cases.drgCodes[drg]
        guard let basis = byCode[code] else {
          return DRGRisk(
            drg: code, cases: drgCases[drg], deaths: drgDeaths[drg], basisCases: 0,
            basisDeaths: 0, z: nil, riskClass: .unclassified)
        }
        var risk = basis
        risk.cases = drgCases[drg]
        risk.deaths = drgDeaths[drg]
        return risk
      }
    } else {
      risks = Self.riskClasses(codes: cases.drgCodes, cases: drgCases, deaths: drgDeaths)
    }

    // Weights.
    let rw: [Double?] = cases.drgCodes.map { weights?.weights[$0] }
    for drg in 0..<drgCount {
      let mortality = risks[drg].basisMortality
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
          trimming: trimming,
          testing: CellTesting(
            method: options.interval, benchmark: options.benchmark,
            replicates: options.bootstrapReplicates))
      } else {
        results.stay = Self.statistics(
          values: cases.lengthsOfStay.map(Double.init), cells: cellsOfCases,
          unitCount: unitCount, drgCount: drgCount, trimming: nil,
          testing: CellTesting(method: .t, benchmark: options.benchmark, replicates: 0))
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

    regionCostMeans = regionCost.map(\.mean)
    regionStayMeans = regionStay.map(\.mean)
    costFences = costStats.fences
    var cells: [CellComparison] = []
    var costSums = [IndexSums](repeating: IndexSums(), count: unitCount)
    var losSums = costSums
    /// Only DRGs with a regional benchmark (kept cases with a mean above 0) count. Returns
    /// the cell's kept cases and ratio term.
    @discardableResult
    func accumulate(_ sums: inout [IndexSums], unit: Int, _ cell: KeptSum, _ region: KeptSum)
      -> (Int, Double)
    {
      guard cell.count > 0, region.count > 0, region.mean > 0 else { return (0, 0) }
      let n = Double(cell.count)
      sums[unit].ratios += n * cell.mean / region.mean
      sums[unit].n += n
      sums[unit].actual += n * cell.mean
      sums[unit].standard += n * region.mean
      return (cell.count, n * cell.mean / region.mean)
    }
    let order = (0..<drgCount).sorted { cases.drgCodes[$0] < cases.drgCodes[$1] }
    let unitOrder = (0..<unitCount).sorted { cases.unitNames[$0] < cases.unitNames[$1] }
    for drg in order {
      for unit in unitOrder {
        let cell = drg * unitCount + unit
        guard cellCases[cell] > 0 else { continue }
        var cost = ValueComparison(unit: costStats.cells[cell], region: costStats.drgs[drg])
        cost.benchmark = costStats.benchmarks[cell]
        cost.geometricMean = costStats.geometricMeans[cell]
        cost.benchmarkGeometricMean = costStats.benchmarkGeometricMeans[cell]
        cost.test = costStats.tests[cell]
        var stay = ValueComparison(unit: losStats.cells[cell], region: losStats.drgs[drg])
        stay.benchmark = losStats.benchmarks[cell]
        stay.test = losStats.tests[cell]
        let costTerm = accumulate(&costSums, unit: unit, kept.cost[cell], regionCost[drg])
        let stayTerm = accumulate(&losSums, unit: unit, kept.stay[cell], regionStay[drg])
        var entry = CellComparison(
          drg: cases.drgCodes[drg], unit: cases.unitNames[unit], cases: Int(cellCases[cell]),
          deaths: Int(cellDeaths[cell]), cost: cost, lengthOfStay: stay)
        (entry.costIndexCases, entry.costIndexTerm) = costTerm
        (entry.timeIndexCases, entry.timeIndexTerm) = stayTerm
        cells.append(entry)
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
    let orderedUnits = unitOrder.map { units[$0] }
    funnels = [
      Self.indexFunnel(
        .costIndex, units: orderedUnits, sums: unitOrder.map { costSums[$0] },
        spread: Self.ratioVariance(regionCost), \.costIndex),
      Self.indexFunnel(
        .timeIndex, units: orderedUnits, sums: unitOrder.map { losSums[$0] },
        spread: Self.ratioVariance(regionStay), \.timeIndex),
      Funnel.poisson(
        units: orderedUnits.map { ($0.unit, $0.lowRisk.deaths, $0.lowRisk.expected) }),
    ]
    testedCells.cost = Self.controlFalseDiscoveries(
      &cells, \.cost, options: options, flagged: &flaggedCells.cost)
    testedCells.lengthOfStay = Self.controlFalseDiscoveries(
      &cells, \.lengthOfStay, options: options, flagged: &flaggedCells.lengthOfStay)
    self.units = unitOrder.map { units[$0] }
    self.cells = cells
    self.risks = order.filter { drgCases[$0] > 0 }.map { risks[$0] }
  }

  /// The pooled within-DRG variance of per-case ratios r_i = x_i / m_d over the DRGs with
  /// a benchmark: Σ_d Σ_i (x_i/m_d − 1)² / (N − D), with Σ_i (x_i/m_d − 1)² =
  /// (Σx² − 2·m_d·Σx + n_d·m_d²) / m_d². `nil` when N ≤ D.
  static func ratioVariance(_ region: [KeptSum]) -> Double? {
    var squares = 0.0
    var cases = 0
    var groups = 0
    for drg in region where drg.count > 0 && drg.mean > 0 {
      let m = drg.mean
      squares += (drg.squares - 2 * m * drg.sum + Double(drg.count) * m * m) / (m * m)
      cases += drg.count
      groups += 1
    }
    guard cases > groups else { return nil }
    return max(0, squares) / Double(cases - groups)
  }

  /// The funnel of a mean-of-ratios index: value CEI (or TEI) of each unit, volume its
  /// cases in the index N_h, standard error σ_r / √N_h under the target 1.
  static func indexFunnel(
    _ indicator: FunnelIndicator, units: [UnitComparison], sums: [IndexSums], spread: Double?,
    _ index: KeyPath<UnitComparison, [ConsumptionIndexForm: Double]>
  ) -> Funnel {
    guard let spread else { return Funnel.normal(indicator: indicator, units: []) }
    var entries: [(name: String, volume: Double, value: Double, se: Double)] = []
    for (unit, sum) in zip(units, sums) {
      guard sum.n > 0, let value = unit[keyPath: index][.meanOfRatios] else { continue }
      entries.append((unit.unit, sum.n, value, (spread / sum.n).squareRoot()))
    }
    return Funnel.normal(indicator: indicator, units: entries)
  }

  /// Benjamini–Hochberg over the tests of every cell with at least the minimum number of
  /// values: sets their q-values and flags; returns how many cells were in the family.
  static func controlFalseDiscoveries(
    _ cells: inout [CellComparison], _ value: WritableKeyPath<CellComparison, ValueComparison>,
    options: ComparisonOptions, flagged: inout Int
  ) -> Int {
    let family = cells.indices.filter {
      cells[$0][keyPath: value].test != nil
        && cells[$0][keyPath: value].unit.count >= options.minimumCases
    }
    let q = FalseDiscovery.qValues(family.map { cells[$0][keyPath: value].test!.p })
    flagged = 0
    for (position, index) in family.enumerated() {
      cells[index][keyPath: value].test!.q = q[position]
      guard q[position] < options.falseDiscoveryRate else { continue }
      let ratio = cells[index][keyPath: value].test!.ratio
      cells[index][keyPath: value].test!.flag = ratio > 1 ? .higher : .lower
      flagged += 1
    }
    return family.count
  }

  /// Count and sum of the kept values of a cell or DRG.
  struct KeptSum {
    var count = 0
    var sum = 0.0
    /// Σ value², for the spread of per-case ratios behind the funnel limits.
    var squares = 0.0
    var mean: Double { count > 0 ? sum / Double(count) : 0 }

    mutating func add(_ other: KeptSum) {
      count += other.count
      sum += other.sum
      squares += other.squares
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
        cost[cell].squares += value * value
      }
      let days = cases.lengthsOfStay[index]
      if days.isFinite {
        stay[cell].count += 1
        stay[cell].sum += Double(days)
        stay[cell].squares += Double(days) * Double(days)
      }
    }
    return (cost, stay, trimmed)
  }

  struct IndexSums {
    var ratios = 0.0
    var n = 0.0
    var actual = 0.0
    var standard = 0.0
  }

  /// Risk classes from regional mortality m_d: z_d = (ln m_d − mean ln m) / sd ln m, mean
  /// and sd (sample) over the DRGs with at least one death. A DRG without a death is not
  /// low risk on that alone: it is classed by the z of ln u_d, where
  /// u_d = 1 − 0.025^(1/n_d) is the one-sided 97.5 % upper bound of its mortality (0 deaths
  /// in n_d cases), so only a DRG with enough cases to make a low mortality credible is low.
  /// When fewer than two DRGs have deaths, or their mortalities are all equal, every z is 0
  /// (mid-high).
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
      let n = cases[index]
      guard n > 0 else {
        return DRGRisk(
          drg: codes[index], cases: 0, deaths: 0, z: nil, riskClass: .unclassified)
      }
      var bound: Double?
      let rate: Double
      if deaths[index] > 0 {
        rate = Double(deaths[index]) / Double(n)
      } else {
        let upper = 1 - pow(0.025, 1 / Double(n))
        bound = upper
        rate = upper
      }
      let z = sd > 0 ? (log(rate) - mean) / sd : 0
      return DRGRisk(
        drg: codes[index], cases: n, deaths: deaths[index], zeroDeathUpperBound: bound, z: z,
        riskClass: RiskClass(z: z))
    }
  }

  /// Summaries per cell and per DRG, each DRG's trimming fences, and each cell's
  /// comparison with its benchmark.
  struct CellStatistics {
    var cells: [SampleSummary] = []
    var drgs: [SampleSummary] = []
    /// The kept values of each DRG (all cases tied with an end value included); nil when
    /// the DRG is not trimmed.
    var fences: [ClosedRange<Double>?] = []
    /// Per cell: the benchmark's moments, the geometric means (with logs) and the test.
    var benchmarks: [Moments] = []
    var geometricMeans: [Double?] = []
    var benchmarkGeometricMeans: [Double?] = []
    var tests: [DifferenceTest?] = []
  }

  /// How ``statistics(values:cells:unitCount:drgCount:trimming:testing:)`` compares cells.
  struct CellTesting {
    var method: IntervalMethod
    var benchmark: BenchmarkBasis
    var replicates: Int
  }

  /// Count, mean, sd and median of the finite `values` in each cell (drg × unitCount + unit)
  /// and in each DRG (all units pooled), with `trimming` the fences of each DRG's values
  /// (which must then be above 0), and each cell's test against its benchmark. Values are
  /// sorted cell by cell after a counting sort on the cell.
  static func statistics(
    values: [Double], cells: [Int32], unitCount: Int, drgCount: Int, trimming: IndexTrimming?,
    testing: CellTesting
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
    var result = CellStatistics()
    result.cells = [SampleSummary](repeating: SampleSummary(), count: cellCount)
    result.drgs = [SampleSummary](repeating: SampleSummary(), count: drgCount)
    result.fences = [ClosedRange<Double>?](repeating: nil, count: drgCount)
    result.benchmarks = [Moments](repeating: Moments(), count: cellCount)
    result.geometricMeans = [Double?](repeating: nil, count: cellCount)
    result.benchmarkGeometricMeans = result.geometricMeans
    result.tests = [DifferenceTest?](repeating: nil, count: cellCount)
    let useLogs = testing.method == .log
    var raw = [Moments](repeating: Moments(), count: unitCount)
    var logs = raw
    var scratch: [Double] = []
    sorted.withUnsafeMutableBufferPointer { buffer in
      for drg in 0..<drgCount {
        var drgRaw = Moments()
        var drgLogs = Moments()
        for unit in 0..<unitCount {
          let cell = drg * unitCount + unit
          let range = starts[cell]..<starts[cell + 1]
          raw[unit] = Moments()
          logs[unit] = Moments()
          guard !range.isEmpty else { continue }
          buffer[range].sort()
          let values = UnsafeBufferPointer(rebasing: buffer[range])
          result.cells[cell] = summary(values)
          raw[unit] = Moments(values)
          drgRaw = drgRaw.merged(with: raw[unit])
          if useLogs {
            logs[unit] = Moments(values.lazy.map { Foundation.log($0) })
            drgLogs = drgLogs.merged(with: logs[unit])
          }
        }
        let drgRange = starts[drg * unitCount]..<starts[(drg + 1) * unitCount]
        guard !drgRange.isEmpty else { continue }
        for unit in 0..<unitCount where raw[unit].count > 0 {
          let cell = drg * unitCount + unit
          let leaveOut = testing.benchmark == .leaveOneOut
          let benchmark = leaveOut ? drgRaw.removing(raw[unit]) : drgRaw
          result.benchmarks[cell] = benchmark
          switch testing.method {
          case .log:
            let benchmarkLogs = leaveOut ? drgLogs.removing(logs[unit]) : drgLogs
            result.geometricMeans[cell] = exp(logs[unit].mean)
            if benchmarkLogs.count > 0 {
              result.benchmarkGeometricMeans[cell] = exp(benchmarkLogs.mean)
            }
            result.tests[cell] = DifferenceTest.logScale(unit: logs[unit], benchmark: benchmarkLogs)
          case .t:
            result.tests[cell] = DifferenceTest.rawScale(unit: raw[unit], benchmark: benchmark)
          case .bootstrap:
            let own = starts[cell]..<starts[cell + 1]
            let slices =
              leaveOut
              ? [drgRange.lowerBound..<own.lowerBound, own.upperBound..<drgRange.upperBound]
              : [drgRange, drgRange.upperBound..<drgRange.upperBound]
            result.tests[cell] = DifferenceTest.bootstrap(
              unit: UnsafeBufferPointer(rebasing: buffer[own]),
              benchmark: slices.map { UnsafeBufferPointer(rebasing: buffer[$0]) },
              replicates: testing.replicates,
              seed: 0x5EED_0000_0000 &+ UInt64(cell))
          }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: buffer[drgRange])
        scratch.sort()
        result.drgs[drg] = scratch.withUnsafeBufferPointer { summary($0) }
        if let trimming, trimming.isTrimmed {
          result.fences[drg] = keptValues(sorted: scratch, trimming: trimming)
        }
      }
    }
    return result
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
