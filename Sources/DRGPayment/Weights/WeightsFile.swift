import DRGKit

/// A `drg weights` output file read back, for the steps that use weights (`compare`,
/// `diff`, `settle`): one row per DRG, columns found by name.
package enum WeightsFile {
  package struct Row {
    package var drg: String
    package var relativeWeight: Double
    /// `mean_cost` (yuan), when the file has the column.
    package var meanCost: Double?
    /// `cases_kept`, when the file has the column.
    package var casesKept: Int?
    /// The DRG's name (`name` or `drg_name`), empty when the file has none.
    package var name = ""
  }

  /// Reads `path`; `drg` and `rw` are required, and `mean_cost` too when `needsMeanCost`.
  /// - Throws: ``FileError`` when it cannot be read; ``RecordError`` naming the line when
  ///   a column is missing, a row cannot be read, or a value is not a number ≥ 0.
  package static func read(path: String, needsMeanCost: Bool = false) throws -> [Row] {
    let reader = try CSVReader(path: path, blockSize: 1 << 16)
    let header = try reader.lowercasedHeader(emptyMessage: "the weights file is empty")
    for name in ["drg", "rw", "mean_cost", "cases_kept"] {
      let columns = header.indices.filter { header[$0] == name }
      if columns.count > 1 {
        throw RecordError(
          file: path, line: 1,
          message:
            "columns \(columns[0] + 1) and \(columns[1] + 1) are both named '\(name)'; keep one")
      }
    }
    let drgColumn = header.firstIndex(of: "drg")
    let rwColumn = header.firstIndex(of: "rw")
    let meanColumn = header.firstIndex(of: "mean_cost")
    guard let drgColumn, let rwColumn, meanColumn != nil || !needsMeanCost else {
      throw RecordError(
        file: path, line: 1,
        message:
          "a weights file needs the columns drg, rw\(needsMeanCost ? " and mean_cost" : ""); give the output of drg weights"
      )
    }
    let keptColumn = header.firstIndex(of: "cases_kept")
    let nameColumn = header.firstIndex(of: "name") ?? header.firstIndex(of: "drg_name")
    var rows: [Row] = []
    var lineOfDRG: [String: Int] = [:]
    while try reader.next() {
      let parser = reader.parser
      guard parser.problem == nil, parser.fields.count == header.count else {
        throw RecordError(
          file: path, line: reader.line,
          message: parser.problem?.description ?? "expected \(header.count) fields")
      }
      func text(_ column: Int?) -> String? {
        column.map { parser.string($0, in: reader.bytes).trimmingBlanks }
      }
      func number(_ column: Int?, _ name: String, drg: String) throws(RecordError) -> Double? {
        guard let value = text(column), !value.isEmpty else { return nil }
        guard let number = NumberParsing.decimal(value), number >= 0 else {
          throw RecordError(
            file: path, line: reader.line,
            message: "\(name) '\(value)' of DRG \(drg) is not a number ≥ 0")
        }
        guard number <= 1e15 else {
          throw RecordError(
            file: path, line: reader.line,
            message: "\(name) '\(value)' of DRG \(drg) is beyond 10^15")
        }
        return number
      }
      let drg = text(drgColumn) ?? ""
      guard !drg.isEmpty, let rw = try number(rwColumn, "rw", drg: drg) else { continue }
      if let first = lineOfDRG[drg] {
        throw RecordError(
          file: path, line: reader.line,
          message:
            "DRG \(drg) is listed twice, on lines \(first) and \(reader.line); a weights file has one row per DRG"
        )
      }
      lineOfDRG[drg] = reader.line
      let mean = try number(meanColumn, "mean_cost", drg: drg)
      if needsMeanCost && mean == nil {
        throw RecordError(file: path, line: reader.line, message: "DRG \(drg) has no mean_cost")
      }
      rows.append(
        Row(
          drg: drg, relativeWeight: rw, meanCost: mean,
          casesKept: try number(keptColumn, "cases_kept", drg: drg).map { Int($0) },
          name: text(nameColumn) ?? ""))
    }
    if reader.line <= 1 {
      throw RecordError(
        file: path, line: 2,
        message: "the weights file has a header but no rows; give the output of drg weights")
    }
    return rows
  }
}
