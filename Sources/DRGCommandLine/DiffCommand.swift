import DRGAnalysis
import DRGKit
import DRGPayment
import Foundation

/// `drg diff`: the same cases under two schemes.
enum DiffCommand: Subcommand {
  static let spec = CommandSpec(
    name: "diff",
    abstract: "Group the same cases under two schemes: migration matrix, flows, CMI change.",
    usage:
      "drg diff <cases.csv> --from <scheme> --to <scheme> [--weights-a <w.csv> --weights-b <w.csv>] [-o <dir>] [--html <report.html>]",
    discussion: """
      Groups every case of a case file (the input of 'drg group') under both schemes and
      writes into the directory -o:
        migration.csv      the migration matrix in long form: one row per non-empty
                           (from_drg, to_drg) cell with its cases and the percentage of
                           the from DRG's cases; an outcome without a DRG is the ADRG code
                           or the status word (ungroupable, ambiguous, invalid)
        flows.csv          the --top largest flows between different outcomes
        changed_cases.csv  cases whose MDC changes (grouped under both) or that become
                           ungroupable
        hospitals.csv      with both --weights-a and --weights-b: per hospital_id, total
                           weight and CMI (Σ RW / cases with a weight) under each scheme,
                           the change and, with --base-rate or --policy, the payment under
                           each scheme and its change (yuan)
      Every move is classed (column move): severity (another DRG of the same ADRG), adrg
      (another ADRG of the same MDC), mdc (another MDC) or status (into or out of
      ungroupable, ambiguous, invalid). Ambiguous cases are one outcome, 'ambiguous',
      unless --qy-as-drg keeps their QY group (e.g. BQY); moves between QY groups are
      counted in the summary either way. Every row needs its own case_id: a missing
      column, empty ids or repeated ids stop the run (exit 65), naming the lines.
      MONEY: --base-rate R: payment = R × Σ RW. --policy P: payment = coefficient ×
      Σ base points × point value, base points = the policy's basePoints, else RW ×
      pointsPerAverageCase (coefficients method 'given'; levels from --hospitals); the
      point value is --point-value, else budget × (1 − reserveShare) / Σ points of each
      scheme, so that the changes add up to 0. Case rules (outliers, per-diem, single
      disease) are not applied: use drg settle for a full settlement.
      With --html, also a self-contained HTML report (inline CSS and SVG, nothing
      fetched): summary counts, a heat map of the migration matrix for the DRGs with the
      most cases, the largest flows, the cases that change MDC or become ungroupable and,
      with weights, bar charts of the change in CMI and total weight per hospital.
      A summary goes to stderr. hospitals.csv left in the output directory by an earlier
      run with weights is removed by a run without them, and the run says so.
      """,
    options: [
      .init(
        names: ["--from"], value: "ID|DIR",
        help: "The scheme grouped from (A): an id or a directory."),
      .init(
        names: ["--to"], value: "ID|DIR", help: "The scheme grouped to (B): an id or a directory."),
      .init(
        names: ["--weights-a"], value: "FILE",
        help: "Weights CSV (drg, rw) of scheme A, e.g. from 'drg weights'."),
      .init(names: ["--weights-b"], value: "FILE", help: "Weights CSV (drg, rw) of scheme B."),
      output.option,
      .bom,
      .outputEncoding,
      .init(
        names: ["--html"], value: "FILE",
        help:
          "Self-contained HTML report: summary, migration heat map, largest flows, changed cases, CMI change per hospital.",
        writes: .file),
      top.option,
      .minWeightCoverage, .hospitals,
      .init(
        names: ["--qy-as-drg"], value: nil,
        help: "Keep each ambiguous case's QY group (e.g. FQY) as its outcome, not 'ambiguous'."),
      baseRate.option,
      .init(
        names: ["--policy"], value: "FILE",
        help:
          "Settlement policy JSON (as for drg settle): payment change per hospital in points × point value (needs the weights)."
      ),
      pointValue.option,
      .columns, .ignoreColumn, .showColumns,
      .threads,
      .init(
        names: ["-q", "--quiet"], value: nil,
        help:
          "No summary on stderr; warnings (unreadable rows and values, normalised values) still are."
      ),
    ],
    examples: [
      "drg diff cases.csv --from chs-drg-1.1 --to beijing-2022 -o diff",
      "drg diff cases.csv --from chs-drg-1.1 --to chongqing-2022 --weights-a old-weights.csv --weights-b new-weights.csv --html diff.html",
      "drg diff cases.csv --from chs-drg-1.1 --to chs-drg-1.0 --qy-as-drg --weights-a a.csv --weights-b b.csv --base-rate 12000",
      "drg diff cases.csv --from chs-drg-1.1 --to chs-drg-1.0 --weights-a a.csv --weights-b b.csv --policy examples/policies/chongqing-2018.json --hospitals hospitals.csv",
    ],
    positional: 1...1)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let input = arguments.positional[0]
    let fromReference = try arguments.required("--from")
    let toReference = try arguments.required("--to")
    let directory = try arguments.value(Self.output)
    let weightsA = arguments.value("--weights-a")
    let weightsB = arguments.value("--weights-b")
    guard (weightsA == nil) == (weightsB == nil) else {
      throw arguments.usageError(
        "--weights-a and --weights-b go together: give both or neither"
      )
    }
    // Checked before any grouping; without weights there is no coverage to hold it to.
    if try arguments.minimumWeightCoverage() != nil && weightsA == nil {
      throw arguments.usageError(
        "--min-weight-coverage needs --weights-a and --weights-b (it checks their coverage)")
    }
    let top = try arguments.value(Self.top)
    let baseRate = try arguments.value(Self.baseRate)
    let policyPath = arguments.value("--policy")
    let pointValue = try arguments.value(Self.pointValue)
    if baseRate != nil || policyPath != nil {
      let option = baseRate != nil ? "--base-rate" : "--policy"
      guard baseRate == nil || policyPath == nil else {
        throw arguments.usageError("--base-rate and --policy are two ways to price: give one")
      }
      guard weightsA != nil else {
        throw arguments.usageError(
          "\(option) needs --weights-a and --weights-b: payments come from each scheme's RW")
      }
    }
    for (option, value) in [("--base-rate", baseRate), ("--point-value", pointValue)] {
      if let value, !(value > 0) {
        throw arguments.usageError("\(option) must be above 0 (yuan)")
      }
    }
    if pointValue != nil, policyPath == nil {
      throw arguments.usageError("--point-value goes with --policy")
    }
    let threads = try arguments.threads()
    let locator = SchemeLocator.standard()
    var migration = SchemeMigration(
      from: try SchemeLoading.load(locator.directory(for: fromReference), console: console),
      to: try SchemeLoading.load(locator.directory(for: toReference), console: console))
    if let threads { migration.threads = threads }
    migration.columnOptions = try arguments.columnOptions()
    migration.weightsFrom = try weightsA.map { try WeightsTable(path: $0) }
    migration.weightsTo = try weightsB.map { try WeightsTable(path: $0) }
    migration.qyAsDRG = arguments.flag("--qy-as-drg")
    let hospitalTable = try arguments.hospitals()
    var policy = try policyPath.map { try SettlementPolicy.load(path: $0) }
    if let table = hospitalTable, let loaded = policy {
      policy = try loaded.addingLevels(from: table)
    }
    if let policy, let from = migration.weightsFrom, let to = migration.weightsTo {
      func points(_ weights: WeightsTable) -> [String: Double] {
        weights.weights.mapValues { $0 * policy.pointsPerAverageCase }
          .merging(policy.basePoints) { _, table in table }
      }
      migration.pointsFrom = points(from)
      migration.pointsTo = points(to)
    }
    var result = try migration.run(input: input)
    if let hospitals = hospitalTable {
      try hospitals.checkKnown(result.hospitalNames.map { ($0, nil) }, in: input)
      result.hospitalTable = hospitals
    }
    if let baseRate {
      result.money = MigrationMoney(basis: .baseRate(baseRate))
    } else if let policy, let policyPath {
      do {
        result.money = try MigrationMoney.policy(policy, result: result, pointValue: pointValue)
      } catch {
        throw RecordError(file: policyPath, line: 0, message: error.message)
      }
    }
    ColumnReport.print(
      result.columns, fields: CommandFields.grouping, arguments: arguments,
      console: console)
    if let from = migration.weightsFrom, let to = migration.weightsTo, let weightsA, let weightsB {
      for coverage in result.weightCoverage(from: from, weightsA, to: to, weightsB) {
        try coverage.report(arguments: arguments, console: console)
      }
    }
    let written = MigrationResult.fileNames.filter { $0 != "hospitals.csv" || result.hasWeights }
    // hospitals.csv of an earlier run with weights is removed when this one has none.
    let removed = try OutputPlan.removeStale(
      in: directory, names: MigrationResult.fileNames, written: written)
    if let message = OutputPlan.staleMessage(removed, command: "diff", directory: directory) {
      console.error(message)
    }
    try result.write(to: directory, top: top)
    if let path = arguments.value("--html") {
      var report = MigrationReport(result: result)
      report.topFlows = max(top, 1)
      try CSVWriter.writeFile(report.html(), to: path)
    }
    if !arguments.flag("--quiet") {
      let counts = result.changeCounts
      let total = result.totalCases
      func pct(_ count: Int) -> String {
        String(format: "%.2f %%", total > 0 ? 100 * Double(count) / Double(total) : 0)
      }
      console.error(
        "drg diff: \(total) cases, \(result.from.manifest.id) → \(result.to.manifest.id): \(counts.changed) change outcome (\(pct(counts.changed))), \(counts.mdcChanged) change MDC (\(pct(counts.mdcChanged))), \(counts.becameUngroupable) become ungroupable"
          + (result.unreadableRows > 0 ? ", \(result.unreadableRows) unreadable rows skipped" : ""))
      if result.valuesFrom == result.valuesTo {
        if let line = result.valuesFrom.summaryLine { console.error("  " + line) }
      } else {
        for (scheme, values) in [
          (result.from.manifest.id, result.valuesFrom), (result.to.manifest.id, result.valuesTo),
        ] {
          if let line = values.summaryLine { console.error("  \(scheme): " + line) }
        }
      }
      let flows = result.flows.filter { $0.from != $0.to }.prefix(min(top, 10))
      let moves = result.moveCounts
      console.error(
        "  moves: \(moves[.severity] ?? 0) severity (same ADRG), \(moves[.adrg] ?? 0) ADRG (same MDC), \(moves[.mdc] ?? 0) MDC, \(moves[.status] ?? 0) status; \(result.qyMoves) between QY groups"
          + (result.qyAsDRG
            ? " (QY groups kept as outcomes)" : " (merged as 'ambiguous'; --qy-as-drg shows them)"))
      if !flows.isEmpty { console.error("  largest flows:") }
      for flow in flows {
        console.error("    \(flow.from) → \(flow.to)  \(flow.cases)  \(flow.move.rawValue)")
      }
      if result.hasWeights {
        var total = MigrationTotals()
        for entry in result.hospitals { total.add(entry) }
        func number(_ value: Double?) -> String {
          value.map { String(format: "%.4f", $0) } ?? "–"
        }
        console.error(
          "  CMI \(number(total.cmiFrom)) → \(number(total.cmiTo)), total weight \(String(format: "%.1f", total.weightFrom)) → \(String(format: "%.1f", total.weightTo))"
        )
        if let money = result.money {
          let sums = money.totals(result)
          console.error(
            "  payment \(String(format: "%.2f", sums.from)) → \(String(format: "%.2f", sums.to)) yuan (change \(String(format: "%.2f", sums.to - sums.from))): \(money.description)"
          )
        }
      }
      console.error(
        "  wrote \(written.joined(separator: ", ")) to \(directory) in \(String(format: "%.3f", result.seconds)) s"
      )
    } else {
      // --quiet drops the summary, never what could not be read or was normalised.
      if result.unreadableRows > 0 {
        console.warning("drg diff: \(result.unreadableRows) unreadable rows skipped")
      }
      if result.valuesFrom == result.valuesTo {
        if let line = result.valuesFrom.summaryLine { console.warning("drg diff: " + line) }
      } else {
        let ids = [result.from.manifest.id, result.to.manifest.id]
        for (scheme, values) in zip(ids, [result.valuesFrom, result.valuesTo]) {
          if let line = values.summaryLine { console.warning("drg diff: \(scheme): " + line) }
        }
      }
    }
    return ExitStatus.success
  }
}

// The options of `drg diff` read as numbers or with a default.
extension DiffCommand {
  static let output = OptionKey<String>.text(
    ["-o", "--output"], "DIR", help: "Directory for the CSV files.", default: "diff",
    writes: .directory(files: MigrationResult.fileNames))

  static let top = OptionKey<Int>.wholeNumber(
    ["--top"], "N", help: "Largest flows written and summarised.", minimum: 0, default: 20)

  /// Checked to be above 0 by `run`, after the options it goes with.
  static let baseRate = OptionKey<Double?>.number(
    ["--base-rate"], "AMOUNT",
    help: "Yuan per unit of relative weight: payment change per hospital (needs the weights).")

  /// Checked to be above 0 by `run`, after the options it goes with.
  static let pointValue = OptionKey<Double?>.number(
    ["--point-value"], "AMOUNT", help: "Yuan per point for both schemes with --policy.",
    described: "solved from the policy's budget for each scheme")
}
