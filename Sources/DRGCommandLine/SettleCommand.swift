import DRGKit
import Foundation

/// `drg settle`: points, point value and hospital settlement under a city's policy.
enum SettleCommand: Subcommand {
  static let spec = CommandSpec(
    name: "settle",
    abstract: "Settle a year of grouped cases by the point method: points, point value, payments.",
    usage:
      "drg settle <grouped.csv> --policy <policy.json> [--weights <weights.csv>] [-o <dir>] [--budget-change +3%]",
    discussion: """
      Reads the output of 'drg group' (hospital_id, drg and total_cost required; case_id,
      status, adrg, leaving, los, insurance, patient_id, admit_date and discharge_date
      used when present) and a policy (JSON; see examples/policies/README.md for every
      field and its default). Each case gets a category and points:
        normal          base points (RW × 100 or the policy's table) × hospital coefficient
        high            cost > T × DRG mean: BP × coef + (ratio − T) × BP × addOnShare
        low             cost < L × DRG mean: BP × coef × ratio
        incomplete      leaving code listed: BP × coef × ratio, at most BP
        per_diem, single_disease, fee_for_service, ungroupable, special_review, unpriced
      A readmission to the same DRG within the window multiplies the earlier stay's points.
      Per pool the point value is solved so that the payout (after surplus retention and
      overspend sharing) equals the budget less the reserve exactly, from the payout's
      breakpoints; payments are whole fen and sum to the budget to the fen. When a
      point-value floor or cap binds, or no point value can pay the budget, the summary
      says which. Writes into the output directory:
        cases.csv      case_id,hospital_id,pool,drg,category,points,reason
        hospitals.csv  per pool and hospital: cases by category, points, CMI, entitlement,
                       actual cost, payment, surplus, overspend, shared amounts, balance
        pools.csv      budget, reserve, points, point value, payout, binding constraint
      With --period month also:
        months.csv     per pool, month (of discharge) and hospital: points, provisional
                       point value = (distributable budget / 12) / the month's points,
                       prepayment = points × that value × prepaymentRatio
        trueup.csv     per pool and hospital: annual payment, prepaid, year-end true-up
      Money is in yuan with 2 decimals, held as integer fen.
      """,
    options: [
      .init(names: ["--policy"], value: "FILE", help: "Policy JSON (required)."),
      .init(
        names: ["--weights"], value: "FILE",
        help: "Weights CSV from 'drg weights' (RW and mean cost per DRG).",
        defaultValue: "the policy's \"weights\""),
      .init(
        names: ["--period"], value: "PERIOD",
        help: "year, or month: also months.csv and trueup.csv.",
        defaultValue: "year"),
      .init(
        names: ["-o", "--output"], value: "DIR", help: "Directory for the CSV files.",
        defaultValue: "settlement"),
      .init(
        names: ["--budget-change"], value: "PCT",
        help: "What-if: change every budget, e.g. +3% or -2.5%."),
      .init(names: ["-q", "--quiet"], value: nil, help: "No summary on stderr."),
    ],
    examples: [
      "drg settle grouped.csv --policy examples/policies/chongqing-2018.json --weights weights.csv -o settle-2024",
      "drg settle grouped.csv --policy policy.json --budget-change +3% -o what-if",
    ],
    positional: 1...1)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let input = arguments.positional[0]
    let policyPath = try arguments.required("--policy", command: spec.name)
    let period = arguments.value("--period") ?? "year"
    guard period == "year" || period == "month" else {
      throw UsageError(
        command: spec.name, message: "--period must be year or month, found '\(period)'")
    }
    let factor = try budgetFactor(arguments.value("--budget-change"))
    let output = arguments.value("--output") ?? "settlement"
    let quiet = arguments.flag("--quiet")
    let clock = ContinuousClock()
    let start = clock.now

    let policy = try SettlementPolicy.load(path: policyPath)
    var weightsPath = arguments.value("--weights")
    if weightsPath == nil, let relative = policy.weights {
      weightsPath =
        relative.hasPrefix("/")
        ? relative
        : URL(fileURLWithPath: policyPath).deletingLastPathComponent()
          .appendingPathComponent(relative).path
    }
    let weights = try weightsPath.map { try PaymentWeights(path: $0) }
    let pricing: CasePricing
    do {
      pricing = try CasePricing(policy: policy, weights: weights)
    } catch {
      throw RecordError(file: policyPath, line: 0, message: error.message)
    }
    let cases = try SettlementCase.read(path: input)
    let settlement = Settlement.run(cases: cases, pricing: pricing, budgetFactor: factor)
    try settlement.write(to: output)
    if period == "month" {
      try settlement.writeMonthly(prepaymentRatio: policy.prepaymentRatio, to: output)
    }
    if !quiet {
      let lines = settlement.summaryLines()
      console.error("drg settle: \(policy.name)" + (factor != 1 ? " (budget × \(factor))" : ""))
      for line in lines { console.error("  " + line) }
      let seconds = (clock.now - start) / .seconds(1)
      console.error(
        "  wrote cases.csv, hospitals.csv, pools.csv to \(output) in \(String(format: "%.3f", seconds)) s"
      )
    }
    return ExitStatus.success
  }

  /// `+3%` → 1.03.
  static func budgetFactor(_ text: String?) throws(UsageError) -> Double {
    guard let text else { return 1 }
    var body = text.trimmingCharacters(in: .whitespaces)
    guard body.hasSuffix("%") else {
      throw UsageError(
        command: spec.name,
        message: "--budget-change must be a percentage such as +3%, found '\(text)'")
    }
    body.removeLast()
    if body.hasPrefix("+") { body.removeFirst() }
    guard let percent = Double(body), percent.isFinite, percent > -100 else {
      throw UsageError(
        command: spec.name,
        message: "--budget-change must be a percentage above -100%, such as +3%, found '\(text)'")
    }
    return 1 + percent / 100
  }
}
