import DRGKit
import Foundation
import Testing

/// The generator on the national scheme: a million cases reach every DRG, and cases land
/// in the DRG they were built for.
@Suite("drg synth: CHS-DRG 1.1 coverage")
struct SharedSchemeCoverageTests {
  @Test("1,000,000 cases reach all 628 DRGs and ≥ 90 % land where aimed")
  func nationalSchemeMillion() throws {
    let directory = SynthesisFixtures.shippedScheme("chs-drg-1.1")
    let scheme = try Scheme(directory: directory)
    let synthesizer = CaseSynthesizer(scheme: scheme, seed: 2024)
    let coverage = synthesizer.coverage
    // The scheme has 628 DRGs; the conformance README says all of them are reachable.
    #expect(scheme.drgs.count == 628)
    #expect(coverage.reachedDRGs.count == 628, "no recipe for \(coverage.unreachedDRGs)")
    #expect(coverage.hasUngroupableRecipe)

    let cases = SynthesisFixtures.temporary("chs-1m.csv")
    let grouped = SynthesisFixtures.temporary("chs-1m-grouped.csv")
    defer {
      try? FileManager.default.removeItem(atPath: cases)
      try? FileManager.default.removeItem(atPath: grouped)
    }
    let summary = try synthesizer.write(count: 1_000_000, to: cases, withTarget: true)
    #expect(summary.cases == 1_000_000)
    let grouping = try FileGrouping(scheme: scheme).run(input: cases, output: grouped)
    #expect(grouping.rowsRead == 1_000_000)

    let result = try GroupedCounts(path: grouped)
    let missing = coverage.reachedDRGs.filter { result.drgs[$0] == nil }
    #expect(missing.isEmpty, "DRGs with no case in 1M: \(missing)")
    let rate = Double(result.hits) / Double(result.aimed)
    #expect(rate >= 0.9, "hit rate \(rate)")
    // Every status class is present in realistic shares.
    #expect(grouping.count(.ungroupable) > 10_000)
    #expect(grouping.count(.invalid) > 10_000)
  }
}
