/// Reads cases from a case file as ``DischargeCase`` values (the convenient, slow path).
public enum CaseFile {
  /// The case with `case_id` equal to `id`, or `nil`.
  /// - Throws: ``FileError`` when the file cannot be read; ``RecordError`` when its header
  ///   lacks `case_id` or a required column.
  public static func find(id: String, in path: String) throws -> DischargeCase? {
    let reader = try CSVReader(path: path)
    guard try reader.next() else { return nil }
    let header = (0..<reader.parser.fields.count).map { reader.parser.string($0, in: reader.bytes) }
    let columns = try CaseColumns(header: header, file: path)
    guard columns.caseID >= 0 else {
      throw RecordError(file: path, line: 1, message: "header has no case_id column")
    }
    while try reader.next() {
      let parser = reader.parser
      guard parser.problem == nil, parser.fields.count == columns.count,
        parser.string(columns.caseID, in: reader.bytes).trimmingBlanks == id
      else { continue }
      func text(_ column: Int) -> String? {
        guard column >= 0 else { return nil }
        let value = parser.string(column, in: reader.bytes).trimmingBlanks
        return value.isEmpty ? nil : value
      }
      func number(_ column: Int) -> Double? { text(column).flatMap(Double.init) }
      func codes(_ column: Int) -> [String] {
        (text(column) ?? "").split(separator: "|", omittingEmptySubsequences: false).map {
          String($0).trimmingBlanks
        }
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
        icuHours: number(columns.icuHours), diagnoses: codes(columns.diagnoses),
        procedures: codes(columns.procedures).filter { !$0.isEmpty })
    }
    return nil
  }
}
