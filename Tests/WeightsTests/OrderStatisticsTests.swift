import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit
@testable import DRGPayment

@Suite("Order statistics")
struct OrderStatisticsTests {
  @Test func type7Quantiles() {
    // [1, 2, 3, 4]: Q1 h = 0.75 → 1.75; median h = 1.5 → 2.5; Q3 h = 2.25 → 3.25.
    let values: [Double] = [1, 2, 3, 4]
    #expect(CostQuantile.interpolated(values[...], 0.25) == 1.75)
    #expect(CostQuantile.median(values[...]) == 2.5)
    #expect(CostQuantile.interpolated(values[...], 0.75) == 3.25)
    #expect(CostQuantile.interpolated(values[...], 1) == 4)
    #expect(CostQuantile.median([7.0][...]) == 7)
    #expect(CostQuantile.median([Float(1), 3, 8, 9]) == 5.5)
  }

  @Test(arguments: [0, 1, 5, 2047, 2048, 5000, 100_000])
  func radixSortMatchesTheStandardSort(_ count: Int) {
    var generator = SeededGenerator(seed: UInt64(count) + 1)
    var doubles = (0..<count).map { _ -> Double in
      switch Int.random(in: 0..<4, using: &generator) {
      case 0: Double(Int.random(in: 0...50, using: &generator))  // ties and zero
      case 1: Double.random(in: 0..<1e-300, using: &generator)  // tiny
      case 2: Double.random(in: 0..<1e12, using: &generator)
      default: exp(8 + generator.normal())
      }
    }
    var floats = doubles.map { Float($0) }
    let expectedDoubles = doubles.sorted()
    let expectedFloats = floats.sorted()
    FloatRadixSort.sort(&doubles)
    FloatRadixSort.sort(&floats)
    #expect(doubles == expectedDoubles)
    #expect(floats == expectedFloats)
  }
}
