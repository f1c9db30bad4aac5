import DRGKit
import DRGPayment
import Foundation

/// `drg weights`: cost weights, base rate and grouping quality from a grouped file.
enum WeightsCommand: Subcommand {
  static let spec = CommandSpec(
    name: "weights",
    abstract: "Compute DRG cost weights (RW), grouping quality (CV, RIV) and a base rate.",
    usage:
      "drg weights <grouped.csv> [-o <weights.csv>] [--trim iqr|logsd|percentile|none] [--min-cases N] [--budget AMOUNT]",
    discussion: """
      Reads the output of 'drg group': drg, total_cost and los are required; status,
      drg_name, adrg, and year or discharge_date are used when present; other columns are
      ignored. Only rows with status 'grouped', a DRG code and a cost above 0 are used; the
      others are counted by reason in the summary on stderr. A missing LOS keeps the case
      for cost. Writes one row per DRG, ordered by code:
        drg,name,adrg,cases,cases_kept,mean_cost,median_cost,sd_cost,cv,cv_untrimmed,
        mean_los,median_los,rw,low_volume,rw_source,trim_lower,trim_upper[,payment_standard]
      Costs in yuan (2 decimals), cv and rw with 4 decimals, LOS in days (2 decimals).

      TRIMMING (per DRG, before averaging; cases tied with a cut value are kept):
        iqr         keep Q1 − k_lo·IQR ≤ x ≤ Q3 + k·IQR (k --iqr-k, k_lo --iqr-lower-k),
                    x = ln(cost), or cost with --trim-scale raw; quartiles interpolate
                    between order statistics (type 7); a DRG whose IQR is 0 is not trimmed
        logsd       keep ln(cost) within mean ± A·sd (sample sd, n − 1)
        percentile  drop the ⌊n·LO/100⌋ lowest and ⌊n·(100 − HI)/100⌋ highest costs
        none        keep every case
      A DRG with fewer than --min-trim-cases cases is not trimmed, nor one that trimming
      would leave with fewer.

      RW = mean cost of the DRG's kept cases / mean cost of all kept cases, normalised so
      that the mean RW over the kept cases is exactly 1. With --budget: base rate =
      budget / Σ cases × RW over all cases used (trimmed ones too: they are still paid),
      payment_standard = base rate × RW. With --year-weights, a DRG's mean is
      Σ w·S / Σ w·n over the years (one trimming of the pooled years), and the cases in
      the base rate are cases per year, Σ w·n / Σ w. Use '-' for standard input or output.
      """,
    options: [
      output.option,
      .bom,
      .outputEncoding,
      trim.option, iqrK.option, iqrLowerK.option, trimScale.option, sdK.option,
      percentiles.option, minimumTrimCases.option, minimumCases.option,
      .init(
        names: ["--borrow-adrg"], value: nil,
        help:
          "Low-volume DRGs take the mean of their ADRG's kept cases (needs an adrg column; only if the ADRG has other DRGs and at least N cases)."
      ),
      budget.option, yearWeights.option, top.option,
      .columns, .ignoreColumn, .showColumns,
      .threads,
      .blockSize,
      .init(
        names: ["-q", "--quiet"], value: nil,
        help:
          "No progress or summary on stderr; warnings (unreadable rows and values, normalised values) still are."
      ),
    ],
    examples: [
      "drg weights grouped.csv -o weights.csv",
      "drg weights grouped.csv --trim iqr --iqr-k 1.5 --iqr-lower-k 0.5 --budget 8.2e9 -o weights.csv",
      "drg weights grouped.csv --trim logsd --sd-k 3 --min-cases 10 --borrow-adrg -o weights.csv",
      "drg weights grouped-2021-2023.csv --year-weights 2021=0.2,2022=0.3,2023=0.5 -o weights.csv",
      "drg group cases.csv -s grouper-tables/demo | drg weights - --trim none",
    ],
    positional: 1...1)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let input = arguments.positional[0]
    let output = try arguments.value(Self.output)
    var weighting = FileWeighting(options: try options(arguments))
    weighting.columnOptions = try arguments.columnOptions()
    if let threads = try arguments.threads() { weighting.threads = threads }
    weighting.blockSize = try arguments.blockSize()
    let top = try arguments.value(Self.top)
    let quiet = arguments.flag("--quiet")
    let showProgress = console.errorIsTerminal && !quiet
    if showProgress {
      let line = ProgressLine(console: console, noun: "rows")
      weighting.progress = { rows, bytes, size in
        line.update(rows: rows, bytesRead: bytes, inputSize: size)
      }
    }
    let weights = try weighting.run(input: input)
    try weights.write(to: output)
    if showProgress { console.clearLine() }
    ColumnReport.print(
      weights.columns, fields: CommandFields.weights, arguments: arguments,
      console: console)
    if !quiet {
      let lines = weights.summaryLines(top: top)
      console.error("drg weights: " + (lines.first ?? ""))
      for line in lines.dropFirst() { console.error("  " + line) }
      console.error(
        "  wrote \(weights.groups.count) DRGs to \(output == "-" ? "stdout" : output) in \(String(format: "%.3f", weights.seconds)) s"
      )
    } else {
      // --quiet drops the summary, never what could not be read or was normalised.
      if weights.excluded.unreadableRows > 0 {
        console.warning(
          "drg weights: \(weights.excluded.unreadableRows) unreadable rows left out"
            + (weights.firstUnreadableRow.map { " (first unreadable: \($0))" } ?? ""))
      }
      if let line = weights.values.summaryLine { console.warning("drg weights: " + line) }
    }
    return ExitStatus.success
  }

  /// The library options from the command line.
  /// - Throws: ``UsageError`` for a bad value, or an option that does not fit the method.
  static func options(_ arguments: ParsedArguments) throws(UsageError) -> WeightsOptions {
    var options = WeightsOptions()
    let method = try arguments.value(trim)
    let methodOptions: [String: [String]] = [
      "iqr": [iqrK.name, iqrLowerK.name, trimScale.name], "logsd": [sdK.name],
      "percentile": [percentiles.name], "none": [],
    ]
    for (other, names) in methodOptions where other != method {
      for name in names where arguments.values[name] != nil {
        throw arguments.usageError("\(name) applies to --trim \(other), not --trim \(method)")
      }
    }
    switch method {
    case "iqr":
      let upper = try arguments.value(iqrK)
      let lower = try arguments.value(iqrLowerK) ?? upper
      options.trimming = .iqr(lowerK: lower, upperK: upper, scale: try arguments.value(trimScale))
    case "logsd":
      options.trimming = .logSD(k: try arguments.value(sdK))
    case "percentile":
      options.trimming = try arguments.value(percentiles)
    default:
      options.trimming = .none
    }
    options.minimumCasesToTrim = try arguments.value(minimumTrimCases)
    options.minimumCases = try arguments.value(minimumCases)
    options.borrowFromADRG = arguments.flag("--borrow-adrg")
    options.budget = try arguments.value(budget)
    options.yearWeights = try arguments.value(yearWeights)
    return options
  }
}

// The options of `drg weights`, each with its default: the library's (`WeightsOptions()`,
// `TrimmingMethod`'s defaults).
extension WeightsCommand {
  private static let defaults = WeightsOptions()
  /// The library's default parameters of each trimming method.
  private static let iqrDefault: (lowerK: Double, upperK: Double, scale: CostScale) = {
    guard case .iqr(let lower, let upper, let scale) = TrimmingMethod.iqr() else {
      preconditionFailure("TrimmingMethod.iqr() is an IQR method")
    }
    return (lower, upper, scale)
  }()
  private static let percentileDefault = TrimmingMethod.percentile()
  private static let sdKDefault: Double = {
    guard case .logSD(let k) = TrimmingMethod.logSD() else {
      preconditionFailure("TrimmingMethod.logSD() is a log-SD method")
    }
    return k
  }()

  /// `iqr-k`, `sd-k`: `\(name) must be a number ≥ 0`.
  private static let atLeastZero = NumberRule.require("must be a number ≥ 0") { $0 >= 0 }

  static let output = OptionKey<String>.text(
    ["-o", "--output"], "FILE", help: "Weights CSV.", default: "-", gloss: "stdout",
    writes: .file)

  static let trim = OptionKey<String>.choice(
    ["--trim"], "METHOD", help: "iqr, logsd, percentile or none.",
    [TrimmingMethod.iqr(), .logSD(), .percentile(), TrimmingMethod.none].map { ($0.name, $0.name) },
    default: defaults.trimming.name,
    message: { "unknown --trim method '\($0)'; use iqr, logsd, percentile or none" })

  static let iqrK = OptionKey<Double>.number(
    ["--iqr-k"], "K", help: "iqr: k of the upper fence, and of the lower one unless --iqr-lower-k.",
    default: iqrDefault.upperK, rules: [atLeastZero])

  static let iqrLowerK = OptionKey<Double?>.number(
    ["--iqr-lower-k"], "K", help: "iqr: k of the lower fence (0.5 is the PKU variant).",
    described: "--iqr-k", rules: [atLeastZero])

  static let trimScale = OptionKey<CostScale>.choice(
    ["--trim-scale"], "SCALE", help: "iqr: fences on log or raw cost.",
    [("log", .log), ("raw", .raw)], default: iqrDefault.scale)

  static let sdK = OptionKey<Double>.number(
    ["--sd-k"], "A", help: "logsd: keep ln(cost) within mean ± A·sd.", default: sdKDefault,
    rules: [atLeastZero, .require("must be above 0") { $0 > 0 }])

  static let percentiles = OptionKey<TrimmingMethod>(
    CommandSpec.Option(
      names: ["--percentiles"], value: "LO,HI",
      help: "percentile: keep from the LO to the HI percentile."),
    default: percentileDefault,
    written: {
      guard case .percentile(let lower, let upper) = percentileDefault else { return nil }
      return "\(OptionText.shown(lower)),\(OptionText.shown(upper))"
    }()
  ) { (text, arguments) throws(UsageError) in
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
      .map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard parts.count == 2, let lower = parts[0], let upper = parts[1],
      lower >= 0, upper <= 100, lower < upper
    else {
      throw arguments.usageError(
        "--percentiles must be LO,HI with 0 ≤ LO < HI ≤ 100 (e.g. 0.5,99), found '\(text)'")
    }
    return .percentile(lower: lower, upper: upper)
  }

  static let minimumTrimCases = OptionKey<Int>.wholeNumber(
    ["--min-trim-cases"], "N", help: "Trim only DRGs with at least N cases, keeping at least N.",
    minimum: 1, default: defaults.minimumCasesToTrim)

  static let minimumCases = OptionKey<Int>.wholeNumber(
    ["--min-cases"], "N", help: "Flag DRGs with fewer cases (before trimming) as low volume.",
    minimum: 1, default: defaults.minimumCases)

  static let budget = OptionKey<Double?>.number(
    ["--budget"], "AMOUNT", help: "Budget in yuan: base rate and a payment_standard column.",
    rules: [.require("must be a positive amount") { $0 > 0 }])

  static let yearWeights = OptionKey<YearWeights?>(
    CommandSpec.Option(
      names: ["--year-weights"], value: "LIST",
      help: "Blend years, e.g. 2021=0.2,2022=0.3,2023=0.5 (other years are left out).")
  ) { (text, arguments) throws(UsageError) in
    do {
      return try YearWeights(parsing: text)
    } catch {
      throw arguments.usageError("--year-weights: \(error)")
    }
  }

  static let top = OptionKey<Int>.wholeNumber(
    ["--top"], "N", help: "DRGs with the highest CV in the summary.", minimum: 0, default: 5)
}
