import DRGAnalysis
import DRGKit
import Foundation

/// `drg audit`: monitoring flags on grouped cases (split admissions, upcoding, long stays).
enum AuditCommand: Subcommand {
  static let spec = CommandSpec(
    name: "audit",
    abstract: "Monitoring flags: readmissions, upcoding signals and long stays in grouped cases.",
    usage:
      "drg audit <grouped.csv> [-o <flags.csv>] [--rules LIST] [--readmit-days N] [--readmit-related LIST] [--readmit-exempt-adrg LIST] [--upcoding-alpha A] [--upcoding-min-cases N] [--long-stay-k K] [--long-stay-min-cases N] [--per-diem-adrg LIST] [--per-diem-dept LIST]",
    discussion: """
      Reads the output of 'drg group' (drg is required; status, hospital_id, patient_id,
      admit_date, discharge_date, los, dept, adrg, mdc and diagnoses are used when present).
      Only rows with status grouped and a DRG are used; the others are counted by reason.
      Writes one row per flag (-o, default standard output) with the kind, case_id, the
      related case_id, patient_id, hospital_id, adrg, drg, the numbers behind the flag and
      a reason. A rule asked for whose columns are missing stops the run (exit 65) naming
      the rule and the column; leave it out with --rules.

      READMISSION (分解住院): the same patient_id admitted 0 to N days after a discharge
      (gap = admit_date − earlier discharge_date; N = 15 by default, the 浙江 rule) with a
      related stay: by default the same ADRG or the same 3-character category of the
      principal diagnosis (first code of diagnoses, e.g. J18). Each stay is paired with the
      most recent such earlier stay, at the same or another hospital (the hospitals column
      says which). Pairs where either stay is in an exempt ADRG are counted, not flagged
      (default: tumour radio-/chemotherapy RB1,RB2,RC1,RE1,RG1,RU1,RV1 of CHS-DRG 1.1).
      Dates: 2024-04-11, 2024/04/11 or 20240411 (a time after it is ignored); rows with
      empty or unreadable dates are counted in the summary with the first line.

      UPCODING (高编高套): in each ADRG split by complications (DRGs ending 1 MCC, 3 CC,
      5 none), hospital h has x of its n cases in 1 or 3; its peers (all other hospitals
      pooled) have the rate p0. Statistic: one-sided exact binomial p = P(Bin(n, p0) ≥ x).
      Cells with n or the peers' cases below --upcoding-min-cases are not tested. Flag when
      x/n > p0 and p ≤ α/m, m = cells tested (Bonferroni). The z score
      (x − n·p0)/√(n·p0·(1 − p0)) is given as a description.

      LONG STAY: per DRG, m and sd (n − 1) of ln LOS over its cases with LOS ≥ 1; flag LOS >
      e^(m + k·sd), the geometric mean × e^(k·sd) ("GM + 2 SD", k = 2). DRGs with fewer
      than --long-stay-min-cases such cases, or sd 0, get no norm. With --per-diem-adrg or
      --per-diem-dept only those cases are flagged (the norm is still the whole DRG's).
      """,
    options: [
      output.option,
      .bom,
      .outputEncoding,
      rules.option, readmitDays.option, readmitRelated.option, readmitExempt.option,
      upcodingAlpha.option, upcodingMinimumCases.option, longStayK.option,
      longStayMinimumCases.option,
      .init(
        names: ["--per-diem-adrg"], value: "LIST",
        help: "Check long stays only in these ADRGs (per-diem categories)."),
      .init(
        names: ["--per-diem-dept"], value: "LIST",
        help: "Check long stays only in these departments (dept codes)."),
      .hospitals, .columns, .ignoreColumn, .showColumns,
      .threads,
      .blockSize,
      .init(
        names: ["-q", "--quiet"], value: nil,
        help:
          "No summary on stderr; warnings (unreadable rows and values, normalised values) still are."
      ),
    ],
    examples: [
      "drg audit grouped.csv -o flags.csv",
      "drg audit grouped.csv --readmit-days 10 --readmit-related adrg --readmit-exempt-adrg RE1,RU1 -o flags.csv",
      "drg audit grouped.csv --rules upcoding --upcoding-alpha 0.01 --upcoding-min-cases 30",
      "drg audit grouped.csv --rules long_stay --per-diem-dept 50,51 --long-stay-k 3 -o long-stays.csv",
      "drg group cases.csv -s chs-drg-1.1 | drg audit - -o flags.csv",
    ],
    positional: 1...1)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let input = arguments.positional[0]
    let output = try arguments.value(Self.output)
    var audit = FileAudit(options: try options(arguments))
    if let threads = try arguments.threads() { audit.threads = threads }
    audit.blockSize = try arguments.blockSize()
    audit.columnOptions = try arguments.columnOptions()
    let start = ContinuousClock.now
    var report = try audit.run(input: input)
    if let hospitals = try arguments.hospitals() {
      let ids = Set(report.flags.flatMap { [$0.hospital, $0.relatedHospital] })
      try hospitals.checkKnown(ids.sorted().map { ($0, nil) }, in: input)
      report.hospitalTable = hospitals
    }
    ColumnReport.print(
      report.columns, fields: CommandFields.audit, arguments: arguments,
      console: console)
    try report.write(to: output)
    let elapsed = ContinuousClock.now - start
    if !arguments.flag("--quiet") {
      for line in report.summaryLines(options: audit.options) { console.error(line) }
      let seconds = elapsed.inSeconds
      console.error(
        "  wrote \(report.flags.count) flags to \(output == "-" ? "standard output" : output) in \(String(format: "%.3f", seconds)) s"
      )
    } else {
      quietWarnings(report, console: console)
    }
    return ExitStatus.success
  }

  /// What `--quiet` still prints (it drops the summary, never these): unreadable rows
  /// skipped, values normalised or unreadable (also dates, whose stays the readmission
  /// rule leaves out) and rules not applied.
  static func quietWarnings(_ report: AuditReport, console: Console) {
    let counts = report.counts
    if counts.unreadable > 0 {
      console.warning(
        "drg audit: \(counts.unreadable) unreadable rows skipped"
          + (counts.firstUnreadable.map { " (first unreadable: \($0))" } ?? ""))
    }
    if let line = counts.values.summaryLine { console.warning("drg audit: " + line) }
    for (rule, reason) in report.skippedRules {
      console.warning("drg audit: \(rule.rawValue) not applied: \(reason)")
    }
    if counts.unreadableDate > 0 {
      var text =
        "drg audit: readmission: \(counts.unreadableDate) stays with an unreadable date left out"
      if let date = counts.firstUnreadableDate {
        text +=
          " (first: line \(date.line), \(date.field) '\(date.text)'; use 2024-04-11, 2024/04/11 or 20240411)"
      }
      console.warning(text)
    }
  }

  /// The audit options from the command line.
  static func options(_ arguments: ParsedArguments) throws(UsageError) -> AuditOptions {
    var options = AuditOptions()
    options.rules = try arguments.value(rules)
    options.readmissionDays = try arguments.value(readmitDays)
    options.relations = try arguments.value(readmitRelated)
    options.exemptADRGs = try arguments.value(readmitExempt)
    options.upcodingAlpha = try arguments.value(upcodingAlpha)
    options.upcodingMinimumCases = try arguments.value(upcodingMinimumCases)
    options.longStaySDs = try arguments.value(longStayK)
    options.longStayMinimumCases = try arguments.value(longStayMinimumCases)
    if let adrgs = arguments.value("--per-diem-adrg") {
      options.perDiemADRGs = Set(OptionText.list(adrgs))
    }
    if let departments = arguments.value("--per-diem-dept") {
      options.perDiemDepartments = Set(OptionText.list(departments))
    }
    return options
  }
}

// The audit's options, each with its default: the library's (`AuditOptions()`).
extension AuditCommand {
  private static let defaults = AuditOptions()

  static let output = OptionKey<String>.text(
    ["-o", "--output"], "FILE", help: "Flags CSV ('-' for standard output).", default: "-",
    writes: .file)

  static let rules = OptionKey<Set<AuditOptions.Rule>>(
    CommandSpec.Option(
      names: ["--rules"], value: "LIST", help: "Rules to run: readmission,upcoding,long_stay."),
    default: defaults.rules,
    written: AuditOptions.Rule.allCases.filter(defaults.rules.contains).map(\.rawValue)
      .joined(separator: ","),
    shown: defaults.rules.count == AuditOptions.Rule.allCases.count ? "all three" : nil
  ) { (text, arguments) throws(UsageError) in
    var chosen: Set<AuditOptions.Rule> = []
    for name in OptionText.list(text) {
      guard let rule = AuditOptions.Rule(rawValue: name.replacingOccurrences(of: "-", with: "_"))
      else {
        throw arguments.usageError(
          "--rules takes readmission, upcoding and long_stay, found '\(name)'")
      }
      chosen.insert(rule)
    }
    guard !chosen.isEmpty else {
      throw arguments.usageError("--rules needs at least one rule")
    }
    return chosen
  }

  static let readmitDays = OptionKey<Int>.wholeNumber(
    ["--readmit-days"], "N", help: "Readmission window in days.", minimum: 0,
    default: defaults.readmissionDays)

  static let readmitRelated = OptionKey<[AuditOptions.Relation]>(
    CommandSpec.Option(
      names: ["--readmit-related"], value: "LIST",
      help: "How stays are related, any of: adrg, dx3, mdc, drg."),
    default: defaults.relations,
    written: defaults.relations.map(\.rawValue).joined(separator: ",")
  ) { (text, arguments) throws(UsageError) in
    var relations: [AuditOptions.Relation] = []
    for name in OptionText.list(text) {
      guard let relation = AuditOptions.Relation(rawValue: name) else {
        throw arguments.usageError(
          "--readmit-related takes adrg, dx3, mdc and drg, found '\(name)'")
      }
      if !relations.contains(relation) { relations.append(relation) }
    }
    guard !relations.isEmpty else {
      throw arguments.usageError("--readmit-related needs at least one relation")
    }
    return relations
  }

  static let readmitExempt = OptionKey<Set<String>>(
    CommandSpec.Option(
      names: ["--readmit-exempt-adrg"], value: "LIST",
      help: "ADRGs exempt from the readmission rule ('none' for none)."),
    default: defaults.exemptADRGs,
    written: defaults.exemptADRGs.sorted().joined(separator: ",")
  ) { text, _ in
    let exempt = OptionText.list(text)
    return exempt == ["none"] ? [] : Set(exempt)
  }

  static let upcodingAlpha = OptionKey<Double>.number(
    ["--upcoding-alpha"], "A", help: "Family-wise error rate, divided by the cells tested.",
    default: defaults.upcodingAlpha, rules: [.rate])

  static let upcodingMinimumCases = OptionKey<Int>.wholeNumber(
    ["--upcoding-min-cases"], "N",
    help: "Fewest cases of a hospital (and of its peers) in an ADRG to test it.", minimum: 1,
    default: defaults.upcodingMinimumCases)

  static let longStayK = OptionKey<Double>.number(
    ["--long-stay-k"], "K", help: "Standard deviations of ln LOS above the mean.",
    default: defaults.longStaySDs, rules: [.require("must be 0 or more") { $0 >= 0 }])

  static let longStayMinimumCases = OptionKey<Int>.wholeNumber(
    ["--long-stay-min-cases"], "N", help: "Fewest cases of a DRG for a norm.", minimum: 2,
    default: defaults.longStayMinimumCases)
}
