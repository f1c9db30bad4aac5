import DRGKit
import Foundation
import Testing

/// Grouping each conformance corpus of `grouper-tables/conformance` must reproduce the groups the
/// independent OpenDRG grouper assigned (`expected.csv`) on every case: status, mdc, adrg and
/// drg, or the status alone for invalid cases.
@Suite("Conformance with grouper-tables/conformance")
struct ConformanceTests {
  @Test("Every case of the corpus groups as expected", arguments: ConformanceData.schemeIDs)
  func corpusMatchesExpected(_ id: String) throws {
    let scheme = try Scheme(directory: ConformanceData.scheme(id))
    let casesPath = ConformanceData.conformance(id, "cases.csv")
    let output = FileManager.default.temporaryDirectory
      .appendingPathComponent("conformance-\(id)-\(UUID().uuidString).csv").path
    defer { try? FileManager.default.removeItem(atPath: output) }

    let summary = try FileGrouping(scheme: scheme).run(input: casesPath, output: output)
    let expected = try CSVRows(path: ConformanceData.conformance(id, "expected.csv"))
    let actual = try CSVRows(path: output)
    #expect(summary.rowsRead == expected.rows.count)
    #expect(summary.rowsWritten == summary.rowsRead)
    #expect(actual.rows.count == expected.rows.count)

    let actualByID = Dictionary(
      actual.rows.map { ($0[actual.column("case_id")], $0) },
      uniquingKeysWith: { first, _ in first })
    var mismatches: [String] = []
    for row in expected.rows {
      let caseID = row[expected.column("case_id")]
      guard let got = actualByID[caseID] else {
        mismatches.append("\(caseID): missing from the output")
        continue
      }
      let status = row[expected.column("status")]
      let keys = status == "invalid" ? ["status"] : ["status", "mdc", "adrg", "drg"]
      let want = keys.map { row[expected.column($0)] }
      let have = keys.map { got[actual.column($0)] }
      if want != have {
        mismatches.append(
          "\(caseID): expected \(want.joined(separator: "/")), got \(have.joined(separator: "/"))")
      }
    }
    if !mismatches.isEmpty {
      // Show the first few with the path the grouper took.
      var report = "\(id): \(mismatches.count) of \(expected.rows.count) cases differ\n"
      for line in mismatches.prefix(5) {
        report += "\n\(line)\n"
        let caseID = String(line.prefix { $0 != ":" })
        if let record = try CaseFile.find(id: caseID, in: casesPath) {
          report += scheme.explain(record).text + "\n"
        }
      }
      Issue.record(Comment(rawValue: report))
    }
    #expect(mismatches.isEmpty)
  }

  @Test("Every scheme with a corpus loads with all its rows", arguments: ConformanceData.schemeIDs)
  func schemeLoadsCompletely(_ id: String) throws {
    let scheme = try Scheme(directory: ConformanceData.scheme(id))
    #expect(scheme.manifest.id == id)
    // Row counts read independently of the loader.
    func rows(_ file: String) throws -> Int {
      try CSVRows(path: ConformanceData.scheme(id) + "/" + file).rows.count
    }
    #expect(scheme.mdcs.count == (try rows("mdc.csv")))
    #expect(scheme.adrgs.count == (try rows("adrg.csv")))
    #expect(scheme.drgs.count == (try rows("drg.csv")))
    #expect(
      scheme.mccCount + scheme.ccCount + scheme.duplicateComplications.count
        == (try rows("cc.csv")))
    #expect(scheme.exclusionRowCount == (try rows("cc_exclusion.csv")))
    #expect(scheme.listRowCounts.values.reduce(0, +) == (try rows("lists.csv")))
    // Warnings are allowed (real schemes have ADRGs whose last DRG is conditional), but
    // every warning must name a file.
    for warning in SchemeReport(scheme: scheme).warnings {
      #expect(warning.file.hasSuffix(".csv"), "\(warning)")
    }
  }
}

/// A CSV file read whole into strings (test-side oracle reader, independent of the grouping
/// output path).
struct CSVRows {
  var header: [String]
  var rows: [[String]]

  init(path: String) throws {
    let reader = try CSVReader(path: path)
    var all: [[String]] = []
    while try reader.next() {
      let parser = reader.parser
      all.append((0..<parser.fields.count).map { parser.string($0, in: reader.bytes) })
    }
    header = all.first ?? []
    rows = Array(all.dropFirst())
  }

  func column(_ name: String) -> Int { header.firstIndex(of: name) ?? -1 }
}
