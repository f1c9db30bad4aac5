import DRGKit
import DRGPayment

/// An axis-aligned rectangle in SVG coordinates (y grows downwards).
package struct ChartRect: Sendable, Equatable {
  package var x: Double
  package var y: Double
  package var width: Double
  package var height: Double

  package init(x: Double, y: Double, width: Double, height: Double) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  package var maxX: Double { x + width }
  package var maxY: Double { y + height }

  /// Whether the two rectangles share interior area (touching edges do not count).
  package func overlaps(_ other: ChartRect) -> Bool {
    x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
  }

  /// Whether `other` lies wholly inside this rectangle.
  package func contains(_ other: ChartRect) -> Bool {
    other.x >= x && other.maxX <= maxX && other.y >= y && other.maxY <= maxY
  }

  /// The point of the rectangle nearest to (`px`, `py`).
  package func nearestPoint(toX px: Double, y py: Double) -> (x: Double, y: Double) {
    (min(max(px, x), maxX), min(max(py, y), maxY))
  }
}

/// Where the label of one point of a scatter chart goes.
package enum LabelSpot: Sendable, Equatable {
  /// The label's box; `leader` when it is far enough from its dot to need a line to it.
  case label(ChartRect, leader: Bool)
  /// No room for the label: the dot gets `number` (1-based) in `box`, and the chart's key
  /// lists the number with the label.
  case numbered(Int, ChartRect)
  /// No room even for a number: the dot is listed in the key only.
  case keyOnly(Int)

  /// The box drawn next to the dot, if any.
  package var box: ChartRect? {
    switch self {
    case .label(let rect, _), .numbered(_, let rect): rect
    case .keyOnly: nil
    }
  }
}

/// Greedy placement of point labels so that no two labels overlap, no label covers a dot,
/// and every label stays inside the plot.
///
/// Points are taken from the most crowded to the least; each tries positions around its
/// dot (right, left, above, below, then the diagonals) on rings at growing distances, and
/// takes the first that is inside `bounds` and clear of every dot, of the `reserved` boxes
/// and of the labels placed so far. Beyond the first ring a leader line joins label and
/// dot. A point with no free position gets a number instead (placed the same way) that a
/// key below the chart explains.
package struct LabelPlacement: Sendable {
  package var bounds: ChartRect
  /// Dot radius (px); dots are kept clear as squares of side 2·(radius + 1).
  package var dotRadius: Double
  /// Boxes no label may cover (e.g. captions of the chart's quadrants).
  package var reserved: [ChartRect]
  /// Distances from the dot centre to the nearest label edge, tried in turn.
  package var rings: [Double] = [3, 12, 24, 40, 60]

  package init(bounds: ChartRect, dotRadius: Double, reserved: [ChartRect] = []) {
    self.bounds = bounds
    self.dotRadius = dotRadius
    self.reserved = reserved
  }

  /// One spot per point, in the order of `points`.
  /// - Parameters:
  ///   - points: dot centres.
  ///   - sizes: label sizes (width, height), one per point.
  ///   - numberSize: the size of a number label given its text length in digits.
  package func place(
    points: [(x: Double, y: Double)], sizes: [(width: Double, height: Double)],
    numberSize: (Int) -> (width: Double, height: Double) = { (7 * Double($0) + 2, 13) }
  ) -> [LabelSpot] {
    precondition(points.count == sizes.count, "one label size per point")
    let gap = dotRadius + 1
    var taken = reserved
    taken += points.map { ChartRect(x: $0.x - gap, y: $0.y - gap, width: 2 * gap, height: 2 * gap) }
    // Most neighbours within 60 px first: crowded points get the close positions.
    let neighbours = points.map { point in
      points.filter { abs($0.x - point.x) < 60 && abs($0.y - point.y) < 60 }.count
    }
    let order = points.indices.sorted {
      (neighbours[$1], points[$0].x, $0) < (neighbours[$0], points[$1].x, $1)
    }
    var spots = [LabelSpot](repeating: .keyOnly(0), count: points.count)
    var number = 0
    var unplaced: [Int] = []
    for index in order {
      if let (rect, ring) = free(around: points[index], size: sizes[index], taken: taken) {
        taken.append(rect)
        spots[index] = .label(rect, leader: ring > 0)
      } else {
        unplaced.append(index)
      }
    }
    for index in unplaced.sorted() {
      number += 1
      let size = numberSize(String(number).count)
      if let (rect, _) = free(around: points[index], size: size, taken: taken) {
        taken.append(rect)
        spots[index] = .numbered(number, rect)
      } else {
        spots[index] = .keyOnly(number)
      }
    }
    return spots
  }

  /// The first free box of `size` around `point`, and the ring it is on.
  private func free(
    around point: (x: Double, y: Double), size: (width: Double, height: Double),
    taken: [ChartRect]
  ) -> (ChartRect, Int)? {
    let (w, h) = size
    for (ring, distance) in rings.enumerated() {
      let d = dotRadius + distance
      let diagonal = d * 0.7
      let candidates = [
        (point.x + d, point.y - h / 2), (point.x - d - w, point.y - h / 2),
        (point.x - w / 2, point.y - d - h), (point.x - w / 2, point.y + d),
        (point.x + diagonal, point.y - diagonal - h),
        (point.x - diagonal - w, point.y - diagonal - h),
        (point.x + diagonal, point.y + diagonal), (point.x - diagonal - w, point.y + diagonal),
      ]
      for (x, y) in candidates {
        let rect = ChartRect(x: x, y: y, width: w, height: h)
        if bounds.contains(rect), !taken.contains(where: { $0.overlaps(rect) }) {
          return (rect, ring)
        }
      }
    }
    return nil
  }
}
