import DRGAnalysis
import DRGKit
import Foundation

extension CommandSpec.Option {
  /// `--columns MAP.json`, read by ``ParsedArguments/columnOptions(command:)``.
  static let columns = CommandSpec.Option(
    names: ["--columns"], value: "MAP.json",
    help:
      "Column names for fields the header calls otherwise, e.g. {\"insurance\": \"XZLX\", \"diagnoses\": [\"ZYZD\", \"QTZD1\"]}; keys as listed by 'drg columns'."
  )
  /// `--ignore-column NAMES`.
  static let ignoreColumn = CommandSpec.Option(
    names: ["--ignore-column"], value: "NAMES",
    help:
      "Comma-separated headers to leave alone (needed for a column that looks like diagnosis or procedure codes but should feed nothing)."
  )
  /// `--show-columns`.
  static let showColumns = CommandSpec.Option(
    names: ["--show-columns"], value: nil,
    help: "Print the full column mapping on stderr: each field, the column that fed it, and how.")
  /// `--hospitals FILE`, read by ``ParsedArguments/hospitals()``.
  static let hospitals = CommandSpec.Option(
    names: ["--hospitals"], value: "FILE",
    help:
      "Hospitals CSV (hospital_id,name,level[,region]): names in every output that lists hospitals."
  )
  /// The three column options every command that reads cases or grouped rows takes.
  static let columnOptions: [CommandSpec.Option] = [.columns, .ignoreColumn, .showColumns]
}

extension ParsedArguments {
  /// `--columns` and `--ignore-column`.
  /// - Throws: ``RecordError`` when the map cannot be read.
  func columnOptions() throws(RecordError) -> ColumnOptions {
    let map = try value("--columns").map { (path) throws(RecordError) in
      try ColumnMap.load(path: path)
    }
    let ignored = (value("--ignore-column") ?? "").split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces)
    }.filter { !$0.isEmpty }
    return ColumnOptions(map: map, ignored: ignored)
  }

  /// `--hospitals`, when given.
  func hospitals() throws -> HospitalTable? {
    try value("--hospitals").map { try HospitalTable(path: $0) }
  }
}

/// The column report every run prints: one line (unless `--quiet`), and the full mapping
/// with `--show-columns`.
enum ColumnReport {
  /// - Parameter label: what the lines start with after `drg` (a second input's report
  ///   names its option); the command's name when `nil`.
  static func print(
    _ resolution: ColumnResolution?, fields: [ColumnField], label: String? = nil,
    arguments: ParsedArguments, console: Console
  ) {
    guard let resolution else { return }
    let command = label ?? arguments.command
    if arguments.flag("--show-columns") {
      for line in resolution.table(fields: fields) { console.error(line) }
    } else if !arguments.flag("--quiet") {
      console.error("drg \(command): " + resolution.summaryLine(fields: fields))
    }
  }
}

/// The fields each command reads, in report order.
enum CommandFields {
  static let grouping = CaseColumns.groupingFields
  static let weights: [ColumnField] = [
    .status, .drg, .drgName, .adrg, .totalCost, .los, .year, .dischargeDate,
  ]
  static let settle: [ColumnField] = [
    .caseID, .hospitalID, .status, .drg, .adrg, .totalCost, .los, .leaving, .insurance,
    .patientID, .admitDate, .dischargeDate, .diagnoses, .procedures, .selfPay,
  ]
  static func compare(_ unit: ComparisonUnit) -> [ColumnField] {
    [unit.field, .status, .drg, .totalCost, .los, .leaving]
  }
  static let audit: [ColumnField] = [
    .caseID, .hospitalID, .patientID, .admitDate, .dischargeDate, .status, .mdc, .adrg, .drg,
    .los, .dept, .diagnoses,
  ]
}

extension CommandSpec.Option {
  /// `--min-weight-coverage PCT`, read by ``ParsedArguments/minimumWeightCoverage()``.
  static let minWeightCoverage = CommandSpec.Option(
    names: ["--min-weight-coverage"], value: "PCT",
    help:
      "Stop (exit 65) when the weights cover fewer grouped cases than PCT percent; below 90 % is always a warning."
  )
}

extension ParsedArguments {
  /// `--min-weight-coverage` as a share from 0 to 1, when given.
  func minimumWeightCoverage() throws(UsageError) -> Double? {
    guard var text = value("--min-weight-coverage") else { return nil }
    if text.hasSuffix("%") { text.removeLast() }
    guard let percent = Double(text), percent >= 0, percent <= 100 else {
      throw usageError("--min-weight-coverage must be a percentage from 0 to 100")
    }
    return percent / 100
  }
}

extension WeightCoverage {
  /// Prints the coverage line (a warning also with `--quiet`) and applies
  /// `--min-weight-coverage`.
  func report(arguments: ParsedArguments, console: Console) throws {
    if isLow {
      console.warning("drg \(arguments.command): " + line)
    } else if !arguments.flag("--quiet") {
      console.error("drg \(arguments.command): " + line)
    }
    try check(minimum: try arguments.minimumWeightCoverage())
  }
}
