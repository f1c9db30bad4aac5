import DRGKit
import DRGPayment
import Foundation
import Testing

/// RW, CV, RIV and base-rate arithmetic on small examples worked out by hand.
@Suite("Weight arithmetic")
struct WeightArithmeticTests {
  @Test func relativeWeightsAndCV() throws {
    // No trimming. A: 100, 200, 300 (mean 200, sd 100, cv 0.5); B: 400, 600 (mean 500,
    // sd √20000 = 141.42, cv 0.28284); C: 1300 (one case: no sd, no cv).
    // Overall: 2900 / 6 = 483.33. RW = mean / 483.33: A 12/29, B 30/29, C 78/29;
    // Σ n·RW = (3·12 + 2·30 + 78) / 29 = 174 / 29 = 6 = N, so the normalisation factor is 1.
    var builder = CostWeightsBuilder(options: options(.none))
    builder.add("A", costs: [100, 200, 300])
    builder.add("B", costs: [400, 600])
    builder.add("C", costs: [1300])
    let weights = builder.build()
    #expect(weights.groups.map(\.drg) == ["A", "B", "C"])
    #expect(close(weights.meanCost, 2900.0 / 6))
    #expect(close(weights.normalisation, 1))
    let a = try #require(weights["A"])
    let b = try #require(weights["B"])
    let c = try #require(weights["C"])
    #expect(close(a.relativeWeight, 12.0 / 29))
    #expect(close(b.relativeWeight, 30.0 / 29))
    #expect(close(c.relativeWeight, 78.0 / 29))
    #expect(close(a.sdCost, 100))
    #expect(close(a.cv, 0.5))
    #expect(close(b.cv, 20000.0.squareRoot() / 500))
    #expect(c.sdCost == nil && c.cv == nil)
    // RIV: grand mean 1450/3. SSW = A (100² + 0 + 100²) + B (100² + 100²) + C 0 = 40000.
    // SSB = 3·(200 − 1450/3)² + 2·(500 − 1450/3)² + (1300 − 1450/3)²
    //     = (3·722500 + 2·2500 + 6002500) / 9 = 8175000 / 9.
    // RIV = SSB / (SSW + SSB) = 8175000 / (360000 + 8175000) = 1635 / 1707 = 0.95782.
    #expect(close(weights.quality.rivUntrimmed, 1635.0 / 1707))
    #expect(close(weights.quality.rivTrimmed, 1635.0 / 1707))
    // CV < 1 for A and B (C has none): 2 of 2.
    #expect(weights.quality.shareCVBelowOneTrimmed == 1)
  }

  @Test func rivAndCVBeforeAndAfterTrimming() throws {
    // Percentile (0, 75) drops ⌊4 × 25/100⌋ = 1 highest of each DRG's 4 cases (minimum 3).
    // Untrimmed: A 10, 20, 30, 100 (mean 40, SS 900 + 400 + 100 + 3600 = 5000);
    //            B 50, 60, 70, 80 (mean 65, SS 225 + 25 + 25 + 225 = 500).
    //   grand mean 420 / 8 = 52.5; SSB = 4·12.5² + 4·12.5² = 1250; SSW = 5500;
    //   RIV = 1250 / 6750 = 5/27 = 0.18519.
    //   CV: A √(5000/3) / 40 = 1.0206 (≥ 1), B √(500/3) / 65 = 0.19861 → half below 1.
    // Trimmed: A 10, 20, 30 (mean 20, SS 200); B 50, 60, 70 (mean 60, SS 200).
    //   grand mean 240 / 6 = 40; SSB = 3·20² + 3·20² = 2400; SSW = 400;
    //   RIV = 2400 / 2800 = 6/7 = 0.85714. CV: A 10/20 = 0.5, B 10/60 → all below 1.
    // RW = mean / 40: A 0.5, B 1.5 (Σ kept·RW = 3·0.5 + 3·1.5 = 6 = kept cases).
    // Budget 10000: Σ cases·RW = 4·0.5 + 4·1.5 = 8 (trimmed cases are still paid)
    //   → base rate 10000 / 8 = 1250 yuan; payment standards A 625, B 1875.
    var options = options(.percentile(lower: 0, upper: 75), minimumCasesToTrim: 3)
    options.budget = 10000
    var builder = CostWeightsBuilder(options: options)
    builder.add("A", costs: [10, 20, 30, 100])
    builder.add("B", costs: [50, 60, 70, 80])
    let weights = builder.build()
    #expect(weights.cases == 8 && weights.casesKept == 6 && weights.casesTrimmed == 2)
    #expect(close(weights.quality.rivUntrimmed, 5.0 / 27))
    #expect(close(weights.quality.rivTrimmed, 6.0 / 7))
    #expect(weights.quality.shareCVBelowOneUntrimmed == 0.5)
    #expect(weights.quality.shareCVBelowOneTrimmed == 1)
    let a = try #require(weights["A"])
    let b = try #require(weights["B"])
    #expect(close(a.cvUntrimmed, (5000.0 / 3).squareRoot() / 40))
    #expect(close(b.cvUntrimmed, (500.0 / 3).squareRoot() / 65))
    #expect(close(a.cv, 0.5))
    #expect(close(b.cv, 10.0 / 60))
    #expect(close(a.relativeWeight, 0.5))
    #expect(close(b.relativeWeight, 1.5))
    #expect(close(weights.totalWeight, 8))
    #expect(close(weights.baseRate, 1250))
    #expect(close(a.paymentStandard, 625))
    #expect(close(b.paymentStandard, 1875))
  }

  @Test func logRIV() throws {
    // Costs e^1, e^3 in A and e^5, e^7 in B: log costs 1, 3 | 5, 7. Grand mean 4;
    // SSW = 1 + 1 + 1 + 1 = 4; SSB = 2·(2 − 4)² + 2·(6 − 4)² = 16; RIV = 16 / 20 = 0.8.
    var builder = CostWeightsBuilder(options: options(.none))
    builder.add("A", costs: [exp(1), exp(3)])
    builder.add("B", costs: [exp(5), exp(7)])
    let weights = builder.build()
    #expect(close(weights.quality.logRIVUntrimmed, 0.8))
  }

  @Test func lengthOfStay() throws {
    // Kept cases' LOS: 3, 5, 10, and one missing → mean 6, median 5, 3 with LOS.
    var builder = CostWeightsBuilder(options: options(.none))
    builder.add(drg: "A", cost: 100, lengthOfStay: 3)
    builder.add(drg: "A", cost: 100, lengthOfStay: 10)
    builder.add(drg: "A", cost: 100, lengthOfStay: 5)
    builder.add(drg: "A", cost: 100, lengthOfStay: nil)
    builder.add(drg: "A", cost: 100, lengthOfStay: -2)
    let weights = builder.build()
    let a = try #require(weights["A"])
    #expect(a.cases == 5)
    #expect(a.casesWithLOS == 3)
    #expect(close(a.meanLOS, 6))
    #expect(close(a.medianLOS, 5))
    #expect(weights.casesWithoutLOS == 2)
  }

  @Test func losOfTrimmedCasesIsLeftOut() throws {
    // Raw IQR on 100 … 180, 1000 (see the trimming tests): the 1000-yuan case has LOS 90
    // and is dropped; the nine kept have LOS 1 … 9: mean 5, median 5.
    var builder = CostWeightsBuilder(options: options(.iqr(scale: .raw)))
    for (index, cost) in TrimmingTests.tenCosts.enumerated() {
      builder.add(drg: "A", cost: cost, lengthOfStay: index == 9 ? 90 : Double(index + 1))
    }
    let a = try #require(builder.build()["A"])
    #expect(close(a.meanLOS, 5))
    #expect(close(a.medianLOS, 5))
  }

  @Test func emptyInputHasNoWeights() {
    var builder = CostWeightsBuilder()
    builder.add(drg: "A", status: .ungroupable, cost: 100, lengthOfStay: 1)
    let weights = builder.build()
    #expect(weights.groups.isEmpty)
    #expect(weights.meanCost == nil)
    #expect(weights.quality.rivUntrimmed == nil)
    #expect(weights.excluded.ungroupable == 1)
  }
}
