import DRGKit

/// One row of `--enrolment`: persons enrolled with a hospital or alliance in a category.
public struct EnrolmentRow: Sendable, Equatable {
  /// Hospital id or alliance name.
  public var unit: String
  /// The category's name, one of the policy's ``SettlementPolicy/PerHead/categories``.
  public var category: String
  /// Persons enrolled in the category.
  public var persons: Int64
  /// The file the row was read from, for messages ("" when built in code).
  public var file: String
  /// The row's line in the file, 1-based, for messages (0 when built in code).
  public var line: Int
  /// A row of `persons` enrolled with `unit` (a hospital id or alliance name) in `category`.
  public init(unit: String, category: String, persons: Int64, file: String = "", line: Int = 0) {
    self.unit = unit
    self.category = category
    self.persons = persons
    self.file = file
    self.line = line
  }
}

/// One row of `--outpatient`: a hospital's outpatient visits and cost of the year in a
/// category (the cost that the capitation is balanced against).
public struct OutpatientRow: Sendable, Equatable {
  /// The hospital's id (`hospital_id`).
  public var hospital: String
  /// The category's name ("" when the file has no `category` column: all categories).
  public var category: String
  /// Outpatient visits of the year (0 when the file has no `visits` column).
  public var visits: Int64
  /// Outpatient cost of the year, fen.
  public var costFen: Int64
  /// The file the row was read from, for messages ("" when built in code).
  public var file: String
  /// The row's line in the file, 1-based, for messages (0 when built in code).
  public var line: Int
  /// A row of a hospital's visits and cost (fen) of the year in `category`.
  public init(
    hospital: String, category: String, visits: Int64, costFen: Int64, file: String = "",
    line: Int = 0
  ) {
    self.hospital = hospital
    self.category = category
    self.visits = visits
    self.costFen = costFen
    self.file = file
    self.line = line
  }
}

/// Reads the per-head files. Columns by name (`hospital_id`, `category`, `persons`;
/// `hospital_id`, optional `category`, `cost`, optional `visits`); every row must be
/// readable, each (hospital, category) may appear once, and a category must be one of the
/// policy's. An outpatient file without a `category` column gives each hospital's cost over
/// all categories (one row per hospital; the balance is then struck over all categories).
public enum PerHeadFiles {
  /// `--enrolment FILE`.
  /// - Throws: ``RecordError`` naming the file, line and field of a row that cannot be used.
  public static func enrolment(path: String, categories: [String]) throws -> [EnrolmentRow] {
    var rows: [EnrolmentRow] = []
    var seen: [String: Int] = [:]
    for row in try AdjustmentFiles.rows(
      path: path, required: ["hospital_id", "category", "persons"])
    {
      let (unit, category) = try key(row, path: path, categories: categories, seen: &seen)
      let text = row.fields["persons"] ?? ""
      guard let persons = Int64(text), persons >= 0, persons < 1_000_000_000 else {
        throw RecordError(
          file: path, line: row.line,
          message: "persons '\(text)' is not a whole number ≥ 0 (people enrolled)")
      }
      rows.append(
        EnrolmentRow(unit: unit, category: category, persons: persons, file: path, line: row.line))
    }
    return rows
  }

  /// `--outpatient FILE`.
  /// - Throws: ``RecordError`` naming the file, line and field of a row that cannot be used.
  public static func outpatient(path: String, categories: [String]) throws -> [OutpatientRow] {
    var rows: [OutpatientRow] = []
    var seen: [String: Int] = [:]
    for row in try AdjustmentFiles.rows(path: path, required: ["hospital_id", "cost"]) {
      let (hospital, category) = try key(
        row, path: path, categories: categories, seen: &seen,
        categoryOptional: row.fields["category"] == nil)
      let costText = row.fields["cost"] ?? ""
      guard let cost = NumberParsing.decimal(costText), cost >= 0, cost < 1e13 else {
        throw RecordError(
          file: path, line: row.line, message: "cost '\(costText)' is not a number ≥ 0 (yuan)")
      }
      let visitsText = row.fields["visits"] ?? ""
      var visits: Int64 = 0
      if !visitsText.isEmpty {
        guard let value = Int64(visitsText), value >= 0, value < 1_000_000_000_000 else {
          throw RecordError(
            file: path, line: row.line, message: "visits '\(visitsText)' is not a whole number ≥ 0")
        }
        visits = value
      }
      rows.append(
        OutpatientRow(
          hospital: hospital, category: category, visits: visits,
          costFen: WholeNumber.rounded(cost * 100), file: path, line: row.line))
    }
    return rows
  }

  private static func key(
    _ row: (line: Int, fields: [String: String]), path: String, categories: [String],
    seen: inout [String: Int], categoryOptional: Bool = false
  ) throws -> (String, String) {
    let unit = row.fields["hospital_id"] ?? ""
    let category = row.fields["category"] ?? ""
    guard !unit.isEmpty else {
      throw RecordError(file: path, line: row.line, message: "hospital_id is empty")
    }
    guard categoryOptional || categories.contains(category) else {
      throw RecordError(
        file: path, line: row.line,
        message:
          "category '\(category)' is not one of the policy's perHead.categories (\(categories.joined(separator: ", ")))"
      )
    }
    let key = unit + "\u{1F}" + category
    if let earlier = seen[key] {
      throw RecordError(
        file: path, line: row.line,
        message: categoryOptional
          ? "hospital \(unit) appears twice (also on line \(earlier)); without a category column keep one row per hospital"
          : "hospital \(unit), category \(category) appears twice (also on line \(earlier)); keep one row"
      )
    }
    seen[key] = row.line
    return (unit, category)
  }
}
