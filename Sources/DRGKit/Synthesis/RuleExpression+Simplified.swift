extension RuleExpression {
  /// The rule with constants folded and nested `and`/`or` flattened: `x or true` is
  /// `true`, `x and true` is `x`, `not false` is `true`.
  ///
  /// The path search needs this: negating an MDC whose last ADRG rule is `true` must not
  /// try to make every ADRG fail first.
  var simplified: RuleExpression {
    switch self {
    case .not(let inner):
      let folded = inner.simplified
      if case .constant(let value) = folded { return .constant(!value) }
      if case .not(let double) = folded { return double }
      return .not(folded)
    case .and(let terms):
      var kept: [RuleExpression] = []
      for term in terms {
        let folded = term.simplified
        switch folded {
        case .constant(false): return .constant(false)
        case .constant(true): continue
        case .and(let inner): kept += inner
        default: kept.append(folded)
        }
      }
      return kept.isEmpty ? .constant(true) : (kept.count == 1 ? kept[0] : .and(kept))
    case .or(let terms):
      var kept: [RuleExpression] = []
      for term in terms {
        let folded = term.simplified
        switch folded {
        case .constant(true): return .constant(true)
        case .constant(false): continue
        case .or(let inner): kept += inner
        default: kept.append(folded)
        }
      }
      return kept.isEmpty ? .constant(false) : (kept.count == 1 ? kept[0] : .or(kept))
    default:
      return self
    }
  }

  /// Number of nodes: the search takes small terms first.
  var size: Int {
    switch self {
    case .not(let inner): 1 + inner.size
    case .and(let terms), .or(let terms): terms.reduce(1) { $0 + $1.size }
    default: 1
    }
  }
}
