import DRGKit
import DRGPayment
import Foundation
import Testing

/// Each trimming method on one DRG, worked out by hand. Quartiles are type 7:
/// h = (n − 1)·p, Q = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋), indexes from 0.
@Suite("Trimming methods")
struct TrimmingTests {
  /// 100, 110, …, 180 and one 1000.
  static let tenCosts: [Double] = [100, 110, 120, 130, 140, 150, 160, 170, 180, 1000]

  private func weights(_ costs: [Double], _ options: WeightsOptions) -> DRGWeight? {
    var builder = CostWeightsBuilder(options: options)
    builder.add("A", costs: costs)
    return builder.build()["A"]
  }

  @Test func iqrOnRawCost() throws {
    // n = 10. Q1: h = 9 × 0.25 = 2.25 → 120 + 0.25 × (130 − 120) = 122.5.
    // Q3: h = 6.75 → 160 + 0.75 × (170 − 160) = 167.5. IQR = 45.
    // Fences: 122.5 − 1.5 × 45 = 55 and 167.5 + 1.5 × 45 = 235 → 1000 is dropped.
    // Kept 100 … 180: mean 140, median 140; squared deviations 2 × (40² + 30² + 20² + 10²)
    // = 6000, sd = √(6000 / 8) = √750 = 27.3861…, cv = √750 / 140 = 0.19562.
    let group = try #require(weights(Self.tenCosts, options(.iqr(scale: .raw))))
    #expect(group.cases == 10)
    #expect(group.casesKept == 9)
    #expect(group.trimming == .trimmed(lower: 55, upper: 235))
    #expect(close(group.meanCost, 140))
    #expect(close(group.medianCost, 140))
    #expect(close(group.sdCost, 750.0.squareRoot()))
    #expect(close(group.cv, 750.0.squareRoot() / 140))
    // Before trimming: mean (1260 + 1000) / 10 = 226.
    #expect(close(group.meanCostUntrimmed, 226))
  }

  @Test func iqrLowerFenceKeepsTies() throws {
    // PKU variant, lower k = 0.5: lower fence 122.5 − 0.5 × 45 = 100 exactly, so the case
    // costing 100 is kept (cases on a fence are kept). With k = 0.4 the fence is
    // 122.5 − 18 = 104.5 and 100 goes too: kept 110 … 180, mean 145.
    let pku = try #require(
      weights(Self.tenCosts, options(.iqr(lowerK: 0.5, upperK: 1.5, scale: .raw))))
    #expect(pku.casesKept == 9)
    #expect(pku.trimming == .trimmed(lower: 100, upper: 235))
    let tighter = try #require(
      weights(Self.tenCosts, options(.iqr(lowerK: 0.4, upperK: 1.5, scale: .raw))))
    #expect(tighter.casesKept == 8)
    #expect(close(tighter.meanCost, 145))
  }

  @Test func iqrOnLogCostIsTheDefault() throws {
    // Costs 1000·2^e for e = 0, 1, 1, 2, 2, 2, 3, 3, 4, 10; on log cost the values are
    // ln 1000 + e·ln 2, so work in units of ln 2 from ln 1000:
    // Q1: h = 2.25 → 1 + 0.25 × (2 − 1) = 1.25; Q3: h = 6.75 → 3 + 0.75 × (3 − 3) = 3.
    // IQR = 1.75; fences 1.25 − 2.625 = −1.375 and 3 + 2.625 = 5.625 → e = 10 is dropped.
    // In yuan: 1000·2^−1.375 = 385.55 and 1000·2^5.625 = 49350.5.
    // Kept sum 1000 × (1 + 2 + 2 + 4 + 4 + 4 + 8 + 8 + 16) = 49000 over 9 cases.
    let exponents: [Double] = [0, 1, 1, 2, 2, 2, 3, 3, 4, 10]
    let costs = exponents.map { 1000 * pow(2, $0) }
    let group = try #require(weights(costs, WeightsOptions()))
    #expect(WeightsOptions().trimming == .iqr(lowerK: 1.5, upperK: 1.5, scale: .log))
    #expect(group.casesKept == 9)
    #expect(close(group.meanCost, 49000.0 / 9))
    let bounds = try #require(group.trimming.bounds)
    #expect(close(bounds.lowerBound, 1000 * pow(2, -1.375)))
    #expect(close(bounds.upperBound, 1000 * pow(2, 5.625)))
  }

  @Test func iqrOfZeroDoesNotTrim() throws {
    // 100 six times and 5000: Q1 = Q3 = 100, IQR = 0 → fences would collapse; keep all.
    let group = try #require(weights([100, 100, 100, 100, 100, 100, 5000], WeightsOptions()))
    #expect(group.trimming == .notTrimmed(.noSpread))
    #expect(group.casesKept == 7)
    #expect(close(group.meanCost, 5600.0 / 7))
  }

  @Test func logSD() throws {
    // Costs 1000·2^d, d = −1, −1, 0, 0, 0, 0, 1, 1, 6 (n = 9); in units of ln 2:
    // mean d = 6/9 = 2/3; Σd² = 1 + 1 + 1 + 1 + 36 = 40; Σ(d − mean)² = 40 − 9·(2/3)² = 36;
    // sd = √(36/8) = √4.5 = 2.1213.
    // k = 2: fences 2/3 ± 2√4.5 = [−3.576, 4.909] → d = 6 (64000) dropped.
    // Kept 500 + 500 + 4 × 1000 + 2000 + 2000 = 9000 over 8: mean 1125.
    // k = 3 (default): upper 2/3 + 3√4.5 = 7.03 → nothing dropped; mean 73000 / 9.
    let d: [Double] = [-1, -1, 0, 0, 0, 0, 1, 1, 6]
    let costs = d.map { 1000 * pow(2, $0) }
    let two = try #require(weights(costs, options(.logSD(k: 2))))
    #expect(two.casesKept == 8)
    #expect(close(two.meanCost, 1125))
    let bounds = try #require(two.trimming.bounds)
    #expect(close(bounds.lowerBound, 1000 * pow(2, 2.0 / 3 - 2 * 4.5.squareRoot())))
    #expect(close(bounds.upperBound, 1000 * pow(2, 2.0 / 3 + 2 * 4.5.squareRoot())))
    let three = try #require(weights(costs, options(.logSD())))
    #expect(three.casesKept == 9)
    #expect(close(three.meanCost, 73000.0 / 9))
  }

  @Test func percentileDefaults() throws {
    // Costs 100, 200, …, 20000 (n = 200). Default (0.5, 99): drop ⌊200 × 0.5/100⌋ = 1
    // lowest and ⌊200 × 1/100⌋ = 2 highest → kept 200 … 19800, 197 cases, mean 10000.
    let costs = (1...200).map { Double($0) * 100 }
    let group = try #require(weights(costs, options(.percentile())))
    #expect(group.casesKept == 197)
    #expect(group.trimming == .trimmed(lower: 200, upper: 19800))
    #expect(close(group.meanCost, 10000))
    #expect(close(group.medianCost, 10000))
  }

  @Test func percentileKeepsTiesWithTheCutValue() throws {
    // (10, 80) on 1 … 10: drop ⌊10 × 10/100⌋ = 1 low and ⌊10 × 20/100⌋ = 2 high →
    // keep 2 … 8: 7 cases, mean 5.
    let plain = try #require(
      weights((1...10).map(Double.init), options(.percentile(lower: 10, upper: 80))))
    #expect(plain.casesKept == 7)
    #expect(close(plain.meanCost, 5))
    // (10, 90) on 5, 5, 6, …, 11, 12, 12: the cut values are x₁ = 5 and x₈ = 12, both tied
    // with the dropped x₀ and x₉, so nothing is dropped.
    let tied = try #require(
      weights([5, 5, 6, 7, 8, 9, 10, 11, 12, 12], options(.percentile(lower: 10, upper: 90))))
    #expect(tied.casesKept == 10)
  }

  @Test func noneKeepsEverything() throws {
    let group = try #require(weights(Self.tenCosts, options(.none)))
    #expect(group.casesKept == 10)
    #expect(group.trimming == .notTrimmed(.methodNone))
    #expect(close(group.meanCost, 226))
  }

  @Test func smallDRGsAreNotTrimmed() throws {
    // 4 cases < 5: not trimmed even though 1000 is far out.
    let small = try #require(weights([100, 110, 120, 1000], WeightsOptions()))
    #expect(small.trimming == .notTrimmed(.tooFewCases))
    #expect(small.casesKept == 4)
    // (40, 60) on 10 cases would drop 4 + 4 and keep 2 < 5: not trimmed.
    let narrow = try #require(
      weights((1...10).map(Double.init), options(.percentile(lower: 40, upper: 60))))
    #expect(narrow.trimming == .notTrimmed(.wouldLeaveTooFew))
    #expect(narrow.casesKept == 10)
    // With the minimum at 3, the same 4 cases are trimmed on raw IQR:
    // Q1: h = 0.75 → 107.5; Q3: h = 2.25 → 120 + 0.25 × 880 = 340; IQR = 232.5;
    // upper fence 340 + 348.75 = 688.75 → 1000 dropped; 3 kept ≥ 3.
    let allowed = try #require(
      weights([100, 110, 120, 1000], options(.iqr(scale: .raw), minimumCasesToTrim: 3)))
    #expect(allowed.casesKept == 3)
    #expect(close(allowed.meanCost, 110))
  }
}
