extension SchemeReport {
  /// DRGs and ADRGs that can never be reached, and ADRGs whose DRG rules can all fail.
  /// Each is proven with ``RuleSatisfiability``, which never proves a false claim; what
  /// it cannot decide is not reported as unreachable.
  static func reachability(_ scheme: Scheme) -> [SchemeWarning] {
    var found: [SchemeWarning] = []
    for mdc in scheme.mdcs {
      found += unreachableADRGs(scheme, Array(mdc.adrgs))
    }
    for adrg in scheme.adrgs where !adrg.isAmbiguous {
      found += unreachableDRGs(scheme, adrg)
      if let warning = fallThrough(scheme, adrg) { found.append(warning) }
    }
    return found
  }

  /// Whether `rule` holds for no case that fails every rule of `earlier` (`true` only
  /// when proven).
  private static func isShadowed(_ rule: RuleExpression, by earlier: [RuleExpression]) -> Bool {
    var solver = RuleSatisfiability()
    solver.require(rule)
    for other in earlier { solver.require(other, holds: false) }
    return solver.isUnsatisfiable() == true
  }

  /// Why an entry is unreachable: its rule never holds, or which earlier entries take its
  /// cases (one alone when one does, else all that might).
  private static func reason(
    _ rule: RuleExpression, earlier: [SchemeEntry], kind: String
  ) -> String? {
    if rule == .constant(false) { return "its rule is 'false' (it is listed, but no case gets it)" }
    if isShadowed(rule, by: []) { return "its rule can never hold" }
    guard isShadowed(rule, by: earlier.map(\.rule)) else { return nil }
    if let single = earlier.first(where: { isShadowed(rule, by: [$0.rule]) }) {
      return
        "every case its rule admits is taken by the earlier \(kind) \(single.code) (line \(single.line), rule '\(single.ruleText)')"
    }
    let names = earlier.map { "\($0.code) (line \($0.line))" }.joined(separator: ", ")
    return "every case its rule admits is taken by the earlier \(kind)s \(names)"
  }

  /// DRGs of `adrg` that no case reaches because earlier DRGs of the ADRG take all of
  /// their cases (or their rule never holds).
  private static func unreachableDRGs(_ scheme: Scheme, _ adrg: ADRG) -> [SchemeWarning] {
    var found: [SchemeWarning] = []
    let entries = adrg.drgs.map { scheme.drgs[$0].entry }
    for (position, entry) in entries.enumerated() {
      guard
        let reason = reason(entry.rule, earlier: Array(entries[..<position]), kind: "DRG")
      else { continue }
      found.append(
        SchemeWarning(
          .unreachableDRG, file: entry.file, line: entry.line,
          "DRG \(entry.code) of ADRG \(adrg.entry.code) can never be reached: \(reason)"))
    }
    return found
  }

  /// ADRGs of one MDC that no case reaches. ADRGs whose rule is `false` are skipped (the
  /// format keeps such ADRGs on purpose). Only earlier ADRGs whose rules read a fact the
  /// ADRG's rule reads (or no fact at all) are weighed: leaving the others out can only
  /// miss a shadowing, never invent one.
  private static func unreachableADRGs(_ scheme: Scheme, _ indices: [Int]) -> [SchemeWarning] {
    var found: [SchemeWarning] = []
    var earlier: [(entry: SchemeEntry, facts: Set<String>)] = []
    for index in indices {
      let entry = scheme.adrgs[index].entry
      guard entry.rule != .constant(false) else { continue }
      let facts = entry.rule.factKeys
      let related = earlier.filter { $0.facts.isEmpty || !$0.facts.isDisjoint(with: facts) }
      if let reason = reason(entry.rule, earlier: related.map(\.entry), kind: "ADRG") {
        found.append(
          SchemeWarning(
            .unreachableADRG, file: entry.file, line: entry.line,
            "ADRG \(entry.code) can never be reached: \(reason)"))
      }
      earlier.append((entry, facts))
    }
    return found
  }

  /// A warning when a case that `adrg` admits may fail every DRG rule of the ADRG (it then
  /// gets the ADRG code as DRG). No warning when the last rule is `true`, or when it is
  /// proven that one DRG rule holds for every case the ADRG and MDC rules admit (e.g.
  /// `age <= 6` then `age > 6`, or an ADRG rule that repeats its DRG rules).
  private static func fallThrough(_ scheme: Scheme, _ adrg: ADRG) -> SchemeWarning? {
    guard let last = adrg.drgs.last else { return nil }
    let lastEntry = scheme.drgs[last].entry
    let rules = adrg.drgs.map { scheme.drgs[$0].entry.rule }
    if rules.contains(.constant(true)) { return nil }
    var solver = RuleSatisfiability()
    for rule in rules { solver.require(rule, holds: false) }
    // Conjuncts of the ADRG and MDC rules that read a fact the DRG rules read.
    let facts = rules.reduce(into: Set<String>()) { $0.formUnion($1.factKeys) }
    for context in [adrg.entry.rule, scheme.mdcs[adrg.mdc].entry.rule] {
      let conjuncts: [RuleExpression] =
        if case .and(let terms) = context { terms } else { [context] }
      for conjunct in conjuncts where !conjunct.factKeys.isDisjoint(with: facts) {
        solver.require(conjunct)
      }
    }
    if solver.isUnsatisfiable() == true { return nil }
    return SchemeWarning(
      .drgFallThrough, file: lastEntry.file, line: lastEntry.line,
      "the last DRG of ADRG \(adrg.entry.code) (\(lastEntry.code)) has rule '\(lastEntry.ruleText)', not 'true'; cases failing it get the ADRG code as DRG"
    )
  }
}
