/// Why a case failed the input checks of the interchange format.
public enum InputProblem: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case sexInvalid
  case ageMissing
  case ageDaysMissing
  case birthWeightMissing
  case noDiagnosis
  case principalDiagnosisEmpty

  /// A message that tells the user what to fix.
  public var description: String {
    switch self {
    case .sexInvalid: "sex must be 1 (male) or 2 (female)"
    case .ageMissing: "age is missing or not a number"
    case .ageDaysMissing: "age is 0 but age in days (age_days) is missing"
    case .birthWeightMissing:
      "newborn (age 0, at most 28 days) without birth weight (weight); give the weight in grams"
    case .noDiagnosis: "no diagnosis: the diagnoses field is empty"
    case .principalDiagnosisEmpty: "the principal diagnosis (first in diagnoses) is empty"
    }
  }

  /// The first check `fields` fails, in the order of the interchange format.
  @inline(__always)
  static func check(_ fields: CaseFields, diagnosisCount: Int, principalEmpty: Bool = false)
    -> InputProblem?
  {
    if fields.sex.isNaN { return .sexInvalid }
    if fields.age.isNaN { return .ageMissing }
    if fields.age == 0 {
      if fields.ageDays.isNaN { return .ageDaysMissing }
      if fields.ageDays <= 28 && !fields.weightGiven { return .birthWeightMissing }
    }
    if diagnosisCount == 0 { return principalEmpty ? .principalDiagnosisEmpty : .noDiagnosis }
    return nil
  }
}
