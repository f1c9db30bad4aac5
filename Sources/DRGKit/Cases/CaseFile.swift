/// Reads cases from a case file as ``DischargeCase`` values (the convenient, slow path).
public enum CaseFile {
  /// The case with `case_id` equal to `id`, or `nil`.
  /// - Throws: ``FileError`` when the file cannot be read; ``RecordError`` when its header
  ///   lacks `case_id` or a required column.
  public static func find(
    id: String, in path: String, map: ColumnMap? = nil, ignored: [String] = []
  ) throws
    -> DischargeCase?
  {
    // The chunk reader decodes GB18030 (GBK) files as `drg group` does.
    let reader = try CSVChunkReader(path: path)
    guard reader.hasHeader else { return nil }
    let columns = try CaseColumns(header: reader.header, file: path, map: map, ignored: ignored)
    guard columns.caseID >= 0 else {
      throw RecordError(file: path, line: 1, message: "header has no case_id column (病案号)")
    }
    var parser = CSVRecordParser()
    while let chunk = try reader.nextChunk() {
      defer { chunk.release() }
      let bytes = chunk.view
      var position = 0
      var found: [String]?
      while position < bytes.count && found == nil {
        if bytes[position] == ASCII.lf || bytes[position] == ASCII.cr {
          position += 1
          continue
        }
        guard let next = parser.parse(bytes, from: position, line: 1, isFinal: true) else { break }
        position = next
        guard parser.problem == nil, parser.fields.count == columns.count,
          parser.string(columns.caseID, in: bytes).trimmingBlanks == id
        else { continue }
        found = (0..<parser.fields.count).map { parser.string($0, in: bytes) }
      }
      guard let values = found else { continue }
      func text(_ column: Int) -> String? {
        guard column >= 0 else { return nil }
        let value = values[column].trimmingBlanks
        return value.isEmpty ? nil : value
      }
      func number(_ column: Int) -> Double? { text(column).flatMap(Double.init) }
      func codes(_ column: Int) -> [String] {
        (text(column) ?? "").split(separator: "|", omittingEmptySubsequences: false).map {
          String($0).trimmingBlanks
        }
      }
      /// The principal column's entries first (an empty principal stays an empty first
      /// entry), then the other columns' codes.
      func diagnoses(_ lists: [[String]]) -> [String] {
        guard let first = lists.first else { return [] }
        let rest = lists.dropFirst().flatMap { $0 }.filter { !$0.isEmpty }
        if lists.count > 1 && first.allSatisfy(\.isEmpty) { return [""] + rest }
        return first + rest
      }
      let sex: Int? =
        switch text(columns.sex) {
        case "男": 1
        case "女": 2
        case let value?: Double(value).flatMap { $0 == 1 || $0 == 2 ? Int($0) : nil }
        case nil: nil
        }
      return DischargeCase(
        id: id, sex: sex, age: number(columns.age), ageDays: number(columns.ageDays),
        weight: number(columns.weight), department: text(columns.department),
        lengthOfStay: number(columns.los), leaving: number(columns.leaving),
        icuHours: number(columns.icuHours),
        diagnoses: diagnoses(columns.diagnosisColumns.map(codes)),
        procedures: columns.procedureColumns.flatMap(codes).filter { !$0.isEmpty })
    }
    return nil
  }
}
