/// The outcome class of grouping one case.
public enum GroupingStatus: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  /// Assigned to a DRG.
  case grouped
  /// Landed in an MDC's ambiguous group (歧义组, code ending in `QY`).
  case ambiguous
  /// No MDC yielded an ADRG.
  case ungroupable
  /// Failed an input check, or the record could not be read.
  case invalid

  /// The word written in the `status` column.
  public var description: String {
    switch self {
    case .grouped: "grouped"
    case .ambiguous: "ambiguous"
    case .ungroupable: "ungroupable"
    case .invalid: "invalid"
    }
  }
}
