import DRGKit
import Foundation

/// `drg synth`: writes deterministic synthetic cases for a scheme.
enum SynthCommand: Subcommand {
  static let spec = CommandSpec(
    name: "synth",
    abstract: "Write realistic synthetic cases for a scheme (deterministic per seed).",
    usage: "drg synth --scheme <id|dir> -n <count> [--seed <n>] [-o <output.csv>] [--with-target]",
    discussion: """
      Reads the scheme's own rules and lists and finds, for every DRG, a recipe of codes
      and fields that groups there (checked with the grouping engine), then writes cases in
      the canonical input format
        case_id,hospital_id,sex,age,age_days,weight,dept,los,leaving,icu_hours,diagnoses,procedures,total_cost
      followed by patient_id,admit_date,discharge_date,insurance (employee / resident).
      The mix is skewed but every DRG with a recipe appears in large runs; about 2.5% of
      cases are ambiguous (when the scheme has …QY groups), 2% ungroupable, 1.5% fail an
      input check (missing sex or age, newborn without weight, no diagnosis, …). Ages come
      by category (newborns with age in days and birth weight), with CC/MCC codes, excluded
      CC pairs and comorbidities that are no CC; length of stay and cost are log-normal
      per DRG with a hospital effect (40 hospitals of three levels); some patients are
      readmitted within 15 days. The same scheme and seed give the same bytes.
      DRGs without a recipe (usually unreachable in the scheme itself) are named on stderr.
      """,
    options: [
      .init(
        names: ["-s", "--scheme"], value: "ID|DIR",
        help: "Scheme: an id such as chs-drg-1.1 (see drg schemes) or a directory (required)."),
      .init(names: ["-n", "--count"], value: "N", help: "Number of cases (required)."),
      seed.option,
      output.option,
      .bom,
      .outputEncoding,
      .init(
        names: ["--with-target"], value: nil,
        help:
          "Add a target_drg column: the DRG (or …QY group, or ungroupable code) each row was built for; empty for rows built to be invalid."
      ),
      .init(
        names: ["--hospitals"], value: "FILE",
        help: "Also write the hospitals: hospital_id,level,volume,cost_factor,stay_factor.",
        writes: .file),
      .init(names: ["-q", "--quiet"], value: nil, help: "No progress or summary on stderr."),
    ],
    examples: [
      "drg synth --scheme grouper-tables/demo -n 1000 -o demo-synth.csv",
      "drg synth -s chs-drg-1.1 -n 1000000 --seed 7 -o chs-1m.csv",
      "drg synth -s grouper-tables/demo -n 500 --with-target | drg group - -s grouper-tables/demo",
    ],
    positional: 0...0)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let schemeDirectory = try arguments.schemeDirectory()
    let countText = try arguments.required("--count")
    guard let count = Int(countText) ?? Double(countText).flatMap({ Int(exactly: $0) }),
      count >= 0
    else {
      throw arguments.usageError("-n must be a whole number ≥ 0, found '\(countText)'")
    }
    let seed = try arguments.value(Self.seed)
    let output = try arguments.value(Self.output)
    let quiet = arguments.flag("--quiet")

    let scheme = try SchemeLoading.load(schemeDirectory, console: console)
    let synthesizer = CaseSynthesizer(scheme: scheme, seed: seed)
    let coverage = synthesizer.coverage
    if let hospitals = arguments.value("--hospitals") {
      try synthesizer.writeHospitals(to: hospitals)
    }
    // On a terminal, a progress line: cases written, cases/s and the share done.
    let showProgress = console.errorIsTerminal && !quiet
    let line = ProgressLine(console: console, noun: "cases")
    let summary = try synthesizer.write(
      count: count, to: output, withTarget: arguments.flag("--with-target"),
      progress: showProgress
        ? { written in line.update(rows: written, bytesRead: written, inputSize: count) } : nil)
    if showProgress { console.clearLine() }
    if !quiet {
      let rate = summary.seconds > 0 ? Double(summary.cases) / summary.seconds : 0
      console.error(
        "drg synth: \(summary.description); \(coverage.description); recipes \(String(format: "%.2f", coverage.seconds)) s, writing \(String(format: "%.2f", summary.seconds)) s, \(Int(rate)) cases/s (scheme \(scheme.manifest.id), seed \(seed))"
      )
    }
    return ExitStatus.success
  }
}

// The options of `drg synth` with a default.
extension SynthCommand {
  /// `--seed S`: any whole number (a negative one stands for its 64-bit pattern).
  static let seed = OptionKey<UInt64>(
    CommandSpec.Option(
      names: ["--seed"], value: "S", help: "Seed; the same seed gives the same file."),
    default: 1, written: "1"
  ) { (text, arguments) throws(UsageError) in
    guard let value = UInt64(text) ?? Int64(text).map({ UInt64(bitPattern: $0) }) else {
      throw arguments.usageError("--seed must be a whole number, found '\(text)'")
    }
    return value
  }

  static let output = OptionKey<String>.text(
    ["-o", "--output"], "FILE", help: "Output CSV.", default: "-", gloss: "stdout",
    writes: .file)
}
