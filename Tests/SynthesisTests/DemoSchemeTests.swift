import DRGKit
import Foundation
import Testing

@Suite("drg synth: demo scheme")
struct DemoSchemeTests {
  static let synthesizer = CaseSynthesizer(scheme: SynthesisFixtures.demo, seed: 7)

  @Test("every DRG, the ambiguous group and ungroupable cases have recipes")
  func everyTargetReachable() {
    let coverage = Self.synthesizer.coverage
    let scheme = SynthesisFixtures.demo
    #expect(coverage.drgCount == scheme.drgs.count)
    #expect(coverage.reachedDRGs == scheme.drgs.map(\.entry.code))
    #expect(coverage.unreachedDRGs.isEmpty)
    #expect(coverage.reachedAmbiguousGroups == ["FQY"])
    #expect(coverage.hasUngroupableRecipe)
    #expect(coverage.meanHitRate > 0.9)
  }

  @Test("generated cases land in every DRG and in the DRG aimed for")
  func casesGroupWhereAimed() throws {
    let cases = SynthesisFixtures.temporary("demo.csv")
    let grouped = SynthesisFixtures.temporary("demo-grouped.csv")
    defer {
      try? FileManager.default.removeItem(atPath: cases)
      try? FileManager.default.removeItem(atPath: grouped)
    }
    let summary = try Self.synthesizer.write(count: 20_000, to: cases, withTarget: true)
    let grouping = try FileGrouping(scheme: SynthesisFixtures.demo).run(
      input: cases, output: grouped)
    #expect(grouping.rowsRead == 20_000)
    #expect(grouping.count(.invalid) == summary.invalid)

    let result = try GroupedRows(path: grouped)
    let reached = Set(result.rows.filter { $0.status == "grouped" }.map(\.drg))
    #expect(reached == Set(SynthesisFixtures.demo.drgs.map(\.entry.code)))
    #expect(result.rows.contains { $0.status == "ambiguous" && $0.drg == "FQY" })
    #expect(result.rows.contains { $0.status == "ungroupable" })
    let rate = Double(result.hits) / Double(result.aimed)
    #expect(rate >= 0.9, "hit rate \(rate)")
  }

  @Test("the mix: ambiguous, ungroupable and invalid shares, with the reasons of invalid rows")
  func mixOfOutcomes() throws {
    let cases = SynthesisFixtures.temporary("mix.csv")
    let grouped = SynthesisFixtures.temporary("mix-grouped.csv")
    defer {
      try? FileManager.default.removeItem(atPath: cases)
      try? FileManager.default.removeItem(atPath: grouped)
    }
    let summary = try Self.synthesizer.write(count: 40_000, to: cases, withTarget: true)
    _ = try FileGrouping(scheme: SynthesisFixtures.demo).run(input: cases, output: grouped)
    let rows = try GroupedRows(path: grouped).rows

    func share(_ status: String) -> Double {
      Double(rows.count { $0.status == status }) / Double(rows.count)
    }
    #expect((0.015...0.035).contains(share("ambiguous")))
    #expect((0.01...0.03).contains(share("ungroupable")))
    #expect((0.008...0.025).contains(share("invalid")))

    // Rows built to be invalid are exactly the invalid ones, and every kind of failed
    // check occurs, with the engine's reason.
    let invalid = rows.filter { $0.status == "invalid" }
    #expect(invalid.allSatisfy { $0.target.isEmpty })
    #expect(invalid.count == summary.invalid)
    for problem in InputProblem.allCases {
      let count = invalid.count { $0.reason == problem.description }
      #expect(count == summary.invalidCount(problem), "\(problem)")
      #expect(count > 0, "no row fails with: \(problem.description)")
    }
    #expect(summary.readmissionsWithin15Days > 0)
    #expect(summary.patients < summary.cases)
  }
}
