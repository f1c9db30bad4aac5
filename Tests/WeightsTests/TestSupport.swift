import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation

/// Temporary files for one test, removed by ``removeAll()``.
final class TemporaryFiles {
  private var paths: [String] = []

  /// A fresh path ending in `name`.
  func path(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("drg-weights-\(UUID().uuidString)-\(name)").path
    paths.append(path)
    return path
  }

  /// Writes `text` to a fresh file and returns its path.
  func write(_ text: String, name: String = "grouped.csv") throws -> String {
    let path = path(name)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  deinit {
    for path in paths { try? FileManager.default.removeItem(atPath: path) }
  }
}

/// Normal deviates for the weight tests, from the shared generator.
extension SeededGenerator {
  /// A standard normal deviate (Box–Muller).
  mutating func normal() -> Double {
    let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
    let v = Double.random(in: 0..<1, using: &self)
    return (-2 * Foundation.log(u)).squareRoot() * cos(2 * Double.pi * v)
  }
}

extension CostWeightsBuilder {
  /// Adds grouped cases of `drg` with the given costs (LOS 1 day each).
  mutating func add(_ drg: String, adrg: String = "", costs: [Double], year: Int? = nil) {
    for cost in costs { add(drg: drg, adrg: adrg, cost: cost, lengthOfStay: 1, year: year) }
  }
}

/// `|a − b| ≤ tolerance·max(1, |b|)`.
func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
  guard let a else { return false }
  return abs(a - b) <= tolerance * max(1, abs(b))
}

/// Options with the given trimming and everything else default.
func options(
  _ trimming: TrimmingMethod, minimumCasesToTrim: Int = 5, minimumCases: Int = 5
) -> WeightsOptions {
  WeightsOptions(
    trimming: trimming, minimumCasesToTrim: minimumCasesToTrim, minimumCases: minimumCases)
}
