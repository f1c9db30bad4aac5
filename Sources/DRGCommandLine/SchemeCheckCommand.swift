import DRGKit

/// `drg scheme check`: loads a scheme and reports its size and problems.
enum SchemeCheckCommand: Subcommand {
  static let spec = CommandSpec(
    name: "scheme check",
    abstract: "Load a scheme, print a summary and warnings (exit 65 if it cannot load).",
    usage: "drg scheme check <id|dir> [--strict]",
    discussion: """
      Errors (the scheme cannot be used) name the file, line and column. Warnings: an ADRG
      whose last DRG rule is not 'true', a list no rule uses, a DRG code that does not start
      with its ADRG code, a tag named in a rule that its list does not carry, an ADRG without
      DRGs, codes in lists without a name.
      """,
    options: [
      .init(names: ["--strict"], value: nil, help: "Exit with status 1 when there are warnings.")
    ],
    examples: [
      "drg scheme check grouper-tables/demo",
      "drg scheme check chs-drg-1.1 --strict",
    ],
    positional: 1...1)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let scheme = try Scheme(
      directory: try SchemeLocator.standard().directory(for: arguments.positional[0]))
    let report = SchemeReport(scheme: scheme)
    for line in report.summaryLines { console.out(line) }
    if report.warnings.isEmpty {
      console.out("No warnings.")
    } else {
      console.out("\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"):")
      for warning in report.warnings { console.out("  warning: \(warning)") }
    }
    return arguments.flag("--strict") && !report.warnings.isEmpty
      ? ExitStatus.failure : ExitStatus.success
  }
}
