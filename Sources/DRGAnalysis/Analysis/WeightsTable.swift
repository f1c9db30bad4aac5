import DRGKit
import DRGPayment
import Foundation

/// The relative weight of each DRG, read from a weights file written by `drg weights`
/// (columns found by name: `drg` and `rw` are required, others are ignored).
public struct WeightsTable: Sendable, Equatable {
  /// RW by DRG code.
  public var weights: [String: Double]
  /// DRG names by code, from the file's `name` column (the names of the scheme the
  /// weights were computed under).
  public var names: [String: String] = [:]

  /// A table of RW by DRG code, without names.
  public init(weights: [String: Double]) { self.weights = weights }

  /// Reads `path`, a `drg weights` output.
  /// - Throws: ``FileError`` when it cannot be read; ``RecordError`` when the header lacks
  ///   `drg` or `rw`, a row cannot be read, or an RW is not a number ≥ 0.
  public init(path: String) throws {
    var weights: [String: Double] = [:]
    for row in try WeightsFile.read(path: path) {
      weights[row.drg] = row.relativeWeight
      if !row.name.isEmpty { names[row.drg] = row.name }
    }
    self.weights = weights
  }
}
