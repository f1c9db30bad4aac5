import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// The five city examples of examples/policies, run as their README runs them on the
/// README's example data (the 1,000 sample cases grouped with chs-drg-1.1): each must put
/// hospitals in every sharing band with no point-value floor or cap binding (issue 18,
/// item 9), the per-head and alliance inputs of examples/policies/data must be accepted,
/// and the day-surgery, single-disease, per-diem and new-technology sections must each
/// price some of the cases.
@Suite("Example policies on the sample cases")
struct ExamplePolicyTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func path(_ relative: String) -> String {
    root.appendingPathComponent(relative).path
  }

  @Test func everyCityExamplePutsHospitalsInEveryBand() throws {
    let dir = try TemporaryDirectory()
    let grouped = dir.path + "/grouped.csv"
    let weights = dir.path + "/weights.csv"
    let group = CommandRun([
      "group", Self.path("grouper-tables/samples/chs-drg-1.1-cases.csv"), "--scheme",
      Self.path("grouper-tables/chs-drg-1.1"), "-o", grouped, "-q",
    ])
    #expect(group.status == 0, "\(group.error)")
    let weighing = CommandRun(["weights", grouped, "-o", weights, "-q"])
    #expect(weighing.status == 0, "\(weighing.error)")
    let data = Self.path("examples/policies/data")
    let perHead = [
      "--enrolment", data + "/enrolment.csv", "--outpatient", data + "/outpatient.csv",
    ]
    // Each example with the case categories its own sections must produce.
    let examples: [(String, [String], [String])] = [
      ("chongqing-2018", [], ["day_surgery"]),
      ("tianjin-2017", perHead, ["single_disease"]),
      ("linyi-2018", ["--hospitals", data + "/hospitals.csv"] + perHead, ["per_diem"]),
      ("liuzhou-2017", [], ["new_technology"]),
      ("lincang-2014", [], ["single_disease"]),
    ]
    for (name, extra, categories) in examples {
      let out = dir.path + "/" + name
      let run = CommandRun(
        [
          "settle", grouped, "--policy", Self.path("examples/policies/\(name).json"), "--weights",
          weights, "-o", out,
        ] + extra)
      #expect(run.status == 0, "\(name): \(run.error)")
      let table = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
      let rows = table.split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false)
      }
      let column = try #require(rows.first?.firstIndex(of: "band"))
      let bands = Set(rows.dropFirst().map { String($0[column]) })
      #expect(
        bands == ["surplus", "surplus_capped", "overspend_shared", "overspend_beyond"],
        "\(name): \(bands.sorted())")
      let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
      #expect(
        !pools.contains(",unspendable,") && !pools.contains(",cap,")
          && !pools.contains(",floor,"), "\(name): \(pools)")
      let cases = try Self.table(out + "/cases.csv")
      for category in categories {
        let count = cases.filter { $0["category"] == category }.count
        #expect(count > 0, "\(name): no case in category \(category)")
      }
    }
  }

  /// The sections priced by hospital level really take the level's price on the sample:
  /// each expected value below is the policy's own number for the case's level.
  @Test func levelPricesApplyOnTheSample() throws {
    let dir = try TemporaryDirectory()
    let grouped = dir.path + "/grouped.csv"
    let weights = dir.path + "/weights.csv"
    #expect(
      CommandRun([
        "group", Self.path("grouper-tables/samples/chs-drg-1.1-cases.csv"), "--scheme",
        Self.path("grouper-tables/chs-drg-1.1"), "-o", grouped, "-q",
      ]).status == 0)
    #expect(CommandRun(["weights", grouped, "-o", weights, "-q"]).status == 0)
    let data = Self.path("examples/policies/data")
    func settle(_ name: String, _ extra: [String] = []) throws -> [String: [String: String]] {
      let out = dir.path + "/" + name
      let run = CommandRun(
        [
          "settle", grouped, "--policy", Self.path("examples/policies/\(name).json"), "--weights",
          weights, "-o", out, "-q",
        ] + extra)
      #expect(run.status == 0, "\(name): \(run.error)")
      return Dictionary(
        try Self.table(out + "/cases.csv").map { ($0["case_id"] ?? "", $0) },
        uniquingKeysWith: { first, _ in first })
    }
    // Chongqing day surgery: C0000514 (H003, level 2, 2 days, main procedure 54.2400x002)
    // is paid yuanByLevel["2"] = 3200; C0000386 (H020, no level in the policy, 1 day,
    // 17.912B0) the plain yuan 3000. Priced in yuan, neither has points.
    let chongqing = try settle("chongqing-2018")
    #expect(chongqing["C0000514"]?["category"] == "day_surgery")
    #expect(chongqing["C0000514"]?["payment"] == "3200.00")
    #expect(chongqing["C0000514"]?["points"] == "")
    #expect(chongqing["C0000386"]?["payment"] == "3000.00")
    // Tianjin single disease by ADRG OC1: C0000216 at H015, level 3 → 4000 yuan.
    let tianjin = try settle(
      "tianjin-2017",
      ["--enrolment", data + "/enrolment.csv", "--outpatient", data + "/outpatient.csv"])
    #expect(tianjin["C0000216"]?["category"] == "single_disease")
    #expect(tianjin["C0000216"]?["payment"] == "4000.00")
    // Linyi per diem psychiatry (TS1), day 1–60: C0000194 at H015 (level 3 in
    // data/hospitals.csv), 1 day × 3.3 = 3.30 points; C0000102 at H038 (level 2),
    // 1 day × 3.0 = 3.00 points; C0000027 at H017 (level 3), 3 days × 3.3 = 9.90 points.
    let linyi = try settle(
      "linyi-2018",
      [
        "--hospitals", data + "/hospitals.csv", "--enrolment", data + "/enrolment.csv",
        "--outpatient", data + "/outpatient.csv",
      ])
    #expect(linyi["C0000194"]?["points"] == "3.30")
    #expect(linyi["C0000102"]?["points"] == "3.00")
    #expect(linyi["C0000027"]?["points"] == "9.90")
    // Liuzhou new technology: C0000509 (main procedure 00.6200x006) leaves DRG pricing.
    let liuzhou = try settle("liuzhou-2017")
    #expect(liuzhou["C0000509"]?["category"] == "new_technology")
  }

  /// Rows of a CSV file (RFC 4180 quoting: a quoted field may hold commas, and `""` in it
  /// stands for one quote) as dictionaries by header.
  static func table(_ path: String) throws -> [[String: String]] {
    let characters = Array(try String(contentsOfFile: path, encoding: .utf8))
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var index = 0
    while index < characters.count {
      let character = characters[index]
      index += 1
      if quoted {
        if character != "\"" {
          field.append(character)
        } else if index < characters.count && characters[index] == "\"" {
          field.append("\"")
          index += 1
        } else {
          quoted = false
        }
      } else if character == "\"" {
        quoted = true
      } else if character == "," {
        row.append(field)
        field = ""
      } else if character == "\n" || character == "\r\n" {
        row.append(field)
        rows.append(row)
        (row, field) = ([], "")
      } else {
        field.append(character)
      }
    }
    if !field.isEmpty || !row.isEmpty { rows.append(row + [field]) }
    guard let header = rows.first else { return [] }
    return rows.dropFirst().map { values in
      Dictionary(zip(header, values).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
    }
  }
}
