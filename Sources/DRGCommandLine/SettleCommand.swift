import DRGKit
import DRGPayment
import Foundation

/// `drg settle`: points, point value and hospital settlement under a city's policy.
enum SettleCommand: Subcommand {
  static let spec = CommandSpec(
    name: "settle",
    abstract: "Settle a year of grouped cases by the point method: points, point value, payments.",
    usage:
      "drg settle <grouped.csv> --policy <policy.json> [--weights <weights.csv>] [--period year|month] [--year YYYY] [--assessment <scores.csv>] [--deductions <deductions.csv>] [--enrolment <enrolment.csv> --outpatient <outpatient.csv>] [-o <dir>] [--html <report.html>] [--history <grouped.csv>] [--what-if <policy2.json>] [--budget-change +3%]",
    discussion: """
      Reads the output of 'drg group' (hospital_id, drg and total_cost required; case_id,
      status, adrg, leaving, los, insurance, patient_id, admit_date, discharge_date,
      diagnoses and procedures used when present; the first code of diagnoses is the
      principal diagnosis, of procedures the main procedure, for single diseases) and a policy (JSON; see examples/policies/README.md for every
      field and its default). Each case gets a category and points:
        normal          base points (RW × 100 or the policy's table) × hospital coefficient
        high            cost > T × DRG mean: BP × coef + (ratio − T) × BP × addOnShare
        low             cost < L × DRG mean: BP × coef × ratio
        incomplete      leaving code listed: BP × coef × ratio, at most BP
        per_diem, single_disease, fee_for_service, ungroupable, special_review, unpriced,
        day_surgery, new_technology
      Single disease, day surgery and per-diem may be priced in yuan by hospital level
      (levels from coefficients.levels or --hospitals), and new technology is paid by
      cost: such a case has no points and is paid its price, outside the pool or against
      its budget (pool "outside" or "budget"), or converted to points (pool "points").
      Day surgery and new technology look at the main procedure, or at every procedure
      with "procedureMatch": "any".
      A readmission to the same DRG within the window multiplies the earlier stay's points.
      Per pool the point value is solved so that the payout (after surplus retention and
      overspend sharing) equals the budget less the reserve exactly, from the payout's
      breakpoints; payments are whole fen and sum to the budget to the fen. When a
      point-value floor or cap binds, or no point value can pay the budget, the summary
      says which. Writes into the output directory:
        cases.csv      case_id,hospital_id,pool,drg,category,points,payment,self_pay,
                       fund_payment,reason (payment = points × the pool's point value,
                       before the sharing bands, which apply per hospital; self_pay =
                       what the patient paid, from the optional self_pay column or its
                       aliases 个人负担总金额, psn_part_amt …; fund_payment = payment −
                       self_pay)
        hospitals.csv  per pool and hospital: cases by category, points, CMI, entitlement,
                       actual cost, payment, surplus, overspend, shared amounts, balance,
                       sharing band, quality deposit withheld and returned, deductions,
                       final payment, patients' payments, fund payment (final − them)
        pools.csv      budget, reserve, points, point value, payout, binding constraint,
                       deposit kept, deductions and where they go, final payout,
                       patients' payments, fund payout
      After the point value, per hospital: withheld = payment × quality.withholdShare,
      returned by the --assessment score; --deductions amounts are taken off; the
      point value does not change.
        drgs.csv       per DRG (drg_name from the grouped file): cases, points, payment,
                       cost and balance (盈亏 = payment − cost)
        alliances.csv  with alliances (医共体: policy "alliances", or the region column of
                       --hospitals): per alliance, paid as one with the bands applied to
                       its sums, and each member's share (split by points)
      With "hospitalBudgets" (二级预算) each hospital or alliance is paid against its own
      budget (policy, or the budget column of --hospitals): its claim = points × point
      value takes the place of the actual cost, the budget that of the entitlement (one
      section, or a list with one per pool; withoutBudget "pointValue" settles a hospital
      without one by the point value — also an alliance of which only some members have
      one, with a WARNING —, the default "stop" stops the run naming it);
      hospitals.csv then adds claim, budget_surplus, budget_overspend,
      budget_retained_surplus and budget_fund_overspend_share (budget against claim, as
      band), while surplus and overspend still compare the claim with the actual cost.
      With a "perHead" section (按人头), --enrolment FILE (hospital_id or alliance,
      category, persons) and --outpatient FILE (hospital_id, category, cost, visits; the
      balance is struck per category, or over all categories without a category column) give
        perhead.csv    per hospital or alliance (and member): persons, capitation =
                       persons × rate, entitlement, visits, cost, payment after the bands,
                       balance, band, deposit withheld and returned (with
                       quality.coversPerHead), deductions (pool per_head, or a
                       hospital-level row split over its DRG and per-head money),
                       final payment, monthly prepayments, true-up
        perhead_categories.csv  the same per category, with each category's balance
      --html FILE writes a self-contained report: pools, the point value per pool and
      month, payment against cost per hospital, the biggest gainers and losers, the
      sharing band of each hospital, and the balance per DRG.
      With --period month also:
        months.csv     per pool, month (YYYY-MM of discharge) and hospital: points, provisional
                       point value = (distributable budget / 12) / the month's points,
                       prepayment = points × that value × prepaymentRatio
        trueup.csv     per pool and hospital: annual payment, prepaid, year-end true-up
                       (and pool per_head: each hospital paid per head)
        perhead_months.csv  per month (YYYY-MM of the settlement year), per-head unit and
                       member: the monthly prepayment (capitation × k⁰ / 12 × ratio)
      With --what-if and/or --budget-change the files above describe the what-if (the
      second policy, or the same one, with the budget changed), and also:
        whatif.csv     per pool and hospital: points, point value, payment and balance
                       (payment − actual cost), both after the sharing bands and before
                       the deposit and deductions, and final payment (after them; each
                       side with its own policy's deposit and the same --assessment and
                       --deductions) under the base policy and the what-if, with changes
      A file of this list that the run does not write (months.csv after a yearly run, …)
      but an earlier run left in the output directory is removed, and the run says so, so
      the directory never mixes two runs. When deductions (and the deposit kept) exceed
      what a hospital is paid, its final payment is negative — owed back to the fund, not
      clamped — and a WARNING names it. WARNING lines are printed also with --quiet.
      Coefficients computed from data (coefficients.method hospitalCost or blend) use the
      means of --history (or the policy's coefficients.history), else of the cases settled.
      Money is in yuan with 2 decimals, held as integer fen.
      """,
    options: [
      .init(names: ["--policy"], value: "FILE", help: "Policy JSON (required)."),
      weights.option, period.option, year.option, output.option,
      .bom,
      .outputEncoding,
      .init(
        names: ["--assessment"], value: "FILE",
        help: "Assessment scores (hospital_id,score 0-100) returning the quality deposit."),
      .init(
        names: ["--deductions"], value: "FILE",
        help: "Review deductions (case_id or hospital_id, amount, reason[, pool])."),
      .init(
        names: ["--enrolment"], value: "FILE",
        help: "Per head: persons enrolled (hospital_id or alliance, category, persons)."),
      .init(
        names: ["--outpatient"], value: "FILE",
        help: "Per head: outpatient cost of the year (hospital_id[, category], cost[, visits])."),
      .init(
        names: ["--html"], value: "FILE",
        help: "Also write a self-contained HTML settlement report.", writes: .file),
      .init(
        names: ["--budget-change"], value: "PCT",
        help: "What-if: change every budget, e.g. +3% or -2.5%."),
      .init(
        names: ["--what-if"], value: "FILE",
        help: "What-if: settle under this second policy too and write whatif.csv."),
      history.option,
      .minWeightCoverage, .hospitals,
      .columns, .ignoreColumn, .showColumns,
      .init(
        names: ["-q", "--quiet"], value: nil,
        help: "No summary on stderr; WARNING lines are still printed."),
    ],
    examples: [
      "drg settle grouped.csv --policy examples/policies/chongqing-2018.json --weights weights.csv -o settle-2024",
      "drg settle grouped.csv --policy policy.json --weights weights.csv --year 2024 --period month --html report.html",
      "drg settle grouped.csv --policy policy.json --budget-change +3% -o what-if",
      "drg settle grouped.csv --policy chongqing.json --what-if lincang.json -o compare",
      "drg settle grouped.csv --policy examples/policies/linyi-2018.json --weights weights.csv --hospitals examples/policies/data/hospitals.csv --enrolment examples/policies/data/enrolment.csv --outpatient examples/policies/data/outpatient.csv -o linyi",
    ],
    positional: 1...1)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let input = arguments.positional[0]
    let policyPath = try arguments.required("--policy")
    let period = try arguments.value(Self.period)
    let factor = try budgetFactor(arguments)
    let year = try arguments.value(Self.year)
    let output = try arguments.value(Self.output)
    let quiet = arguments.flag("--quiet")
    let clock = ContinuousClock()
    let start = clock.now

    let hospitals = try arguments.hospitals()
    func load(_ path: String) throws -> SettlementPolicy {
      let loaded = try SettlementPolicy.load(path: path)
      let policy =
        try hospitals.map { try loaded.addingLevels(from: $0).addingUnits(from: $0) } ?? loaded
      let unknown = policy.unknownLevelProblems()
      if !unknown.isEmpty {
        throw RecordError(file: path, line: 0, message: unknown.joined(separator: "; "))
      }
      return policy
    }
    let policy = try load(policyPath)
    let whatIfPath = arguments.value("--what-if")
    let whatIfPolicy = try whatIfPath.map { try load($0) }
    let settled = whatIfPolicy ?? policy
    if settled.perHead == nil,
      arguments.value("--enrolment") != nil || arguments.value("--outpatient") != nil
    {
      throw arguments.usageError(
        "--enrolment and --outpatient need a perHead section (categories and rates) in policy '\(settled.name)'"
      )
    }
    let settings = PricingSettings(
      weights: try arguments.value(Self.weights), history: try arguments.value(Self.history))
    // The weights and history files a policy names are inputs too.
    var plan = OutputPlan(spec: spec, arguments: arguments)
    for path in settings.files(policy, path: policyPath) { plan.read(path) }
    if let whatIfPolicy, let whatIfPath {
      for path in settings.files(whatIfPolicy, path: whatIfPath) { plan.read(path) }
    }
    try plan.check()
    let columnOptions = try arguments.columnOptions()
    // The history file goes through the same column layer as the cases.
    let history = HistoryReading(options: columnOptions) { resolution in
      ColumnReport.print(
        resolution, fields: CommandFields.settle, label: "\(arguments.command) --history",
        arguments: arguments, console: console)
    }
    let pricing = try settings.pricing(policy, path: policyPath, history: history)
    let alternative =
      try whatIfPolicy.map { try settings.pricing($0, path: whatIfPath!, history: history) }
      ?? pricing
    var requirements = (whatIfPolicy.map { [policy, $0] } ?? [policy]).flatMap {
      $0.columnRequirements(monthly: period == "month")
    }
    if let year {
      requirements.append(
        ColumnRequirement(
          rule: "the settlement year --year \(year)", fields: [.dischargeDate],
          remedy: "leave out --year"))
    }
    let (cases, drgNames, values) = try SettlementCase.readFile(
      path: input, columns: columnOptions, requirements: requirements,
      allProcedures: policy.matchesAnyProcedure || whatIfPolicy?.matchesAnyProcedure == true,
      found: { resolution in
        ColumnReport.print(
          resolution, fields: CommandFields.settle, arguments: arguments,
          console: console)
      })
    if let weights = pricing.weights {
      try SettlementCase.weightCoverage(
        cases, weights: weights, label: settings.weights ?? "the policy's weights"
      ).report(arguments: arguments, console: console)
    }
    if let hospitals {
      try hospitals.checkKnown(cases.hospitals.map { ($0, nil) }, in: input)
    }
    let caseHospitals = cases.hospitals
    for (checked, path) in [(policy, policyPath)] + (whatIfPolicy.map { [($0, whatIfPath!)] } ?? [])
    {
      do {
        try checked.checkUnits(hospitals: caseHospitals)
      } catch {
        throw RecordError(file: path, line: 0, message: error.message)
      }
    }
    let scores = try arguments.value("--assessment").map {
      try SettlementAdjustmentInput.scores($0)
    }
    let deductions =
      try arguments.value("--deductions").map { try SettlementAdjustmentInput.deductions($0) } ?? []
    // Each settlement with its policy's deposit and the deductions, so that whatif.csv
    // compares final payments on the same basis; a rule that cannot be applied stops the run.
    // The per-head money is settled before the adjustments, which may cover it; the base of a
    // what-if only when its policy pays per head and the files are given.
    func settle(_ pricing: CasePricing, path: String, factor: Double = 1, asBase: Bool = false)
      throws -> Settlement
    {
      var result = Settlement.run(cases: cases, pricing: pricing, budgetFactor: factor, year: year)
      if let problem = result.amountBeyondLimit() {
        throw RecordError(file: path, line: 0, message: problem)
      }
      if !asBase || (pricing.policy.perHead != nil && arguments.value("--enrolment") != nil) {
        result.perHead = try perHeadSettlement(
          pricing.policy, policyPath: path, arguments: arguments, hospitals: hospitals,
          budgetFactor: factor)
      }
      if let problem = result.perHead?.amountBeyondLimit() {
        throw RecordError(file: path, line: 0, message: problem)
      }
      if let problem = result.problems.first {
        throw RecordError(
          file: path, line: 0,
          message: result.problems.count > 1 ? result.problems.joined(separator: "; ") : problem)
      }
      do {
        try result.applyAdjustments(
          quality: pricing.policy.quality, scores: scores, deductions: deductions,
          destination: pricing.policy.deductions.destination)
      } catch {
        throw RecordError(file: path, line: 0, message: error.message)
      }
      return result
    }
    var settlement: Settlement
    var comparison: [WhatIfRow] = []
    // The base of a what-if is not written, but its final payments are in whatif.csv.
    var baseWarnings: [String] = []
    if whatIfPolicy != nil || factor != 1 {
      let base = try settle(pricing, path: policyPath, asBase: true)
      settlement = try settle(alternative, path: whatIfPath ?? policyPath, factor: factor)
      comparison = Settlement.compare(base: base, whatIf: settlement)
      baseWarnings = base.negativeFinalLines().map {
        $0.replacingOccurrences(of: "WARNING: ", with: "WARNING: base policy \(policy.name): ")
      }
    } else {
      settlement = try settle(pricing, path: policyPath)
    }
    if let problem = settlement.amountBeyondLimit() {
      throw RecordError(file: whatIfPath ?? policyPath, line: 0, message: problem)
    }
    let written = whatIfPolicy ?? policy
    // Names from the grouped file's drg_name, else from the weights file.
    settlement.drgNames = drgNames.merging(
      (alternative.weights?.names ?? [:]).merging(pricing.weights?.names ?? [:]) { $1 }
    ) { grouped, _ in grouped }
    settlement.hospitalTable = hospitals
    let files = settlement.outputFiles(monthly: period == "month", whatIf: !comparison.isEmpty)
    let removed = try OutputPlan.removeStale(
      in: output, names: Settlement.outputFileNames, written: files)
    try settlement.write(to: output)
    if period == "month" {
      try settlement.writeMonthly(prepaymentRatio: written.prepaymentRatio, to: output)
    }
    if !comparison.isEmpty { try Settlement.writeWhatIf(comparison, to: output) }
    let htmlPath = arguments.value("--html")
    if let htmlPath {
      let report = SettlementReport(
        settlement: settlement, prepaymentRatio: written.prepaymentRatio)
      try CSVWriter.writeFile(report.html(), to: htmlPath)
    }
    var summary =
      settlement.summaryLines() + settlement.unusedBudgetLines(policy: written) + baseWarnings
    if period == "month", settlement.perHead != nil, settlement.perHeadMonthsYear == nil {
      summary.append(
        "WARNING: perhead_months.csv not written: the yearly capitation needs one settlement year (give --year or the policy's year)"
      )
    }
    if let message = OutputPlan.staleMessage(removed, command: "settle", directory: output) {
      console.error(message)
    }
    if quiet {
      // Warnings are never silent: --quiet drops the summary, not them.
      for line in summary where line.hasPrefix("WARNING:") {
        console.warning("drg settle: " + line)
      }
      if let line = values.summaryLine { console.warning("drg settle: " + line) }
    } else {
      var title = "drg settle: \(written.name)"
      if whatIfPolicy != nil { title += " (what-if; base \(policy.name))" }
      if factor != 1 { title += " (budget × \(factor))" }
      console.error(title)
      for line in summary { console.error("  " + line) }
      if let line = values.summaryLine { console.error("  " + line) }
      for line in Settlement.whatIfSummary(comparison) { console.error("  " + line) }
      let seconds = (clock.now - start).inSeconds
      if let htmlPath { console.error("  report: \(htmlPath)") }
      console.error(
        "  wrote \(files.joined(separator: ", ")) to \(output) in \(String(format: "%.3f", seconds)) s"
      )
    }
    return ExitStatus.success
  }

  /// The per-head settlement of `policy` from `--enrolment` and `--outpatient`, or `nil`
  /// without a perHead section.
  static func perHeadSettlement(
    _ policy: SettlementPolicy, policyPath: String, arguments: ParsedArguments,
    hospitals: HospitalTable?, budgetFactor: Double
  ) throws -> PerHeadSettlement? {
    let enrolmentPath = arguments.value("--enrolment")
    let outpatientPath = arguments.value("--outpatient")
    guard let section = policy.perHead else {
      guard enrolmentPath == nil && outpatientPath == nil else {
        throw arguments.usageError(
          "--enrolment and --outpatient need a perHead section (categories and rates) in policy '\(policy.name)'"
        )
      }
      return nil
    }
    guard let enrolmentPath, let outpatientPath else {
      throw RecordError(
        file: policyPath, line: 0,
        message:
          "policy '\(policy.name)' pays per head: give --enrolment FILE (hospital_id,category,persons) and --outpatient FILE (hospital_id,category,cost,visits)"
      )
    }
    let names = section.categories.map(\.name)
    return try PerHeadSettlement.run(
      policy: policy, enrolment: PerHeadFiles.enrolment(path: enrolmentPath, categories: names),
      outpatient: PerHeadFiles.outpatient(path: outpatientPath, categories: names),
      known: hospitals.map { Set($0.hospitals.map(\.id)) }, budgetFactor: budgetFactor)
  }

  /// `--budget-change`: `+3%` → 1.03; 1 without the option.
  static func budgetFactor(_ arguments: ParsedArguments) throws(UsageError) -> Double {
    guard let text = arguments.value("--budget-change") else { return 1 }
    var body = text.trimmingCharacters(in: .whitespaces)
    guard body.hasSuffix("%") else {
      throw arguments.usageError(
        "--budget-change must be a percentage such as +3%, found '\(text)'")
    }
    body.removeLast()
    if body.hasPrefix("+") { body.removeFirst() }
    guard let percent = Double(body), percent.isFinite, percent > -100, percent <= 1000 else {
      throw arguments.usageError(
        "--budget-change must be a percentage above -100% and at most +1000%, such as +3%, found '\(text)'"
      )
    }
    return 1 + percent / 100
  }
}

// The options of `drg settle` with a default, or read as a number.
extension SettleCommand {
  static let weights = OptionKey<String?>.text(
    ["--weights"], "FILE", help: "Weights CSV from 'drg weights' (RW and mean cost per DRG).",
    described: "the policy's \"weights\"")

  static let period = OptionKey<String>.choice(
    ["--period"], "PERIOD", help: "year, or month: also months.csv and trueup.csv.",
    [("year", "year"), ("month", "month")], default: "year")

  static let year = OptionKey<Int?>(
    CommandSpec.Option(
      names: ["--year"], value: "YYYY",
      help: "Settlement year: cases discharged in other years are excluded and counted."),
    described: "the policy's \"year\", else every case"
  ) { (text, arguments) throws(UsageError) in
    guard let value = Int(text), (1900...2200).contains(value) else {
      throw arguments.usageError("--year must be a calendar year such as 2024, found '\(text)'")
    }
    return value
  }

  static let output = OptionKey<String>.text(
    ["-o", "--output"], "DIR", help: "Directory for the CSV files.", default: "settlement",
    writes: .directory(files: Settlement.outputFileNames))

  static let history = OptionKey<String?>.text(
    ["--history"], "FILE", help: "Grouped cases whose means give computed hospital coefficients.",
    described: "the policy's coefficients.history, else the cases settled")
}

/// Where a policy's weights and coefficient history come from: the command line first,
/// then the policy's own fields (paths relative to the policy file).
private struct PricingSettings {
  var weights: String?
  var history: String?

  /// A policy file's path for a path written in the policy.
  private func resolve(_ relative: String, policyPath: String) -> String {
    relative.hasPrefix("/")
      ? relative
      : URL(fileURLWithPath: policyPath).deletingLastPathComponent()
        .appendingPathComponent(relative).path
  }

  /// The weights and history files read for `policy`.
  func files(_ policy: SettlementPolicy, path policyPath: String) -> [String] {
    [
      weights ?? policy.weights.map { resolve($0, policyPath: policyPath) },
      history ?? policy.coefficients.history.map { resolve($0, policyPath: policyPath) },
    ].compactMap { $0 }
  }

  func pricing(_ policy: SettlementPolicy, path policyPath: String, history reading: HistoryReading)
    throws -> CasePricing
  {
    func resolve(_ relative: String) -> String { self.resolve(relative, policyPath: policyPath) }
    let weightsPath = weights ?? policy.weights.map(resolve)
    let table = try weightsPath.map { try PaymentWeights(path: $0) }
    var pricing: CasePricing
    do {
      pricing = try CasePricing(policy: policy, weights: table)
    } catch {
      throw RecordError(file: policyPath, line: 0, message: error.message)
    }
    if pricing.needsCoefficientData,
      let historyPath = history ?? policy.coefficients.history.map(resolve)
    {
      let past = try SettlementCase.read(
        path: historyPath, columns: reading.options, found: reading.found)
      pricing.dataCoefficients = DataCoefficients(rules: policy.coefficients, cases: past)
    }
    return pricing
  }
}

/// How settle reads a `--history` file: with the command's column options, reporting the
/// columns found.
private struct HistoryReading {
  var options: ColumnOptions
  var found: (ColumnResolution) -> Void
}
