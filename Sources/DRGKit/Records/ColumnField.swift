/// A field that some command reads from a case file or a grouped file, by its canonical
/// column name. ``ColumnAliases`` lists the other headers that name it; ``ColumnResolver``
/// finds it in a header.
public enum ColumnField: String, CaseIterable, Sendable, Comparable {
  case caseID = "case_id"
  case settlementID = "settlement_id"
  case visitID = "visit_id"
  case hospitalID = "hospital_id"
  case patientID = "patient_id"
  case insurance
  case sex
  case age
  case ageDays = "age_days"
  case weight
  case dept
  case los
  case leaving
  case icuHours = "icu_hours"
  case diagnoses
  case procedures
  case totalCost = "total_cost"
  case admitDate = "admit_date"
  case dischargeDate = "discharge_date"
  case year
  case status
  case mdc
  case adrg
  case drg
  case drgName = "drg_name"
  case selfPay = "self_pay"

  /// The field's position in ``allCases``, for arrays indexed by field.
  public var ordinal: Int { Self.ordinals[self]! }
  private static let ordinals: [ColumnField: Int] = Dictionary(
    uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

  /// Fields in declaration order (the order of the column report).
  public static func < (lhs: ColumnField, rhs: ColumnField) -> Bool { lhs.ordinal < rhs.ordinal }

  /// Whether the field is a list of codes that may be spread over several columns
  /// (a principal column followed by numbered others).
  public var isCodeList: Bool { self == .diagnoses || self == .procedures }

  /// What the field holds, for the column table of `drg columns`.
  public var meaning: String {
    switch self {
    case .caseID: "case (stay) identifier"
    case .settlementID: "settlement identifier (结算ID)"
    case .visitID: "visit identifier (就诊ID)"
    case .hospitalID: "hospital identifier"
    case .patientID: "patient identifier (readmission)"
    case .insurance: "insurance type (settlement pools)"
    case .sex: "sex: 1/2 or 男/女"
    case .age: "age in years"
    case .ageDays: "age in days (infants)"
    case .weight: "birth weight in grams"
    case .dept: "department"
    case .los: "length of stay in days"
    case .leaving: "discharge disposition (离院方式 1-5, 9)"
    case .icuHours: "hours in intensive care"
    case .diagnoses: "diagnoses, principal first"
    case .procedures: "procedures, main first"
    case .totalCost: "total cost in yuan"
    case .admitDate: "admission date"
    case .dischargeDate: "discharge date"
    case .year: "year of discharge (year weights)"
    case .status: "grouping status (drg group output)"
    case .mdc: "MDC (drg group output)"
    case .adrg: "ADRG (drg group output)"
    case .drg: "DRG code (drg group output)"
    case .drgName: "DRG name (drg group output)"
    case .selfPay: "what the patient paid, yuan (settlement: fund = payment − this)"
    }
  }
}
