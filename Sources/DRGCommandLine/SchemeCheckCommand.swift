import DRGKit

/// `drg scheme check`: loads a scheme and reports its size and problems.
enum SchemeCheckCommand: Subcommand {
  /// Warnings printed per kind without `--verbose`.
  static let examplesPerKind = 5

  static let spec = CommandSpec(
    name: "scheme check",
    abstract: "Load a scheme, print a summary and warnings (exit 65 if it cannot load).",
    usage: "drg scheme check <id|dir> [--verbose] [--strict]",
    discussion: """
      Errors (the scheme cannot be used) name the file, line and column. Warnings, counted
      per kind with the first 5 of each shown (--verbose shows all):
        duplicate-cc             a code listed more than once in cc.csv (it counts at its
                                 highest level, with every exclusion table of its rows)
        unreachable-adrg/-drg    an ADRG or DRG no case can reach: an earlier rule of its
                                 MDC or ADRG takes every case its rule admits, or its rule
                                 can never hold (reported only when proven)
        drg-fall-through         an ADRG whose DRG rules can all fail (such cases get the
                                 ADRG code as DRG)
        adrg-without-drg         an ADRG without DRGs whose rule is not 'false'
        drg-code-prefix          a DRG code that does not start with its ADRG code
        unused-list              a list no rule uses (lists of ADRGs whose rule is 'false'
                                 are only counted)
        missing-tag              a tag named in a rule that its list does not carry
        unnamed-code             a code in lists.csv, cc.csv or cc_exclusion.csv without a
                                 name in dx_names.csv or proc_names.csv
        exclusion-not-diagnosis  a cc_exclusion.csv code that is no diagnosis anywhere
      The line 'Compiled form:' says where the scheme's compiled copy is kept and whether
      this run loaded from it or wrote it.
      """ + "\n" + SchemeLoading.helpText,
    options: [
      .init(
        names: ["--verbose"], value: nil, help: "List every warning, not the first 5 per kind."),
      .init(names: ["--strict"], value: nil, help: "Exit with status 1 when there are warnings."),
    ],
    examples: [
      "drg scheme check grouper-tables/demo",
      "drg scheme check chs-drg-1.1 --verbose --strict",
    ],
    positional: 1...1)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let (scheme, cache) = try SchemeLoading.loadReporting(
      try SchemeLocator.standard().directory(for: arguments.positional[0]), console: console)
    let report = SchemeReport(scheme: scheme)
    for line in report.summaryLines { console.out(line) }
    console.out(SchemeLoading.summary(cache))
    if report.warnings.isEmpty {
      console.out("No warnings.")
    } else {
      console.out("\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"):")
      let limit = arguments.flag("--verbose") ? nil : examplesPerKind
      for line in report.warningLines(examplesPerKind: limit) { console.out("  \(line)") }
      if limit != nil && report.warningCounts.values.contains(where: { $0 > examplesPerKind }) {
        console.out("Run with --verbose to list every warning.")
      }
    }
    return arguments.flag("--strict") && !report.warnings.isEmpty
      ? ExitStatus.failure : ExitStatus.success
  }
}
