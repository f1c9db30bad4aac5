/// The attributes of a case that rules compare, in the form the engine reads: numbers are
/// `Double` with NaN for missing, the department an id from the scheme's rules.
public struct CaseFields: Sendable, Equatable {
  /// Department id for a department that is present but named by no rule.
  public static let otherDepartment: UInt32 = .max - 1
  /// Department id for a missing department.
  public static let missingDepartment: UInt32 = .max

  /// 1 male, 2 female; NaN when missing or anything else.
  public var sex: Double = .nan
  /// Whole years.
  public var age: Double = .nan
  /// Age in days (for infants).
  public var ageDays: Double = .nan
  /// Birth weight in grams; NaN when missing or 0 (unknown).
  public var weight: Double = .nan
  /// `true` when a birth weight was given at all, 0 included (for the newborn input check).
  public var weightGiven = false
  /// Length of stay in days.
  public var los: Double = .nan
  /// Discharge disposition (离院方式).
  public var leaving: Double = .nan
  /// Hours in intensive care.
  public var icuHours: Double = .nan
  /// Department id (see ``Scheme``), ``otherDepartment`` or ``missingDepartment``.
  public var department: UInt32 = missingDepartment

  /// A case with every field absent.
  public init() {}

  /// The value of a numeric field. The department is no number: rules on it compile to
  /// department nodes, never to a numeric comparison (``GroupingTables/checkInvariants()``
  /// checks it), so `.dept` reads as missing.
  @inline(__always)
  func value(_ field: CaseField) -> Double {
    switch field {
    case .sex: sex
    case .age: age
    case .ageDays: ageDays
    case .weight: weight
    case .los: los
    case .leaving: leaving
    case .icuHours: icuHours
    case .dept: .nan
    }
  }
}
