/// The rows of a diagnosis or procedure table, taken a stay at a time: the codes of each
/// id, the main one first, then by order. Checks that the ids come in ``JoinID`` order.
final class CodeGroups {
  private struct Entry {
    var code: String
    var main: Bool
    var order: Double
  }

  private let rowsStream: CSVRowStream
  private let idColumn: Int
  private let codeColumn: Int
  private let mainColumn: Int?
  private let orderColumn: Int?
  private let fieldCount: Int
  /// The row read ahead: the first of the next id, or `nil` at the end.
  private var ahead: (id: [UInt8], entry: Entry?, line: Int)?
  private var lastID: [UInt8]?
  /// Code rows read, and those whose id no stay had.
  private(set) var rows = 0
  private(set) var orphanRows = 0
  private(set) var firstOrphan: LongFormatSummary.Place?

  /// Which column fed the id, the code, the main flag and the order, for the column report.
  let columnLine: String

  /// Opens a code table.
  /// - Parameters:
  ///   - idNames: the names the join id may have (with the main table's mapped names).
  ///   - map: the columns the column map names for this table, which win.
  ///   - mapKey: the map's key for this table, for messages.
  init(
    path: String, codeNames: [String], encoding: TextEncoding, idNames: [String],
    map: ColumnMap.CodeTableColumns?, mapKey: String
  ) throws {
    rowsStream = try CSVRowStream(path: path, encoding: encoding)
    let header = rowsStream.reader.header
    let file = rowsStream.name
    fieldCount = header.count
    func column(_ mapped: String?, key: String, names: [String]) throws(RecordError) -> Int? {
      if let mapped {
        return try LongFormatColumns.mapped(mapped, key: "\(mapKey).\(key)", in: header, file: file)
      }
      return LongFormatColumns.find(names, in: header)
    }
    guard let id = try column(map?.id, key: "id", names: idNames) else {
      throw RecordError(
        file: file, line: 1,
        message:
          "no id to join on; name it one of \(LongFormatColumns.joinID.joined(separator: ", ")) (or give its name as \(mapKey).id in --columns)"
      )
    }
    guard let code = try column(map?.code, key: "code", names: codeNames) else {
      throw RecordError(
        file: file, line: 1,
        message:
          "no code column; name it one of \(codeNames.joined(separator: ", ")) (or give its name as \(mapKey).code in --columns)"
      )
    }
    idColumn = id
    codeColumn = code
    mainColumn = try column(map?.mainFlag, key: "main_flag", names: LongFormatColumns.mainFlag)
    orderColumn = try column(map?.order, key: "order", names: LongFormatColumns.order)
    func describe(_ key: String, _ index: Int?) -> String {
      "\(key) ← \(index.map { header[$0].trimmingBlanks } ?? "— (not in the header)")"
    }
    columnLine =
      "columns of \(file): "
      + [
        describe("id", id), describe("code", code), describe("main_flag", mainColumn),
        describe("order", orderColumn),
      ].joined(separator: ", ")
    try readAhead()
  }

  /// Reads the next row into ``ahead`` (checking the order of ids).
  private func readAhead() throws {
    guard try rowsStream.next() else {
      ahead = nil
      return
    }
    let line = rowsStream.line
    if let problem = rowsStream.parser.problem(expectingFields: fieldCount, line: line) {
      throw RecordError(file: rowsStream.name, line: line, message: problem.description)
    }
    let id = Array(rowsStream.text(idColumn).utf8)
    guard !id.isEmpty else {
      throw RecordError(file: rowsStream.name, line: line, message: "the row has no id")
    }
    if let lastID, lastID != id, !JoinID.precedes(lastID, id) {
      throw LongFormatJoin.outOfOrder(file: rowsStream.name, line: line, id: id, after: lastID)
    }
    lastID = id
    rows += 1
    let code = rowsStream.text(codeColumn)
    let order = orderColumn.map { NumberParsing.decimal(rowsStream.text($0)) ?? .infinity }
    let entry =
      code.isEmpty
      ? nil
      : Entry(
        code: code, main: mainColumn.map { LongFormatColumns.isMain(rowsStream.text($0)) } ?? false,
        order: order ?? .infinity)
    ahead = (id, entry, line)
  }

  /// The codes of `id`, main first, then by order (then as listed); empty when the table
  /// has none. Rows of ids before `id` are counted as codes with no stay.
  func take(_ id: [UInt8]) throws -> [String] {
    while let row = ahead, JoinID.precedes(row.id, id) {
      noteOrphan(row)
      try readAhead()
    }
    var entries: [Entry] = []
    while let row = ahead, row.id == id {
      if let entry = row.entry { entries.append(entry) }
      try readAhead()
    }
    let ordered = entries.enumerated().sorted { left, right in
      if left.element.main != right.element.main { return left.element.main }
      if left.element.order != right.element.order {
        return left.element.order < right.element.order
      }
      return left.offset < right.offset
    }
    return ordered.map(\.element.code)
  }

  /// Counts the rows left after the last stay as codes with no stay.
  func finish() throws {
    while let row = ahead {
      noteOrphan(row)
      try readAhead()
    }
  }

  private func noteOrphan(_ row: (id: [UInt8], entry: Entry?, line: Int)) {
    orphanRows += 1
    if firstOrphan == nil {
      firstOrphan = LongFormatSummary.Place(
        line: row.line, id: String(decoding: row.id, as: UTF8.self))
    }
  }
}
