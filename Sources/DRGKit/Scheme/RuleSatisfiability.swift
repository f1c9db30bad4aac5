/// Decides, soundly, that a conjunction of rules (some negated) can hold for no valid case,
/// by trying every combination of the facts the rules read.
///
/// Each list predicate (`pdx in L`, `mcc`, …) is a free yes/no fact: links between them
/// (`pdx in L` implies `any_dx in L`, two lists sharing codes) are ignored. Each field is
/// tried at every value its comparisons distinguish: every constant, a value between and
/// beyond them, and "missing" for fields a valid case may lack (all but `sex` and `age`).
/// Ignoring links only adds combinations, so "no combination satisfies" is a proof;
/// "some combination does" is not a proof of the opposite, and callers never warn on it.
struct RuleSatisfiability {
  /// Most combinations tried before giving up (the answer is then "unknown").
  static let combinationLimit = 1 << 16

  private indirect enum Formula {
    case constant(Bool)
    case not(Formula)
    case and([Formula])
    case or([Formula])
    case fact(Int)
    /// A numeric field (or `dx_tags` count) compared with a number.
    case compare(field: Int, Comparison, Double)
    /// A numeric field in a set of numbers.
    case oneOf(field: Int, [Double])
    /// The department: equal to one of the texts (`negated`: present and none of them).
    case department(texts: [String], negated: Bool)
  }

  private var facts: [String: Int] = [:]
  private var fieldIDs: [String: Int] = [:]
  private var fieldConstants: [[Double]] = []
  private var fieldOptional: [Bool] = []
  private var departmentTexts: Set<String> = []
  private var usesDepartment = false
  private var terms: [Formula] = []

  /// Adds `rule` (or its negation) to the conjunction.
  mutating func require(_ rule: RuleExpression, holds: Bool = true) {
    let formula = translate(rule)
    terms.append(holds ? formula : .not(formula))
  }

  /// `true` when no combination of facts and field values satisfies every requirement,
  /// `false` when one does, `nil` when there are too many combinations to try.
  func isUnsatisfiable() -> Bool? {
    var points: [[Double]] = []
    var combinations = facts.count < 31 ? 1 << facts.count : Int.max
    for (index, constants) in fieldConstants.enumerated() {
      let values = Self.representatives(constants, optional: fieldOptional[index])
      points.append(values)
      combinations = combinations.multipliedReportingOverflow(by: values.count).partialValue
    }
    let departments: [String?] =
      usesDepartment ? departmentTexts.sorted() + ["\u{0}other", nil] : [nil]
    combinations = combinations.multipliedReportingOverflow(by: departments.count).partialValue
    guard combinations > 0, combinations <= Self.combinationLimit else { return nil }

    let formula = Formula.and(terms)
    var values = points.map { $0[0] }
    var choice = Array(repeating: 0, count: points.count)
    while true {
      for department in departments {
        for bits in 0..<(1 << facts.count) {
          let state = State(facts: bits, fields: values, department: department)
          if Self.evaluate(formula, state) { return false }
        }
      }
      // Next combination of field values (an odometer over `choice`).
      var position = 0
      while position < points.count {
        choice[position] += 1
        if choice[position] < points[position].count { break }
        choice[position] = 0
        position += 1
      }
      if position == points.count { return true }
      for index in 0...position { values[index] = points[index][choice[index]] }
    }
  }

  /// The values of a field at which its comparisons with `constants` can change: each
  /// constant, the midpoints between neighbours, one below and one above; NaN stands for
  /// missing.
  private static func representatives(_ constants: [Double], optional: Bool) -> [Double] {
    let sorted = Array(Set(constants)).sorted()
    var values: [Double] = []
    if let first = sorted.first { values.append(first - 1) }
    for (index, value) in sorted.enumerated() {
      values.append(value)
      values.append(index + 1 < sorted.count ? (value + sorted[index + 1]) / 2 : value + 1)
    }
    if values.isEmpty { values.append(0) }
    if optional { values.append(.nan) }
    return values
  }

  private struct State {
    var facts: Int
    var fields: [Double]
    var department: String?
  }

  /// The rule's value in one combination, as the engine computes it (a comparison with a
  /// missing value is false).
  private static func evaluate(_ formula: Formula, _ state: State) -> Bool {
    switch formula {
    case .constant(let value): return value
    case .not(let inner): return !evaluate(inner, state)
    case .and(let terms): return terms.allSatisfy { evaluate($0, state) }
    case .or(let terms): return terms.contains { evaluate($0, state) }
    case .fact(let index): return state.facts & (1 << index) != 0
    case .compare(let field, let comparison, let number):
      let value = state.fields[field]
      return !value.isNaN && comparison.holds(value, number)
    case .oneOf(let field, let numbers):
      let value = state.fields[field]
      return !value.isNaN && numbers.contains(value)
    case .department(let texts, let negated):
      guard let department = state.department else { return false }
      return texts.contains(department) != negated
    }
  }

  private mutating func translate(_ rule: RuleExpression) -> Formula {
    switch rule {
    case .constant(let value): return .constant(value)
    case .not(let inner): return .not(translate(inner))
    case .and(let terms): return .and(terms.map { translate($0) })
    case .or(let terms): return .or(terms.map { translate($0) })
    case .codeIn(let selector, let list): return fact("\(selector.rawValue) in \(list.label)")
    case .complication(let level): return fact(level == .mcc ? "mcc" : "cc")
    case .diagnosisTagCount(let list, let comparison, let number):
      let field = field("dx_tags(\(list.name))", optional: false)
      fieldConstants[field].append(number)
      return .compare(field: field, comparison, number)
    case .compare(let caseField, let comparison, let value):
      if caseField.isText {
        usesDepartment = true
        departmentTexts.insert(value.text)
        return .department(texts: [value.text], negated: comparison == .notEqual)
      }
      guard case .number(let number, _) = value else { return fact("\(rule)") }
      let field = field(caseField.rawValue, optional: Self.isOptional(caseField))
      fieldConstants[field].append(number)
      return .compare(field: field, comparison, number)
    case .fieldIn(let caseField, let values):
      if caseField.isText {
        usesDepartment = true
        departmentTexts.formUnion(values.map(\.text))
        return .department(texts: values.map(\.text), negated: false)
      }
      var numbers: [Double] = []
      for value in values {
        guard case .number(let number, _) = value else { return fact("\(rule)") }
        numbers.append(number)
      }
      let field = field(caseField.rawValue, optional: Self.isOptional(caseField))
      fieldConstants[field].append(contentsOf: numbers)
      return .oneOf(field: field, numbers)
    }
  }

  /// `sex` and `age` are present in every case the engine groups (the input checks).
  private static func isOptional(_ field: CaseField) -> Bool {
    field != .sex && field != .age
  }

  private mutating func fact(_ key: String) -> Formula {
    if let index = facts[key] { return .fact(index) }
    let index = facts.count
    facts[key] = index
    return .fact(index)
  }

  private mutating func field(_ key: String, optional: Bool) -> Int {
    if let index = fieldIDs[key] { return index }
    let index = fieldConstants.count
    fieldIDs[key] = index
    fieldConstants.append([])
    fieldOptional.append(optional)
    return index
  }
}

extension RuleExpression {
  /// The facts a rule reads, as keys comparable between rules: list predicates, CC/MCC,
  /// and field names (for choosing which rules matter to each other).
  var factKeys: Set<String> {
    switch self {
    case .constant: []
    case .not(let inner): inner.factKeys
    case .and(let terms), .or(let terms): terms.reduce(into: []) { $0.formUnion($1.factKeys) }
    case .codeIn(let selector, let list): ["\(selector.rawValue) in \(list.label)"]
    case .complication(let level): [level == .mcc ? "mcc" : "cc"]
    case .diagnosisTagCount(let list, _, _): ["dx_tags(\(list.name))"]
    case .compare(let field, _, _), .fieldIn(let field, _): [field.rawValue]
    }
  }
}
