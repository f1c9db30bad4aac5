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
      .init(
        names: ["-o", "--output"], value: "FILE", help: "Weights CSV.", defaultValue: "-, stdout",
        writes: .file),
      .bom,
      .outputEncoding,
      .init(
        names: ["--trim"], value: "METHOD", help: "iqr, logsd, percentile or none.",
        defaultValue: "iqr"),
      .init(
        names: ["--iqr-k"], value: "K",
        help: "iqr: k of the upper fence, and of the lower one unless --iqr-lower-k.",
        defaultValue: "1.5"),
      .init(
        names: ["--iqr-lower-k"], value: "K",
        help: "iqr: k of the lower fence (0.5 is the PKU variant).", defaultValue: "--iqr-k"),
      .init(
        names: ["--trim-scale"], value: "SCALE", help: "iqr: fences on log or raw cost.",
        defaultValue: "log"),
      .init(
        names: ["--sd-k"], value: "A", help: "logsd: keep ln(cost) within mean ± A·sd.",
        defaultValue: "3"),
      .init(
        names: ["--percentiles"], value: "LO,HI",
        help: "percentile: keep from the LO to the HI percentile.",
        defaultValue: "0.5,99"),
      .init(
        names: ["--min-trim-cases"], value: "N",
        help: "Trim only DRGs with at least N cases, keeping at least N.", defaultValue: "5"),
      .init(
        names: ["--min-cases"], value: "N",
        help: "Flag DRGs with fewer cases (before trimming) as low volume.", defaultValue: "5"),
      .init(
        names: ["--borrow-adrg"], value: nil,
        help:
          "Low-volume DRGs take the mean of their ADRG's kept cases (needs an adrg column; only if the ADRG has other DRGs and at least N cases)."
      ),
      .init(
        names: ["--budget"], value: "AMOUNT",
        help: "Budget in yuan: base rate and a payment_standard column."),
      .init(
        names: ["--year-weights"], value: "LIST",
        help: "Blend years, e.g. 2021=0.2,2022=0.3,2023=0.5 (other years are left out)."),
      .init(
        names: ["--top"], value: "N", help: "DRGs with the highest CV in the summary.",
        defaultValue: "5"),
      .columns, .ignoreColumn, .showColumns,
      .threads,
      .blockSize,
      .init(names: ["-q", "--quiet"], value: nil, help: "No progress or summary on stderr."),
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
    let output = arguments.value("--output") ?? "-"
    var weighting = FileWeighting(options: try options(arguments))
    weighting.columnOptions = try arguments.columnOptions()
    if let threads = try arguments.threads() { weighting.threads = threads }
    if let bytes = try arguments.blockSize() { weighting.blockSize = bytes }
    let top = try arguments.wholeNumber("--top", minimum: 0) ?? 5
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
    }
    return ExitStatus.success
  }

  /// The library options from the command line.
  /// - Throws: ``UsageError`` for a bad value, or an option that does not fit the method.
  static func options(_ arguments: ParsedArguments) throws(UsageError) -> WeightsOptions {
    var options = WeightsOptions()
    let method = arguments.value("--trim") ?? "iqr"
    let methodOptions: [String: [String]] = [
      "iqr": ["--iqr-k", "--iqr-lower-k", "--trim-scale"], "logsd": ["--sd-k"],
      "percentile": ["--percentiles"], "none": [],
    ]
    guard methodOptions[method] != nil else {
      throw arguments.usageError(
        "unknown --trim method '\(method)'; use iqr, logsd, percentile or none")
    }
    for (other, names) in methodOptions where other != method {
      for name in names where arguments.value(name) != nil {
        throw arguments.usageError("\(name) applies to --trim \(other), not --trim \(method)")
      }
    }
    switch method {
    case "iqr":
      let upper = try nonNegative("--iqr-k", arguments) ?? 1.5
      let lower = try nonNegative("--iqr-lower-k", arguments) ?? upper
      let scaleText = arguments.value("--trim-scale") ?? "log"
      guard let scale = CostScale(rawValue: scaleText) else {
        throw arguments.usageError("--trim-scale must be log or raw, found '\(scaleText)'")
      }
      options.trimming = .iqr(lowerK: lower, upperK: upper, scale: scale)
    case "logsd":
      let k = try nonNegative("--sd-k", arguments) ?? 3
      guard k > 0 else {
        throw arguments.usageError("--sd-k must be above 0")
      }
      options.trimming = .logSD(k: k)
    case "percentile":
      options.trimming = try percentiles(arguments.value("--percentiles") ?? "0.5,99", arguments)
    default:
      options.trimming = .none
    }
    options.minimumCasesToTrim =
      try arguments.wholeNumber("--min-trim-cases", minimum: 1) ?? 5
    options.minimumCases =
      try arguments.wholeNumber("--min-cases", minimum: 1) ?? 5
    options.borrowFromADRG = arguments.flag("--borrow-adrg")
    if let budget = try arguments.number("--budget") {
      guard budget > 0, budget.isFinite else {
        throw arguments.usageError("--budget must be a positive amount")
      }
      options.budget = budget
    }
    if let text = arguments.value("--year-weights") {
      do {
        options.yearWeights = try YearWeights(parsing: text)
      } catch {
        throw arguments.usageError("--year-weights: \(error)")
      }
    }
    return options
  }

  private static func percentiles(_ text: String, _ arguments: ParsedArguments)
    throws(UsageError) -> TrimmingMethod
  {
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

  private static func nonNegative(_ name: String, _ arguments: ParsedArguments) throws(UsageError)
    -> Double?
  {
    guard let value = try arguments.number(name) else { return nil }
    guard value >= 0, value.isFinite else {
      throw arguments.usageError("\(name) must be a number ≥ 0")
    }
    return value
  }

}
