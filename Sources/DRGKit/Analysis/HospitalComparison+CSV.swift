import Foundation

extension HospitalComparison {
  /// The files ``write(to:unit:forms:)`` writes into its directory.
  public static func fileNames(unit: ComparisonUnit) -> [String] {
    ["\(unit.rawValue)s.csv", "drg_risk.csv", "drg_\(unit.rawValue)s.csv", "methods.txt"]
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
        "\(risk)_poisson_p",
      ]
    }
    columns += ["index_basis", "index_cases_trimmed"]
    return columns
  }

  public static let riskColumns = [
    "drg", "cases", "deaths", "mortality_pct", "ln_mortality", "z_ln_mortality", "risk_class",
  ]

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
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    let names = Self.fileNames(unit: unit)
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    var writer = try CSVWriter(path: path(names[0]))
    Self.appendRow(Self.unitColumns(unit: unit, forms: forms), to: writer)
    for entry in units {
      Self.appendRow(
        Self.fields(of: entry, forms: forms) + [trimming.basis, String(entry.indexCasesTrimmed)],
        to: writer)
    }
    try writer.finish()

    writer = try CSVWriter(path: path(names[1]))
    Self.appendRow(Self.riskColumns, to: writer)
    for risk in risks {
      Self.appendRow(
        [
          risk.drg, String(risk.cases), String(risk.deaths), Self.fixed(100 * risk.mortality, 4),
          risk.deaths > 0 ? Self.fixed(log(risk.mortality), 4) : "", Self.fixed(risk.z, 4),
          risk.riskClass.rawValue,
        ], to: writer)
    }
    try writer.finish()

    writer = try CSVWriter(path: path(names[2]))
    Self.appendRow(Self.cellColumns(unit: unit), to: writer)
    for cell in cells {
      var fields = [cell.drg, cell.unit, String(cell.cases), String(cell.deaths)]
      fields += Self.fields(of: cell.cost, geometric: true)
      fields += Self.fields(of: cell.lengthOfStay, geometric: false)
      fields += [options.benchmark.rawValue, options.interval.rawValue]
      Self.appendRow(fields, to: writer)
      try writer.flushIfNeeded()
    }
    try writer.finish()

    try Data((methodsText(unit: unit, forms: forms) + "\n").utf8).write(
      to: URL(fileURLWithPath: path(names[3])))
  }

  /// What every output column means and how it is computed.
  public func methodsText(unit: ComparisonUnit, forms: [ConsumptionIndexForm]) -> String {
    """
    drg compare — methods

    Units: \(unit.rawValue) (column \(unit.column)). Region = all units of the input pooled,
    over cases with a cost > 0 (yuan) or a LOS ≥ 0 (days). Rates (_pct) are percentages of
    all rows of the unit, whatever their status.

    Index basis (column index_basis = \(trimming.basis)): \(trimming.description).
    With trimming, each DRG's fences come from the region's costs (all units pooled; as
    drg weights trims); a case whose cost lies outside them is left out of both consumption
    indices (its unit's means and the region's), cost and LOS alike, and counted in
    index_cases_trimmed (\(indexCasesTrimmed) cases in all). Cases without a cost stay in
    the time index. Indices cover only DRGs with a regional benchmark (kept cases with a
    mean above 0). The per-DRG file drg_\(unit.rawValue)s.csv and drg_risk.csv describe every
    case, untrimmed.

    CMI = Σ RW / cases, over grouped cases whose DRG has a weight in the weights file
    (cases in DRGs without a weight: \(casesWithoutWeight), left out of CMI and total weight).

    Consumption indices (cost: mean cost; time: mean LOS), form\(forms.count > 1 ? "s" : "") written: \(forms.map(\.rawValue).joined(separator: ", ")).
      mean_of_ratios = Σ_d n_hd · (m_hd / m_rd) / Σ_d n_hd   (the default)
      ratio_of_sums  = Σ_d n_hd · m_hd / Σ_d n_hd · m_rd     (actual / standard)
    over the DRGs where the unit has kept cases with a value and the regional mean is > 0.

    Risk classes (drg_risk.csv): m_d = deaths / cases in the region (death = leaving 5);
    z_d = (ln m_d − mean) / sd over the DRGs with at least one death (sample sd);
    low z < −1, mid_low −1 ≤ z < 0, mid_high 0 ≤ z < 1, high z ≥ 1. DRGs with no death in
    the region have no z and are classed low (ln 0 is undefined; they are the lowest-risk
    groups). With fewer than two DRGs with deaths, or no spread, z = 0.

    Indirect standardisation: expected deaths = Σ_d cases_hd × m_d over the DRGs of the
    class; observed_to_expected = deaths / expected; its 95 % interval is the exact
    (Garwood) Poisson interval of the observed count [χ²(0.025; 2O)/2, χ²(0.975; 2O+2)/2]
    divided by expected; poisson_p is the two-sided exact Poisson test (twice the smaller
    tail). Low-risk deaths in DRGs classed low because they have no death in the region
    have expected 0; a unit with such deaths has no ratio but shows them in _deaths.

    Per DRG and unit (drg_\(unit.rawValue)s.csv): \(flagMethod).
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
        fixed(interval?.upper, 4), risk.cases > 0 ? fixed(risk.p, 4) : "",
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
