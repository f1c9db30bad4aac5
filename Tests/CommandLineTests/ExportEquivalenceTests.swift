import DRGKit
import DRGTestSupport
import Foundation
import Testing

/// A 医疗保障基金结算清单-style export (Scripts/make-export-fixtures.py: settlement-list
/// titles, national field names, columns reordered, codes over 主要…/其他…N columns, BOM,
/// CRLF), in UTF-8 and in GBK, goes through group, weights, settle, compare, audit and diff
/// to exactly the results of its canonical twin.
@Suite("Settlement-list exports give the results of their canonical twin")
struct ExportEquivalenceTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let fixtures = root.appendingPathComponent("Tests/Fixtures/settlement-list")
  static let scheme = root.appendingPathComponent("grouper-tables/chs-drg-1.1").path
  /// The scheme `drg diff` migrates to.
  static let otherScheme = root.appendingPathComponent("grouper-tables/chs-drg-1.0").path
  static let hospitals = fixtures.appendingPathComponent("hospitals.csv").path
  static let twins = ["canonical.csv", "export.csv", "export-gbk.csv"]

  /// Pools by insurance, readmission on, a single disease by principal diagnosis (R55,
  /// syncope), months: every rule that needs a column the export names otherwise.
  static let policy = """
    {"name": "equivalence", "reserveShare": 0.05,
     "pools": [{"name": "employee", "budget": 4000000, "insurance": ["employee"]},
               {"name": "resident", "budget": 3000000, "insurance": ["resident"]}],
     "singleDisease": [{"name": "syncope", "diagnoses": ["R55"], "points": 40}]}
    """

  /// status, mdc, adrg, drg and drg_name by case id (case_id or 病案号).
  static func groups(_ path: String) throws -> [String: [String]] {
    let reader = try CSVReader(path: path)
    _ = try reader.next()
    let header = (0..<reader.parser.fields.count).map {
      reader.parser.string($0, in: reader.bytes).trimmingCharacters(in: .whitespaces)
    }
    let id = try #require(header.firstIndex { $0 == "case_id" || $0 == "病案号" })
    let keys = try ["status", "mdc", "adrg", "drg", "drg_name"].map { key in
      try #require(header.firstIndex(of: key))
    }
    var result: [String: [String]] = [:]
    while try reader.next() {
      result[reader.parser.string(id, in: reader.bytes)] = keys.map {
        reader.parser.string($0, in: reader.bytes)
      }
    }
    return result
  }

  static func files(in directory: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
      result[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
    }
    return result
  }

  @Test func everyStepGivesTheSameResults() throws {
    guard FileManager.default.fileExists(atPath: Self.scheme) else {
      Issue.record("grouper-tables/chs-drg-1.1 is missing")
      return
    }
    let dir = try TemporaryDirectory()
    let policy = try dir.write(Self.policy, name: "policy.json")
    var groups: [[String: [String]]] = []
    var weights: [Data] = []
    var settlements: [[String: Data]] = []
    var comparisons: [[String: Data]] = []
    var flags: [Data] = []
    var migrations: [[String: Data]] = []
    var reports: [String] = []
    for (index, twin) in Self.twins.enumerated() {
      let input = Self.fixtures.appendingPathComponent(twin).path
      let grouped = dir.file("\(index)-grouped.csv")
      let group = CommandRun(["group", input, "--scheme", Self.scheme, "-o", grouped])
      try #require(group.status == 0, "\(twin): \(group.error)")
      reports.append(group.error)
      groups.append(try Self.groups(grouped))
      let weightsFile = dir.file("\(index)-weights.csv")
      let weighting = CommandRun(["weights", grouped, "-o", weightsFile])
      try #require(weighting.status == 0, "\(twin): \(weighting.error)")
      weights.append(try Data(contentsOf: URL(fileURLWithPath: weightsFile)))
      let settle = CommandRun([
        "settle", grouped, "--policy", policy, "--weights", weightsFile, "--period", "month",
        "-o", dir.file("\(index)-settle"),
      ])
      try #require(settle.status == 0, "\(twin): \(settle.error)")
      settlements.append(try Self.files(in: dir.file("\(index)-settle")))
      let compare = CommandRun([
        "compare", grouped, "--weights", weightsFile, "-o", dir.file("\(index)-compare"),
      ])
      try #require(compare.status == 0, "\(twin): \(compare.error)")
      comparisons.append(try Self.files(in: dir.file("\(index)-compare")))
      let audit = CommandRun(["audit", grouped, "-o", dir.file("\(index)-flags.csv")])
      try #require(audit.status == 0, "\(twin): \(audit.error)")
      flags.append(try Data(contentsOf: URL(fileURLWithPath: dir.file("\(index)-flags.csv"))))
      // diff reads the export itself, like group, under two schemes.
      let diff = CommandRun([
        "diff", input, "--from", Self.scheme, "--to", Self.otherScheme, "--hospitals",
        Self.hospitals, "-o", dir.file("\(index)-diff"),
      ])
      try #require(diff.status == 0, "\(twin): \(diff.error)")
      migrations.append(try Self.files(in: dir.file("\(index)-diff")))
    }
    #expect(groups[0].count == 400)
    for index in 1..<Self.twins.count {
      let twin = Self.twins[index]
      #expect(groups[index] == groups[0], "\(twin): groups differ")
      #expect(weights[index] == weights[0], "\(twin): weights differ")
      #expect(settlements[index] == settlements[0], "\(twin): settlement differs")
      #expect(comparisons[index] == comparisons[0], "\(twin): comparison differs")
      #expect(flags[index] == flags[0], "\(twin): audit flags differ")
      #expect(migrations[index] == migrations[0], "\(twin): migration differs")
    }
    // Not vacuous: both pools paid, months written, the single disease and the audit found
    // cases, and the export's columns were the ones meant.
    let cases = String(decoding: settlements[0]["cases.csv"] ?? Data(), as: UTF8.self)
    #expect(cases.contains(",employee,") && cases.contains(",resident,"))
    #expect(cases.contains(",single_disease,"))
    #expect((settlements[0]["months.csv"]?.count ?? 0) > 100)
    #expect(String(decoding: flags[0], as: UTF8.self).split(separator: "\n").count > 1)
    let flows = String(decoding: migrations[0]["flows.csv"] ?? Data(), as: UTF8.self)
    #expect(flows.split(separator: "\n").count > 2, "\(flows)")
    #expect(reports[1].contains("hospital_id ← 定点医疗机构代码"), "\(reports[1])")
    #expect(
      reports[1].contains("diagnoses ← 主要诊断代码 + 其他诊断疾病代码1…其他诊断疾病代码12 (13 columns)"),
      "\(reports[1])")
    #expect(reports[1].contains("unused: 证件号码 (ids), 门(急)诊诊断编码 (codes)"), "\(reports[1])")
    #expect(reports[2].contains("total_cost ← 医疗费总额(元)"), "\(reports[2])")
  }
}
