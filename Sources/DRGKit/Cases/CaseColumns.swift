import Foundation

/// Where the fields of a case are in an input file, found by header name.
///
/// Columns may come in any order; extra columns are ignored (and passed through by
/// `drg group`); only `sex`, `age` and the diagnoses are required. Besides the canonical
/// names, the usual Chinese titles are recognised (``ColumnAliases``), diagnoses and
/// procedures may be spread over several columns (`主要诊断编码`, `其他诊断编码1` … `N`),
/// and a ``ColumnMap`` can name any other column.
public struct CaseColumns: Sendable, Equatable {
  /// The canonical header of a case file.
  public static let canonical = [
    "case_id", "hospital_id", "sex", "age", "age_days", "weight", "dept", "los", "leaving",
    "icu_hours", "diagnoses", "procedures", "total_cost",
  ]
  /// Optional columns read for the validation edits (not part of the canonical header).
  public static let optional = ["admit_date", "discharge_date"]
  /// Columns without which no case can be grouped.
  public static let required = ["sex", "age", "diagnoses"]

  /// Column of `case_id`, or -1 when the header has none (as for every column below).
  public var caseID = -1
  /// Column of `hospital_id`.
  public var hospitalID = -1
  /// Column of `sex`.
  public var sex = -1
  /// Column of `age` (whole years).
  public var age = -1
  /// Column of `age_days` (age of a newborn in days).
  public var ageDays = -1
  /// Column of `weight` (birth weight in grams).
  public var weight = -1
  /// Column of `dept`.
  public var department = -1
  /// Column of `los` (length of stay in days).
  public var los = -1
  /// Column of `leaving` (discharge disposition, 离院方式).
  public var leaving = -1
  /// Column of `icu_hours`.
  public var icuHours = -1
  /// The diagnosis columns, principal first; each may hold `|`-separated codes.
  public var diagnosisColumns: [Int] = []
  /// The procedure columns, main first.
  public var procedureColumns: [Int] = []
  /// Column of `total_cost` (yuan).
  public var totalCost = -1
  /// Admission and discharge dates (`admit_date`, `discharge_date`, 入院日期, 出院日期).
  public var admissionDate = -1
  /// Column of `discharge_date`.
  public var dischargeDate = -1
  /// Number of columns in the header.
  public var count: Int
  /// The header names, trimmed.
  public var names: [String]

  /// How every field of the header was found, for the column report.
  public var resolution: ColumnResolution

  /// Maps a header.
  /// - Parameters:
  ///   - map: names for columns the header calls otherwise (`--columns`).
  ///   - ignored: columns to leave alone (`--ignore-column`).
  /// - Throws: ``RecordError`` when a required column is missing, a name repeats, two
  ///   columns claim the same field, or a diagnosis or procedure lookalike feeds nothing.
  public init(
    header: [String], file: String, map: ColumnMap? = nil, ignored: [String] = []
  ) throws(RecordError) {
    try self.init(header: header, file: file, options: ColumnOptions(map: map, ignored: ignored))
  }

  /// Maps a header with the column options of a command.
  public init(header: [String], file: String, options: ColumnOptions) throws(RecordError) {
    names = header.map { $0.trimmingBlanks }
    count = header.count
    // A repeated name is refused by the resolution only when the column feeds a field;
    // repeated pass-through columns are kept as they are, as by every command.
    let columns = try ColumnResolution(header: header, file: file, options: options)
    resolution = columns
    caseID = columns[.caseID]
    hospitalID = columns[.hospitalID]
    sex = columns[.sex]
    age = columns[.age]
    ageDays = columns[.ageDays]
    weight = columns[.weight]
    department = columns[.dept]
    los = columns[.los]
    leaving = columns[.leaving]
    icuHours = columns[.icuHours]
    diagnosisColumns = columns.diagnoses
    procedureColumns = columns.procedures
    totalCost = columns[.totalCost]
    admissionDate = columns[.admitDate]
    dischargeDate = columns[.dischargeDate]
    var missing: [String] = []
    if sex < 0 { missing.append("sex (性别)") }
    if age < 0 { missing.append("age (年龄)") }
    if diagnosisColumns.isEmpty { missing.append("diagnoses (主要诊断编码)") }
    guard missing.isEmpty else {
      throw RecordError(
        file: file, line: 1,
        message:
          "header lacks required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); the canonical header is \(Self.canonical.joined(separator: ",")); Chinese export headers are recognised too (drg columns lists them), and --columns maps any others"
      )
    }
  }

  /// The fields grouping reads, in report order.
  public static let groupingFields: [ColumnField] = [
    .caseID, .hospitalID, .sex, .age, .ageDays, .weight, .dept, .los, .leaving, .icuHours,
    .diagnoses, .procedures, .totalCost, .admitDate, .dischargeDate,
  ]
}
