import DRGKit
import Foundation

/// `drg explain`: shows the path the grouper took for one case.
enum ExplainCommand: Subcommand {
  static let spec = CommandSpec(
    name: "explain",
    abstract: "Explain how one case is grouped, step by step, with code names.",
    usage:
      "drg explain --scheme <id|dir> (<cases.csv> --id <case_id> | --dx <codes> [--proc <codes>] --sex <1|2> --age <years> [...])",
    discussion: """
      Pick a case from a file by case_id, or give it inline. Prints each MDC tried and why it
      was entered or skipped, the ADRG and DRG rules tried (with the scheme file and line of
      each rule), every secondary diagnosis with its CC/MCC level and exclusion, and the result.
      Codes in --dx and --proc are separated by '|' or ','; the first is the principal
      diagnosis / main procedure. They are read as a file's diagnoses and procedures are
      (i21.000, full-width ｉ２１．０００, invisible characters, '="I21.000"', a list in one
      entry): each code the scheme does not know as written is cleaned and matched, and
      what was normalised is listed after the explanation. Dagger and asterisk marks are
      not removed (A17.0† stays unknown, as in a file).
      A case picked from a file is read exactly as drg group reads its row: the same columns
      (the column line goes to stderr; --show-columns for the whole mapping) and values as
      exports write them (i21.000, 67岁, 男性, 死亡, …); the values normalised are listed
      after the explanation.
      """,
    options: [
      .init(
        names: ["-s", "--scheme"], value: "ID|DIR",
        help: "Scheme: an id such as chs-drg-1.1 (see drg schemes) or a directory (required)."),
      .init(names: ["--id"], value: "CASE_ID", help: "The case_id to explain from the file."),
      .columns, .ignoreColumn, .showColumns,
      .init(
        names: ["--map"], value: nil,
        help:
          "Translate codes from another edition with the scheme's dx_map.csv and proc_map.csv first, as drg group --map does; each translation, and each code found in neither, is listed after the explanation."
      ),
      .init(names: ["--dx"], value: "CODES", help: "Diagnoses, principal first."),
      .init(names: ["--proc"], value: "CODES", help: "Procedures, main first."),
      .init(names: ["--sex"], value: "1|2", help: "Sex: 1 male, 2 female (or 男/女)."),
      age.option, ageDays.option, weight.option, lengthOfStay.option, leaving.option,
      icuHours.option,
      .init(names: ["--dept"], value: "CODE", help: "Department code."),
    ] + LongFormatOptions.options + [
      .init(names: ["-q", "--quiet"], value: nil, help: "No column line on stderr.")
    ],
    examples: [
      "drg explain grouper-tables/samples/demo-cases.csv --id D001 -s grouper-tables/demo",
      "drg explain -s grouper-tables/demo --sex 1 --age 67 --los 6 --dx 'I21.000|J96.000' --proc 36.0600",
      "drg explain -s beijing-2022 --map --sex 1 --age 40 --dx A02.100x004",
    ],
    positional: 0...1)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let schemeDirectory = try arguments.schemeDirectory()
    let scheme = try SchemeLoading.load(schemeDirectory, console: console)
    let translates = arguments.flag("--map")
    if translates && scheme.diagnosisMap.isEmpty && scheme.procedureMap.isEmpty {
      throw arguments.usageError(
        "--map: the scheme \(schemeDirectory) has no dx_map.csv or proc_map.csv to translate with"
      )
    }
    // With --map, codes are read as drg group --map reads them: through the same lookup.
    let lookup = translates ? scheme.translatingCodeLookup : nil
    let record: DischargeCase
    var notes: CaseReading?
    if let file = arguments.positional.first {
      guard let id = arguments.value("--id") else {
        throw arguments.usageError("give --id to pick a case from \(file)")
      }
      let joined = try LongFormatOptions.join(
        input: file, arguments: arguments, encoding: .auto, output: nil,
        console: console, quiet: arguments.flag("--quiet"))
      defer { if let joined { try? FileManager.default.removeItem(atPath: joined) } }
      let reading = try CaseFile.read(
        id: id, in: joined ?? file, scheme: scheme, lookup: lookup,
        options: try arguments.columnOptions(),
        file: joined == nil ? file : "\(file) (joined with its code tables)")
      ColumnReport.print(
        reading.columns, fields: CommandFields.grouping, arguments: arguments, console: console)
      guard let found = reading.record else {
        console.error("error: \(file): no case with case_id '\(id)'")
        return ExitStatus.dataError
      }
      record = found
      notes = reading
    } else {
      guard let dx = arguments.value("--dx") else {
        throw arguments.usageError("give a case file with --id, or the case inline with --dx")
      }
      // The codes go through the cleaning a file's fields get (case, full-width forms,
      // invisible characters, Excel wrappers, lists), each change reported after the
      // explanation; ',' separates entries as '|' does.
      let inline = try CaseFile.read(
        diagnoses: dx.replacingOccurrences(of: ",", with: "|"),
        procedures: (arguments.value("--proc") ?? "").replacingOccurrences(of: ",", with: "|"),
        scheme: scheme, lookup: lookup)
      let codes = inline.record ?? DischargeCase(sex: nil, age: nil, diagnoses: [])
      let sex: Int?
      switch arguments.value("--sex") {
      case nil: sex = nil
      case "1", "男": sex = 1
      case "2", "女": sex = 2
      case let text?:
        throw arguments.usageError("--sex must be 1, 2, 男 or 女, found '\(text)'")
      }
      record = DischargeCase(
        id: "", sex: sex, age: try arguments.value(age),
        ageDays: try arguments.value(ageDays),
        weight: try arguments.value(weight), department: arguments.value("--dept"),
        lengthOfStay: try arguments.value(lengthOfStay),
        leaving: try arguments.value(leaving),
        icuHours: try arguments.value(icuHours),
        diagnoses: codes.diagnoses, procedures: codes.procedures)
      notes = inline
    }
    guard let lookup else {
      console.out(scheme.explain(record).text)
      if let notes { console.out(readingReport(notes)) }
      return ExitStatus.success
    }
    let (explanation, readings) = scheme.explain(record, lookup: lookup)
    console.out(explanation.text)
    if let notes { console.out(readingReport(notes)) }
    console.out(mapReport(readings))
    return ExitStatus.success
  }

  /// The lines of `--map` printed after the explanation: each code the engine read as
  /// another (a translation, or the scheme's spelling) and each code it did not know.
  static func mapReport(_ readings: [CodeReading]) -> String {
    guard !readings.isEmpty else {
      return "\nCodes (--map): every code is the scheme's own; nothing translated."
    }
    var lines = ["", "Codes (--map), read with the scheme's dx_map.csv and proc_map.csv:"]
    for reading in readings {
      lines.append(
        "  \(reading.kind) \(reading.code) → "
          + (reading.readAs ?? "unmapped (in neither the scheme nor its map)"))
    }
    return lines.joined(separator: "\n")
  }

  /// How the row's values were read: the normalisations by kind and each value's note, as
  /// in the `warnings` column and the summary of `drg group`.
  /// An inline case (line 0) has only its codes read this way.
  static func readingReport(_ reading: CaseReading) -> String {
    let what = reading.line > 0 ? "Values (line \(reading.line))" : "Codes (--dx, --proc)"
    guard !reading.notes.isEmpty else {
      return "\n\(what): read as written, nothing normalised."
    }
    var lines = ["", "\(what), read as exports write them:"]
    let kinds = ValueNormalisation.allCases.compactMap { kind in
      reading.normalised[kind].map { "\($0) \(kind)" }
    }
    if !kinds.isEmpty { lines.append("  normalised: " + kinds.joined(separator: ", ")) }
    if !reading.unreadable.isEmpty {
      lines.append("  unreadable: " + reading.unreadable.map(\.description).joined(separator: ", "))
    }
    for note in reading.notes.split(separator: "; ") { lines.append("  - " + note) }
    return lines.joined(separator: "\n")
  }
}

// The numbers of an inline case: ages, weights, days and hours from 0 to a million;
// dispositions are codes below 100.
extension ExplainCommand {
  private static func measure(_ name: String, _ placeholder: String, help: String)
    -> OptionKey<Double?>
  {
    .number([name], placeholder, help: help, rules: [.within(0...1_000_000)])
  }

  static let age = measure("--age", "YEARS", help: "Age in whole years.")
  static let ageDays = measure("--age-days", "DAYS", help: "Age in days (infants).")
  static let weight = measure("--weight", "GRAMS", help: "Birth weight in grams.")
  static let lengthOfStay = measure("--los", "DAYS", help: "Length of stay in days.")
  static let leaving = OptionKey<Double?>.number(
    ["--leaving"], "N", help: "Discharge disposition (1-5, 9).", rules: [.within(0...99)])
  static let icuHours = measure("--icu-hours", "HOURS", help: "Hours in intensive care.")
}
