import Foundation

/// What settlement needs from a `drg weights` file: each DRG's RW and mean cost, and the
/// mean cost of all cases.
public struct PaymentWeights: Sendable, Equatable {
  public struct Group: Sendable, Equatable {
    public var relativeWeight: Double
    /// Mean cost of the DRG's kept cases, yuan.
    public var meanCost: Double
    public var casesKept: Int

    public init(relativeWeight: Double, meanCost: Double, casesKept: Int) {
      self.relativeWeight = relativeWeight
      self.meanCost = meanCost
      self.casesKept = casesKept
    }
  }

  public var groups: [String: Group]

  public init(groups: [String: Group]) { self.groups = groups }

  /// Mean cost of all kept cases: Σ kept × mean / Σ kept (`nil` without cases).
  public var meanCostAllCases: Double? {
    var cost = 0.0
    var cases = 0
    for group in groups.values where group.casesKept > 0 {
      cost += Double(group.casesKept) * group.meanCost
      cases += group.casesKept
    }
    return cases > 0 ? cost / Double(cases) : nil
  }

  /// Reads a weights file (columns by name: `drg`, `rw`, `mean_cost` required,
  /// `cases_kept` used when present).
  /// - Throws: ``FileError`` when it cannot be opened; ``RecordError`` for a missing column
  ///   or a value that is not a number.
  public init(path: String) throws {
    let reader = try CSVReader(path: path, blockSize: 1 << 16)
    guard try reader.next() else {
      throw RecordError(file: path, line: 1, message: "empty weights file")
    }
    let header = (0..<reader.parser.fields.count).map {
      reader.parser.string($0, in: reader.bytes).trimmingBlanks.lowercased()
    }
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }
    guard let drg = column("drg"), let rw = column("rw"), let mean = column("mean_cost") else {
      throw RecordError(
        file: path, line: 1,
        message: "header lacks drg, rw or mean_cost; give the output of drg weights")
    }
    let kept = column("cases_kept")
    var groups: [String: Group] = [:]
    while try reader.next() {
      let fields = reader.parser.fields.count
      func text(_ index: Int?) -> String {
        guard let index, index < fields else { return "" }
        return reader.parser.string(index, in: reader.bytes).trimmingBlanks
      }
      let code = text(drg)
      guard !code.isEmpty else { continue }
      guard let weight = NumberParsing.decimal(text(rw)), weight >= 0,
        let cost = NumberParsing.decimal(text(mean)), cost >= 0
      else {
        throw RecordError(
          file: path, line: reader.line,
          message: "DRG \(code): rw and mean_cost must be numbers ≥ 0")
      }
      let cases = Int(NumberParsing.decimal(text(kept)) ?? 0)
      groups[code] = Group(relativeWeight: weight, meanCost: cost, casesKept: cases)
    }
    self.groups = groups
  }
}
