import DRGAnalysis
import DRGKit
import DRGPayment
import Foundation

/// `drg compare`: hospitals (or departments) within DRGs.
enum CompareCommand: Subcommand {
  static let spec = CommandSpec(
    name: "compare",
    abstract: "Compare hospitals within DRGs: CMI, cost and time indices, low-risk mortality.",
    usage:
      "drg compare <grouped.csv> [--weights <weights.csv>] [--by hospital|dept] [-o <dir>] [--html <report.html>] [--index-form mean-of-ratios|ratio-of-sums|both] [--trim iqr|logsd|percentile|none]",
    discussion: """
      Reads the output of 'drg group': hospital_id (or dept with --by dept) and drg are
      required; status, total_cost, los and leaving (5 = died) are used when present.
      The region is every unit in the file pooled. Writes into the directory -o:
        hospitals.csv      one row per unit: cases, DRG groups, total weight, CMI (with
                           --weights), cost and time consumption indices, ungroupable and
                           ambiguous rates, mortality, low- and mid-low-risk mortality with
                           observed/expected deaths and an exact Poisson 95 % interval
        drg_risk.csv       regional mortality, z of ln mortality and risk class per DRG
        drg_hospitals.csv  per DRG and unit: cases, mean / median / sd of cost (yuan) and
                           LOS (days), the benchmark's cases and mean, the ratio to it
                           with a 95 % interval, p, q and a flag (higher / lower)
        methods.txt        how every column is computed
      (depts.csv and drg_depts.csv with --by dept.)
      PEERS: --peers level with --hospitals FILE compares each hospital within its level:
      every regional figure (index means and fences, cell benchmarks, q-values, risk
      classes, expected deaths, funnel limits) comes from that level's hospitals only;
      every file gets a peer_group column and methods.txt says so. DEPARTMENTS:
      --departments adds hospital_depts.csv, one row per hospital × dept with cases, CMI,
      CEI and TEI against the same regional means (and a table in the report).

      CONSUMPTION INDICES: mean-of-ratios Σ n·(m_h/m_r) / Σ n (the default) or
      ratio-of-sums Σ n·m_h / Σ n·m_r; the columns are named after the form, e.g.
      cost_index_mean_of_ratios. INDEX BASIS: the regional means behind the indices are
      trimmed by default (--trim iqr: IQR fences on log cost, k = 1.5, per DRG on the
      region's costs, DRGs with ≥ --min-trim-cases cases, as 'drg weights' trims); a cost
      outlier is left out of both indices, for its unit and for the region. --trim none
      gives plain means. The columns index_basis and index_cases_trimmed, methods.txt, the
      summary and the report say which basis was used. RISK CLASSES: z of ln(regional mortality) over DRGs with
      a death: low < −1 ≤ mid_low < 0 ≤ mid_high < 1 ≤ high; DRGs without a death in the
      region are low. CELLS: each unit's cost in a DRG is compared with a benchmark, by
      default leave-one-out (the other units' cases; --benchmark pooled keeps its own):
      --interval log (default) gives the ratio of geometric means with a 95 % interval
      from Welch's t on ln cost; t the ratio of means from Welch's t; bootstrap a
      percentile interval. LOS uses Welch's t on days. p-values of every cell with
      ≥ --min-cases cases go through Benjamini–Hochberg; cells are flagged higher / lower
      at q < --fdr. The q-value and the benchmark basis are in drg_hospitals.csv.
      A compare file an earlier run left in the output directory and this run does not
      write (depts.csv after --by hospital, versus.csv without --versus) is removed, and
      the run says so.
      """,
    options: [
      .init(
        names: ["--weights"], value: "FILE",
        help: "Weights CSV from 'drg weights' (drg and rw columns), for total weight and CMI."),
      by.option,
      output.option,
      .bom,
      .outputEncoding,
      indexForm.option, trim.option, minimumTrimCases.option, interval.option,
      benchmark.option, minimumCases.option, fdr.option,
      .init(
        names: ["--reference"], value: "GROUPED.csv",
        help:
          "A base period's grouped file: risk classes and expected mortality come from it (DRGs not in it are unclassified)."
      ),
      .init(
        names: ["--versus"], value: "LAST.csv",
        help:
          "Last period's grouped file: versus.csv and versus_drivers.csv give each unit's change in CMI, CEI, TEI and mortality and the DRGs that drive it."
      ),
      .init(
        names: ["--peers"], value: "BASIS",
        help:
          "level: compare each hospital within its level from --hospitals; every benchmark, class and limit from the hospitals of that level only."
      ),
      .init(
        names: ["--departments"], value: nil,
        help:
          "Also hospital_depts.csv (and a report table): each hospital's departments (dept) with CMI, CEI and TEI against the same benchmarks."
      ),
      .init(
        names: ["--period"], value: "TEXT",
        help:
          "The period the file covers (e.g. 2025-01..2025-12), stated in the report and methods.txt."
      ),
      .init(
        names: ["--scheme-name"], value: "TEXT",
        help: "The scheme the file was grouped with (e.g. chs-drg-1.1), stated in the report."),
      .init(
        names: ["--html"], value: "FILE",
        help:
          "Self-contained HTML report: CMI × cost index quadrant chart, index bars, cost box plots, sortable table.",
        writes: .file),
      top.option,
      .minWeightCoverage, .hospitals,
      .columns, .ignoreColumn, .showColumns,
      .threads,
      .init(
        names: ["-q", "--quiet"], value: nil,
        help:
          "No summary on stderr; warnings (skipped rows, unreadable or normalised values) still are."
      ),
    ],
    examples: [
      "drg compare grouped.csv --weights weights.csv -o compare --html report.html",
      "drg compare grouped.csv --weights weights.csv --by dept --index-form both -o by-dept",
      "drg compare grouped.csv --interval bootstrap --min-cases 20 --fdr 0.01 -o strict",
      "drg compare this-year.csv --versus last-year.csv --weights weights.csv -o yoy",
      "drg compare grouped.csv --weights weights.csv --hospitals hospitals.csv --peers level --departments -o peers --html peers.html",
      "drg group cases.csv -s grouper-tables/demo -o grouped.csv && drg weights grouped.csv -o w.csv && drg compare grouped.csv --weights w.csv",
    ],
    positional: 1...1)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let input = arguments.positional[0]
    let directory = try arguments.value(Self.output)
    let unit = try arguments.value(by)
    let forms = try arguments.value(indexForm)
    let peers = try Self.peers(arguments, unit: unit)
    let departments = arguments.flag("--departments")
    if departments, unit != .hospital {
      throw arguments.usageError("--departments goes with --by hospital (the default)")
    }
    var reading = FileComparison(unit: unit)
    reading.readsDepartments = departments
    reading.columnOptions = try arguments.columnOptions()
    if let threads = try arguments.threads() { reading.threads = threads }
    let top = try arguments.value(Self.top)
    let trimming = try Self.trimming(arguments)
    var options = try Self.options(arguments)
    let start = ContinuousClock.now
    let weights = try arguments.value("--weights").map { try WeightsTable(path: $0) }
    let cases = try reading.read(input: input)
    ColumnReport.print(
      cases.columns, fields: CommandFields.compare(unit), arguments: arguments, console: console)
    if let weights, let path = arguments.value("--weights") {
      try cases.weightCoverage(weights, label: path).report(
        arguments: arguments, console: console)
    }
    /// Reads another grouped file (--reference, --versus) and prints its column line.
    func readOther(_ path: String, option: String) throws -> ComparisonCases {
      let other = try reading.read(input: path)
      ColumnReport.print(
        other.columns, fields: CommandFields.compare(unit), label: "\(arguments.command) \(option)",
        arguments: arguments, console: console)
      return other
    }
    if let path = arguments.value("--reference") {
      options.reference = RiskReference(
        cases: try readOther(path, option: "--reference"), source: path)
    }
    let hospitals = unit == .hospital ? try arguments.hospitals() : nil
    if let hospitals { try hospitals.checkKnown(cases.unitNames.map { ($0, nil) }, in: input) }
    let provenance = ReportProvenance(
      input: input, weights: arguments.value("--weights"), period: arguments.value("--period"),
      scheme: arguments.value("--scheme-name"))
    // The files this run writes; a compare file an earlier run left (depts.csv after
    // --by hospital, versus.csv, …) is removed, so the directory holds one run.
    let written =
      HospitalComparison.fileNames(unit: unit) + (departments ? [DepartmentView.fileName] : [])
      + (arguments.value("--versus") == nil ? [] : YearOverYear.fileNames)
    let removed = try OutputPlan.removeStale(
      in: directory, names: Self.outputFiles, written: written)
    if let message = OutputPlan.staleMessage(removed, command: "compare", directory: directory) {
      console.error(message)
    }
    if peers, let hospitals {
      let peerComparison = try PeerComparison(
        cases: cases, hospitals: hospitals, weights: weights, trimming: trimming, options: options)
      try peerComparison.write(
        to: directory, forms: forms, extraMethods: departments ? DepartmentView.methods : "")
      var views: [DepartmentView] = []
      if departments {
        views = zip(peerComparison.cases, peerComparison.groups).map {
          DepartmentView(cases: $0, comparison: $1, weights: weights)
        }
        try DepartmentView.write(views, to: directory, forms: forms, hospitals: hospitals)
      }
      if let path = arguments.value("--html") {
        let reports = peerComparison.groups.enumerated().map { index, group in
          var report = ComparisonReport(comparison: group, unit: unit, form: forms[0])
          report.provenance = provenance
          report.departments = departments ? views[index] : nil
          return report
        }
        try CSVWriter.writeFile(
          ComparisonReport.html(peers: reports, statement: peerComparison.statement), to: path)
      }
      if !arguments.flag("--quiet") {
        console.error("drg compare: \(peerComparison.statement)")
        for group in peerComparison.groups {
          console.error("peer group \(group.peerGroup ?? ""):")
          for line in summaryLines(
            group, cases: cases, unit: unit, form: forms[0], weighted: weights != nil, top: top)
          {
            console.error("  " + line)
          }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = elapsed.inSeconds
        let files =
          HospitalComparison.fileNames(unit: unit) + (departments ? [DepartmentView.fileName] : [])
        if let line = cases.values.summaryLine { console.warning("drg compare: " + line) }
        console.error(
          "  wrote \(files.joined(separator: ", ")) to \(directory) in \(String(format: "%.3f", seconds)) s"
        )
      } else {
        quietWarnings(cases: cases, unit: unit, console: console)
      }
      return ExitStatus.success
    }
    var comparison = HospitalComparison(
      cases: cases, weights: weights, trimming: trimming, options: options)
    comparison.hospitalTable = hospitals
    // DRG names from the grouped file's drg_name, else from the weights file.
    comparison.drgNames = cases.drgNames.merging(weights?.names ?? [:]) { grouped, _ in grouped }
    var view: DepartmentView?
    if departments {
      view = DepartmentView(cases: cases, comparison: comparison, weights: weights)
      try HospitalComparison.write(
        [comparison], to: directory, unit: unit, forms: forms,
        methods: comparison.methodsText(unit: unit, forms: forms) + "\n\n" + DepartmentView.methods)
      try DepartmentView.write([view!], to: directory, forms: forms, hospitals: hospitals)
    } else {
      try comparison.write(to: directory, unit: unit, forms: forms)
    }
    var versus: YearOverYear?
    if let path = arguments.value("--versus") {
      let last = HospitalComparison(
        cases: try readOther(path, option: "--versus"), weights: weights, trimming: trimming,
        options: options)
      let change = YearOverYear(this: comparison, last: last, weights: weights)
      try change.write(
        to: directory, unit: unit, top: 3, drgNames: comparison.drgNames,
        hospitals: comparison.hospitalTable)
      versus = change
    }
    if let path = arguments.value("--html") {
      var report = ComparisonReport(comparison: comparison, unit: unit, form: forms[0])
      report.provenance = provenance
      report.departments = view
      let html = report.html()
      try CSVWriter.writeFile(html, to: path)
    }
    let elapsed = ContinuousClock.now - start
    if !arguments.flag("--quiet") {
      for line in summaryLines(
        comparison, cases: cases, unit: unit, form: forms[0], weighted: weights != nil, top: top)
      {
        console.error(line)
      }
      if let line = cases.values.summaryLine { console.warning("drg compare: " + line) }
      let seconds = elapsed.inSeconds
      if let versus {
        let moved = versus.changes.filter {
          let (now, before) = $0.values(.cei)
          return now != nil && before != nil
        }.count
        console.error(
          "  versus \(arguments.value("--versus") ?? ""): \(versus.changes.count) \(unit.rawValue)s, \(moved) with a CEI in both periods; see versus.csv"
        )
      }
      let files =
        HospitalComparison.fileNames(unit: unit) + (versus == nil ? [] : YearOverYear.fileNames)
        + (departments ? [DepartmentView.fileName] : [])
      console.error(
        "  wrote \(files.joined(separator: ", ")) to \(directory) in \(String(format: "%.3f", seconds)) s"
      )
    } else {
      quietWarnings(cases: cases, unit: unit, console: console)
    }
    return ExitStatus.success
  }

  /// What `--quiet` still prints (it drops the summary, never these): the rows skipped
  /// and the values normalised or unreadable.
  static func quietWarnings(cases: ComparisonCases, unit: ComparisonUnit, console: Console) {
    var skipped: [String] = []
    if cases.unreadableRows > 0 { skipped.append("\(cases.unreadableRows) unreadable rows") }
    if cases.rowsWithoutUnit > 0 {
      skipped.append("\(cases.rowsWithoutUnit) rows without \(unit.column)")
    }
    if !skipped.isEmpty {
      console.warning("drg compare: skipped " + skipped.joined(separator: ", "))
    }
    if let line = cases.values.summaryLine { console.warning("drg compare: " + line) }
  }

  /// Whether `--peers level` was given, checked against the options it needs.
  static func peers(_ arguments: ParsedArguments, unit: ComparisonUnit) throws(UsageError) -> Bool {
    guard let text = arguments.value("--peers") else { return false }
    guard text == "level" else {
      throw arguments.usageError("--peers must be level, found '\(text)'")
    }
    guard unit == .hospital else {
      throw arguments.usageError("--peers level compares hospitals: drop --by dept")
    }
    guard arguments.value("--hospitals") != nil else {
      throw arguments.usageError(
        "--peers level needs --hospitals FILE with a level column (hospital_id,level)")
    }
    guard arguments.value("--versus") == nil else {
      throw arguments.usageError(
        "--peers and --versus do not go together yet: compare the periods without --peers")
    }
    return true
  }

  /// The index basis from `--trim` and `--min-trim-cases`.
  static func trimming(_ arguments: ParsedArguments) throws(UsageError) -> IndexTrimming {
    IndexTrimming(
      method: try arguments.value(trim), minimumCases: try arguments.value(minimumTrimCases))
  }

  /// The cell tests from `--interval`, `--benchmark`, `--min-cases` and `--fdr`.
  static func options(_ arguments: ParsedArguments) throws(UsageError) -> ComparisonOptions {
    var options = ComparisonOptions()
    options.interval = try arguments.value(interval)
    options.benchmark = try arguments.value(benchmark)
    options.minimumCases = try arguments.value(minimumCases)
    options.falseDiscoveryRate = try arguments.value(fdr)
    return options
  }

  static func summaryLines(
    _ comparison: HospitalComparison, cases: ComparisonCases, unit: ComparisonUnit,
    form: ConsumptionIndexForm, weighted: Bool, top: Int
  ) -> [String] {
    let lowRisk = comparison.risks.filter { $0.riskClass == .low }.count
    var lines = [
      "drg compare: \(comparison.totalCases) cases, \(comparison.units.count) \(unit.rawValue)s, \(comparison.risks.count) DRGs (\(lowRisk) low-risk)"
        + (cases.unreadableRows > 0 ? ", \(cases.unreadableRows) unreadable rows skipped" : "")
        + (cases.rowsWithoutUnit > 0
          ? ", \(cases.rowsWithoutUnit) rows without \(unit.column) skipped" : "")
    ]
    if !weighted { lines.append("  no --weights: total weight and CMI are left empty") }
    lines.append(
      "  indices: \(form.rawValue) (cost index CEI, time index TEI), \(comparison.trimming.description)"
        + (comparison.trimming.isTrimmed
          ? " (\(comparison.indexCasesTrimmed) cost outliers left out)" : "")
    )
    lines.append("  flag: \(comparison.flagMethod)")
    let ranked = comparison.units.sorted { ($0.cmi ?? 0, $0.unit) > ($1.cmi ?? 0, $1.unit) }
    lines.append(
      "  \(unit.rawValue)  cases  CMI  CEI  TEI  low-risk deaths O/E [95% CI] E p (* E < 5: unreliable)"
    )
    for entry in ranked.prefix(top) {
      func number(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "–" }
      let risk = entry.lowRisk
      let interval = risk.ratioInterval
      let mortality =
        risk.expected > 0
        ? "\(risk.deaths) \(number(risk.ratio)) [\(number(interval?.lower)), \(number(interval?.upper))] E \(String(format: "%.2f", risk.expected)) p \(String(format: "%.3g", risk.p))\(risk.isReliable ? "" : " *")"
        : "\(risk.deaths) – (nothing expected)"
      lines.append(
        "  \(entry.unit)  \(entry.cases)  \(number(entry.cmi))  \(number(entry.costIndex[form]))  \(number(entry.timeIndex[form]))  \(mortality)"
      )
    }
    let higher = comparison.cells.filter { $0.cost.flag == .higher }.count
    lines.append(
      "  cost: \(comparison.flaggedCells.cost) of \(comparison.testedCells.cost) tested DRG × \(unit.rawValue) cells (≥ \(comparison.options.minimumCases) cases; \(comparison.cells.count) cells in all) flagged at q < \(comparison.options.falseDiscoveryRate): \(higher) higher, \(comparison.flaggedCells.cost - higher) lower; benchmark \(comparison.options.benchmark.rawValue)"
    )
    return lines
  }
}

// The options of `drg compare`, each with its default: the library's (`ComparisonOptions()`,
// `IndexTrimming()`).
extension CompareCommand {
  private static let defaults = ComparisonOptions()
  private static let trimmingDefaults = IndexTrimming()

  static let by = OptionKey<ComparisonUnit>.choice(
    ["--by"], "UNIT", help: "hospital (hospital_id) or dept (dept).",
    [("hospital", .hospital), ("dept", .dept)], default: .hospital)

  static let output = OptionKey<String>.text(
    ["-o", "--output"], "DIR", help: "Directory for the CSV files.", default: "compare",
    writes: .directory(files: outputFiles))

  /// Every file a compare run may write into its directory.
  static let outputFiles =
    HospitalComparison.fileNames(unit: .hospital) + HospitalComparison.fileNames(unit: .dept)
    + YearOverYear.fileNames + [DepartmentView.fileName]

  static let indexForm = OptionKey<[ConsumptionIndexForm]>.choice(
    ["--index-form"], "FORM", help: "mean-of-ratios, ratio-of-sums or both.",
    [
      ("mean-of-ratios", [.meanOfRatios]), ("ratio-of-sums", [.ratioOfSums]),
      ("both", [.meanOfRatios, .ratioOfSums]),
    ], default: [.meanOfRatios])

  static let trim = OptionKey<TrimmingMethod>.choice(
    ["--trim"], "METHOD",
    help:
      "Basis of the consumption indices: iqr (log-cost IQR fences, k = 1.5), logsd (log cost within mean ± 3 sd), percentile (P0.5–P99) or none (untrimmed).",
    [("iqr", .iqr()), ("logsd", .logSD()), ("percentile", .percentile()), ("none", .none)],
    default: trimmingDefaults.method)

  static let minimumTrimCases = OptionKey<Int>.wholeNumber(
    ["--min-trim-cases"], "N",
    help: "Trim only DRGs with at least N regional cases with a cost, keeping at least N.",
    minimum: 1, default: trimmingDefaults.minimumCases)

  static let interval = OptionKey<IntervalMethod>.choice(
    ["--interval"], "METHOD",
    help:
      "Cost intervals: log (ratio of geometric means, Welch's t on ln cost), bootstrap (percentile, ratio of means; slow on large files) or t (ratio of means, Welch's t).",
    [("log", .log), ("bootstrap", .bootstrap), ("t", .t)], default: defaults.interval)

  static let benchmark = OptionKey<BenchmarkBasis>.choice(
    ["--benchmark"], "BASIS",
    help:
      "What each unit's cell is compared with: leave-one-out (the other units' cases) or pooled (all cases, its own included).",
    [("leave-one-out", .leaveOneOut), ("pooled", .pooled)], default: defaults.benchmark)

  static let minimumCases = OptionKey<Int>.wholeNumber(
    ["--min-cases"], "N",
    help: "Cells with fewer cases are not tested for false discoveries and never flagged.",
    minimum: 2, default: defaults.minimumCases)

  static let fdr = OptionKey<Double>.number(
    ["--fdr"], "Q", help: "Flag cells whose Benjamini–Hochberg q-value is below Q.",
    default: defaults.falseDiscoveryRate, rules: [.rate])

  static let top = OptionKey<Int>.wholeNumber(
    ["--top"], "N", help: "Units listed in the summary.", minimum: 0, default: 10)
}
