/// Where the fields of a case are in an input file, found by header name.
///
/// Columns may come in any order; extra columns are ignored (and passed through by
/// `drg group`); only `sex`, `age` and `diagnoses` are required.
public struct CaseColumns: Sendable, Equatable {
  /// The canonical header of a case file.
  public static let canonical = [
    "case_id", "hospital_id", "sex", "age", "age_days", "weight", "dept", "los", "leaving",
    "icu_hours", "diagnoses", "procedures", "total_cost",
  ]
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
  public var diagnoses = -1
  public var procedures = -1
  public var totalCost = -1
  /// Number of columns in the header.
  public var count: Int
  /// The header names, trimmed.
  public var names: [String]

  /// Maps a header.
  /// - Throws: ``RecordError`` when a required column is missing or a name repeats.
  public init(header: [String], file: String) throws(RecordError) {
    names = header.map { $0.trimmingBlanks }
    count = header.count
    var seen: Set<String> = []
    for (index, raw) in names.enumerated() {
      let name = raw.lowercased()
      if !name.isEmpty, !seen.insert(name).inserted {
        throw RecordError(
          file: file, line: 1, message: "column '\(raw)' appears twice in the header")
      }
      switch name {
      case "case_id": caseID = index
      case "hospital_id": hospitalID = index
      case "sex": sex = index
      case "age": age = index
      case "age_days": ageDays = index
      case "weight": weight = index
      case "dept": department = index
      case "los": los = index
      case "leaving": leaving = index
      case "icu_hours": icuHours = index
      case "diagnoses": diagnoses = index
      case "procedures": procedures = index
      case "total_cost": totalCost = index
      default: break
      }
    }
    let missing = Self.required.filter { !seen.contains($0) }
    guard missing.isEmpty else {
      throw RecordError(
        file: file, line: 1,
        message:
          "header lacks required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); the canonical header is \(Self.canonical.joined(separator: ","))"
      )
    }
  }
}
