/// A validation edit: a check of a case's data that yields a warning. Edits never change
/// the group; the scheme's own input checks decide whether a case is invalid.
public enum ValidationEdit: Int, Sendable, CaseIterable, CustomStringConvertible {
  case unknownDiagnosis
  case unknownProcedure
  case principalNotAllowed
  case sexConflict
  case newbornCode
  case duplicateCode
  case nonPositiveStay
  case nonPositiveCost
  case dateProblem

  /// The edit's bit in a set of findings.
  var bit: UInt16 { 1 << UInt16(rawValue) }

  /// A short name for summaries.
  public var description: String {
    switch self {
    case .unknownDiagnosis: "unknown diagnosis code"
    case .unknownProcedure: "unknown procedure code"
    case .principalNotAllowed: "manifestation or external-cause principal diagnosis"
    case .sexConflict: "code contradicts sex"
    case .newbornCode: "newborn code after 28 days"
    case .duplicateCode: "duplicate code"
    case .nonPositiveStay: "length of stay not positive"
    case .nonPositiveCost: "total cost not positive"
    case .dateProblem: "discharge before admission or unreadable date"
    }
  }
}
