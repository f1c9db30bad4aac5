import DRGKit
import DRGPayment
import Foundation

extension HospitalComparison {
  /// The files ``write(to:unit:forms:)`` writes into its directory.
  public static func fileNames(unit: ComparisonUnit) -> [String] {
    [
      "\(unit.rawValue)s.csv", "drg_risk.csv", "drg_\(unit.rawValue)s.csv", "funnel.csv",
      "methods.txt",
    ]
  }

  /// Columns of the per-unit file. Index columns carry their form in their name; rates
  /// are percentages (`_pct`), costs yuan, lengths of stay days. The last two say on which
  /// basis the indices were computed (`untrimmed`, `trimmed_iqr`, …) and how many of the
  /// unit's cases trimming left out of them.
  public static func unitColumns(unit: ComparisonUnit, forms: [ConsumptionIndexForm]) -> [String] {
    var columns = [
      unit.rawValue, "cases", "grouped_cases", "drg_groups", "weighted_cases", "total_weight_rw",
      "cmi_rw",
    ]
    for form in forms {
      columns += ["cost_index_\(form.rawValue)", "time_index_\(form.rawValue)"]
    }
    columns += [
      "ungroupable_cases", "ungroupable_pct", "ambiguous_cases", "ambiguous_pct", "invalid_cases",
      "deaths", "mortality_pct",
    ]
    for risk in ["low_risk", "mid_low_risk"] {
      columns += [
        "\(risk)_cases", "\(risk)_deaths", "\(risk)_mortality_pct", "\(risk)_expected_deaths",
        "\(risk)_observed_to_expected", "\(risk)_oe_ci95_low", "\(risk)_oe_ci95_high",
        "\(risk)_poisson_p", "\(risk)_oe_reliable",
      ]
    }
    columns += [
      "index_basis", "index_cases_trimmed", "cost_index_shrunk", "time_index_shrunk",
      "low_risk_oe_shrunk", "cost_index_funnel", "time_index_funnel", "low_risk_oe_funnel",
      "cost_cells_tested", "cost_cells_higher", "cost_cells_lower", "cell_benchmark",
      "risk_class_basis",
    ]
    return columns
  }

  /// Columns of drg_risk.csv: the compared file's cases and deaths, the basis the class
  /// comes from (the same file, or the `--reference` period), the upper bound that
  /// classes a DRG without deaths, z and the class.
  public static let riskColumns = [
    "drg", "cases", "deaths", "mortality_pct", "basis_cases", "basis_deaths",
    "basis_mortality_pct", "zero_death_upper95_pct", "ln_mortality", "z_ln_mortality",
    "risk_class", "risk_class_basis",
  ]

  /// Columns of funnel.csv: one row per indicator and unit.
  public static let funnelColumns = [
    "indicator", "unit", "volume", "value", "target", "se_at_target", "z", "limit95_low",
    "limit95_high", "limit998_low", "limit998_high", "band", "shrunk", "phi", "tau2",
  ]

  /// How the risk classes were made, as written in outputs.
  public var riskClassBasis: String {
    options.reference.map { "reference:\(($0.source as NSString).lastPathComponent)" }
      ?? "this_file"
  }

  /// Columns of the per-cell file: the unit's sample, its benchmark (leave-one-out or
  /// pooled, named in `benchmark`), the ratio with its 95 % interval, p, the
  /// Benjamini–Hochberg q and the flag, for cost (yuan) and LOS (days).
  public static func cellColumns(unit: ComparisonUnit) -> [String] {
    var columns = ["drg", unit.rawValue, "cases", "deaths"]
    for (name, suffix) in [("cost", "yuan"), ("los", "days")] {
      columns += [
        "\(name)_cases", "mean_\(name)_\(suffix)", "median_\(name)_\(suffix)",
        "sd_\(name)_\(suffix)",
      ]
      if name == "cost" { columns.append("geomean_cost_yuan") }
      columns += ["benchmark_\(name)_cases", "benchmark_mean_\(name)_\(suffix)"]
      if name == "cost" { columns.append("benchmark_geomean_cost_yuan") }
      columns += [
        "region_median_\(name)_\(suffix)", "\(name)_ratio", "\(name)_ratio_ci95_low",
        "\(name)_ratio_ci95_high", "\(name)_p", "\(name)_q", "\(name)_vs_benchmark",
      ]
    }
    return columns + ["benchmark", "cost_interval"]
  }

  /// Writes the per-unit, per-DRG risk and per-cell files and a description of the
  /// methods into `directory`, creating it when needed.
  /// - Throws: ``FileError`` when a file cannot be written.
  public func write(to directory: String, unit: ComparisonUnit, forms: [ConsumptionIndexForm])
    throws
  {
    try Self.write([self], to: directory, unit: unit, forms: forms)
  }

  /// Writes the files of one comparison, or of several peer groups (each with its
  /// ``peerGroup``) into the same files, each row led by its `peer_group`.
  /// - Parameter methods: the text of methods.txt; default: each part's ``methodsText``.
  public static func write(
    _ parts: [HospitalComparison], to directory: String, unit: ComparisonUnit,
    forms: [ConsumptionIndexForm], methods: String? = nil
  ) throws {
    try FileError.makeDirectory(directory)
    let names = Self.fileNames(unit: unit)
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    let peers = parts.contains { $0.peerGroup != nil }
    let lead: [String] = peers ? ["peer_group"] : []
    func prefix(_ part: HospitalComparison) -> [String] { peers ? [part.peerGroup ?? ""] : [] }
    func nameTable(_ part: HospitalComparison) -> HospitalTable? {
      unit == .hospital ? part.hospitalTable : nil
    }

    var writer = try CSVWriter(path: path(names[0]))
    let nameColumn: [String] =
      unit == .hospital && parts.contains { $0.hospitalTable != nil } ? ["hospital_name"] : []
    Self.appendRow(lead + Self.unitColumns(unit: unit, forms: forms) + nameColumn, to: writer)
    for part in parts { part.appendUnitRows(to: writer, unit: unit, forms: forms, prefix(part)) }
    try writer.finish()

    writer = try CSVWriter(path: path(names[1]))
    // Names at the end of each row, so that readers of the older columns keep working.
    Self.appendRow(lead + Self.riskColumns + ["drg_name"], to: writer)
    for part in parts { part.appendRiskRows(to: writer, prefix(part)) }
    try writer.finish()

    writer = try CSVWriter(path: path(names[2]))
    Self.appendRow(lead + Self.cellColumns(unit: unit) + ["drg_name"] + nameColumn, to: writer)
    for part in parts {
      try part.appendCellRows(to: writer, prefix(part), names: nameTable(part))
    }
    try writer.finish()

    writer = try CSVWriter(path: path(names[3]))
    Self.appendRow(lead + Self.funnelColumns + nameColumn, to: writer)
    for part in parts { part.appendFunnelRows(to: writer, prefix(part), names: nameTable(part)) }
    try writer.finish()

    let text =
      methods
      ?? parts.map { $0.methodsText(unit: unit, forms: forms) }.joined(
        separator: "\n\n")
    try CSVWriter.writeFile(text + "\n", to: path(names[4]))
  }

  private func appendUnitRows(
    to writer: CSVWriter, unit: ComparisonUnit, forms: [ConsumptionIndexForm], _ lead: [String]
  ) {
    let hospitalNames: HospitalTable? = unit == .hospital ? hospitalTable : nil
    var cellCounts: [String: (tested: Int, higher: Int, lower: Int)] = [:]
    for cell in cells {
      var counts = cellCounts[cell.unit] ?? (0, 0, 0)
      if cell.cost.test?.q != nil { counts.tested += 1 }
      if cell.cost.flag == .higher { counts.higher += 1 }
      if cell.cost.flag == .lower { counts.lower += 1 }
      cellCounts[cell.unit] = counts
    }
    for entry in units {
      var fields =
        Self.fields(of: entry, forms: forms) + [trimming.basis, String(entry.indexCasesTrimmed)]
      fields += unitExtras(entry, cells: cellCounts[entry.unit] ?? (0, 0, 0))
      if let hospitalNames { fields.append(hospitalNames.name(of: entry.unit)) }
      Self.appendRow(lead + fields, to: writer)
    }
  }

  private func appendRiskRows(to writer: CSVWriter, _ lead: [String]) {
    for risk in risks {
      let rate = risk.zeroDeathUpperBound ?? risk.basisMortality
      Self.appendRow(
        lead + [
          risk.drg, String(risk.cases), String(risk.deaths), Self.fixed(100 * risk.mortality, 4),
          String(risk.basisCases), String(risk.basisDeaths),
          risk.basisCases > 0 ? Self.fixed(100 * risk.basisMortality, 4) : "",
          Self.fixed(risk.zeroDeathUpperBound.map { 100 * $0 }, 4),
          risk.basisCases > 0 && rate > 0 ? Self.fixed(log(rate), 4) : "", Self.fixed(risk.z, 4),
          risk.riskClass.rawValue, riskClassBasis, drgNames[risk.drg] ?? "",
        ], to: writer)
    }
  }

  private func appendCellRows(
    to writer: CSVWriter, _ lead: [String], names hospitalNames: HospitalTable?
  ) throws {
    for cell in cells {
      var fields = lead + [cell.drg, cell.unit, String(cell.cases), String(cell.deaths)]
      fields += Self.fields(of: cell.cost, geometric: true)
      fields += Self.fields(of: cell.lengthOfStay, geometric: false)
      fields += [options.benchmark.rawValue, options.interval.rawValue, drgNames[cell.drg] ?? ""]
      if let hospitalNames { fields.append(hospitalNames.name(of: cell.unit)) }
      Self.appendRow(fields, to: writer)
      try writer.flushIfNeeded()
    }
  }

  private func appendFunnelRows(
    to writer: CSVWriter, _ lead: [String], names hospitalNames: HospitalTable?
  ) {
    for funnel in funnels {
      for point in funnel.points {
        Self.appendRow(
          lead + [
            funnel.indicator.rawValue, point.unit, Self.fixed(point.volume, 4),
            Self.fixed(point.value, 4), "1", Self.fixed(point.standardError, 6),
            Self.fixed(point.z, 4), Self.fixed(point.limits95.lower, 4),
            Self.fixed(point.limits95.upper, 4), Self.fixed(point.limits998.lower, 4),
            Self.fixed(point.limits998.upper, 4), point.band.rawValue, Self.fixed(point.shrunk, 4),
            Self.fixed(funnel.phi, 4), Self.fixed(funnel.tau2, 6),
          ] + (hospitalNames.map { [$0.name(of: point.unit)] } ?? []), to: writer)
      }
    }
  }

  /// The columns of a unit's row after the index basis: shrunken values, funnel bands,
  /// flagged cells and the bases.
  func unitExtras(
    _ entry: UnitComparison, cells counts: (tested: Int, higher: Int, lower: Int)
  ) -> [String] {
    func point(_ indicator: FunnelIndicator) -> FunnelPoint? {
      funnel(indicator)?.points.first { $0.unit == entry.unit }
    }
    return [
      Self.fixed(point(.costIndex)?.shrunk, 4), Self.fixed(point(.timeIndex)?.shrunk, 4),
      Self.fixed(point(.lowRiskMortality)?.shrunk, 4), point(.costIndex)?.band.rawValue ?? "",
      point(.timeIndex)?.band.rawValue ?? "", point(.lowRiskMortality)?.band.rawValue ?? "",
      String(counts.tested), String(counts.higher), String(counts.lower),
      options.benchmark.rawValue, riskClassBasis,
    ]
  }

  /// What every output column means and how it is computed, precisely enough to recompute
  /// each statistic from the grouped file.
  public func methodsText(unit: ComparisonUnit, forms: [ConsumptionIndexForm]) -> String {
    let u = unit.rawValue
    let cost = funnel(.costIndex)
    let time = funnel(.timeIndex)
    let oe = funnel(.lowRiskMortality)
    func dispersion(_ funnel: Funnel?) -> String {
      guard let funnel else { return "no units" }
      return
        "\(funnel.points.count) units, phi = \(Self.fixed(funnel.phi, 4)), tau2 = \(Self.fixed(funnel.tau2, 6))"
    }
    let reference = options.reference.map { "the reference file \($0.source)" } ?? "this file"
    return """
      drg compare — methods

      UNITS AND CASES
      Units: \(u) (column \(unit.column)); \(totalCases) rows, \(units.count) units, \(risks.count) DRGs.
      Region: \(peerGroup.map { "the hospitals of peer group \($0) (--peers level), pooled; every regional figure below is of this group only" } ?? "every unit of the file, pooled").
      A case counts for costs when total_cost > 0 (yuan) and for LOS when los ≥ 0 (days);
      death = leaving 5. Rates (_pct) are percentages of all rows of the unit, whatever
      their status (grouped, ambiguous, ungroupable, invalid).

      CMI (\(u)s.csv)
      CMI = Σ RW / cases over grouped cases whose DRG has a weight in the weights file
      (\(hasWeights ? "weights given; cases in DRGs without a weight: \(casesWithoutWeight), left out of CMI and total weight" : "no weights file given: total weight and CMI are empty")).

      CONSUMPTION INDICES (cost_index_*, time_index_*)
      Region = all units \(peerGroup == nil ? "" : "of the peer group ")pooled (the standard definition; no leave-one-out here).
      Index basis (index_basis = \(trimming.basis)): \(trimming.description).
      With trimming, each DRG's fences come from the region's costs (all units pooled); a
      case whose cost lies outside them is left out of both indices (its unit's means and
      the region's), cost and LOS alike, and counted in index_cases_trimmed
      (\(indexCasesTrimmed) cases in all). Cases without a cost stay in the time index.
      Only DRGs with a regional benchmark (kept cases with a mean above 0) count.
      Form\(forms.count > 1 ? "s" : "") written: \(forms.map(\.rawValue).joined(separator: ", ")).
        mean_of_ratios = Σ_d n_hd · (m_hd / m_rd) / Σ_d n_hd   (= mean over kept cases of x_i / m_rd)
        ratio_of_sums  = Σ_d n_hd · m_hd / Σ_d n_hd · m_rd
      where n_hd = kept cases of unit h in DRG d, m_hd their mean, m_rd the region's mean.

      RISK CLASSES (drg_risk.csv; basis: \(reference), risk_class_basis = \(riskClassBasis))
      m_d = basis_deaths / basis_cases. For a DRG with deaths, r_d = m_d; for a DRG without
      a death, r_d = 1 − 0.025^(1/n_d), the one-sided 97.5 % Clopper–Pearson upper bound of
      its mortality (zero_death_upper95_pct): zero deaths alone never make a DRG low risk,
      only enough cases with none do (e.g. 50 cases: bound 7.1 %; 1,000 cases: 0.37 %).
      z_d = (ln r_d − mean) / sd, mean and sample sd of ln m over the DRGs with deaths;
      low z < −1, mid_low −1 ≤ z < 0, mid_high 0 ≤ z < 1, high z ≥ 1. With fewer than two
      DRGs with deaths, or no spread, z = 0. With --reference, a DRG not in the reference
      is unclassified (in no class and no O/E).

      STANDARDISED MORTALITY (low_risk_*, mid_low_risk_*)
      expected = Σ_d cases_hd × m_d over the DRGs of the class (m_d from the basis);
      observed_to_expected = deaths / expected; oe_ci95 = the exact (Garwood) Poisson
      interval of the observed count [χ²(0.025; 2O)/2, χ²(0.975; 2O+2)/2] divided by
      expected; poisson_p = two-sided exact Poisson test (twice the smaller tail, capped at
      1); oe_reliable = no when expected < 5 (one death more or less moves O/E by > 0.2).

      CELLS (drg_\(u)s.csv; benchmark = \(options.benchmark.rawValue), cost_interval = \(options.interval.rawValue))
      Benchmark: \(options.benchmark.description).
      Cost, --interval log: d = mean ln x (unit) − mean ln x (benchmark);
        se = √(s_u²/n_u + s_b²/n_b) with the sample variances of ln x; df by Welch–
        Satterthwaite (s_u²/n_u + s_b²/n_b)² / ((s_u²/n_u)²/(n_u−1) + (s_b²/n_b)²/(n_b−1));
        cost_ratio = exp(d) = geomean_cost / benchmark_geomean_cost;
        ci95 = exp(d ± t(0.975; df)·se), t the exact Student quantile (inverted regularized
        incomplete beta); cost_p = 2·P(T_df > |d/se|).
      Cost, --interval t: the same on raw costs: ratio m_u/m_b, ci95 (m_u ± t·se)/m_b.
      Cost, --interval bootstrap: \(options.bootstrapReplicates) resamples (with replacement) of the unit's
        and the benchmark's costs; ratio of means; ci95 = 2.5th and 97.5th percentiles
        (type 7) of the resampled ratios; p = min(1, 2·(min(#r ≤ 1, #r ≥ 1) + 1)/(B + 1));
        SplitMix64 seeded per cell, so reruns agree.
      LOS: always Welch's t on days (a stay of 0 days has no logarithm): los_ratio = m_u/m_b.
      No test when either side has fewer than 2 values or se = 0.
      q (cost_q, los_q): Benjamini–Hochberg over every cell with ≥ \(options.minimumCases) cases (--min-cases),
        cost and LOS as separate families: with p ranked p(1) ≤ … ≤ p(m),
        q(i) = min over j ≥ i of min(1, m·p(j)/j). Cells below the minimum have p but no q.
      Flag (cost_vs_benchmark, los_vs_benchmark): q < \(Self.fixed(options.falseDiscoveryRate, 3)) (--fdr); higher when the
        ratio is above 1, lower otherwise. Tested: \(testedCells.cost) cost cells, \(flaggedCells.cost) flagged;
        \(testedCells.lengthOfStay) LOS cells, \(flaggedCells.lengthOfStay) flagged.
      region_median_*: the median of every unit's values in the DRG (what the box plots show).

      FUNNEL PLOTS (funnel.csv) AND SHRINKAGE (*_shrunk)
      Target 1. cei / tei: value = the mean_of_ratios index, volume = N_h, the unit's kept
      cases in the index; se_at_target = σ/√N_h, σ² = Σ_d Σ_i (x_i/m_rd − 1)² / (N − D), the
      pooled within-DRG variance of per-case ratios over all units (N cases, D DRGs).
      low_risk_oe: value = O/E, volume = expected deaths E, se_at_target = 1/√E.
      Overdispersion (Spiegelhalter 2005, Stat Med 24:1185): z_i = (y_i − 1)/se_i,
      winsorised at their 10th and 90th percentiles (type 7); phi = Σ z_i²/I. If I·phi > I − 1,
      tau2 = (I·phi − (I − 1)) / (Σ w_i − Σ w_i²/Σ w_i), w_i = 1/se_i²; else tau2 = 0.
      Limits: 1 ± z_p·√(se_i² + tau2), z_p = 1.959964 (95 %) and 3.090232 (99.8 %); for O/E
      with tau2 = 0 the exact Poisson limits (r_p − α)/E, r_p the smallest count with
      P(Y ≤ r_p) ≥ p for Y ~ Poisson(E), α = (P(Y ≤ r_p) − p)/(P(Y ≤ r_p) − P(Y ≤ r_p − 1)).
      band: inside, warning (outside 95 %), alarm (outside 99.8 %); z = (y − 1)/√(se² + tau2).
      Shrunken (empirical Bayes, normal–normal): 1 + tau2/(tau2 + se_i²)·(y_i − 1); with
      tau2 = 0 every unit is shrunk to 1 (no spread beyond chance).
      This run: cei \(dispersion(cost)); tei \(dispersion(time)); low_risk_oe \(dispersion(oe)).
      """
  }

  static func fields(of entry: UnitComparison, forms: [ConsumptionIndexForm]) -> [String] {
    var fields = [
      entry.unit, String(entry.cases), String(entry.groupedCases), String(entry.drgGroups),
      String(entry.weightedCases), fixed(entry.totalWeight, 4), fixed(entry.cmi, 4),
    ]
    for form in forms {
      fields += [fixed(entry.costIndex[form], 4), fixed(entry.timeIndex[form], 4)]
    }
    fields += [
      String(entry.ungroupableCases), fixed(entry.ungroupableRate.map { 100 * $0 }, 2),
      String(entry.ambiguousCases), fixed(entry.ambiguousRate.map { 100 * $0 }, 2),
      String(entry.invalidCases), String(entry.deaths), fixed(entry.mortality.map { 100 * $0 }, 4),
    ]
    for risk in [entry.lowRisk, entry.midLowRisk] {
      let interval = risk.ratioInterval
      fields += [
        String(risk.cases), String(risk.deaths), fixed(risk.mortality.map { 100 * $0 }, 4),
        fixed(risk.expected, 4), fixed(risk.ratio, 4), fixed(interval?.lower, 4),
        fixed(interval?.upper, 4), risk.cases > 0 ? pValue(risk.p) : "",
        risk.expected > 0 ? (risk.isReliable ? "yes" : "no: expected < 5") : "",
      ]
    }
    return fields
  }

  static func fields(of value: ValueComparison, geometric: Bool) -> [String] {
    let test = value.test
    let hasUnit = value.unit.count > 0
    var fields = [
      String(value.unit.count), hasUnit ? fixed(value.unit.mean, 2) : "",
      hasUnit ? fixed(value.unit.median, 2) : "", fixed(value.unit.sd, 2),
    ]
    if geometric { fields.append(fixed(value.geometricMean, 2)) }
    fields += [
      String(value.benchmark.count),
      value.benchmark.count > 0 ? fixed(value.benchmark.mean, 2) : "",
    ]
    if geometric { fields.append(fixed(value.benchmarkGeometricMean, 2)) }
    fields += [
      value.region.count > 0 ? fixed(value.region.median, 2) : "", fixed(test?.ratio, 4),
      fixed(test?.lower, 4), fixed(test?.upper, 4), test.map { pValue($0.p) } ?? "",
      test?.q.map { pValue($0) } ?? "", test?.flag?.rawValue ?? "",
    ]
    return fields
  }

  /// A p- or q-value: 4 decimals, or 3 significant digits in scientific notation below
  /// 0.0001 so that small values stay distinguishable.
  static func pValue(_ value: Double) -> String {
    value >= 1e-4 || value == 0 ? fixed(value, 4) : String(format: "%.2e", value)
  }

  static func appendRow(_ fields: [String], to writer: CSVWriter) {
    for (index, field) in fields.enumerated() {
      if index > 0 { writer.appendByte(ASCII.comma) }
      writer.appendField(field)
    }
    writer.appendByte(ASCII.lf)
  }

  static func fixed(_ value: Double?, _ digits: Int) -> String {
    CostWeights.fixed(value, digits)
  }
}
