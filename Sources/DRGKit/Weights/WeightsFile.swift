/// A `drg weights` output file read back, for the steps that use weights (`compare`,
/// `diff`, `settle`): one row per DRG, columns found by name.
enum WeightsFile {
  struct Row {
    var drg: String
    var relativeWeight: Double
    /// `mean_cost` (yuan), when the file has the column.
    var meanCost: Double?
    /// `cases_kept`, when the file has the column.
    var casesKept: Int?
    /// The DRG's name (`name` or `drg_name`), empty when the file has none.
    var name = ""
  }

  /// Reads `path`; `drg` and `rw` are required, and `mean_cost` too when `needsMeanCost`.
  /// - Throws: ``FileError`` when it cannot be read; ``RecordError`` naming the line when
  ///   a column is missing, a row cannot be read, or a value is not a number ≥ 0.
  static func read(path: String, needsMeanCost: Bool = false) throws -> [Row] {
    let reader = try CSVReader(path: path, blockSize: 1 << 16)
    guard try reader.next() else {
      throw RecordError(file: path, line: 1, message: "the weights file is empty")
    }
    let header = (0..<reader.parser.fields.count).map {
      reader.parser.string($0, in: reader.bytes).trimmingBlanks.lowercased()
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
        return number
      }
      let drg = text(drgColumn) ?? ""
      guard !drg.isEmpty, let rw = try number(rwColumn, "rw", drg: drg) else { continue }
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
    return rows
  }
}
