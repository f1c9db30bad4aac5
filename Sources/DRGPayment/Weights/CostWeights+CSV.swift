import DRGKit
import Foundation

extension CostWeights {
  /// The columns of the weights file; `payment_standard` only with a budget.
  ///
  /// Costs, SDs and payment standards are in yuan with 2 decimals; `cv`, `cv_untrimmed` and
  /// `rw` have 4 decimals; lengths of stay are days with 2 decimals. A value that does not
  /// exist (an SD of one case, LOS of cases without one, bounds of an untrimmed DRG) is an
  /// empty field.
  public static func columns(withBudget: Bool) -> [String] {
    [
      "drg", "name", "adrg", "cases", "cases_kept", "mean_cost", "median_cost", "sd_cost", "cv",
      "cv_untrimmed", "mean_los", "median_los", "rw", "low_volume", "rw_source", "trim_lower",
      "trim_upper",
    ] + (withBudget ? ["payment_standard"] : [])
  }

  /// The fields of one DRG's row, in the order of ``columns(withBudget:)``.
  public func fields(of group: DRGWeight) -> [String] {
    let bounds = group.trimming.bounds
    var fields = [
      group.drg, group.name, group.adrg, String(group.cases), String(group.casesKept),
      Self.fixed(group.meanCost, 2), Self.fixed(group.medianCost, 2), Self.fixed(group.sdCost, 2),
      Self.fixed(group.cv, 4), Self.fixed(group.cvUntrimmed, 4), Self.fixed(group.meanLOS, 2),
      Self.fixed(group.medianLOS, 2), Self.fixed(group.relativeWeight, 4),
      group.isLowVolume ? "1" : "0", group.weightSource.rawValue,
      Self.fixed(bounds?.lowerBound, 2), Self.fixed(bounds?.upperBound, 2),
    ]
    if baseRate != nil { fields.append(Self.fixed(group.paymentStandard, 2)) }
    return fields
  }

  /// Writes the weights file: a header and one row per DRG, ordered by DRG code.
  ///
  /// A file (not `-`, standard output) is written under a temporary name and renamed when
  /// complete.
  /// - Throws: ``FileError`` when the file cannot be written.
  public func write(to path: String) throws(FileError) {
    let writer = try CSVWriter(path: path)
    Self.appendRow(Self.columns(withBudget: baseRate != nil), to: writer)
    for group in groups {
      Self.appendRow(fields(of: group), to: writer)
      try writer.flushIfNeeded()
    }
    try writer.finish()
  }

  private static func appendRow(_ fields: [String], to writer: CSVWriter) {
    for (index, field) in fields.enumerated() {
      if index > 0 { writer.appendByte(ASCII.comma) }
      writer.appendField(field)
    }
    writer.appendByte(ASCII.lf)
  }

  /// `value` with `digits` decimals (C locale), or empty for `nil`.
  package static func fixed(_ value: Double?, _ digits: Int) -> String {
    guard let value, value.isFinite else { return "" }
    let text = String(format: "%.\(digits)f", value)
    // -0.00 → 0.00
    if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
      return String(text.dropFirst())
    }
    return text
  }
}
