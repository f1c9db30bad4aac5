import DRGKit
import DRGPayment

/// How much of the data a weights file covers: grouped cases whose DRG has a weight, out
/// of all grouped cases. A weights file from another scheme or another year can cover a
/// fraction of the cases and still give a CMI; every run that uses weights prints this.
public struct WeightCoverage: Sendable, Equatable {
  /// Below this share a run warns.
  public static let warningShare = 0.9

  /// Grouped cases whose DRG has a weight.
  public var covered: Int
  /// Grouped cases.
  public var grouped: Int
  /// What the weights are of, for messages (`weights.csv`, `scheme A`).
  public var label: String

  /// A coverage of `covered` out of `grouped` cases, for the weights named `label`.
  public init(covered: Int, grouped: Int, label: String) {
    self.covered = covered
    self.grouped = grouped
    self.label = label
  }

  /// Counts the grouped cases of `drgs` (codes, `nil` for a case not grouped) that
  /// `weights` covers.
  public init<Codes: Sequence>(drgs: Codes, weights: [String: Double], label: String)
  where Codes.Element == String? {
    var covered = 0
    var grouped = 0
    for code in drgs {
      guard let code else { continue }
      grouped += 1
      if weights[code] != nil { covered += 1 }
    }
    self.init(covered: covered, grouped: grouped, label: label)
  }

  /// covered ÷ grouped (1 when nothing is grouped).
  public var share: Double { grouped > 0 ? Double(covered) / Double(grouped) : 1 }

  /// Whether the share is below ``warningShare``.
  public var isLow: Bool { share < Self.warningShare }

  /// `weight coverage (weights.csv): 7,603 of 7,648 grouped cases (99.41 %)`, with a
  /// warning when below 90 %.
  public var line: String {
    var text =
      "weight coverage (\(label)): \(covered) of \(grouped) grouped cases (\(String(format: "%.2f", share * 100)) %)"
    if isLow {
      text +=
        " — WARNING: below \(Int(Self.warningShare * 100)) %: the weights file does not fit the data (another scheme or year?); cases without a weight get none"
    }
    return text
  }

  /// - Throws: ``RecordError`` naming the weights file when the share is below `minimum`
  ///   (a share from 0 to 1, `--min-weight-coverage`).
  public func check(minimum: Double?) throws(RecordError) {
    guard let minimum, share < minimum else { return }
    throw RecordError(
      file: label, line: 0,
      message:
        "the weights cover \(covered) of \(grouped) grouped cases (\(String(format: "%.2f", share * 100)) %), below --min-weight-coverage \(String(format: "%g", minimum * 100)) %; use the weights of this scheme and year"
    )
  }
}
