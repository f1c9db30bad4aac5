/// What an unrecognised header looks like it holds, judged from its words: such a header is
/// named in the column report, and a diagnosis or procedure lookalike stops the run (a
/// dropped code column changes groups).
public enum ColumnLookalike: String, Sendable, Equatable {
  /// Diagnosis or procedure codes (诊断/手术/操作 with 编码/代码/疾病, numbered or not).
  case diagnosisOrProcedure = "diagnosis or procedure codes"
  /// Codes of another kind (门诊诊断, 中医诊断, 病理诊断, 外部原因, …) or any `编码`/`代码`.
  case code = "codes"
  case cost = "costs"
  case id = "ids"
  case date = "dates"

  /// Code columns of 病案首页 / 结算清单 exports that the grouper never reads: named as
  /// unused codes, not refused.
  static let otherCodeWords = ["门诊", "门(急)诊", "门急诊", "中医", "病理", "外部原因", "形态学", "入院诊断"]

  /// The look of a normalised header name, or `nil` when it looks like none of these.
  static func of(_ name: String) -> ColumnLookalike? {
    func has(_ words: [String]) -> Bool { words.contains { name.contains($0) } }
    let isName = has(["名称", "name"])
    let codeWords = has(["诊断", "手术", "操作"]) && has(["编码", "代码", "疾病"])
    if !isName && (codeWords || has(["diag_code", "oprn_oprt_code", "icd"])) {
      return has(otherCodeWords) ? .code : .diagnosisOrProcedure
    }
    if has(["编码", "代码", "code"]) { return .code }
    if has(["费", "金额", "cost", "amt"]) { return .cost }
    if has(["日期", "时间", "date", "time"]) { return .date }
    if has(["号", "id", "_no"]) { return .id }
    return nil
  }
}
