import DRGAnalysis
import DRGKit
import DRGPayment
import Foundation
import Testing

@Suite("Quadrant chart label placement")
struct LabelPlacementTests {
  let bounds = ChartRect(x: 0, y: 0, width: 800, height: 450)

  @Test func firstRightThenLeftOfTheDot() {
    // Two dots at (100, 100), radius 5, labels 30 × 13. Both have 2 neighbours; ties go by
    // x, then index: the first label takes the first spot, right of its dot at
    // x = 100 + 5 + 3 = 108, y = 100 − 13/2 = 93.5. The second cannot (it would cover the
    // first), so it goes left: x = 100 − 8 − 30 = 62.
    let placement = LabelPlacement(bounds: bounds, dotRadius: 5)
    let spots = placement.place(
      points: [(100, 100), (100, 100)], sizes: [(30, 13), (30, 13)])
    #expect(spots[0] == .label(ChartRect(x: 108, y: 93.5, width: 30, height: 13), leader: false))
    #expect(spots[1] == .label(ChartRect(x: 62, y: 93.5, width: 30, height: 13), leader: false))
  }

  @Test func aLabelThatWouldLeaveThePlotGoesLeft() {
    // A dot 20 px from the right edge: right of it (x 788…848) is outside 0…800, so the
    // label goes left: x = 780 − 8 − 60 = 712.
    let spots = LabelPlacement(bounds: bounds, dotRadius: 5).place(
      points: [(780, 200)], sizes: [(60, 13)])
    #expect(spots == [.label(ChartRect(x: 712, y: 193.5, width: 60, height: 13), leader: false)])
  }

  @Test func reservedBoxesAreAvoided() {
    // A caption covers x 100…300, y 95…105: right (208…238 × 93.5…106.5) and left of the
    // dot at (200, 100) cross it, so the label goes above: x = 200 − 15 = 185,
    // y = 100 − 8 − 13 = 79 (79…92, clear of 95).
    let placement = LabelPlacement(
      bounds: bounds, dotRadius: 5,
      reserved: [ChartRect(x: 100, y: 95, width: 200, height: 10)])
    let spots = placement.place(points: [(200, 100)], sizes: [(30, 13)])
    #expect(spots == [.label(ChartRect(x: 185, y: 79, width: 30, height: 13), leader: false)])
  }

  /// A deterministic scatter: `count` points, half of them crowded in a 120 × 80 corner.
  static func scatter(_ count: Int, seed: UInt64) -> [(x: Double, y: Double)] {
    var state = seed
    func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
    return (0..<count).map { index in
      index % 2 == 0
        ? (x: 300 + 120 * next(), y: 150 + 80 * next())
        : (x: 20 + 760 * next(), y: 20 + 410 * next())
    }
  }

  @Test(arguments: [1, 2, 5, 10, 20, 40, 60, 100])
  func labelsNeverOverlapEachOtherDotsOrTheEdge(count: Int) {
    let points = Self.scatter(count, seed: UInt64(count))
    let sizes = points.indices.map { (width: 28.0 + Double($0 % 4) * 12, height: 13.0) }
    let placement = LabelPlacement(bounds: bounds, dotRadius: 5)
    let spots = placement.place(points: points, sizes: sizes)
    #expect(spots.count == count)
    let boxes = spots.compactMap(\.box)
    for (i, box) in boxes.enumerated() {
      #expect(bounds.contains(box), "label \(box) leaves the plot")
      for other in boxes[(i + 1)...] {
        #expect(!box.overlaps(other), "labels \(box) and \(other) overlap")
      }
      for point in points {
        // The dot's disc lies within its 12 × 12 square (radius 5 plus 1 px).
        let dot = ChartRect(x: point.x - 6, y: point.y - 6, width: 12, height: 12)
        #expect(!box.overlaps(dot), "label \(box) covers the dot at \(point)")
      }
    }
    // Every point is named: by a label, or by a number 1, 2, … explained in the key.
    var numbers: [Int] = []
    for spot in spots {
      switch spot {
      case .label: break
      case .numbered(let number, _), .keyOnly(let number): numbers.append(number)
      }
    }
    #expect(numbers.sorted() == Array(stride(from: 1, through: numbers.count, by: 1)))
    // With few points every one gets its label.
    if count <= 20 { #expect(numbers.isEmpty) }
  }

  @Test func theCompareReportDrawsFortyHospitalsWithoutOverlap() throws {
    // 40 hospitals at the same CMI and almost the same index: the labels must spread out
    // (with leader lines or numbers), never on top of one another.
    var cases = ComparisonCases()
    for hospital in 0..<40 {
      let name = String(format: "医院H%03d", hospital)
      for copy in 0..<2 {
        cases.append(
          unit: name, drg: "X", cost: 1000 + Double(hospital) + Double(copy), lengthOfStay: 5,
          died: false)
      }
    }
    let comparison = HospitalComparison(
      cases: cases, weights: WeightsTable(weights: ["X": 1]), trimming: .untrimmed)
    let html = ComparisonReport(comparison: comparison, unit: .hospital, form: .meanOfRatios)
      .html()
    #expect(html.components(separatedBy: "<circle class=\"dot\"").count - 1 == 40)
    // Each hospital is named once in the chart's labels or in its key.
    let quadrant = try #require(html.components(separatedBy: "</svg>").first)
    let key = html.components(separatedBy: "Numbered dots:").dropFirst().first ?? ""
    for hospital in 0..<40 {
      let name = String(format: "医院H%03d", hospital)
      #expect(quadrant.contains(">\(name)</text>") || key.contains("= \(name)"), "\(name)")
    }
  }
}
