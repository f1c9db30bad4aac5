import DRGKit
import DRGPayment
import Foundation
import Testing

@Suite("Low-volume DRGs and year blending")
struct LowVolumeAndBlendingTests {
  /// AB11: 300, 500 (2 cases); AB13: 100, 100, 100, 200 (4); CD19: 1000 (1, alone in CD1).
  private func lowVolumeBuilder(borrow: Bool) -> CostWeightsBuilder {
    var options = options(.none, minimumCases: 3)
    options.borrowFromADRG = borrow
    var builder = CostWeightsBuilder(options: options)
    builder.add("AB11", adrg: "AB1", costs: [300, 500])
    builder.add("AB13", adrg: "AB1", costs: [100, 100, 100, 200])
    builder.add("CD19", adrg: "CD1", costs: [1000])
    return builder
  }

  @Test func lowVolumeIsFlagged() throws {
    // Without borrowing: own means 400, 125, 1000; overall 2300 / 7;
    // RW = mean · 7 / 2300: 28/23, 35/92, 70/23.
    let weights = lowVolumeBuilder(borrow: false).build()
    let ab11 = try #require(weights["AB11"])
    let ab13 = try #require(weights["AB13"])
    let cd19 = try #require(weights["CD19"])
    #expect(ab11.isLowVolume && !ab13.isLowVolume && cd19.isLowVolume)
    #expect(ab11.weightSource == .own)
    #expect(close(ab11.relativeWeight, 28.0 / 23))
    #expect(close(ab13.relativeWeight, 35.0 / 92))
    #expect(close(cd19.relativeWeight, 70.0 / 23))
  }

  @Test func lowVolumeBorrowsItsADRG() throws {
    // AB11 (2 < 3 cases) takes the mean of all AB1 cases: (800 + 500) / 6 = 216.67 (AB1 has
    // 6 ≥ 3 cases and another DRG). CD19 is alone in CD1: it keeps its own 1000.
    // Means used: AB11 216.67, AB13 125, CD19 1000. Normalise so that Σ n·RW = 7:
    // Σ n·mean = 2·216.67 + 4·125 + 1000 = 1933.33; RW = mean · 7 / 1933.33:
    // AB11 91/116 = 0.78448, AB13 105/232 = 0.45259, CD19 105/29 = 3.62069;
    // check 2·91/116 + 4·105/232 + 105/29 = (364 + 420 + 840) / 232 = 7.
    // The factor over mean / overall mean (2300/7) is k = 7 / (1933.33 · 7 / 2300) = 69/58.
    let weights = lowVolumeBuilder(borrow: true).build()
    let ab11 = try #require(weights["AB11"])
    let ab13 = try #require(weights["AB13"])
    let cd19 = try #require(weights["CD19"])
    #expect(ab11.weightSource == .adrg)
    #expect(ab13.weightSource == .own)
    #expect(cd19.weightSource == .own)
    #expect(close(ab11.relativeWeight, 91.0 / 116))
    #expect(close(ab13.relativeWeight, 105.0 / 232))
    #expect(close(cd19.relativeWeight, 105.0 / 29))
    #expect(close(weights.normalisation, 69.0 / 58))
    // The DRG's own statistics are still reported.
    #expect(close(ab11.meanCost, 400))
  }

  @Test func yearsAreBlended() throws {
    // Weights 2022 = 1, 2023 = 3; no trimming.
    // A: 2022 100, 100 (S 200, n 2); 2023 200 (S 200, n 1) → (200 + 3·200) / (2 + 3·1) = 160.
    // B: 2022 400 (S 400, n 1); 2023 500, 700 (S 1200, n 2) → (400 + 3600) / (1 + 6) = 4000/7.
    // Overall: (600 + 3·1400) / (3 + 3·3) = 4800 / 12 = 400.
    // RW before normalising: A 0.4, B 10/7; Σ kept·RW = 3·0.4 + 3·10/7 = 192/35;
    // k = 6 / (192/35) = 35/32 → RW A 0.4375, B 1.5625 (3·0.4375 + 3·1.5625 = 6).
    // Cases per year: A (1·2 + 3·1) / 4 = 1.25, B (1·1 + 3·2) / 4 = 1.75;
    // Σ cases·RW = 1.25·0.4375 + 1.75·1.5625 = 3.28125 → base rate 1000 / 3.28125 = 304.76.
    // A 2021 case (no weight) and a case without a year are left out and counted.
    var options = options(.none)
    options.yearWeights = try YearWeights(parsing: "2022=1,2023=3")
    options.budget = 1000
    var builder = CostWeightsBuilder(options: options)
    builder.add("A", costs: [100, 100], year: 2022)
    builder.add("A", costs: [200], year: 2023)
    builder.add("B", costs: [400], year: 2022)
    builder.add("B", costs: [500, 700], year: 2023)
    builder.add("B", costs: [9999], year: 2021)
    builder.add("B", costs: [9999], year: nil)
    let weights = builder.build()
    let a = try #require(weights["A"])
    let b = try #require(weights["B"])
    #expect(close(a.meanCost, 160))
    #expect(close(b.meanCost, 4000.0 / 7))
    #expect(close(weights.meanCost, 400))
    #expect(close(weights.normalisation, 35.0 / 32))
    #expect(close(a.relativeWeight, 0.4375))
    #expect(close(b.relativeWeight, 1.5625))
    #expect(close(a.annualCases, 1.25))
    #expect(close(weights.totalWeight, 3.28125))
    #expect(close(weights.baseRate, 1000 / 3.28125))
    #expect(weights.excluded.yearNotWeighted == 1)
    #expect(weights.excluded.missingYear == 1)
    #expect(a.cases == 3 && b.cases == 3)
  }

  @Test func yearWeightsParsing() throws {
    let years = try YearWeights(parsing: "2021=0.2, 2022=0.3,2023=0.5")
    #expect(years.years == [2021, 2022, 2023])
    #expect(years.weights == [0.2, 0.3, 0.5])
    #expect(throws: YearWeightsError.self) { try YearWeights(parsing: "2021=0.2,2022") }
    #expect(throws: YearWeightsError.self) { try YearWeights(parsing: "2021=0,2022=1") }
    #expect(throws: YearWeightsError.self) { try YearWeights(parsing: "2021=1,2021=2") }
    #expect(throws: YearWeightsError.self) { try YearWeights(parsing: "21=1") }
    #expect(throws: YearWeightsError.self) { try YearWeights(parsing: "") }
  }
}
