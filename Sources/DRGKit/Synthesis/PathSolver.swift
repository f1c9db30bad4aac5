/// One thing a case must satisfy: a rule that must hold or fail, or (after a choice was
/// made for `any_dx` / `any_proc`) a code from a list at one position.
enum SolverGoal: Sendable {
  case rule(RuleExpression, holds: Bool)
  case principalIn(Int32)
  case secondaryIn(Int32)
  case mainProcedureIn(Int32)
  case otherProcedureIn(Int32)
}

/// Finds constraints under which a case follows a grouping path, by depth-first search over
/// the rules: `and` that must hold (or `or` that must fail) adds all its terms; `or` that
/// must hold (or `and` that must fail) is a choice, tried in random order with
/// backtracking; predicates narrow a ``PathConstraints``.
///
/// The search is approximate where exactness would not pay (a code is one position even if
/// it could serve two rules); every path found is checked with the real grouping engine
/// before it is used.
struct PathSolver {
  let scheme: Scheme
  let index: SynthesisCodeIndex
  var random: SynthesisRandom
  /// Goals left to process before the search gives up.
  var budget = 0

  init(scheme: Scheme, index: SynthesisCodeIndex, random: SynthesisRandom) {
    self.scheme = scheme
    self.index = index
    self.random = random
  }

  /// Constraints meeting every goal (taken in order), or `nil` when none were found within
  /// `budget` steps.
  mutating func solve(_ goals: [SolverGoal], budget: Int = 4000) -> PathConstraints? {
    self.budget = budget
    return search(PathConstraints(), Array(goals.reversed()))
  }

  private mutating func search(_ start: PathConstraints, _ pending: [SolverGoal])
    -> PathConstraints?
  {
    var state = start
    var stack = pending
    while let goal = stack.popLast() {
      budget -= 1
      if budget <= 0 { return nil }
      var options: [SolverGoal] = []
      switch goal {
      case .rule(let rule, let holds):
        switch rule {
        case .constant(let value):
          if value != holds { return nil }
        case .not(let inner):
          stack.append(.rule(inner, holds: !holds))
        case .and(let terms):
          if holds {
            pushAll(terms, holds: true, onto: &stack)
          } else {
            options = terms.map { .rule($0, holds: false) }
          }
        case .or(let terms):
          if holds {
            options = terms.map { .rule($0, holds: true) }
          } else {
            pushAll(terms, holds: false, onto: &stack)
          }
        case .codeIn(let selector, let list):
          guard let id = scheme.listIDs[list.label] else { return nil }
          switch (selector, holds) {
          case (.pdx, true): stack.append(.principalIn(id))
          case (.pdx, false):
            guard state.principal.forbid(id, index: index) else { return nil }
          case (.anyDiagnosis, true): options = [.principalIn(id), .secondaryIn(id)]
          case (.anyDiagnosis, false):
            guard state.principal.forbid(id, index: index),
              state.forbidSecondary(id, index: index)
            else { return nil }
          case (.otherDiagnosis, true): stack.append(.secondaryIn(id))
          case (.otherDiagnosis, false):
            guard state.forbidSecondary(id, index: index) else { return nil }
          case (.mainProcedure, true): stack.append(.mainProcedureIn(id))
          case (.mainProcedure, false):
            guard state.mainProcedure.forbid(id, index: index) else { return nil }
          case (.anyProcedure, true): options = [.mainProcedureIn(id), .otherProcedureIn(id)]
          case (.anyProcedure, false):
            guard state.mainProcedure.forbid(id, index: index),
              state.forbidOtherProcedure(id, index: index)
            else { return nil }
          case (.otherProcedure, true): stack.append(.otherProcedureIn(id))
          case (.otherProcedure, false):
            guard state.forbidOtherProcedure(id, index: index) else { return nil }
          }
        case .complication(let level):
          switch (level, holds) {
          case (.mcc, true): state.needsMCC = true
          case (.mcc, false): state.forbidsMCC = true
          case (.cc, true): state.needsCC = true
          case (.cc, false): state.forbidsCC = true
          }
          guard state.isConsistent(index: index) else { return nil }
        case .diagnosisTagCount(let list, let comparison, let value):
          guard let table = scheme.tagTableNames.firstIndex(of: list.name) else { return nil }
          if let existing = state.tagCounts.firstIndex(where: { $0.table == table }) {
            state.tagCounts[existing].count.apply(comparison, value, holds: holds)
          } else {
            var count = FieldConstraint()
            count.lowest = 0
            count.apply(comparison, value, holds: holds)
            // A count is never missing: a failed comparison is just the opposite one.
            if !holds { count.mayBeMissing = false }
            state.tagCounts.append((table, count))
          }
          guard state.isConsistent(index: index) else { return nil }
        case .compare(let field, let comparison, let value):
          if field == .dept {
            applyDepartment(&state, [value.text], equal: comparison != .notEqual, holds: holds)
          } else if case .number(let number, _) = value {
            state.fields[Self.fieldIndex(field)].apply(comparison, number, holds: holds)
          }
          guard state.isConsistent(index: index) else { return nil }
        case .fieldIn(let field, let values):
          if field == .dept {
            applyDepartment(&state, values.map(\.text), equal: true, holds: holds)
          } else {
            let numbers = values.compactMap { value -> Double? in
              if case .number(let number, _) = value { return number }
              return nil
            }
            state.fields[Self.fieldIndex(field)].apply(membership: numbers, holds: holds)
          }
          guard state.isConsistent(index: index) else { return nil }
        }
      case .principalIn(let list):
        guard state.principal.require(list, index: index) else { return nil }
      case .secondaryIn(let list):
        guard state.requireSecondary(list, index: index) else { return nil }
      case .mainProcedureIn(let list):
        state.needsProcedure = true
        guard state.mainProcedure.require(list, index: index) else {
          return nil
        }
      case .otherProcedureIn(let list):
        guard state.requireOtherProcedure(list, index: index) else {
          return nil
        }
      }
      guard !options.isEmpty else { continue }
      // Random order for variety, but simple options first (they rarely fail late), and
      // codes before fields: "the principal diagnosis is not a male genital disease" is
      // the natural way out of MDCM, "the patient is not a man" is not.
      options.shuffle(using: &random)
      options = options.enumerated().sorted {
        (Self.size($0.element), Self.isField($0.element), $0.offset)
          < (Self.size($1.element), Self.isField($1.element), $1.offset)
      }.map(\.element)
      for option in options {
        var next = stack
        next.append(option)
        if let found = search(state, next) { return found }
        if budget <= 0 { return nil }
      }
      return nil
    }
    return state
  }

  /// Pushes every term, so that single predicates are taken before compound terms (which
  /// may open choices).
  private func pushAll(_ terms: [RuleExpression], holds: Bool, onto stack: inout [SolverGoal]) {
    let ordered = terms.enumerated().sorted {
      ($0.element.size, $0.offset) < ($1.element.size, $1.offset)
    }
    for (_, term) in ordered.reversed() { stack.append(.rule(term, holds: holds)) }
  }

  private static func isField(_ goal: SolverGoal) -> Int {
    guard case .rule(let rule, _) = goal else { return 0 }
    switch rule {
    case .compare, .fieldIn: return 1
    default: return 0
    }
  }

  private static func size(_ goal: SolverGoal) -> Int {
    if case .rule(let rule, _) = goal { return rule.size }
    return 1
  }

  /// `dept == X` / `dept in (…)` (equal) or `dept != X`, holding or failing.
  private func applyDepartment(
    _ state: inout PathConstraints, _ codes: [String], equal: Bool, holds: Bool
  ) {
    if equal == holds {
      state.departmentsAllowed =
        state.departmentsAllowed.map { current in current.filter { codes.contains($0) } }
        ?? codes
    } else {
      state.departmentsForbidden.append(contentsOf: codes)
    }
  }

  /// The position of a numeric field in ``PathConstraints/fields``.
  static func fieldIndex(_ field: CaseField) -> Int {
    switch field {
    case .sex: PathConstraints.sex
    case .age: PathConstraints.age
    case .ageDays: PathConstraints.ageDays
    case .weight: PathConstraints.weight
    case .los: PathConstraints.los
    case .leaving: PathConstraints.leaving
    case .icuHours, .dept: PathConstraints.icuHours
    }
  }
}
