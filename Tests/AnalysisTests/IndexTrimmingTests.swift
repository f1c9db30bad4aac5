import DRGAnalysis
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// The consumption indices on trimmed regional benchmarks, on the tiny data set of
/// ``ComparisonIndexTests`` (costs X: A 100 200 300, B 300 500; Y: A 1000, B 3000 2000
/// 1000; Z: A 50).
@Suite("Trimmed regional benchmarks")
struct IndexTrimmingTests {
  /// X's region costs 100 200 300 300 500: ln = 4.605170 5.298317 5.703782 5.703782
  /// 6.214608; Q1 (h = 1) 5.298317, Q3 (h = 3) 5.703782, IQR 0.405465, fences
  /// 5.298317 − 1.5·0.405465 = 4.690119 and 5.703782 + 0.608198 = 6.311980: 100 is out,
  /// 4 cases kept. Y (1000 1000 2000 3000): ln Q1 6.907755, Q3 7.702263, fences 5.71 and
  /// 8.89 keep all. Z has 1 case (< 4): not trimmed.
  static let fourCases = IndexTrimming(method: .iqr(), minimumCases: 4)

  @Test func aCostOutlierLeavesBothIndicesOfItsUnitAndTheRegion() throws {
    let comparison = HospitalComparison(
      cases: ComparisonIndexTests.tinyCases(), weights: ComparisonIndexTests.tinyWeights,
      trimming: Self.fourCases)
    let a = comparison.units[0]
    let b = comparison.units[1]
    #expect(a.indexCasesTrimmed == 1 && b.indexCasesTrimmed == 0)
    #expect(comparison.indexCasesTrimmed == 1)
    // Region X mean on the kept 200 300 300 500 = 325; Y 1750, Z 50 as before.
    // A: X 200 300 → 250 (2 cases), Y 1000, Z 50.
    //   mean of ratios (2·250/325 + 1000/1750 + 50/50)/4 = 3.1098901/4 = 0.7774725
    //   ratio of sums (500 + 1000 + 50)/(650 + 1750 + 50) = 1550/2450 = 0.6326531
    #expect(abs(try #require(a.costIndex[.meanOfRatios]) - 3.109_890_109_890 / 4) < 1e-9)
    #expect(abs(try #require(a.costIndex[.ratioOfSums]) - 1550.0 / 2450) < 1e-12)
    // B: X 300 500 → 400 (2), Y 2000 (3): (2·400/325 + 3·2000/1750)/5 = 1.1780220;
    //   (800 + 6000)/(650 + 5250) = 6800/5900.
    #expect(abs(try #require(b.costIndex[.meanOfRatios]) - 1.178_021_978_022) < 1e-9)
    #expect(abs(try #require(b.costIndex[.ratioOfSums]) - 6800.0 / 5900) < 1e-12)
    // LOS of the kept cases: region X (4 + 6 + 6 + 8)/4 = 6 (the trimmed case's 2 days
    // are out), Y 11.5, Z 1. A: X (4 + 6)/2 = 5, Y 10, Z 1:
    //   (2·5/6 + 10/11.5 + 1)/4 = 3.5362319/4 = 0.8840580.
    // B: X 7, Y 12: (2·7/6 + 3·12/11.5)/5 = 5.4637681/5 = 1.0927536.
    #expect(abs(try #require(a.timeIndex[.meanOfRatios]) - 0.884_057_971_014) < 1e-9)
    #expect(abs(try #require(b.timeIndex[.meanOfRatios]) - 1.092_753_623_188) < 1e-9)
    // The per-DRG cells stay untrimmed: A's X mean is still (100 + 200 + 300)/3 = 200.
    let ax = try #require(comparison.cells.first { $0.drg == "X" && $0.unit == "A" })
    #expect(ax.cost.unit.mean == 200 && ax.cost.region.mean == 280)
  }

  @Test func noTrimmingWhenFewerThanTheMinimumWouldBeKept() throws {
    // The default minimum is 5: X would keep 4 of its 5 cases, so it is not trimmed and
    // the indices equal the untrimmed ones: A (3·200/280 + 1000/1750 + 1)/5 = 0.7428571.
    let comparison = HospitalComparison(
      cases: ComparisonIndexTests.tinyCases(), weights: nil, trimming: .default)
    #expect(comparison.indexCasesTrimmed == 0)
    #expect(
      abs(try #require(comparison.units[0].costIndex[.meanOfRatios]) - 0.742_857_142_857) < 1e-9)
    #expect(comparison.trimming.basis == "trimmed_iqr")
  }

  @Test func basisLabels() {
    #expect(IndexTrimming.untrimmed.basis == "untrimmed" && !IndexTrimming.untrimmed.isTrimmed)
    #expect(IndexTrimming(method: .logSD(k: 3)).basis == "trimmed_logsd")
    #expect(IndexTrimming.default.description.contains("IQR fences on log cost"))
    #expect(IndexTrimming(method: .iqr(), minimumCases: 0).minimumCases == 1)
  }

  @Test func theCommandLabelsItsBasisEverywhere() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(CompareCommandTests.grouped, name: "grouped.csv")
    let weights = try directory.write(CompareCommandTests.weights, name: "weights.csv")
    let run = CommandRun([
      "compare", input, "--weights", weights, "-o", directory.file("o"), "--min-trim-cases", "4",
      "--html", directory.file("r.html"),
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.contains("trimmed: IQR fences on log cost") && run.error.contains("1 cost"))
    let rows = try directory.rows("o/hospitals.csv")
    let header = rows[0]
    func value(_ row: Int, _ column: String) throws -> String {
      rows[row][try #require(header.firstIndex(of: column), "\(column)")]
    }
    // Hand-worked above: A 0.7774725, B 1.1780220; one of A's cases trimmed.
    #expect(try value(1, "cost_index_mean_of_ratios") == "0.7775")
    #expect(try value(2, "cost_index_mean_of_ratios") == "1.1780")
    #expect(try value(1, "index_basis") == "trimmed_iqr")
    #expect(try value(1, "index_cases_trimmed") == "1")
    #expect(try value(2, "index_cases_trimmed") == "0")
    let methods = try String(contentsOfFile: directory.file("o/methods.txt"), encoding: .utf8)
    #expect(methods.contains("index_basis = trimmed_iqr") && methods.contains("≥ 4 cases"))
    let html = try String(contentsOfFile: directory.file("r.html"), encoding: .utf8)
    #expect(html.contains("截尾 trimmed: IQR fences") && html.contains("trimmed cases: 1"))
  }
}
