/// A fact a rule cannot hold without: the principal diagnosis or the main procedure being
/// in a list. Most MDC and ADRG rules are `pdx in L …` or `main_proc in L …`, so checking
/// the guard first (one bit test) settles most rules without running the node program.
struct RuleGuard: Sendable {
  enum Kind: UInt8, Sendable { case none, principalDiagnosis, mainProcedure }

  var kind: Kind = .none
  var list: Int32 = 0

  /// The guard of the rule rooted at `root`: its own predicate, or the first term of a
  /// top-level `and` that is a `pdx in` or `main_proc in` predicate.
  init(program: RuleProgram, root: Int32) {
    let node = program.nodes[Int(root)]
    var candidates = [root]
    if node.operation == .and {
      candidates = Array(program.children[Int(node.a)..<Int(node.a + node.b)])
    }
    for candidate in candidates {
      let term = program.nodes[Int(candidate)]
      guard term.operation == .codeIn else { continue }
      switch term.selector {
      case .pdx:
        kind = .principalDiagnosis
        list = term.a
        return
      case .mainProcedure:
        kind = .mainProcedure
        list = term.a
        return
      default:
        continue
      }
    }
  }
}
