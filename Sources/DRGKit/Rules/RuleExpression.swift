/// A parsed rule, before list names are resolved. See `grouper-tables/README.md` for the
/// grammar.
public indirect enum RuleExpression: Sendable, Equatable {
  case constant(Bool)
  case not(RuleExpression)
  case and([RuleExpression])
  case or([RuleExpression])
  /// `pdx in LIST`, `any_proc in LIST[TAG]`, ….
  case codeIn(CodeSelector, ListReference)
  /// `mcc` or `cc`.
  case complication(ComplicationLevel)
  /// `dx_tags(LIST) >= 2`.
  case diagnosisTagCount(ListReference, Comparison, Double)
  /// `age <= 6`, `dept == "0401"`.
  case compare(CaseField, Comparison, RuleValue)
  /// `leaving in (4, 5)`.
  case fieldIn(CaseField, [RuleValue])
}

/// Which codes of a case a list predicate looks at.
///
/// The raw value is the word rules use. Compiled rules store the case itself and the engine
/// switches on it, so the order of the cases carries no meaning.
public enum CodeSelector: String, Sendable, CaseIterable {
  /// The principal diagnosis.
  case pdx = "pdx"
  /// The principal or any secondary diagnosis.
  case anyDiagnosis = "any_dx"
  /// The second and later diagnoses (a repeat of the principal code counts).
  case otherDiagnosis = "other_dx"
  /// The main (first) procedure.
  case mainProcedure = "main_proc"
  /// Any procedure.
  case anyProcedure = "any_proc"
  /// The second and later procedures.
  case otherProcedure = "other_proc"
}

/// A list named in a rule, with an optional tag (`LIST[TAG]`) and where it was written.
public struct ListReference: Sendable, Equatable {
  /// The list's name.
  public var name: String
  /// The tag in `LIST[TAG]`, if any.
  public var tag: String?
  /// 1-based character column of the list name in the rule text.
  public var column: Int
}

/// Complication or comorbidity level of a secondary diagnosis.
public enum ComplicationLevel: UInt8, Sendable, Comparable {
  case cc = 1
  case mcc = 2

  /// CC below MCC.
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A comparison operator.
public enum Comparison: String, Sendable, CaseIterable {
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="

  /// Compares two present values.
  @inline(__always)
  func holds(_ lhs: Double, _ rhs: Double) -> Bool {
    switch self {
    case .equal: lhs == rhs
    case .notEqual: lhs != rhs
    case .less: lhs < rhs
    case .lessOrEqual: lhs <= rhs
    case .greater: lhs > rhs
    case .greaterOrEqual: lhs >= rhs
    }
  }
}

/// A case attribute a rule can compare.
///
/// The raw value is the name rules use. Compiled rules store the case itself and the engine
/// switches on it, so the order of the cases carries no meaning.
public enum CaseField: String, Sendable, CaseIterable {
  case sex = "sex"
  case age = "age"
  case ageDays = "age_days"
  case weight = "weight"
  case los = "los"
  case leaving = "leaving"
  case icuHours = "icu_hours"
  case dept = "dept"

  /// Department codes compare as text; every other field is a number.
  var isText: Bool { self == .dept }
}

/// A literal in a rule.
public enum RuleValue: Sendable, Equatable {
  case number(Double, text: String)
  case text(String)

  /// The value as written, for text comparison.
  var text: String {
    switch self {
    case .number(_, let text): text
    case .text(let text): text
    }
  }
}
