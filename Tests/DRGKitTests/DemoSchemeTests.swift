import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

private let demoDirectory = packageRoot.appendingPathComponent("grouper-tables/demo").path
private let casesPath = packageRoot.appendingPathComponent("grouper-tables/samples/demo-cases.csv")
  .path
private let expectedPath = packageRoot.appendingPathComponent(
  "grouper-tables/samples/demo-expected.csv"
).path

/// A CSV file as rows of named fields.
private func table(_ path: String) throws -> [[String: String]] {
  let records = parseAll(try String(contentsOfFile: path, encoding: .utf8))
  let header = try #require(records.first).fields
  return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.fields)) }
}

/// What a result must match: the status alone for invalid cases, else the codes too.
private func comparable(_ row: [String: String]) -> String {
  let status = row["status"] ?? "?"
  guard status != "invalid" else { return status }
  return [status, row["mdc"] ?? "?", row["adrg"] ?? "?", row["drg"] ?? "?"].joined(separator: " ")
}

/// The hand-written oracle by case id.
private func expectedResults() throws -> [String: String] {
  let rows = try table(expectedPath)
  return Dictionary(uniqueKeysWithValues: rows.map { ($0["case_id"] ?? "", comparable($0)) })
}

@Suite("Demo scheme")
struct DemoSchemeTests {
  @Test func loadsWithTheDocumentedShape() throws {
    let scheme = try Scheme(directory: demoDirectory)
    #expect(scheme.mdcs.map(\.entry.code) == ["MDCA", "MDCP", "MDCE", "MDCF", "MDCO"])
    #expect(scheme.adrgs.count == 14)
    // drg.csv has 29 rows (README says 30, counting an FQY row drg.csv does not have).
    #expect(scheme.drgs.count == 29)
    #expect(scheme.adrgs.filter(\.isAmbiguous).map(\.entry.code) == ["FQY"])
    #expect(scheme.mccCount == 10)
    #expect(scheme.ccCount == 10)
    #expect(scheme.exclusionTableCount == 16)
    #expect(scheme.listRowCounts.count == 17)
    #expect(scheme.manifest.ungroupable == .init(mdc: "0000", adrg: "00", drg: "0000"))
    #expect(!scheme.manifest.retryWithEachOtherProcedure)
  }

  @Test func reportHasNoWarnings() throws {
    let report = SchemeReport(scheme: try Scheme(directory: demoDirectory))
    #expect(report.warnings == [])
    #expect(report.summaryLines.first == "Scheme demo: Demo scheme (self-written, not for payment)")
    #expect(report.summaryLines.contains("  5 MDCs, 14 ADRGs (1 ambiguous), 29 DRGs"))
  }

  @Test func fileGroupingMatchesTheOracle() throws {
    let scheme = try Scheme(directory: demoDirectory)
    let directory = try TemporaryDirectory()
    let output = directory.file("grouped.csv")
    let summary = try FileGrouping(scheme: scheme).run(input: casesPath, output: output)
    let expected = try expectedResults()
    let rows = try table(output)
    #expect(rows.count == 51)
    #expect(expected.count == 51)
    for row in rows {
      let id = row["case_id"] ?? "?"
      #expect(comparable(row) == expected[id], "\(id)")
    }
    #expect(summary.rowsRead == 51)
    #expect(summary.count(.grouped) == 39)
    #expect(summary.count(.ambiguous) == 2)
    #expect(summary.count(.ungroupable) == 3)
    #expect(summary.count(.invalid) == 7)
  }

  @Test func dischargeCasesMatchTheOracle() throws {
    let scheme = try Scheme(directory: demoDirectory)
    let expected = try expectedResults()
    for row in try table(casesPath) {
      func text(_ name: String) -> String? {
        let value = (row[name] ?? "").trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
      }
      func number(_ name: String) -> Double? { text(name).flatMap(Double.init) }
      let sex: Int? =
        switch text("sex") {
        case "男": 1
        case "女": 2
        case let value?: Double(value).map { Int($0) }
        case nil: nil
        }
      let record = DischargeCase(
        id: row["case_id"] ?? "", sex: sex, age: number("age"), ageDays: number("age_days"),
        weight: number("weight"), department: text("dept"), lengthOfStay: number("los"),
        leaving: number("leaving"), icuHours: number("icu_hours"),
        diagnoses: text("diagnoses").map { $0.split(separator: "|").map(String.init) } ?? [],
        procedures: text("procedures").map { $0.split(separator: "|").map(String.init) } ?? [])
      let outcome = scheme.group(record)
      let actual =
        outcome.status == .invalid
        ? "invalid" : "\(outcome.status) \(outcome.mdc) \(outcome.adrg) \(outcome.drg)"
      #expect(actual == expected[record.id], "\(record.id)")
    }
  }
}
