import DRGKit
import Foundation

/// `drg group`: groups a CSV file of cases.
enum GroupCommand: Subcommand {
  static let spec = CommandSpec(
    name: "group",
    abstract:
      "Group a CSV file of cases; append status, mdc, adrg, drg, drg_name, reason, warnings.",
    usage: "drg group <input.csv> --scheme <id|dir> [-o <output.csv>]",
    discussion: """
      Reads cases with the header
        case_id,hospital_id,sex,age,age_days,weight,dept,los,leaving,icu_hours,diagnoses,procedures,total_cost
      (columns in any order; only sex, age and diagnoses are required; extra columns pass
      through). The usual Chinese export headers are recognised too (性别, 年龄, 年龄(天),
      新生儿出生体重, 科室, 住院天数, 离院方式, 主要诊断编码 + 其他诊断编码1..N, 主要手术操作编码 +
      其他手术操作编码1..N, 总费用, 病案号, 医疗机构编码, …); --columns maps any others. Diagnoses and procedures are '|'-separated, principal/main first. Sex may be
      1/2 or 男/女. Every input row is written back with seven columns appended; a row that
      cannot be read is written with status 'invalid' and a reason naming its line. A summary
      that reconciles rows read with rows written goes to stderr.
      The warnings column lists what the validation edits found (they never change the
      group): unknown codes (unmapped, with --map), a manifestation (*) or external-cause
      (V01-Y98) principal diagnosis, codes that contradict sex, newborn (P00-P96) codes after
      28 days, duplicate codes, LOS or total_cost not positive, discharge_date before
      admit_date (入院日期/出院日期).
      Use '-' for standard input or output. An output file is written under a temporary
      name and renamed when complete.
      """ + "\n" + SchemeLoading.helpText,
    options: [
      .init(
        names: ["-s", "--scheme"], value: "ID|DIR",
        help: "Scheme: an id such as chs-drg-1.1 (see drg schemes) or a directory (required)."),
      output.option,
      .bom,
      .outputEncoding,
      .columns, .ignoreColumn, .showColumns,
      .init(
        names: ["--map"], value: nil,
        help:
          "Translate codes from another edition with the scheme's dx_map.csv and proc_map.csv first; codes found in neither are reported as unmapped."
      ),
      edits.option,
      .init(names: ["--no-edits"], value: nil, help: "Skip the validation edits."),
      .init(
        names: ["--rejects"], value: "FILE",
        help:
          "Also write every invalid row to FILE as line,reason,record (the row as read, quoted).",
        writes: .file),
      encoding.option,
      .threads,
      .blockSize,
    ] + LongFormatOptions.options + [
      .init(
        names: ["-q", "--quiet"], value: nil,
        help:
          "No progress or summary on stderr; the summary still is when it counts unreadable or normalised input."
      )
    ],
    examples: [
      "drg group grouper-tables/samples/demo-cases.csv --scheme grouper-tables/demo -o grouped.csv",
      "drg group cases.csv -s chs-drg-1.1 > grouped.csv",
      "cat cases.csv | drg group - -s grouper-tables/demo | head",
      "drg group grouper-tables/samples/demo-cases-zh.csv -s grouper-tables/demo --bom -o grouped.csv",
      "drg group main.csv --diagnoses-file diag.csv --procedures-file oper.csv -s chs-drg-1.1 -o grouped.csv",
      "drg group export.csv -s beijing-2022 --map -o grouped.csv",
    ],
    positional: 1...1)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let schemeDirectory = try arguments.schemeDirectory()
    var input = arguments.positional[0]
    let output = try arguments.value(Self.output)
    let scheme = try SchemeLoading.load(schemeDirectory, console: console)
    var grouping = FileGrouping(scheme: scheme)
    let columnOptions = try arguments.columnOptions()
    grouping.columnMap = columnOptions.map
    grouping.ignoredColumns = columnOptions.ignored
    grouping.rejectsPath = arguments.value("--rejects")
    grouping.translatesCodes = arguments.flag("--map")
    if grouping.translatesCodes && scheme.diagnosisMap.isEmpty && scheme.procedureMap.isEmpty {
      throw arguments.usageError(
        "--map: the scheme \(schemeDirectory) has no dx_map.csv or proc_map.csv to translate with"
      )
    }
    if arguments.flag("--no-edits") {
      if try arguments.value(Self.edits) != nil {
        throw arguments.usageError("--edits and --no-edits exclude each other")
      }
      grouping.edits = nil
    } else if let path = try arguments.value(Self.edits) {
      grouping.edits = try CodeEditTable.load(path: path)
    }
    grouping.encoding = try arguments.value(Self.encoding)
    if let threads = try arguments.threads() { grouping.threads = threads }
    grouping.blockSize = try arguments.blockSize()
    let quiet = arguments.flag("--quiet")
    if console.errorIsTerminal && !quiet {
      let line = ProgressLine(console: console, noun: "rows")
      grouping.progress = { summary, size in
        line.update(rows: summary.rowsRead, bytesRead: summary.bytesRead, inputSize: size)
      }
    }
    let joined = try LongFormatOptions.join(
      input: input, arguments: arguments, encoding: grouping.encoding,
      output: output, console: console, quiet: quiet)
    defer { if let joined { try? FileManager.default.removeItem(atPath: joined) } }
    if let joined {
      grouping.inputName = "\(input) (joined with its code tables)"
      grouping.encoding = .utf8
      input = joined
    }
    let summary = try grouping.run(input: input, output: output)
    if console.errorIsTerminal && !quiet { console.clearLine() }
    ColumnReport.print(
      summary.columns, fields: CommandFields.grouping, arguments: arguments,
      console: console)
    if !quiet {
      let rate = summary.seconds > 0 ? Double(summary.rowsRead) / summary.seconds : 0
      console.error(
        "drg group: \(summary.description); \(String(format: "%.3f", summary.seconds)) s, \(Int(rate)) rows/s (scheme \(scheme.manifest.id))"
      )
    } else if summary.needsSaying {
      console.warning("drg group: " + summary.description)
    }
    return ExitStatus.success
  }
}

// The options of `drg group` with a default.
extension GroupCommand {
  static let output = OptionKey<String>.text(
    ["-o", "--output"], "FILE", help: "Output CSV.", default: "-", gloss: "stdout",
    writes: .file)

  /// `--edits FILE`, also of `drg serve`: the standard edits when left out.
  static let edits = OptionKey<String?>.text(
    ["--edits"], "FILE",
    help:
      "Code edit table (edit,codes,from,to,note) instead of the standard ICD-10/ICD-9-CM-3 edits.",
    described: "standard edits")

  /// `--encoding NAME`: left out, `auto` (`FileGrouping`'s own default), which the help
  /// describes.
  static let encoding = OptionKey<TextEncoding>(
    CommandSpec.Option(
      names: ["--encoding"], value: "NAME",
      help: "Input encoding: utf8, gb18030 (also gbk, gb2312), or auto."),
    default: .auto, written: "auto",
    shown:
      "auto: decided at the first non-ASCII byte, a line not valid in it read in the other; UTF-16 by its byte order mark"
  ) { (name, arguments) throws(UsageError) in
    guard let encoding = TextEncoding(name: name) else {
      throw arguments.usageError("unknown --encoding '\(name)'; use utf8, gb18030 or auto")
    }
    return encoding
  }
}

extension GroupingSummary {
  /// Whether the summary counts something `--quiet` must not hide: unreadable CSV rows,
  /// rows in the other encoding or in neither, values read as exports write them, or
  /// values that could not be read.
  var needsSaying: Bool {
    unreadableRows > 0 || rowsInOtherEncoding > 0 || rowsWithInvalidBytes > 0
      || rowsNormalised > 0 || unreadableByField.contains { $0 > 0 }
  }
}
