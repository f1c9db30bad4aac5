import DRGAnalysis
import DRGKit
import DRGPayment
import Foundation
import Testing

/// Every index of `drg compare` on a data set small enough to work out by hand.
@Suite("drg compare indices")
struct ComparisonIndexTests {
  /// Two hospitals, three DRGs; weights X = 1, Y = 2, Z has none.
  ///
  ///     hospital  DRG   cost   LOS  died
  ///     A         X      100     2
  ///     A         X      200     4
  ///     A         X      300     6   yes
  ///     A         Y     1000    10
  ///     A         Z       50     1
  ///     A         —  (ungroupable)
  ///     B         X      300     6
  ///     B         X      500     8
  ///     B         Y     3000    20   yes
  ///     B         Y     2000    10
  ///     B         Y     1000     6   yes
  ///     B         —  (ambiguous)
  static func tinyCases() -> ComparisonCases {
    var cases = ComparisonCases()
    let rows: [(String, String?, GroupingStatus, Double?, Double?, Bool)] = [
      ("A", "X", .grouped, 100, 2, false), ("A", "X", .grouped, 200, 4, false),
      ("A", "X", .grouped, 300, 6, true), ("A", "Y", .grouped, 1000, 10, false),
      ("A", "Z", .grouped, 50, 1, false), ("A", nil, .ungroupable, 80, 1, false),
      ("B", "X", .grouped, 300, 6, false), ("B", "X", .grouped, 500, 8, false),
      ("B", "Y", .grouped, 3000, 20, true), ("B", "Y", .grouped, 2000, 10, false),
      ("B", "Y", .grouped, 1000, 6, true), ("B", nil, .ambiguous, 90, 2, false),
    ]
    for row in rows {
      cases.append(
        unit: row.0, drg: row.1, status: row.2, cost: row.3, lengthOfStay: row.4, died: row.5)
    }
    return cases
  }

  static let tinyWeights = WeightsTable(weights: ["X": 1.0, "Y": 2.0])

  @Test func countsWeightsAndRates() throws {
    let comparison = HospitalComparison(cases: Self.tinyCases(), weights: Self.tinyWeights)
    #expect(comparison.units.map(\.unit) == ["A", "B"])
    let a = comparison.units[0]
    let b = comparison.units[1]
    // A: 6 rows, 5 grouped (X X X Y Z) in 3 DRGs; Z has no weight, so 4 weighted cases
    // with total weight 3·1 + 1·2 = 5 and CMI 5/4 = 1.25.
    #expect(a.cases == 6 && a.groupedCases == 5 && a.drgGroups == 3)
    #expect(a.weightedCases == 4 && a.totalWeight == 5 && a.cmi == 1.25)
    // B: 2·1 + 3·2 = 8 over 5 cases: CMI 1.6.
    #expect(b.cases == 6 && b.groupedCases == 5 && b.drgGroups == 2)
    #expect(b.totalWeight == 8 && b.cmi == 1.6)
    #expect(comparison.casesWithoutWeight == 1)
    // Rates over all rows: A 1 ungroupable of 6, B 1 ambiguous of 6.
    #expect(a.ungroupableRate == 1.0 / 6 && a.ambiguousRate == 0)
    #expect(b.ambiguousRate == 1.0 / 6 && b.ungroupableRate == 0)
    // Mortality: A 1/6, B 2/6.
    #expect(a.deaths == 1 && a.mortality == 1.0 / 6)
    #expect(b.deaths == 2 && b.mortality == 2.0 / 6)
  }

  @Test func consumptionIndicesInBothForms() throws {
    // Untrimmed basis: every case with a value counts (IndexTrimmingTests for trimmed).
    let comparison = HospitalComparison(
      cases: Self.tinyCases(), weights: Self.tinyWeights, trimming: .untrimmed)
    #expect(comparison.indexCasesTrimmed == 0)
    let a = comparison.units[0]
    let b = comparison.units[1]
    // Region mean cost: X (100+200+300+300+500)/5 = 280, Y (1000+3000+2000+1000)/4 = 1750,
    // Z 50. A's means: X 200 (3 cases), Y 1000, Z 50.
    // Mean of ratios: (3·200/280 + 1000/1750 + 50/50) / 5 = 3.7142857/5 = 0.7428571.
    // Ratio of sums: (600 + 1000 + 50) / (840 + 1750 + 50) = 1650/2640 = 0.625.
    #expect(abs(try #require(a.costIndex[.meanOfRatios]) - 0.742_857_142_857) < 1e-9)
    #expect(abs(try #require(a.costIndex[.ratioOfSums]) - 0.625) < 1e-12)
    // B: X 400 (2), Y 2000 (3). (2·400/280 + 3·2000/1750)/5 = 1.2571429;
    // (800 + 6000) / (560 + 5250) = 6800/5810.
    #expect(abs(try #require(b.costIndex[.meanOfRatios]) - 1.257_142_857_143) < 1e-9)
    #expect(abs(try #require(b.costIndex[.ratioOfSums]) - 6800.0 / 5810) < 1e-12)
    // Region mean LOS: X (2+4+6+6+8)/5 = 5.2, Y (10+20+10+6)/4 = 11.5, Z 1.
    // A: X 4, Y 10, Z 1 → (3·4/5.2 + 10/11.5 + 1)/5 = 0.8354515; (12+10+1)/(15.6+11.5+1).
    #expect(abs(try #require(a.timeIndex[.meanOfRatios]) - 0.835_451_505_017) < 1e-9)
    #expect(abs(try #require(a.timeIndex[.ratioOfSums]) - 23 / 28.1) < 1e-9)
    // B: X 7, Y 12 → (2·7/5.2 + 3·12/11.5)/5 = 1.1645485; (14 + 36)/(10.4 + 34.5).
    #expect(abs(try #require(b.timeIndex[.meanOfRatios]) - 1.164_548_494_983) < 1e-9)
    #expect(abs(try #require(b.timeIndex[.ratioOfSums]) - 50 / 44.9) < 1e-9)
  }

  @Test func riskClassesAndIndirectStandardisation() throws {
    let comparison = HospitalComparison(cases: Self.tinyCases(), weights: Self.tinyWeights)
    // Region mortality: X 1/5 = 0.2, Y 2/4 = 0.5, Z 0/1. ln 0.2 and ln 0.5 are ±0.707 sd
    // from their mean, so X is mid-low and Y mid-high. Z has no death in its one case: it
    // is classed by its upper bound 1 − 0.025¹ = 0.975, ln 0.975 = −0.0253, z =
    // (−0.0253 + 1.1513) / 0.6479 = 1.738: high, not low.
    let risks = Dictionary(uniqueKeysWithValues: comparison.risks.map { ($0.drg, $0) })
    #expect(risks["X"]?.riskClass == .midLow)
    #expect(abs((risks["X"]?.z ?? 0) + 0.5.squareRoot()) < 1e-12)
    #expect(risks["Y"]?.riskClass == .midHigh)
    #expect(risks["Z"]?.riskClass == .high && abs((risks["Z"]?.z ?? 0) - 1.737_9) < 1e-3)
    #expect(risks["Z"]?.zeroDeathUpperBound == 0.975)
    let a = comparison.units[0]
    let b = comparison.units[1]
    // Mid-low (X): A has 3 cases, 1 death, expected 3·0.2 = 0.6, O/E = 1.667; the exact
    // interval of 1 death is [0.025318, 5.571643], over 0.6.
    #expect(a.midLowRisk.cases == 3 && a.midLowRisk.deaths == 1)
    #expect(abs(a.midLowRisk.expected - 0.6) < 1e-12)
    #expect(abs(try #require(a.midLowRisk.ratio) - 1 / 0.6) < 1e-12)
    let interval = try #require(a.midLowRisk.ratioInterval)
    #expect(abs(interval.lower - 0.025_318 / 0.6) < 1e-5)
    #expect(abs(interval.upper - 5.571_643 / 0.6) < 1e-5)
    // B: 2 cases, no death, expected 0.4: the interval of 0 is [0, −ln 0.025 = 3.688879].
    #expect(b.midLowRisk.deaths == 0 && abs(b.midLowRisk.expected - 0.4) < 1e-12)
    let empty = try #require(b.midLowRisk.ratioInterval)
    #expect(empty.lower == 0 && abs(empty.upper - 3.688_879 / 0.4) < 1e-5)
    // No DRG is low risk now: no low-risk cases, no ratio.
    #expect(a.lowRisk.cases == 0 && a.lowRisk.expected == 0 && a.lowRisk.ratio == nil)
  }

  @Test func riskClassesFromZScoresOfLogMortality() {
    // ln m = −3L, −2L, −L, 0 (L = ln 10): mean −1.5L, sd L·√(5/3), z = ∓1.162, ∓0.387.
    // D5 has no death in 50 cases: its upper bound 1 − 0.025^(1/50) = 0.0711217, ln = −2.6434,
    // z = (−2.6434 + 3.4539) / 2.9725 = 0.273: mid-high, although it had no death.
    // D6 has no death in 5,000 cases: bound 1 − 0.025^(1/5000) = 7.375e-4, z = −1.2643: low.
    let risks = HospitalComparison.riskClasses(
      codes: ["D1", "D2", "D3", "D4", "D5", "D6"], cases: [1000, 100, 10, 5, 50, 5000],
      deaths: [1, 1, 1, 5, 0, 0])
    #expect(risks.map(\.riskClass) == [.low, .midLow, .midHigh, .high, .midHigh, .low])
    #expect(abs((risks[0].z ?? 0) + 1.5 / (5.0 / 3).squareRoot()) < 1e-12)
    #expect(abs((risks[4].zeroDeathUpperBound ?? 0) - 0.071_121_7) < 1e-6)
    #expect(abs((risks[4].z ?? 0) - 0.272_7) < 1e-3)
    #expect(abs((risks[5].z ?? 0) + 1.264_3) < 1e-3)
    // One DRG with deaths: no spread, every z = 0.
    let single = HospitalComparison.riskClasses(
      codes: ["A", "B"], cases: [10, 10], deaths: [1, 0])
    #expect(single.map(\.riskClass) == [.midHigh, .midHigh])
  }

  /// Risk classes from a base period: the reference file's mortality gives the classes and
  /// the expected deaths. Reference: X 1/10 (0.1), Y 4/8 (0.5), no Z. ln 0.1 and ln 0.5 are
  /// ±0.707 sd from their mean: X mid-low, Y mid-high; Z is unclassified.
  /// A's mid-low (X) cases: 3, expected 3 × 0.1 = 0.3, 1 death: O/E 3.333.
  @Test func riskClassesFromAReferencePeriod() throws {
    var reference = RiskReference(source: "base.csv")
    reference.cases = ["X": 10, "Y": 8]
    reference.deaths = ["X": 1, "Y": 4]
    var options = ComparisonOptions()
    options.reference = reference
    let comparison = HospitalComparison(
      cases: Self.tinyCases(), weights: nil, options: options)
    let risks = Dictionary(uniqueKeysWithValues: comparison.risks.map { ($0.drg, $0) })
    #expect(risks["X"]?.riskClass == .midLow && risks["X"]?.basisCases == 10)
    #expect(risks["X"]?.cases == 5 && risks["X"]?.deaths == 1)
    #expect(risks["Y"]?.riskClass == .midHigh)
    #expect(risks["Z"]?.riskClass == .unclassified && risks["Z"]?.basisCases == 0)
    let a = comparison.units[0]
    #expect(abs(a.midLowRisk.expected - 0.3) < 1e-12)
    #expect(abs(try #require(a.midLowRisk.ratio) - 1 / 0.3) < 1e-12)
    #expect(!a.midLowRisk.isReliable)
    #expect(comparison.riskClassBasis == "reference:base.csv")
  }

  @Test func medianAndRegionStatisticsPerCell() throws {
    let comparison = HospitalComparison(cases: Self.tinyCases(), weights: nil)
    let ax = try #require(comparison.cells.first { $0.drg == "X" && $0.unit == "A" })
    #expect(ax.cases == 3 && ax.deaths == 1)
    #expect(ax.cost.unit.mean == 200 && ax.cost.unit.median == 200 && ax.cost.unit.sd == 100)
    #expect(ax.cost.region.mean == 280 && ax.cost.region.median == 300)
    let by = try #require(comparison.cells.first { $0.drg == "Y" && $0.unit == "B" })
    #expect(by.cost.unit.median == 2000 && by.cost.region.median == 1500)
    #expect(by.lengthOfStay.unit.median == 10 && by.lengthOfStay.region.median == 10)
    #expect(comparison.units[0].cmi == nil)
  }
}
