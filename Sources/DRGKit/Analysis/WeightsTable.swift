import Foundation

/// The relative weight of each DRG, read from a weights file written by `drg weights`
/// (columns found by name: `drg` and `rw` are required, others are ignored).
public struct WeightsTable: Sendable, Equatable {
  /// RW by DRG code.
  public var weights: [String: Double]

  public init(weights: [String: Double]) { self.weights = weights }

  /// Reads `path`.
  /// - Throws: ``FileError`` when it cannot be read; ``RecordError`` when the header lacks
  ///   `drg` or `rw`, a row cannot be read, or an RW is not a number ≥ 0.
  public init(path: String) throws {
    let reader = try CSVReader(path: path)
    guard try reader.next() else {
      throw RecordError(file: path, line: 1, message: "the weights file is empty")
    }
    let header = (0..<reader.parser.fields.count).map {
      reader.parser.string($0, in: reader.bytes).trimmingBlanks.lowercased()
    }
    guard let drgColumn = header.firstIndex(of: "drg"), let rwColumn = header.firstIndex(of: "rw")
    else {
      throw RecordError(
        file: path, line: 1,
        message: "a weights file needs the columns drg and rw (the output of drg weights)")
    }
    var weights: [String: Double] = [:]
    while try reader.next() {
      let parser = reader.parser
      guard parser.problem == nil, parser.fields.count == header.count else {
        throw RecordError(
          file: path, line: reader.line,
          message: parser.problem?.description ?? "expected \(header.count) fields")
      }
      let drg = parser.string(drgColumn, in: reader.bytes).trimmingBlanks
      let text = parser.string(rwColumn, in: reader.bytes).trimmingBlanks
      guard !drg.isEmpty, !text.isEmpty else { continue }
      guard let rw = NumberParsing.decimal(text), rw >= 0 else {
        throw RecordError(
          file: path, line: reader.line, message: "rw '\(text)' of DRG \(drg) is not a number ≥ 0")
      }
      weights[drg] = rw
    }
    self.weights = weights
  }
}
