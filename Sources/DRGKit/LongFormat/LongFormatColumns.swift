/// Header names of the three tables of a long-format export (a main table with one row per
/// stay, and diagnosis and procedure tables with one row per code), matched as
/// ``ColumnAliases`` matches names (ignoring case, spaces and the width of parentheses).
public enum LongFormatColumns {
  /// Names of the id that joins the tables, in the order they are tried: the national
  /// platform's settlement and visit ids, their Chinese titles, then case numbers.
  public static let joinID = [
    "setl_id", "结算ID", "结算编号", "结算流水号", "清单流水号", "mdtrt_id", "就诊ID", "就诊流水号", "就诊编号",
    "case_id", "病案号", "住院号",
  ]
  /// Names of the code column of the diagnosis table.
  public static let diagnosisCode = [
    "diag_code", "diagnosis_code", "code", "诊断代码", "诊断编码", "疾病代码", "疾病编码", "诊断疾病代码",
  ]
  /// Names of the code column of the procedure table.
  public static let procedureCode = [
    "oprn_oprt_code", "procedure_code", "code", "手术操作代码", "手术操作编码", "手术及操作代码", "手术及操作编码",
  ]
  /// Names of the main-code flag (1/是/Y/true marks the principal diagnosis or main
  /// procedure).
  public static let mainFlag = [
    "maindiag_flag", "main_oprn_flag", "main_flag", "is_main", "主诊断标志", "主要诊断标志", "主手术标志",
    "主要手术标志", "主手术操作标志",
  ]
  /// Names of the order of the codes within a stay.
  public static let order = [
    "diag_srt_no", "oprn_oprt_sn", "srt_no", "order", "seq", "序号", "排序号", "诊断排序号", "手术排序号",
    "手术操作序号",
  ]

  /// The join ids by the field each is (settlement, visit, case), in ``joinID``'s order.
  static let joinIDFields: [(field: ColumnField, names: [String])] = [
    (.settlementID, Array(joinID[0..<5])), (.visitID, Array(joinID[5..<9])),
    (.caseID, Array(joinID[9...])),
  ]

  /// The names the join id is looked for under: ``joinID``, with the column a map names
  /// for `settlement_id`, `visit_id` or `case_id` in place of that field's aliases.
  static func joinIDNames(map: ColumnMap?) -> [String] {
    joinIDFields.flatMap { entry in
      map?.fields[entry.field.rawValue].map { [$0] } ?? entry.names
    }
  }

  /// The column of `name` (compared as ``ColumnAliases`` compares names), or an error
  /// naming the file and the map's key when the header lacks it.
  static func mapped(_ name: String, key: String, in header: [String], file: String)
    throws(RecordError) -> Int
  {
    guard let index = find([name], in: header) else {
      throw RecordError(
        file: file, line: 1,
        message: "the column map's '\(key)' names '\(name)', which the header lacks")
    }
    return index
  }

  /// The first of `names` the header has, as a column index.
  static func find(_ names: [String], in header: [String]) -> Int? {
    let normalized = header.map { ColumnAliases.normalized($0.trimmingBlanks) }
    for name in names {
      if let index = normalized.firstIndex(of: ColumnAliases.normalized(name)) { return index }
    }
    return nil
  }

  /// Whether a main flag says "main".
  static func isMain(_ text: String) -> Bool {
    ["1", "是", "y", "yes", "true", "主", "主要"].contains(text.trimmingBlanks.lowercased())
  }
}
