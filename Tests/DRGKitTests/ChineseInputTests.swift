import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// Exports of hospital and insurance systems: Chinese headers, codes spread over several
/// columns, GB18030/GBK files, column maps.
@Suite("Chinese exports")
struct ChineseInputTests {
  static let samples = packageRoot.appendingPathComponent("grouper-tables/samples")
  static let demo = packageRoot.appendingPathComponent("grouper-tables/demo").path

  /// status/mdc/adrg/drg by case id, read from a grouped file.
  static func groups(_ path: String) throws -> [String: [String]] {
    let records = try readAll(path: path).records
    let header = try #require(records.first).fields
    let id = header.firstIndex { $0 == "case_id" || $0 == "病案号" } ?? 0
    let keys = ["status", "mdc", "adrg", "drg"].map { key in header.firstIndex(of: key) ?? 0 }
    var result: [String: [String]] = [:]
    for record in records.dropFirst() { result[record.fields[id]] = keys.map { record.fields[$0] } }
    return result
  }

  @Test func chineseHeadersGroupLikeTheCanonicalFile() throws {
    // demo-cases-zh.csv is demo-cases.csv with Chinese titles, 男/女, CRLF, and diagnoses
    // and procedures spread over 主要…/其他…1..N columns (written by a script from it).
    let scheme = try Scheme(directory: Self.demo)
    let directory = try TemporaryDirectory()
    _ = try FileGrouping(scheme: scheme).run(
      input: Self.samples.appendingPathComponent("demo-cases.csv").path,
      output: directory.file("canonical.csv"))
    _ = try FileGrouping(scheme: scheme).run(
      input: Self.samples.appendingPathComponent("demo-cases-zh.csv").path,
      output: directory.file("zh.csv"))
    let canonical = try Self.groups(directory.file("canonical.csv"))
    let chinese = try Self.groups(directory.file("zh.csv"))
    #expect(canonical.count == 51)
    #expect(chinese == canonical)
  }

  @Test func gbkFileGroupsIdenticallyToItsUTF8Twin() throws {
    // demo-cases-zh-gbk.csv is demo-cases-zh.csv encoded with Python's GBK codec.
    let scheme = try Scheme(directory: Self.demo)
    let directory = try TemporaryDirectory()
    let utf8 = try FileGrouping(scheme: scheme).run(
      input: Self.samples.appendingPathComponent("demo-cases-zh.csv").path,
      output: directory.file("utf8.csv"))
    let gbk = try FileGrouping(scheme: scheme).run(
      input: Self.samples.appendingPathComponent("demo-cases-zh-gbk.csv").path,
      output: directory.file("gbk.csv"))
    #expect(utf8.encoding == .utf8)
    #expect(gbk.encoding == .gb18030)
    #expect(gbk.byStatus == utf8.byStatus)
    let first = try Data(contentsOf: URL(fileURLWithPath: directory.file("utf8.csv")))
    let second = try Data(contentsOf: URL(fileURLWithPath: directory.file("gbk.csv")))
    #expect(first == second, "the GBK input must come out as the same UTF-8 output")
    // The header survived decoding: 病案号 is the first column.
    #expect(try directory.read("gbk.csv").hasPrefix("病案号,医疗机构编码,性别,年龄"))
  }

  @Test(arguments: [
    ("病案号", "case_id"), ("医疗机构编码", "hospital_id"), ("性别", "sex"), ("年龄", "age"),
    ("年龄(天)", "age_days"), ("年龄（天）", "age_days"), ("新生儿出生体重", "weight"),
    ("科室", "dept"), ("出院科别", "dept"), ("住院天数", "los"), ("实际住院(天)", "los"),
    ("离院方式", "leaving"), ("总费用", "total_cost"), ("住院总费用", "total_cost"),
  ])
  func recognisedHeader(_ title: String, _ field: String) throws {
    var header = ["性别", "年龄", "主要诊断编码"]
    if !header.contains(title) { header.append(title) }
    let columns = try CaseColumns(header: header, file: "t.csv")
    let index = header.firstIndex(of: title)
    let mapped: Int =
      switch field {
      case "case_id": columns.caseID
      case "hospital_id": columns.hospitalID
      case "sex": columns.sex
      case "age": columns.age
      case "age_days": columns.ageDays
      case "weight": columns.weight
      case "dept": columns.department
      case "los": columns.los
      case "leaving": columns.leaving
      default: columns.totalCost
      }
    #expect(mapped == index)
  }

  @Test func otherCodeColumnsFollowThePrincipalInNumericOrder() throws {
    let header = [
      "其他诊断编码10", "主要诊断编码", "性别", "其他诊断编码2", "年龄", "其他诊断编码1", "主要手术操作编码", "其他手术操作编码1",
    ]
    let columns = try CaseColumns(header: header, file: "t.csv")
    #expect(columns.diagnosisColumns == [1, 5, 3, 0])
    #expect(columns.procedureColumns == [6, 7])
  }

  @Test func emptyPrincipalColumnWithOtherCodesIsAnEmptyPrincipal() throws {
    let scheme = try Scheme(directory: Self.demo)
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "病案号,性别,年龄,主要诊断编码,其他诊断编码1\nA,1,40,,I10.x00\nB,1,40,,\nC,1,40,I10.x00,\n", name: "cases.csv")
    _ = try FileGrouping(scheme: scheme).run(input: input, output: directory.file("out.csv"))
    let out = try readAll(path: directory.file("out.csv")).records
    // The appended columns are status, mdc, adrg, drg, drg_name, reason, warnings.
    #expect(out[1].fields.suffix(7).first == "invalid")
    #expect(out[1].fields.suffix(2).first == InputProblem.principalDiagnosisEmpty.description)
    #expect(out[2].fields.suffix(2).first == InputProblem.noDiagnosis.description)
    #expect(out[3].fields.suffix(7).first != "invalid")
  }

  @Test func columnMapNamesOtherHeaders() throws {
    let directory = try TemporaryDirectory()
    let mapPath = try directory.write(
      #"{"sex": "XB", "age": "NL", "diagnoses": ["ZYZD", "QTZD1"], "procedures": "SS1"}"#,
      name: "map.json")
    let map = try ColumnMap.load(path: mapPath)
    let columns = try CaseColumns(
      header: ["ID", "XB", "NL", "QTZD1", "ZYZD", "SS1"], file: "t.csv", map: map)
    #expect(columns.sex == 1)
    #expect(columns.age == 2)
    #expect(columns.diagnosisColumns == [4, 3])
    #expect(columns.procedureColumns == [5])
  }

  @Test func columnMapErrorsNameTheProblem() throws {
    let directory = try TemporaryDirectory()
    let unknownKey = try directory.write(#"{"gender": "XB"}"#, name: "a.json")
    #expect(throws: RecordError.self) { try ColumnMap.load(path: unknownKey) }
    do {
      _ = try ColumnMap.load(path: unknownKey)
    } catch {
      // The value of "gender" starts at column 12 of line 1.
      #expect(error.message.hasPrefix("column 12: unknown key 'gender'"))
      #expect(error.line == 1)
    }
    let map = ColumnMap(fields: ["sex": "XB"])
    do {
      _ = try CaseColumns(header: ["性别", "年龄", "主要诊断编码"], file: "t.csv", map: map)
      Issue.record("expected an error")
    } catch {
      #expect(error.message == "the column map's 'sex' names 'XB', which the header lacks")
    }
  }

  @Test func canonicalAndChineseDiagnosisColumnsTogetherAreAnError() {
    #expect(throws: RecordError.self) {
      try CaseColumns(header: ["sex", "age", "diagnoses", "主要诊断编码"], file: "t.csv")
    }
  }
}
