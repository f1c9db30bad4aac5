import DRGKit
import DRGPayment

extension ComparisonCases {
  /// The grouped cases whose DRG `weights` has.
  public func weightCoverage(_ weights: WeightsTable, label: String) -> WeightCoverage {
    let codes = drgCodes
    return WeightCoverage(
      drgs: drgs.lazy.map { $0 < 0 ? nil : codes[Int($0)] }, weights: weights.weights,
      label: label)
  }
}

extension MigrationResult {
  /// The cases grouped under each scheme whose DRG the scheme's weights have (an ADRG
  /// reached without a DRG counts as grouped and not covered).
  public func weightCoverage(
    from weightsFrom: WeightsTable, _ labelFrom: String, to weightsTo: WeightsTable,
    _ labelTo: String
  ) -> [WeightCoverage] {
    var coverage = [
      WeightCoverage(covered: 0, grouped: 0, label: labelFrom),
      WeightCoverage(covered: 0, grouped: 0, label: labelTo),
    ]
    for (pair, count) in pairs {
      let keys = [
        Int32(bitPattern: UInt32(pair >> 32)), Int32(bitPattern: UInt32(pair & 0xFFFF_FFFF)),
      ]
      for side in 0..<2 {
        let key = keys[side]
        guard key >= 0 || key <= -100 else { continue }
        coverage[side].grouped += count
        let scheme = side == 0 ? from : to
        let table = side == 0 ? weightsFrom : weightsTo
        if key >= 0, table.weights[scheme.drgs[Int(key)].entry.code] != nil {
          coverage[side].covered += count
        }
      }
    }
    return coverage
  }
}

extension SettlementCase {
  /// The grouped cases (status `grouped`) of `cases` whose DRG `weights` has.
  public static func weightCoverage(
    _ cases: some Collection<SettlementCase>, weights: PaymentWeights, label: String
  ) -> WeightCoverage {
    WeightCoverage(
      drgs: cases.lazy.map { $0.status == "grouped" && !$0.drg.isEmpty ? $0.drg : nil },
      weights: weights.groups.mapValues(\.relativeWeight), label: label)
  }
}

extension SettlementCase {
  /// The grouped cases (status `grouped`) of `cases` whose DRG `weights` has, counted per
  /// DRG from the case store's columns (the same counts as the collection form above).
  public static func weightCoverage(
    _ cases: SettlementCases, weights: PaymentWeights, label: String
  ) -> WeightCoverage {
    var covered = 0
    var grouped = 0
    for (drg, count) in cases.groupedCasesPerDRG {
      grouped += count
      if weights.groups[drg] != nil { covered += count }
    }
    return WeightCoverage(covered: covered, grouped: grouped, label: label)
  }
}
