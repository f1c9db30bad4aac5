import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// Properties on random inputs from a seeded generator.
@Suite("Weight properties")
struct PropertyTests {
  static let methods: [TrimmingMethod] = [
    .iqr(), .iqr(lowerK: 0.5, upperK: 1.5, scale: .raw), .logSD(), .logSD(k: 1.5),
    .percentile(), .percentile(lower: 5, upper: 90), .none,
  ]

  /// Random cases: 40 DRGs in 10 ADRGs, 1 to 150 cases each, log-normal costs, three years.
  static func cases(seed: UInt64) -> [(drg: String, adrg: String, cost: Double, year: Int)] {
    var generator = SeededGenerator(seed: seed)
    var cases: [(drg: String, adrg: String, cost: Double, year: Int)] = []
    for group in 0..<40 {
      let size = Int.random(in: 1...150, using: &generator)
      let location = Double.random(in: 7...11, using: &generator)
      let spread = Double.random(in: 0.1...1.2, using: &generator)
      for _ in 0..<size {
        // Rounded to cents like real costs, so that ties occur.
        let cost = (exp(location + spread * generator.normal()) * 100).rounded() / 100
        cases.append(
          (
            "D\(group)", "A\(group / 4)", max(cost, 0.01),
            2021 + Int.random(in: 0...2, using: &generator)
          ))
      }
    }
    return cases
  }

  static func weights(
    _ cases: [(drg: String, adrg: String, cost: Double, year: Int)], _ options: WeightsOptions,
    scale: Double = 1
  ) -> CostWeights {
    var builder = CostWeightsBuilder(options: options)
    for item in cases {
      builder.add(
        drg: item.drg, adrg: item.adrg, cost: item.cost * scale, lengthOfStay: 3, year: item.year)
    }
    return builder.build()
  }

  @Test(arguments: methods)
  func scalingCostsLeavesWeightsUnchanged(_ method: TrimmingMethod) {
    for seed: UInt64 in [1, 2] {
      let cases = Self.cases(seed: seed)
      var options = options(method)
      options.borrowFromADRG = true
      let base = Self.weights(cases, options)
      for factor in [8.0, 1000.0, 0.37] {
        let scaled = Self.weights(cases, options, scale: factor)
        #expect(scaled.groups.map(\.casesKept) == base.groups.map(\.casesKept))
        for (a, b) in zip(base.groups, scaled.groups) {
          #expect(close(b.relativeWeight, a.relativeWeight, tolerance: 1e-9))
          #expect(close(b.meanCost, a.meanCost * factor, tolerance: 1e-9))
        }
        #expect(close(scaled.quality.rivTrimmed, base.quality.rivTrimmed ?? .nan, tolerance: 1e-9))
      }
    }
  }

  @Test(arguments: methods)
  func rivLiesBetweenZeroAndOne(_ method: TrimmingMethod) throws {
    for seed: UInt64 in 10..<15 {
      let weights = Self.weights(Self.cases(seed: seed), options(method))
      for riv in [
        weights.quality.rivUntrimmed, weights.quality.rivTrimmed,
        weights.quality.logRIVUntrimmed, weights.quality.logRIVTrimmed,
      ] {
        let value = try #require(riv)
        #expect(value >= 0 && value <= 1)
      }
      // Shares of DRGs with CV < 1 are shares.
      let share = try #require(weights.quality.shareCVBelowOneTrimmed)
      #expect(share >= 0 && share <= 1)
    }
  }

  @Test(arguments: methods)
  func caseWeightedMeanWeightIsOne(_ method: TrimmingMethod) throws {
    for seed: UInt64 in 20..<23 {
      let cases = Self.cases(seed: seed)
      var plain = options(method)
      var borrowing = plain
      borrowing.borrowFromADRG = true
      borrowing.minimumCases = 30
      var blending = borrowing
      blending.yearWeights = try YearWeights(parsing: "2021=0.2,2022=0.3,2023=0.5")
      plain.budget = 1e9
      for options in [plain, borrowing, blending] {
        let weights = Self.weights(cases, options)
        var weighted = 0.0
        var kept = 0
        for group in weights.groups {
          weighted += Double(group.casesKept) * group.relativeWeight
          kept += group.casesKept
        }
        #expect(kept == weights.casesKept)
        #expect(abs(weighted / Double(kept) - 1) < 1e-12)
      }
      // Base rate × total weight gives back the budget.
      let paid = Self.weights(cases, plain)
      let rate = try #require(paid.baseRate)
      let total = paid.groups.reduce(0.0) { $0 + Double($1.cases) * $1.relativeWeight }
      #expect(close(rate * total, 1e9))
    }
  }

  @Test func trimmingKeepsTheMiddle() throws {
    // Every trimmed DRG keeps a contiguous range: its kept mean lies within its bounds.
    let weights = Self.weights(Self.cases(seed: 99), WeightsOptions())
    for group in weights.groups {
      if let bounds = group.trimming.bounds {
        #expect(bounds.contains(group.meanCost) || group.casesKept == 0)
        #expect(group.casesKept >= 5)
      }
      #expect(group.casesKept <= group.cases)
    }
  }
}
