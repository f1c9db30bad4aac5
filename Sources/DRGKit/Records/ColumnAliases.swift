/// The one alias table: for every canonical field (``ColumnField``), the other header names
/// that give it — the column titles of 病案首页 and 医疗保障基金结算清单 exports and the field
/// names of the national medical-insurance platform's interfaces (`psn_no`, `setl_id`, …).
///
/// Names compare after ``normalized(_:)``: case, spaces and the width of parentheses do not
/// matter, so `年龄（天）` and `年龄(天)` are the same name; a unit in parentheses that is the
/// field's own unit (``units``) may follow any name, so `出生体重(g)` is `出生体重`.
///
/// Diagnoses and procedures may be spread over several columns: a principal column followed
/// by numbered "other" columns (`主要诊断编码`, `其他诊断编码1` … `N`), or one numbered family
/// whose lowest number is the principal (`诊断代码1` … `N`).
public enum ColumnAliases {
  /// Aliases of the single-valued fields, most preferred first.
  public static let fields: [ColumnField: [String]] = [
    .caseID: ["病案号", "住院号", "病历号", "病案首页号", "住院流水号", "病案编号", "medcasno"],
    .settlementID: ["结算id", "结算编号", "结算流水号", "清单流水号", "setl_id"],
    .visitID: ["就诊id", "就诊流水号", "就诊编号", "mdtrt_id"],
    .hospitalID: [
      "医疗机构编码", "机构编码", "定点医疗机构编码", "医院编码", "医疗机构代码", "定点医疗机构代码",
      "定点医药机构编号", "定点医药机构编码", "定点医疗机构编号", "定点机构编码", "fixmedins_code",
    ],
    .patientID: [
      "患者编号", "人员编号", "医保编号", "个人编码", "个人编号", "参保人编号", "psn_no", "hi_no",
      "身份证号", "证件号码", "certno",
    ],
    .insurance: ["险种类型", "险种", "险种代码", "险种类型代码", "insutype"],
    .sex: ["性别", "gend"],
    .age: ["年龄", "年龄(岁)"],
    .ageDays: [
      "年龄(天)", "年龄不足1周岁的年龄(天)", "(年龄不足1周岁的)年龄(天)", "年龄不足1周岁年龄(天)",
      "(年龄不足1周岁)年龄(天)", "不足1周岁年龄(天)", "不足一周岁年龄(天)", "年龄不足一周岁的年龄(天)",
      "新生儿年龄(天)", "新生儿入院年龄(天)", "nwb_age",
    ],
    .weight: ["新生儿出生体重", "出生体重", "nwb_bir_wt"],
    .dept: ["科室", "出院科别", "出院科室", "科别", "出院科室编码", "dscg_caty"],
    .los: ["住院天数", "实际住院(天)", "实际住院天数", "act_ipt_days"],
    .leaving: ["离院方式", "dscg_way"],
    .icuHours: ["重症监护时长(小时)", "重症监护小时", "重症监护时长", "icu时长(小时)", "icu时长"],
    .totalCost: [
      "总费用", "住院总费用", "医疗总费用", "住院费用(元):总费用", "医疗费总额", "费用总额", "medfee_sumamt",
    ],
    .admitDate: ["入院日期", "入院时间", "adm_time", "begndate"],
    .dischargeDate: ["出院日期", "出院时间", "dscg_time", "enddate"],
    .year: ["年度", "结算年度"],
    .status: ["分组状态"],
    .mdc: ["mdc编码"],
    .adrg: ["adrg编码"],
    .drg: ["drg编码", "drg代码", "drg组编码"],
    .drgName: ["drg名称", "drg组名称"],
    // Everything the patient bore (个人负担), not 个人自付 / 自付金额, which in a 结算清单 is only
    // the co-payment part of it.
    .selfPay: ["个人负担总金额", "个人负担金额", "个人支付金额", "个人支付", "patient_pay", "psn_part_amt"],
  ]

  /// Units that may follow a field's name in parentheses (`出生体重(g)`, `医疗费总额(元)`).
  public static let units: [ColumnField: [String]] = [
    .age: ["岁", "周岁"],
    .ageDays: ["天", "日"],
    .weight: ["g", "克"],
    .los: ["天", "日"],
    .icuHours: ["小时", "h", "时"],
    .totalCost: ["元", "yuan", "rmb"],
    .selfPay: ["元", "yuan", "rmb"],
  ]

  /// Where the codes of a list field (diagnoses or procedures) may be.
  public struct CodeFamily: Sendable {
    /// Names of the principal (main) column.
    public var principal: [String]
    /// Prefixes of the other columns, followed by a number (1, 2, …) or nothing.
    public var others: [String]
    /// Prefixes of a numbered family whose lowest number is the principal; alone, without a
    /// number, the name is the principal column (which may hold a `|` list).
    public var list: [String]
  }

  /// The diagnosis columns.
  public static let diagnoses = CodeFamily(
    principal: [
      "主要诊断编码", "主要诊断代码", "主诊断编码", "主诊断代码", "出院主要诊断编码", "主要诊断疾病编码",
      "主要诊断疾病代码",
    ],
    others: [
      "其他诊断编码", "其他诊断代码", "次要诊断编码", "次要诊断代码", "其他诊断疾病编码", "其他诊断疾病代码",
    ],
    list: ["诊断代码", "诊断编码", "疾病代码", "疾病编码", "diag_code"])

  /// The procedure columns.
  public static let procedures = CodeFamily(
    principal: [
      "主要手术操作编码", "主要手术编码", "主手术操作编码", "主要手术及操作编码", "主要手术操作代码",
      "主要手术及操作代码", "主手术操作代码", "主要手术代码",
    ],
    others: [
      "其他手术操作编码", "其他手术编码", "其他手术及操作编码", "其他手术操作代码", "其他手术及操作代码",
      "其他手术代码",
    ],
    list: ["手术及操作代码", "手术及操作编码", "手术操作代码", "手术操作编码", "oprn_oprt_code"])

  /// The family of a code-list field.
  public static func family(_ field: ColumnField) -> CodeFamily? {
    switch field {
    case .diagnoses: diagnoses
    case .procedures: procedures
    default: nil
    }
  }

  /// Every name accepted for `field`, the canonical one first (for code lists: the
  /// canonical name, the principal names, then the prefixes followed by `N`).
  public static func names(of field: ColumnField) -> [String] {
    if let family = family(field) {
      return [field.rawValue] + family.principal + family.others.map { $0 + "N" }
        + family.list.flatMap { [$0, $0 + "N"] }
    }
    return [field.rawValue] + (fields[field] ?? [])
  }

  /// A header name in the form names are compared in: trimmed, lowercase, without spaces,
  /// with full-width parentheses and colons made ASCII.
  public static func normalized(_ name: String) -> String {
    var result = ""
    for character in name.lowercased() {
      switch character {
      case " ", "\t", "\u{3000}", "\u{00A0}", "\u{FEFF}": continue
      case "（": result.append("(")
      case "）": result.append(")")
      case "：": result.append(":")
      default: result.append(character)
      }
    }
    return result
  }

  /// `name` without a trailing unit in parentheses, and the unit: `出生体重(g)` →
  /// (`出生体重`, `g`); `nil` when it does not end in one.
  static func splitUnit(_ name: String) -> (base: String, unit: String)? {
    guard name.hasSuffix(")"), let open = name.lastIndex(of: "("), open > name.startIndex else {
      return nil
    }
    let unit = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
    return (String(name[..<open]), unit)
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
