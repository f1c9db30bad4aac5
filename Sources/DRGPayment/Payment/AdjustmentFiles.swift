import DRGKit

/// The small CSV files of assessment and review that adjust hospital payments after the
/// point value: `--assessment` (hospital_id, score) and `--deductions` (case_id or
/// hospital_id, amount, reason). Columns by name; every row must be readable.
enum AdjustmentFiles {
  /// Rows of `path` as dictionaries by lower-cased header name, with their line numbers.
  /// - Throws: ``FileError`` when it cannot be read; ``RecordError`` naming the line for a
  ///   row that cannot be read or a missing column.
  static func rows(path: String, required: [String], anyOf: [String] = [])
    throws -> [(line: Int, fields: [String: String])]
  {
    let reader = try CSVReader(path: path, blockSize: 1 << 16)
    let header = try reader.lowercasedHeader(
      emptyMessage: "the file is empty; expected a header row")
    for (index, name) in header.enumerated() where !name.isEmpty {
      if let other = header[..<index].firstIndex(of: name) {
        throw RecordError(
          file: path, line: 1,
          message: "columns \(other + 1) and \(index + 1) are both named '\(name)'; keep one")
      }
    }
    let missing = required.filter { !header.contains($0) }
    if !missing.isEmpty || (!anyOf.isEmpty && !anyOf.contains(where: header.contains)) {
      let need = required + (anyOf.isEmpty ? [] : [anyOf.joined(separator: " or ")])
      throw RecordError(
        file: path, line: 1, message: "the header needs the columns \(need.joined(separator: ", "))"
      )
    }
    var rows: [(line: Int, fields: [String: String])] = []
    while try reader.next() {
      let parser = reader.parser
      guard parser.problem == nil, parser.fields.count == header.count else {
        throw RecordError(
          file: path, line: reader.line,
          message: parser.problem?.description ?? "expected \(header.count) fields")
      }
      var fields: [String: String] = [:]
      for (index, name) in header.enumerated() {
        fields[name] = parser.string(index, in: reader.bytes).trimmingBlanks
      }
      rows.append((reader.line, fields))
    }
    if rows.isEmpty {
      throw RecordError(
        file: path, line: 2, message: "the file has a header but no rows; give at least one row")
    }
    return rows
  }

  /// Assessment scores by hospital id (`hospital_id`, `score` 0–100).
  static func scores(path: String) throws -> [String: Double] {
    var scores: [String: Double] = [:]
    var lineOf: [String: Int] = [:]
    for row in try rows(path: path, required: ["hospital_id", "score"]) {
      let hospital = row.fields["hospital_id"] ?? ""
      let text = row.fields["score"] ?? ""
      guard !hospital.isEmpty else {
        throw RecordError(file: path, line: row.line, message: "hospital_id is empty")
      }
      guard let score = NumberParsing.decimal(text), (0...100).contains(score) else {
        throw RecordError(
          file: path, line: row.line, message: "score '\(text)' is not a number from 0 to 100")
      }
      if let first = lineOf[hospital] {
        throw RecordError(
          file: path, line: row.line,
          message: "hospital \(hospital) has a second score (first on line \(first)); keep one")
      }
      scores[hospital] = score
      lineOf[hospital] = row.line
    }
    return scores
  }

  /// Deductions: `amount` (yuan ≥ 0), `reason`, and `case_id` or `hospital_id` (a row
  /// with a case id deducts from that case's hospital in the case's pool); `pool` optional.
  static func deductions(path: String) throws -> [Deduction] {
    var list: [Deduction] = []
    for row in try rows(path: path, required: ["amount"], anyOf: ["case_id", "hospital_id"]) {
      let text = row.fields["amount"] ?? ""
      guard let amount = NumberParsing.decimal(text), amount >= 0, amount < 1e13 else {
        throw RecordError(
          file: path, line: row.line, message: "amount '\(text)' is not a number ≥ 0 (yuan)")
      }
      let caseID = row.fields["case_id"] ?? ""
      let hospital = row.fields["hospital_id"] ?? ""
      guard !caseID.isEmpty || !hospital.isEmpty else {
        throw RecordError(file: path, line: row.line, message: "give a case_id or a hospital_id")
      }
      list.append(
        Deduction(
          caseID: caseID, hospital: hospital, pool: row.fields["pool"] ?? "",
          amountFen: Int64((amount * 100).rounded()), reason: row.fields["reason"] ?? "",
          file: path, line: row.line))
    }
    return list
  }
}

/// One deduction found by review (违规扣款).
public struct Deduction: Sendable, Equatable {
  /// The case the deduction is for (`case_id`): it deducts from that case's hospital in the
  /// case's pool; "" for a deduction from the hospital as a whole.
  public var caseID: String
  /// The hospital deducted from (`hospital_id`; may be "" when ``caseID`` is given).
  public var hospital: String
  /// The pool whose payment is reduced (`pool` column): "" for any pool the hospital is
  /// paid in, `per_head` (``PerHeadSettlement/poolName``) for the per-head money.
  public var pool: String
  /// The amount deducted, fen (≥ 0; the file gives yuan).
  public var amountFen: Int64
  /// Why, as the review gave it.
  public var reason: String
  /// Where it was read, for messages.
  public var file: String
  /// The line of the file, 1-based, for messages.
  public var line: Int
}

/// The adjustment files as the command line reads them.
public enum SettlementAdjustmentInput {
  /// `--assessment`: score by hospital id.
  public static func scores(_ path: String) throws -> [String: Double] {
    try AdjustmentFiles.scores(path: path)
  }

  /// `--deductions`: the rows in file order.
  public static func deductions(_ path: String) throws -> [Deduction] {
    try AdjustmentFiles.deductions(path: path)
  }
}
