import DRGKit
import Foundation

/// `drg group`: groups a CSV file of cases.
enum GroupCommand: Subcommand {
  static let spec = CommandSpec(
    name: "group",
    abstract: "Group a CSV file of cases; append status, mdc, adrg, drg, drg_name, reason.",
    usage: "drg group <input.csv> --scheme <dir> [-o <output.csv>]",
    discussion: """
      Reads cases with the header
        case_id,hospital_id,sex,age,age_days,weight,dept,los,leaving,icu_hours,diagnoses,procedures,total_cost
      (columns in any order; only sex, age and diagnoses are required; extra columns pass
      through). Diagnoses and procedures are '|'-separated, principal/main first. Sex may be
      1/2 or 男/女. Every input row is written back with six columns appended; a row that
      cannot be read is written with status 'invalid' and a reason naming its line. A summary
      that reconciles rows read with rows written goes to stderr.
      Use '-' for standard input or output. An output file is written under a temporary
      name and renamed when complete.
      """,
    options: [
      .init(names: ["-s", "--scheme"], value: "DIR", help: "Scheme directory (required)."),
      .init(
        names: ["-o", "--output"], value: "FILE", help: "Output CSV.", defaultValue: "-, stdout"),
      .init(names: ["-q", "--quiet"], value: nil, help: "No summary on stderr."),
    ],
    examples: [
      "drg group grouper-tables/samples/demo-cases.csv --scheme grouper-tables/demo -o grouped.csv",
      "drg group cases.csv -s ../shared/schemes/chs-drg-1.1 > grouped.csv",
      "cat cases.csv | drg group - -s grouper-tables/demo | head",
    ],
    positional: 1...1)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let schemeDirectory = try arguments.required("--scheme", command: spec.name)
    let input = arguments.positional[0]
    let output = arguments.value("--output") ?? "-"
    if input != "-" && output != "-"
      && URL(fileURLWithPath: input).standardized == URL(fileURLWithPath: output).standardized
    {
      throw UsageError(command: spec.name, message: "the output would overwrite the input \(input)")
    }
    let scheme = try Scheme(directory: schemeDirectory)
    let summary = try FileGrouping(scheme: scheme).run(input: input, output: output)
    if !arguments.flag("--quiet") {
      let rate = summary.seconds > 0 ? Double(summary.rowsRead) / summary.seconds : 0
      console.error(
        "drg group: \(summary.description); \(String(format: "%.3f", summary.seconds)) s, \(Int(rate)) rows/s (scheme \(scheme.manifest.id))"
      )
    }
    return ExitStatus.success
  }
}
