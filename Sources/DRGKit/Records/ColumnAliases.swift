/// Header names other than the canonical ones that name a case field: the usual column
/// titles of 病案首页 and 医保结算清单 exports. Matching ignores case, spaces and the width
/// of parentheses, so `年龄（天）` and `年龄(天)` are the same name.
public enum ColumnAliases {
  /// Aliases of the single-valued canonical columns.
  public static let fields: [String: [String]] = [
    "case_id": ["病案号", "住院号", "病历号", "病案首页号", "住院流水号"],
    "hospital_id": ["医疗机构编码", "机构编码", "定点医疗机构编码", "医院编码", "医疗机构代码"],
    "sex": ["性别"],
    "age": ["年龄", "年龄(岁)"],
    "age_days": [
      "年龄(天)", "年龄不足1周岁的年龄(天)", "(年龄不足1周岁的)年龄(天)", "不足1周岁年龄(天)", "新生儿年龄(天)",
    ],
    "weight": ["新生儿出生体重", "新生儿出生体重(克)", "出生体重", "出生体重(克)"],
    "dept": ["科室", "出院科别", "出院科室", "科别", "出院科室编码"],
    "los": ["住院天数", "实际住院(天)", "实际住院天数"],
    "leaving": ["离院方式"],
    "icu_hours": ["重症监护时长(小时)", "重症监护小时", "icu时长(小时)", "icu时长"],
    "admit_date": ["入院日期", "入院时间"],
    "discharge_date": ["出院日期", "出院时间"],
    "total_cost": ["总费用", "住院总费用", "医疗总费用", "住院费用(元):总费用"],
  ]

  /// Names of the principal-diagnosis column.
  public static let principalDiagnosis = [
    "主要诊断编码", "主要诊断代码", "主诊断编码", "出院主要诊断编码", "主要诊断疾病编码",
  ]
  /// Prefixes of the other-diagnosis columns, followed by a number (1, 2, …) or nothing.
  public static let otherDiagnosis = ["其他诊断编码", "其他诊断代码", "次要诊断编码", "其他诊断疾病编码"]
  /// Names of the main-procedure column.
  public static let mainProcedure = [
    "主要手术操作编码", "主要手术编码", "主手术操作编码", "主要手术及操作编码", "主要手术操作代码",
  ]
  /// Prefixes of the other-procedure columns, followed by a number or nothing.
  public static let otherProcedure = ["其他手术操作编码", "其他手术编码", "其他手术及操作编码", "其他手术操作代码"]

  /// A header name in the form names are compared in: trimmed, lowercase, without spaces,
  /// with full-width parentheses and colons made ASCII.
  public static func normalized(_ name: String) -> String {
    var result = ""
    for character in name.lowercased() {
      switch character {
      case " ", "\t", "\u{3000}": continue
      case "（": result.append("(")
      case "）": result.append(")")
      case "：": result.append(":")
      default: result.append(character)
      }
    }
    return result
  }

  /// The number after `prefix` in `name` (0 when nothing follows), or `nil` when `name`
  /// does not start with the prefix followed by digits only.
  static func number(in name: String, after prefix: String) -> Int? {
    guard name.hasPrefix(prefix) else { return nil }
    let rest = name.dropFirst(prefix.count)
    if rest.isEmpty { return 0 }
    return rest.allSatisfy(\.isASCII) ? Int(rest) : nil
  }
}
