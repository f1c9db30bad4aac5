import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// The one column layer: every alias family, the matching rules, the refusals. Expected
/// column numbers are counted by hand from the headers written here.
@Suite("Column resolution")
struct ColumnResolutionTests {
  static func resolve(_ header: [String], _ options: ColumnOptions = ColumnOptions()) throws
    -> ColumnResolution
  {
    try ColumnResolution(header: header, file: "t.csv", options: options)
  }

  static func message(_ header: [String], _ options: ColumnOptions = ColumnOptions()) -> String? {
    do {
      _ = try resolve(header, options)
      return nil
    } catch let error as RecordError { return error.message } catch { return "\(error)" }
  }

  /// The 医疗保障基金结算清单 wording, none of which was recognised before.
  @Test func settlementListWording() throws {
    let columns = try Self.resolve([
      "病案号", "定点医疗机构代码", "人员编号", "险种类型", "性别", "年龄",  // 0–5
      "年龄不足1周岁的年龄(天)", "出生体重(g)", "出院科别", "实际住院天数", "离院方式",  // 6–10
      "主要诊断代码", "其他诊断疾病代码1", "其他诊断疾病代码2",  // 11–13
      "主要手术及操作代码", "其他手术及操作代码1", "医疗费总额", "入院日期", "出院日期",  // 14–18
    ])
    #expect(columns[.caseID] == 0)
    #expect(columns[.hospitalID] == 1)
    #expect(columns[.patientID] == 2)
    #expect(columns[.insurance] == 3)
    #expect(columns[.sex] == 4 && columns[.age] == 5)
    #expect(columns[.ageDays] == 6 && columns[.weight] == 7)
    #expect(columns[.dept] == 8 && columns[.los] == 9 && columns[.leaving] == 10)
    #expect(columns.diagnoses == [11, 12, 13])
    #expect(columns.procedures == [14, 15])
    #expect(columns[.totalCost] == 16)
    #expect(columns[.admitDate] == 17 && columns[.dischargeDate] == 18)
    #expect(columns.unused.isEmpty)
  }

  /// 定点医药机构编号, 医保编号 / 个人编码, 疾病代码 as a numbered family.
  @Test func otherSettlementListNames() throws {
    let columns = try Self.resolve([
      "定点医药机构编号", "医保编号", "性别", "年龄", "疾病代码2", "疾病代码1", "手术及操作代码1",
      "(年龄不足1周岁的)年龄(天)",
    ])
    #expect(columns[.hospitalID] == 0 && columns[.patientID] == 1)
    #expect(columns.diagnoses == [5, 4])
    #expect(columns.procedures == [6])
    #expect(columns[.ageDays] == 7)
    let personal = try Self.resolve(["个人编码", "性别", "年龄", "诊断代码"])
    #expect(personal[.patientID] == 0 && personal.diagnoses == [3])
  }

  /// The national medical-insurance platform's field names.
  @Test func nationalPlatformNames() throws {
    let columns = try Self.resolve([
      "setl_id", "mdtrt_id", "psn_no", "fixmedins_code", "insutype", "gend", "age",  // 0–6
      "nwb_age", "nwb_bir_wt", "act_ipt_days", "dscg_way", "medfee_sumamt",  // 7–11
      "adm_time", "dscg_time", "diag_code1", "diag_code2", "oprn_oprt_code1", "medcasno",  // 12–17
    ])
    #expect(columns[.settlementID] == 0 && columns[.visitID] == 1)
    #expect(columns[.patientID] == 2 && columns[.hospitalID] == 3 && columns[.insurance] == 4)
    #expect(columns[.sex] == 5 && columns[.age] == 6 && columns[.ageDays] == 7)
    #expect(columns[.weight] == 8 && columns[.los] == 9 && columns[.leaving] == 10)
    #expect(columns[.totalCost] == 11)
    #expect(columns[.admitDate] == 12 && columns[.dischargeDate] == 13)
    #expect(columns.diagnoses == [14, 15] && columns.procedures == [16])
    #expect(columns[.caseID] == 17)
    let settlement = try Self.resolve(["begndate", "enddate", "PSN_NO"])
    #expect(settlement[.admitDate] == 0 && settlement[.dischargeDate] == 1)
    #expect(settlement[.patientID] == 2)
  }

  /// The 病案首页 wording accepted before stays accepted.
  @Test func frontPageWording() throws {
    let columns = try Self.resolve([
      "病案号", "医疗机构编码", "性别", "年龄", "年龄(天)", "新生儿出生体重", "科室", "住院天数",
      "离院方式", "重症监护时长(小时)", "主要诊断编码", "其他诊断编码1", "主要手术操作编码",
      "其他手术操作编码1", "住院总费用",
    ])
    #expect(columns[.caseID] == 0 && columns[.hospitalID] == 1 && columns[.ageDays] == 4)
    #expect(columns[.weight] == 5 && columns[.icuHours] == 9 && columns[.totalCost] == 14)
    #expect(columns.diagnoses == [10, 11] && columns.procedures == [12, 13])
  }

  /// Case, spaces, the width of parentheses and the field's own unit do not matter; a
  /// foreign unit does.
  @Test func matchingIgnoresCaseSpacesParenthesesAndUnits() throws {
    let columns = try Self.resolve(
      [
        "医疗费总额（元）", "出生体重 (克)", "Medfee_SumAmt ", "年龄（岁）", "实际住院天数(天)", "PSN_NO",
      ].enumerated().filter { $0.offset != 2 }.map(\.element))
    #expect(columns[.totalCost] == 0 && columns[.weight] == 1 && columns[.age] == 2)
    #expect(columns[.los] == 3 && columns[.patientID] == 4)
    // Kilograms are not grams: the column feeds nothing and is named as unused.
    let kilograms = try Self.resolve(["出生体重(kg)", "性别"])
    #expect(kilograms[.weight] == -1)
    #expect(kilograms.unused.isEmpty)  // no code, cost, id or date look
    #expect(try Self.resolve(["MEDFEE_SUMAMT"])[.totalCost] == 0)
  }

  /// Every name of the alias table gives its own field, alone in a header.
  @Test func everyAliasGivesItsField() throws {
    for field in ColumnField.allCases where !field.isCodeList {
      for name in ColumnAliases.names(of: field) {
        let columns = try Self.resolve([name])
        #expect(columns[field] == 0, "\(name) → \(field)")
      }
    }
    for field in [ColumnField.diagnoses, .procedures] {
      let family = try #require(ColumnAliases.family(field))
      for name in [field.rawValue] + family.principal + family.list {
        #expect(try Self.resolve([name]).columns(of: field) == [0], "\(name)")
      }
      for prefix in family.others {
        let principal = family.principal[0]
        #expect(
          try Self.resolve([prefix + "2", principal, prefix + "1"]).columns(of: field) == [1, 2, 0])
      }
    }
  }

  /// A diagnosis or procedure lookalike that feeds nothing stops the run, naming it;
  /// --ignore-column lets it through.
  @Test func codeLookalikesAreRefusedUnlessIgnored() throws {
    let header = ["性别", "年龄", "主要诊断编码", "附加诊断编码", "手术操作码"]
    let message = try #require(Self.message(header))
    #expect(message.contains("'附加诊断编码' looks like diagnosis or procedure codes but feeds nothing"))
    #expect(message.contains("--ignore-column '附加诊断编码'"))
    let ignored = try Self.resolve(header, ColumnOptions(ignored: ["附加诊断编码"]))
    #expect(ignored.ignored == [3])
    #expect(ignored.diagnoses == [2])
    // Names and outpatient / TCM codes are not refused; codes are named as unused.
    let others = try Self.resolve(["主要诊断编码", "其他诊断名称1", "门(急)诊诊断编码", "中医诊断代码", "证件号码"])
    #expect(others.unused.map(\.column) == [2, 3])
    #expect(others.unused.map(\.look) == [.code, .code])
    #expect(others[.patientID] == 4)
    #expect(Self.message(["性别"], ColumnOptions(ignored: ["XB"])) != nil)
  }

  @Test func lookalikesAreNamedInTheSummary() throws {
    let columns = try Self.resolve(["sex", "age", "diagnoses", "结算日期", "自付金额", "床位号"])
    let line = columns.summaryLine(fields: [.sex, .age, .diagnoses, .insurance])
    #expect(
      line
        == "columns: sex, age, diagnoses; not in the header: insurance; unused: 结算日期 (dates), 自付金额 (costs), 床位号 (ids)"
    )
    let chinese = try Self.resolve(["性别", "年龄", "主要诊断编码", "其他诊断编码1", "其他诊断编码2"])
    #expect(
      chinese.summaryLine(fields: [.sex, .diagnoses])
        == "columns: sex ← 性别, diagnoses ← 主要诊断编码 + 其他诊断编码1…其他诊断编码2 (3 columns)")
  }

  /// Several patient ids: the most preferred wins and the other is named.
  @Test func severalPatientIDsPreferTheInsuranceNumber() throws {
    let columns = try Self.resolve(["证件号码", "人员编号", "性别"])
    #expect(columns[.patientID] == 1)
    #expect(columns.unused == [ColumnResolution.UnusedColumn(column: 0, look: .id)])
  }

  @Test func ambiguousHeadersAreRefused() throws {
    #expect(Self.message(["总费用", "医疗费总额"])?.contains("both give total_cost") == true)
    #expect(Self.message(["diagnoses", "主要诊断代码"])?.contains("both give diagnoses") == true)
    #expect(Self.message(["诊断代码1", "疾病代码1"])?.contains("both give diagnoses") == true)
    #expect(
      Self.message(["性别", "其他诊断编码1"])?.contains("has no principal column (主要诊断编码)") == true)
    #expect(Self.message(["险种", "险种"])?.contains("appears twice") == true)
  }

  /// The map wins over aliases, takes every field's key, and names what it cannot find.
  @Test func theColumnMapTakesEveryField() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      #"{"insurance": "XZ", "patient_id": "RY", "admit_date": "RYRQ", "diagnoses": ["ZD1", "ZD2"]}"#,
      name: "map.json")
    let map = try ColumnMap.load(path: path)
    let columns = try Self.resolve(
      ["险种类型", "XZ", "RY", "RYRQ", "ZD1", "ZD2"], ColumnOptions(map: map))
    #expect(columns[.insurance] == 1 && columns.source(of: .insurance) == .map)
    #expect(columns[.patientID] == 2 && columns[.admitDate] == 3)
    #expect(columns.diagnoses == [4, 5])
    #expect(columns.unused == [ColumnResolution.UnusedColumn(column: 0, look: .code)])
    let bad = try directory.write(#"{"insurence": "XZ"}"#, name: "bad.json")
    #expect(throws: RecordError.self) { try ColumnMap.load(path: bad) }
    do {
      _ = try ColumnMap.load(path: bad)
    } catch {
      for key in [
        "insurance", "patient_id", "admit_date", "discharge_date", "hospital_id", "total_cost",
      ] {
        #expect(error.message.contains(key))
      }
    }
  }
}
