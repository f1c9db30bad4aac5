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

  public var caseID = -1
  public var hospitalID = -1
  public var sex = -1
  public var age = -1
  public var ageDays = -1
  public var weight = -1
  public var department = -1
  public var los = -1
  public var leaving = -1
  public var icuHours = -1
  /// The diagnosis columns, principal first; each may hold `|`-separated codes.
  public var diagnosisColumns: [Int] = []
  /// The procedure columns, main first.
  public var procedureColumns: [Int] = []
  public var totalCost = -1
  /// Admission and discharge dates (`admit_date`, `discharge_date`, 入院日期, 出院日期).
  public var admissionDate = -1
  public var dischargeDate = -1
  /// Number of columns in the header.
  public var count: Int
  /// The header names, trimmed.
  public var names: [String]

  /// Maps a header.
  /// - Parameter map: names for columns the header calls otherwise (`--columns`).
  /// - Throws: ``RecordError`` when a required column is missing, a name repeats, or two
  ///   columns claim the same field.
  public init(header: [String], file: String, map: ColumnMap? = nil) throws(RecordError) {
    names = header.map { $0.trimmingBlanks }
    count = header.count
    let normalized = names.map(ColumnAliases.normalized)
    var seen: [String: Int] = [:]
    for (index, name) in normalized.enumerated() where !name.isEmpty {
      if seen[name] != nil {
        throw RecordError(
          file: file, line: 1, message: "column '\(names[index])' appears twice in the header")
      }
      seen[name] = index
    }
    var claimed: [String: Int] = [:]
    func claim(_ field: String, _ index: Int) throws(RecordError) {
      if let earlier = claimed[field], earlier != index {
        throw RecordError(
          file: file, line: 1,
          message:
            "columns '\(names[earlier])' and '\(names[index])' both give \(field); keep one, or name the one to use with --columns"
        )
      }
      claimed[field] = index
    }
    func find(_ name: String) throws(RecordError) -> Int {
      guard let index = seen[ColumnAliases.normalized(name)] else {
        throw RecordError(
          file: file, line: 1, message: "the column map names '\(name)', which the header lacks")
      }
      return index
    }
    // 1. The column map wins.
    var mappedCodes: Set<String> = []
    if let map {
      for (field, name) in map.fields.sorted(by: { $0.key < $1.key }) {
        try claim(field, try find(name))
      }
      if let list = map.diagnoses {
        diagnosisColumns = try list.map { (name) throws(RecordError) in try find(name) }
        mappedCodes.insert("diagnoses")
      }
      if let list = map.procedures {
        procedureColumns = try list.map { (name) throws(RecordError) in try find(name) }
        mappedCodes.insert("procedures")
      }
    }
    // 2. Canonical names and aliases.
    for field in Self.canonical + Self.optional
    where field != "diagnoses" && field != "procedures" {
      guard claimed[field] == nil else { continue }
      for name in [field] + (ColumnAliases.fields[field] ?? []) {
        if let index = seen[ColumnAliases.normalized(name)] {
          try claim(field, index)
        }
      }
    }
    if !mappedCodes.contains("diagnoses") {
      diagnosisColumns = try Self.codeColumns(
        canonical: "diagnoses", principal: ColumnAliases.principalDiagnosis,
        others: ColumnAliases.otherDiagnosis, normalized: normalized, names: names, file: file)
    }
    if !mappedCodes.contains("procedures") {
      procedureColumns = try Self.codeColumns(
        canonical: "procedures", principal: ColumnAliases.mainProcedure,
        others: ColumnAliases.otherProcedure, normalized: normalized, names: names, file: file)
    }
    caseID = claimed["case_id"] ?? -1
    hospitalID = claimed["hospital_id"] ?? -1
    sex = claimed["sex"] ?? -1
    age = claimed["age"] ?? -1
    ageDays = claimed["age_days"] ?? -1
    weight = claimed["weight"] ?? -1
    department = claimed["dept"] ?? -1
    los = claimed["los"] ?? -1
    leaving = claimed["leaving"] ?? -1
    icuHours = claimed["icu_hours"] ?? -1
    totalCost = claimed["total_cost"] ?? -1
    admissionDate = claimed["admit_date"] ?? -1
    dischargeDate = claimed["discharge_date"] ?? -1
    var missing: [String] = []
    if sex < 0 { missing.append("sex (性别)") }
    if age < 0 { missing.append("age (年龄)") }
    if diagnosisColumns.isEmpty { missing.append("diagnoses (主要诊断编码)") }
    guard missing.isEmpty else {
      throw RecordError(
        file: file, line: 1,
        message:
          "header lacks required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); the canonical header is \(Self.canonical.joined(separator: ",")); Chinese export headers are recognised too (see README), and --columns maps any others"
      )
    }
  }

  /// The columns of a code list: the canonical one, or a principal column followed by
  /// numbered "other" columns in numeric order.
  private static func codeColumns(
    canonical: String, principal: [String], others: [String], normalized: [String],
    names: [String], file: String
  ) throws(RecordError) -> [Int] {
    let canonicalIndex = normalized.firstIndex(of: canonical)
    let principalIndex = normalized.firstIndex { name in
      principal.contains { ColumnAliases.normalized($0) == name }
    }
    var numbered: [(number: Int, index: Int)] = []
    for (index, name) in normalized.enumerated() {
      for prefix in others {
        if let number = ColumnAliases.number(in: name, after: ColumnAliases.normalized(prefix)) {
          numbered.append((number, index))
          break
        }
      }
    }
    if let canonicalIndex {
      if let principalIndex {
        throw RecordError(
          file: file, line: 1,
          message:
            "columns '\(names[canonicalIndex])' and '\(names[principalIndex])' both give \(canonical); keep one, or name the one to use with --columns"
        )
      }
      return [canonicalIndex]
    }
    guard let principalIndex else { return [] }
    return [principalIndex] + numbered.sorted { $0.number < $1.number }.map(\.index)
  }
}
