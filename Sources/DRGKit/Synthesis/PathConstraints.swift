/// Everything a case must satisfy to follow one grouping path, gathered by ``PathSolver``
/// from the rules along the path (which must hold) and the rules tried before them (which
/// must fail).
struct PathConstraints: Sendable {
  var principal = CodePosition()
  var mainProcedure = CodePosition()
  /// A main procedure must exist (a rule reads `main_proc` or `other_proc` positively).
  var needsProcedure = false
  /// Secondary diagnoses a rule needs, one position each.
  var secondaries: [CodePosition] = []
  /// Lists no secondary diagnosis may come from.
  var secondaryForbidden: [Int32] = []
  /// Other (non-main) procedures a rule needs.
  var otherProcedures: [CodePosition] = []
  /// Lists no other procedure may come from.
  var otherProcedureForbidden: [Int32] = []

  var needsMCC = false
  var needsCC = false
  var forbidsMCC = false
  var forbidsCC = false

  /// `dx_tags` counts: tag table and the allowed number of distinct tags.
  var tagCounts: [(table: Int, count: FieldConstraint)] = []

  /// Numeric fields in ``CaseField`` order: sex, age, age_days, weight, los, leaving,
  /// icu_hours.
  var fields: [FieldConstraint]

  /// Department codes allowed (`nil`: any) and forbidden.
  var departmentsAllowed: [String]?
  var departmentsForbidden: [String] = []

  init() {
    var sex = FieldConstraint()
    sex.allowed = [1, 2]
    var age = FieldConstraint()
    age.lowest = 0
    age.highest = 110
    var nonNegative = FieldConstraint()
    nonNegative.lowest = 0
    fields = [sex, age, nonNegative, nonNegative, nonNegative, nonNegative, nonNegative]
  }

  static let sex = 0
  static let age = 1
  static let ageDays = 2
  static let weight = 3
  static let los = 4
  static let leaving = 5
  static let icuHours = 6

  /// Whether the complication and field constraints can still be met.
  func isConsistent(index: SynthesisCodeIndex) -> Bool {
    if needsMCC && (forbidsMCC || index.mccCodes.isEmpty) { return false }
    if needsCC && (forbidsCC || index.ccCodes.isEmpty) { return false }
    // The generator always writes sex, age, length of stay and discharge disposition.
    for field in [Self.sex, Self.age, Self.los, Self.leaving] where !fields[field].hasValue {
      return false
    }
    for field in [Self.ageDays, Self.weight, Self.icuHours] where !fields[field].isSatisfiable {
      return false
    }
    if let allowed = departmentsAllowed,
      !allowed.contains(where: { !departmentsForbidden.contains($0) })
    {
      return false
    }
    return tagCounts.allSatisfy { $0.count.hasValue }
  }

  /// `true` when the path requires the case to be an infant (age 0).
  var isInfant: Bool { fields[Self.age].highest < 1 }

  /// Adds a needed secondary diagnosis from `list`, unless one is needed already.
  mutating func requireSecondary(_ list: Int32, index: SynthesisCodeIndex) -> Bool {
    if let existing = secondaries.firstIndex(where: { $0.required.contains(list) }) {
      return !(secondaries[existing].candidates?.isEmpty ?? true)
    }
    var position = CodePosition()
    position.forbidden = secondaryForbidden
    guard position.require(list, index: index) else { return false }
    secondaries.append(position)
    return true
  }

  /// Forbids `list` for every secondary diagnosis.
  mutating func forbidSecondary(_ list: Int32, index: SynthesisCodeIndex) -> Bool {
    guard !secondaryForbidden.contains(list) else { return true }
    secondaryForbidden.append(list)
    for position in secondaries.indices where !secondaries[position].forbid(list, index: index) {
      return false
    }
    return true
  }

  /// Adds a needed other procedure from `list`, unless one is needed already.
  mutating func requireOtherProcedure(_ list: Int32, index: SynthesisCodeIndex) -> Bool {
    needsProcedure = true
    if let existing = otherProcedures.firstIndex(where: { $0.required.contains(list) }) {
      return !(otherProcedures[existing].candidates?.isEmpty ?? true)
    }
    var position = CodePosition()
    position.forbidden = otherProcedureForbidden
    guard position.require(list, index: index) else { return false }
    otherProcedures.append(position)
    return true
  }

  /// Forbids `list` for every other procedure.
  mutating func forbidOtherProcedure(_ list: Int32, index: SynthesisCodeIndex) -> Bool {
    guard !otherProcedureForbidden.contains(list) else { return true }
    otherProcedureForbidden.append(list)
    for position in otherProcedures.indices
    where !otherProcedures[position].forbid(list, index: index) {
      return false
    }
    return true
  }
}
