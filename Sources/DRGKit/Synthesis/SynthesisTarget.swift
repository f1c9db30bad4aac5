/// What a synthetic case is built to group to.
struct SynthesisTarget: Sendable, Equatable {
  enum Kind: UInt8, Sendable {
    /// A final DRG (``index`` into ``Scheme/drgs``).
    case drg
    /// An MDC's ambiguous group (``index`` into ``Scheme/adrgs``).
    case ambiguous
    /// No MDC yields an ADRG.
    case ungroupable
  }

  var kind: Kind
  var index: Int
  /// The code `drg group` writes in its `drg` column for such a case: the DRG, the `…QY`
  /// group, or the scheme's ungroupable DRG code.
  var code: String
  /// Index into ``Scheme/mdcs`` of the MDC the path enters; -1 for ungroupable targets.
  var mdc: Int

  /// Every target of a scheme: its DRGs in order, then its ambiguous groups, then
  /// "ungroupable".
  static func all(of scheme: Scheme) -> [SynthesisTarget] {
    var targets: [SynthesisTarget] = []
    for (index, drg) in scheme.drgs.enumerated() {
      let mdc = scheme.adrgs[drg.adrg].mdc
      targets.append(.init(kind: .drg, index: index, code: drg.entry.code, mdc: mdc))
    }
    for (index, adrg) in scheme.adrgs.enumerated() where adrg.isAmbiguous {
      targets.append(.init(kind: .ambiguous, index: index, code: adrg.entry.code, mdc: adrg.mdc))
    }
    targets.append(
      .init(kind: .ungroupable, index: -1, code: scheme.manifest.ungroupable.drg, mdc: -1))
    return targets
  }

  /// The rules a case must satisfy, in the order the solver should take them: the rules
  /// on the path (DRG, ADRG, MDC), then the rules tried before them, nearest first, which
  /// must fail. An earlier MDC must not *yield an ADRG*: its rule fails, or all its ADRGs'
  /// rules do (grouping then goes on with the next MDC).
  func goals(in scheme: Scheme) -> [SolverGoal] {
    var goals: [SolverGoal] = []
    func blockMDC(_ index: Int) {
      let mdc = scheme.mdcs[index]
      guard !mdc.adrgs.isEmpty else { return }
      let adrgRules = mdc.adrgs.map { scheme.adrgs[$0].entry.rule }
      let rule = RuleExpression.and([mdc.entry.rule, .or(adrgRules)]).simplified
      if rule != .constant(false) { goals.append(.rule(rule, holds: false)) }
    }
    switch kind {
    case .ungroupable:
      for index in scheme.mdcs.indices { blockMDC(index) }
      return goals
    case .drg, .ambiguous:
      func add(_ rule: RuleExpression, holds: Bool) {
        goals.append(.rule(rule.simplified, holds: holds))
      }
      let adrgIndex = kind == .drg ? scheme.drgs[index].adrg : index
      let adrg = scheme.adrgs[adrgIndex]
      let mdc = scheme.mdcs[adrg.mdc]
      if kind == .drg { add(scheme.drgs[index].entry.rule, holds: true) }
      add(adrg.entry.rule, holds: true)
      add(mdc.entry.rule, holds: true)
      if kind == .drg {
        for earlier in adrg.drgs where earlier < index {
          add(scheme.drgs[earlier].entry.rule, holds: false)
        }
      }
      for earlier in mdc.adrgs where earlier < adrgIndex {
        add(scheme.adrgs[earlier].entry.rule, holds: false)
      }
      for earlier in (0..<adrg.mdc).reversed() { blockMDC(earlier) }
      return goals
    }
  }

  /// Whether a grouping result is what the target aimed for.
  func isHit(_ result: GroupingResult) -> Bool {
    switch kind {
    case .drg: result.status == .grouped && Int(result.drg) == index
    case .ambiguous: result.status == .ambiguous && Int(result.adrg) == index
    case .ungroupable: result.status == .ungroupable
    }
  }
}
