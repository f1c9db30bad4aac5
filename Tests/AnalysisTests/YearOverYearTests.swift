import DRGAnalysis
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// `drg compare --versus`: changes between two periods split into per-DRG contributions.
@Suite("Year over year")
struct YearOverYearTests {
  /// Last period: A has one X (cost 100, 2 days) and one Y (1000, 10 days), no deaths;
  /// B as in ``ComparisonIndexTests/tinyCases()``.
  static func lastPeriod() -> ComparisonCases {
    var cases = ComparisonCases()
    cases.append(unit: "A", drg: "X", cost: 100, lengthOfStay: 2, died: false)
    cases.append(unit: "A", drg: "Y", cost: 1000, lengthOfStay: 10, died: false)
    for (drg, cost, stay, died) in [
      ("X", 300.0, 6.0, false), ("X", 500, 8, false), ("Y", 3000, 20, true),
      ("Y", 2000, 10, false), ("Y", 1000, 6, true),
    ] {
      cases.append(unit: "B", drg: drg, cost: cost, lengthOfStay: stay, died: died)
    }
    return cases
  }

  /// CMI of A (weights X 1, Y 2): this period X×3, Y×1 (Z has no weight): 5/4 = 1.25; last
  /// X×1, Y×1: 3/2 = 1.5; change −0.25 = X (3·1/4 − 1·1/2 = +0.25) + Y (1·2/4 − 1·2/2 =
  /// −0.5). So Y drives it first. Mortality of A: 1 death of 6 rows (in X) against 0 of 2:
  /// +1/6, all from X.
  @Test func changesSplitIntoDRGContributions() throws {
    let this = HospitalComparison(
      cases: ComparisonIndexTests.tinyCases(), weights: ComparisonIndexTests.tinyWeights,
      trimming: .untrimmed)
    let last = HospitalComparison(
      cases: Self.lastPeriod(), weights: ComparisonIndexTests.tinyWeights, trimming: .untrimmed)
    let versus = YearOverYear(this: this, last: last, weights: ComparisonIndexTests.tinyWeights)
    let a = try #require(versus.changes.first { $0.unit == "A" })
    let cmi = try #require(a.drivers[.cmi])
    #expect(cmi.map(\.drg) == ["Y", "X"])
    #expect(abs(cmi[0].contribution + 0.5) < 1e-12 && abs(cmi[1].contribution - 0.25) < 1e-12)
    let mortality = try #require(a.drivers[.mortality])
    #expect(mortality.first?.drg == "X" && abs(mortality[0].contribution - 1.0 / 6) < 1e-12)
    // Every split adds up to the change exactly.
    for change in versus.changes {
      for indicator in YearOverYear.Indicator.allCases {
        let (now, before) = change.values(indicator)
        guard let now, let before else { continue }
        let sum = (change.drivers[indicator] ?? []).reduce(0) { $0 + $1.contribution }
        #expect(abs(sum - (now - before)) < 1e-12, "\(change.unit) \(indicator)")
      }
    }
  }

  @Test func theCommandWritesBothFiles() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(CompareCommandTests.grouped, name: "this.csv")
    let weights = try directory.write(CompareCommandTests.weights, name: "weights.csv")
    let run = CommandRun([
      "compare", input, "--versus", input, "--weights", weights, "-o", directory.file("o"),
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.contains("versus.csv"))
    let rows = try directory.rows("o/versus.csv")
    #expect(rows.count == 3)
    let change = try #require(rows[0].firstIndex(of: "cmi_change"))
    // The same file against itself: nothing changes and no driver is named.
    #expect(rows.dropFirst().allSatisfy { $0[change] == "0.0000" })
    #expect(try directory.rows("o/versus_drivers.csv").count == 1)
  }
}
