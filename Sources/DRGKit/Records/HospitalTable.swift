/// The hospitals of a city, read from `--hospitals hospitals.csv`: one row per hospital
/// with `hospital_id,name,level` and optionally `region` (区域, or the 医共体 alliance).
///
/// ```
/// hospital_id,name,level,region
/// H001,市第一人民医院,A,主城区
/// H002,县人民医院,B,东部医共体
/// ```
///
/// Headers are found by name, with the Chinese names (医疗机构编码 / 定点医疗机构代码,
/// 医院名称 / 机构名称, 医院等级 / 级别, 区域 / 医共体). Every command that reports hospitals
/// reads it: `settle` takes levels from it, `compare`, `diff` and `audit` show the names.
public struct HospitalTable: Sendable, Equatable {
  /// One hospital.
  public struct Hospital: Sendable, Equatable {
    /// The hospital's id, as in `hospital_id`.
    public var id: String
    /// The hospital's name.
    public var name: String
    /// The level (e.g. `A`, `三级`), empty when the file leaves it blank.
    public var level: String
    /// The region or alliance (医共体), empty when the file has no such column.
    public var region: String
    /// The line of the hospitals file the hospital is on.
    public var line: Int
    /// The annual budget as written (二级预算, `budget` column), empty when not given.
    public var budget = ""
  }

  /// The file read, for messages.
  public let file: String
  /// The hospitals in file order.
  public let hospitals: [Hospital]
  private let byID: [String: Int]

  /// Header names accepted for each column (compared after ``ColumnAliases/normalized(_:)``).
  static let columnNames: [(column: String, names: [String])] = [
    ("hospital_id", ColumnAliases.names(of: .hospitalID)),
    ("name", ["name", "hospital_name", "医院名称", "机构名称", "医疗机构名称", "定点医疗机构名称", "fixmedins_name"]),
    ("level", ["level", "等级", "医院等级", "级别", "医院级别", "hosp_lv"]),
    ("region", ["region", "alliance", "区域", "地区", "医共体", "所属医共体", "片区"]),
    ("budget", ["budget", "预算", "年度预算", "总额预算", "预算总额"]),
  ]

  /// The hospital with `id`, or `nil`.
  public subscript(id: String) -> Hospital? { byID[id].map { hospitals[$0] } }

  /// The name of hospital `id`, or `""` when the table lacks it.
  public func name(of id: String) -> String { self[id]?.name ?? "" }

  /// Hospital id → level, for the settlement coefficients and brackets.
  public var levels: [String: String] {
    var levels: [String: String] = [:]
    for hospital in hospitals where !hospital.level.isEmpty { levels[hospital.id] = hospital.level }
    return levels
  }

  /// A table from hospitals given in code (tests, callers with their own source).
  /// - Throws: ``RecordError`` naming the line of a repeated id.
  public init(hospitals: [Hospital], file: String = "hospitals") throws(RecordError) {
    var byID: [String: Int] = [:]
    for (index, hospital) in hospitals.enumerated() {
      if let earlier = byID[hospital.id] {
        throw RecordError(
          file: file, line: hospital.line,
          message:
            "hospital_id '\(hospital.id)' appears twice (also on line \(hospitals[earlier].line)); keep one row per hospital"
        )
      }
      byID[hospital.id] = index
    }
    self.file = file
    self.hospitals = hospitals
    self.byID = byID
  }

  /// Reads a hospitals file (UTF-8 or GB18030, as case files are).
  /// - Throws: ``FileError`` when it cannot be read; ``RecordError`` naming the line when
  ///   `hospital_id` or `name` is missing from the header, a row cannot be read, an id is
  ///   empty, or an id repeats.
  public init(path: String) throws {
    let reader = try CSVChunkReader(path: path)
    guard reader.hasHeader else {
      throw RecordError(file: path, line: 1, message: "the hospitals file is empty")
    }
    try reader.checkHeader()
    try reader.checkHasRows()
    let normalized = reader.header.map(ColumnAliases.normalized)
    var columns: [String: Int] = [:]
    for (column, names) in Self.columnNames {
      let wanted = Set(names.map(ColumnAliases.normalized))
      let found = normalized.indices.filter { wanted.contains(normalized[$0]) }
      if found.count > 1 {
        throw RecordError(
          file: path, line: 1,
          message:
            "columns '\(reader.header[found[0]])' and '\(reader.header[found[1]])' both give \(column); keep one"
        )
      }
      columns[column] = found.first
    }
    guard let idColumn = columns["hospital_id"], let nameColumn = columns["name"] else {
      throw RecordError(
        file: path, line: 1,
        message:
          "a hospitals file needs the columns hospital_id and name (and level, region when used): hospital_id,name,level,region"
      )
    }
    var hospitals: [Hospital] = []
    var parser = CSVRecordParser()
    while let chunk = try reader.nextChunk() {
      defer { chunk.release() }
      let bytes = chunk.view
      var records = chunk.records()
      while records.next(&parser) {
        if let problem = parser.problem(expectingFields: reader.header.count, line: records.line) {
          throw RecordError(file: path, line: records.line, message: "\(problem)")
        }
        func text(_ column: Int?) -> String {
          column.map { parser.string($0, in: bytes).trimmingBlanks } ?? ""
        }
        let id = text(idColumn)
        guard !id.isEmpty else {
          throw RecordError(
            file: path, line: records.line,
            message: "the row has no hospital_id; give every hospital one")
        }
        hospitals.append(
          Hospital(
            id: id, name: text(nameColumn), level: text(columns["level"]),
            region: text(columns["region"]), line: records.line, budget: text(columns["budget"])))
      }
    }
    try self.init(hospitals: hospitals, file: path)
  }

  /// Checks that every hospital of the data is in the table.
  /// - Parameter ids: the hospital ids of the data, each with the first line it is on when
  ///   known.
  /// - Throws: ``RecordError`` naming the data file, the line and the ids the table lacks.
  public func checkKnown(_ ids: [(id: String, line: Int?)], in dataFile: String) throws(RecordError)
  {
    let unknown = ids.filter { !$0.id.isEmpty && byID[$0.id] == nil }
    guard let first = unknown.first else { return }
    let listed = unknown.prefix(5).map { "'\($0.id)'" }.joined(separator: ", ")
    throw RecordError(
      file: dataFile, line: first.line ?? 0,
      message:
        "hospital_id \(listed)\(unknown.count > 5 ? " and \(unknown.count - 5) more" : "") not in the hospitals file \(file); add \(unknown.count > 1 ? "them" : "it") there (hospital_id,name,level)"
    )
  }
}
