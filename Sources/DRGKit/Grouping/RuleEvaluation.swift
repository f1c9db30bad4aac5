/// The state of one case while its rules are evaluated.
struct RuleContext {
  var fields: CaseFields
  var codes: CaseCodes
  /// Bit 0: has a non-excluded CC; bit 1: has a non-excluded MCC; bit 7: computed.
  var complications: UInt8 = 0
}

extension Scheme {
  /// Evaluates the compiled rule rooted at `node` for one case.
  @inline(__always)
  func evaluate(_ node: Int32, _ context: inout RuleContext) -> Bool {
    program.nodes.withUnsafeBufferPointer { nodes in evaluate(node, nodes, &context) }
  }

  private func evaluate(
    _ index: Int32, _ nodes: UnsafeBufferPointer<RuleProgram.Node>, _ context: inout RuleContext
  ) -> Bool {
    let node = nodes[Int(index)]
    switch node.operation {
    case .constant:
      return node.a != 0
    case .not:
      return !evaluate(node.a, nodes, &context)
    case .and:
      for child in Int(node.a)..<Int(node.a + node.b)
      where !evaluate(program.children[child], nodes, &context) {
        return false
      }
      return true
    case .or:
      for child in Int(node.a)..<Int(node.a + node.b)
      where evaluate(program.children[child], nodes, &context) {
        return true
      }
      return false
    case .codeIn:
      return codesIn(list: node.a, selector: node.selector, context.codes)
    case .complication:
      if context.complications & 0x80 == 0 {
        context.complications = complicationFlags(context.codes.diagnoses) | 0x80
      }
      return context.complications & (node.a == 2 ? 2 : 1) != 0
    case .tagCount:
      let count = Double(distinctTags(table: Int(node.a), context.codes.diagnoses))
      return RuleProgram.comparisons[Int(node.comparison)].holds(count, node.value)
    case .compare:
      let value = context.fields.value(node.field)
      guard !value.isNaN else { return false }
      return RuleProgram.comparisons[Int(node.comparison)].holds(value, node.value)
    case .fieldIn:
      let value = context.fields.value(node.field)
      guard !value.isNaN else { return false }
      for position in Int(node.a)..<Int(node.a + node.b) where program.numbers[position] == value {
        return true
      }
      return false
    case .deptIn:
      let department = context.fields.department
      guard department != CaseFields.missingDepartment else { return false }
      var found = false
      for position in Int(node.a)..<Int(node.a + node.b)
      where program.departments[position] == department {
        found = true
        break
      }
      return RuleProgram.comparisons[Int(node.comparison)] == .notEqual ? !found : found
    }
  }

  /// Whether the selected codes of a case include one in `list`.
  @inline(__always)
  func codesIn(list: Int32, selector: UInt8, _ codes: CaseCodes) -> Bool {
    let selected: UnsafeBufferPointer<UInt32>
    let first: Int
    switch selector {
    case 0:  // pdx
      return codes.diagnoses.count > 0 && membership.contains(row: codes.diagnoses[0], list: list)
    case 1: (selected, first) = (codes.diagnoses, 0)
    case 2: (selected, first) = (codes.diagnoses, 1)
    case 3:  // main_proc
      return codes.procedures.count > 0
        && membership.contains(row: codes.procedures[0], list: list)
    case 4: (selected, first) = (codes.procedures, 0)
    default: (selected, first) = (codes.procedures, 1)
    }
    var index = first
    while index < selected.count {
      if membership.contains(row: selected[index], list: list) { return true }
      index += 1
    }
    return false
  }

  /// Bit 0: a secondary diagnosis is a CC, bit 1: an MCC, neither excluded by the principal.
  @inline(__always)
  func complicationFlags(_ diagnoses: UnsafeBufferPointer<UInt32>) -> UInt8 {
    guard diagnoses.count > 1 else { return 0 }
    let principal = diagnoses[0]
    var flags: UInt8 = 0
    for index in 1..<diagnoses.count {
      switch complications.effectiveLevel(of: diagnoses[index], principal: principal) {
      case 1: flags |= 1
      case 2: flags |= 2
      default: break
      }
    }
    return flags
  }

  /// The number of distinct tags among all diagnoses found in a `dx_tags` list.
  func distinctTags(table: Int, _ diagnoses: UnsafeBufferPointer<UInt32>) -> Int {
    var seen: UInt64 = 0
    var extra: Set<UInt16> = []
    for row in diagnoses {
      guard let tag = tagTables[table][row] else { continue }
      if tag < 64 { seen |= 1 << UInt64(tag) } else { extra.insert(tag) }
    }
    return seen.nonzeroBitCount + extra.count
  }
}
