import Foundation

/// Joins a long-format export into the one-row-per-stay form `drg group` reads: a main
/// table (one row per stay) with a diagnosis table and a procedure table (one row per
/// code, with a main flag and an order), joined by a settlement or visit id
/// (``LongFormatColumns``).
///
/// Each main row is written as it is, with `diagnoses` and `procedures` appended (codes
/// `|`-separated, the main one first, then by order). The join streams: the three files
/// must list their ids in the same order (``JoinID``), which is checked as they are read;
/// a file out of order stops the run with its line. Codes with no stay and stays with no
/// codes are counted in the ``LongFormatSummary``.
///
/// ```swift
/// var join = LongFormatJoin(main: "main.csv", diagnoses: "diag.csv", procedures: "oper.csv")
/// let summary = try join.run(output: "joined.csv")
/// ```
public struct LongFormatJoin: Sendable {
  /// The main table: one row per stay.
  public var main: String
  /// The diagnosis table (one row per code), if any.
  public var diagnoses: String?
  /// The procedure table (one row per code), if any.
  public var procedures: String?
  /// The encoding of the three files (each is detected on its own with `.auto`).
  public var encoding: TextEncoding = .auto
  /// The column map (`--columns`): `settlement_id`, `visit_id` or `case_id` name the main
  /// table's join id, `diagnoses_file` and `procedures_file` the code tables' columns.
  public var columnMap: ColumnMap?

  /// A join of the main table with the code tables given.
  public init(main: String, diagnoses: String?, procedures: String?) {
    self.main = main
    self.diagnoses = diagnoses
    self.procedures = procedures
  }

  /// Writes the joined table to `output` (UTF-8).
  /// - Throws: ``FileError`` for files that cannot be read or written; ``RecordError`` for
  ///   a header without the id or code column, a row that cannot be read in a code table,
  ///   or ids out of order.
  public func run(output: String) throws -> LongFormatSummary {
    let mainRows = try CSVRowStream(path: main, encoding: encoding)
    let idNames = LongFormatColumns.joinIDNames(map: columnMap)
    for entry in LongFormatColumns.joinIDFields {
      if let name = columnMap?.fields[entry.field.rawValue] {
        _ = try LongFormatColumns.mapped(
          name, key: entry.field.rawValue, in: mainRows.reader.header, file: mainRows.name)
      }
    }
    guard let mainID = LongFormatColumns.find(idNames, in: mainRows.reader.header) else {
      throw RecordError(
        file: mainRows.name, line: 1,
        message:
          "the main table has no id to join on; name it one of \(LongFormatColumns.joinID.joined(separator: ", ")) (or name it in --columns as settlement_id, visit_id or case_id)"
      )
    }
    var summary = LongFormatSummary()
    summary.mainID = mainRows.reader.header[mainID].trimmingBlanks
    let diagnosisGroups = try diagnoses.map {
      try CodeGroups(
        path: $0, codeNames: LongFormatColumns.diagnosisCode, encoding: encoding,
        idNames: idNames, map: columnMap?.diagnosisTable, mapKey: "diagnoses_file")
    }
    let procedureGroups = try procedures.map {
      try CodeGroups(
        path: $0, codeNames: LongFormatColumns.procedureCode, encoding: encoding,
        idNames: idNames, map: columnMap?.procedureTable, mapKey: "procedures_file")
    }
    summary.tableColumns = [diagnosisGroups, procedureGroups].compactMap { $0?.columnLine }
    let writer = try CSVWriter(path: output, encoding: .utf8)
    mainRows.reader.headerBytes.withUnsafeBufferPointer { writer.append($0) }
    for (groups, name) in [(diagnosisGroups, "diagnoses"), (procedureGroups, "procedures")]
    where groups != nil {
      writer.appendByte(ASCII.comma)
      writer.appendField(name)
    }
    writer.appendByte(ASCII.lf)

    var previous: [UInt8]?
    let fieldCount = mainRows.reader.header.count
    while try mainRows.next() {
      summary.stays += 1
      let raw = UnsafeBufferPointer(rebasing: mainRows.bytes[mainRows.parser.recordRange])
      writer.append(raw)
      let readable =
        mainRows.parser.problem(expectingFields: fieldCount, line: mainRows.line) == nil
      let id = readable ? Array(mainRows.text(mainID).utf8) : []
      if readable {
        guard !id.isEmpty else {
          throw RecordError(
            file: mainRows.name, line: mainRows.line, message: "the stay has no id to join on")
        }
        if let previous, !JoinID.precedes(previous, id) {
          throw Self.outOfOrder(file: mainRows.name, line: mainRows.line, id: id, after: previous)
        }
        previous = id
      }
      // A row that cannot be read keeps its width problem (drg group reports it) and gets
      // no codes; codes with its id count as codes with no stay.
      for (groups, isDiagnosis) in [(diagnosisGroups, true), (procedureGroups, false)] {
        guard let groups else { continue }
        let codes = readable ? try groups.take(id) : []
        if readable && codes.isEmpty {
          summary.noteStayWithout(
            diagnoses: isDiagnosis, line: mainRows.line, id: String(decoding: id, as: UTF8.self))
        }
        writer.appendByte(ASCII.comma)
        writer.appendField(codes.joined(separator: "|"))
      }
      writer.appendByte(ASCII.lf)
      try writer.flushIfNeeded()
    }
    for (groups, isDiagnosis) in [(diagnosisGroups, true), (procedureGroups, false)] {
      guard let groups else { continue }
      try groups.finish()
      if isDiagnosis {
        summary.diagnosisRows = groups.rows
        summary.orphanDiagnosisRows = groups.orphanRows
        summary.firstOrphanDiagnosis = groups.firstOrphan
      } else {
        summary.procedureRows = groups.rows
        summary.orphanProcedureRows = groups.orphanRows
        summary.firstOrphanProcedure = groups.firstOrphan
      }
    }
    try writer.finish()
    return summary
  }

  static func outOfOrder(file: String, line: Int, id: [UInt8], after previous: [UInt8])
    -> RecordError
  {
    let id = String(decoding: id, as: UTF8.self)
    let previous = String(decoding: previous, as: UTF8.self)
    let relation = id == previous ? "repeats" : "comes after '\(previous)'"
    return RecordError(
      file: file, line: line,
      message:
        "id '\(id)' \(relation): the main, diagnosis and procedure tables must each list their ids in one order (numeric ids by number, others byte by byte) and the main table each stay once; sort them by the id, e.g. (head -1 f.csv; tail -n +2 f.csv | LC_ALL=C sort -t, -k1,1n) for an id in the first column"
    )
  }
}

/// Counts of a ``LongFormatJoin``.
public struct LongFormatSummary: Sendable, Equatable, CustomStringConvertible {
  /// Where something was first seen: a line and an id.
  public struct Place: Sendable, Equatable {
    /// The 1-based line.
    public var line: Int
    /// The join id on that line.
    public var id: String
  }

  /// Stays (rows of the main table) written.
  public var stays = 0
  /// Rows of the diagnosis table read.
  public var diagnosisRows = 0
  /// Rows of the procedure table read.
  public var procedureRows = 0
  /// Stays that no diagnosis row names.
  public var staysWithoutDiagnoses = 0
  /// Stays that no procedure row names.
  public var staysWithoutProcedures = 0
  /// Code rows whose id no stay has.
  public var orphanDiagnosisRows = 0
  /// Procedure rows whose id no stay has.
  public var orphanProcedureRows = 0
  /// The first stay without diagnoses.
  public var firstStayWithoutDiagnoses: Place?
  /// The first stay without procedures.
  public var firstStayWithoutProcedures: Place?
  /// The first diagnosis row whose id no stay has.
  public var firstOrphanDiagnosis: Place?
  /// The first procedure row whose id no stay has.
  public var firstOrphanProcedure: Place?
  /// The main table's join id column.
  public var mainID = ""
  /// For each code table, which column fed its id, code, main flag and order, e.g.
  /// `diag.csv: id ← 结算ID, code ← 诊断代码, main_flag ← 主诊断标志, order ← 序号`.
  public var tableColumns: [String] = []

  /// Empty counts.
  public init() {}

  mutating func noteStayWithout(diagnoses: Bool, line: Int, id: String) {
    if diagnoses {
      staysWithoutDiagnoses += 1
      if firstStayWithoutDiagnoses == nil { firstStayWithoutDiagnoses = Place(line: line, id: id) }
    } else {
      staysWithoutProcedures += 1
      if firstStayWithoutProcedures == nil {
        firstStayWithoutProcedures = Place(line: line, id: id)
      }
    }
  }

  /// One line for the terminal.
  public var description: String {
    func first(_ place: Place?) -> String {
      place.map { " (first: line \($0.line), id \($0.id))" } ?? ""
    }
    var text =
      "joined \(stays) stays with \(diagnosisRows) diagnosis rows and \(procedureRows) procedure rows"
    text += "; \(staysWithoutDiagnoses) stays with no diagnosis\(first(firstStayWithoutDiagnoses))"
    text += ", \(staysWithoutProcedures) with no procedure\(first(firstStayWithoutProcedures))"
    text += "; \(orphanDiagnosisRows) diagnosis rows with no stay\(first(firstOrphanDiagnosis))"
    text += ", \(orphanProcedureRows) procedure rows with no stay\(first(firstOrphanProcedure))"
    return text
  }
}
