/// The state of one case while its rules are evaluated.
struct RuleContext {
  var fields: CaseFields
  var codes: CaseCodes
  /// Bit 0: has a non-excluded CC; bit 1: has a non-excluded MCC; bit 7: computed.
  var complications: UInt8 = 0
}

extension GroupingTables {
  /// Evaluates the compiled rule rooted at `index` for one case.
  func evaluate(_ index: Int32, _ context: inout RuleContext) -> Bool {
    let node = nodes[Int(index)]
    switch node.operation {
    case .constant:
      return node.a != 0
    case .not:
      return !evaluate(node.a, &context)
    case .and:
      var child = Int(node.a)
      let end = child &+ Int(node.b)
      while child < end {
        if !holds(children[child], &context) { return false }
        child &+= 1
      }
      return true
    case .or:
      var child = Int(node.a)
      let end = child &+ Int(node.b)
      while child < end {
        if holds(children[child], &context) { return true }
        child &+= 1
      }
      return false
    case .codeIn:
      return codesIn(list: node.a, selector: node.selector, context.codes)
    case .complication:
      return hasComplication(level: node.a, &context)
    case .tagCount:
      let count = Double(distinctTags(table: Int(node.a), context.codes.diagnoses))
      return node.comparison.holds(count, node.value)
    case .compare:
      let value = context.fields.value(node.field)
      guard !value.isNaN else { return false }
      return node.comparison.holds(value, node.value)
    case .fieldIn:
      let value = context.fields.value(node.field)
      guard !value.isNaN else { return false }
      var position = Int(node.a)
      let end = position &+ Int(node.b)
      while position < end {
        if numbers[position] == value { return true }
        position &+= 1
      }
      return false
    case .deptIn:
      let department = context.fields.department
      guard department != CaseFields.missingDepartment else { return false }
      var found = false
      var position = Int(node.a)
      let end = position &+ Int(node.b)
      while position < end {
        if departments[position] == department {
          found = true
          break
        }
        position &+= 1
      }
      return node.comparison == .notEqual ? !found : found
    }
  }

  /// Whether the rule rooted at `index` holds: ``evaluate(_:_:)`` without a call for the
  /// nodes most rules are made of (code tests, CC/MCC, constants). The engine calls this for
  /// MDC, ADRG and DRG rules and for the children of `and` and `or`.
  @inline(__always)
  func holds(_ index: Int32, _ context: inout RuleContext) -> Bool {
    let node = nodes[Int(index)]
    switch node.operation {
    case .constant: return node.a != 0
    case .codeIn: return codesIn(list: node.a, selector: node.selector, context.codes)
    case .complication: return hasComplication(level: node.a, &context)
    default: return evaluate(index, &context)
    }
  }

  /// Whether the case has a CC (`level` 1) or an MCC (`level` 2) that its principal
  /// diagnosis does not exclude; worked out once per case.
  @inline(__always)
  private func hasComplication(level: Int32, _ context: inout RuleContext) -> Bool {
    if context.complications & 0x80 == 0 {
      context.complications = complicationFlags(context.codes.diagnoses) | 0x80
    }
    return context.complications & (level == 2 ? 2 : 1) != 0
  }

  /// Whether the selected codes of a case include one in `list`.
  @inline(__always)
  func codesIn(list: Int32, selector: CodeSelector, _ codes: CaseCodes) -> Bool {
    let selected: UnsafeBufferPointer<UInt32>
    var index: Int
    switch selector {
    case .pdx:
      return codes.diagnoses.count > 0 && contains(row: codes.diagnoses[0], list: list)
    case .anyDiagnosis: (selected, index) = (codes.diagnoses, 0)
    case .otherDiagnosis: (selected, index) = (codes.diagnoses, 1)
    case .mainProcedure:
      return codes.procedures.count > 0 && contains(row: codes.procedures[0], list: list)
    case .anyProcedure: (selected, index) = (codes.procedures, 0)
    case .otherProcedure: (selected, index) = (codes.procedures, 1)
    }
    while index < selected.count {
      if contains(row: selected[index], list: list) { return true }
      index &+= 1
    }
    return false
  }

  /// Bit 0: a secondary diagnosis is a CC, bit 1: an MCC, neither excluded by the principal.
  @inline(__always)
  func complicationFlags(_ diagnoses: UnsafeBufferPointer<UInt32>) -> UInt8 {
    guard diagnoses.count > 1 else { return 0 }
    var flags: UInt8 = 0
    for index in 1..<diagnoses.count {
      let codeLevel = effectiveLevel(of: diagnoses[index], principal: diagnoses[0])
      if codeLevel != 0 { flags |= codeLevel == 2 ? 2 : 1 }
    }
    return flags
  }

  /// The level of `row` as a secondary diagnosis of principal `principal` (1 CC, 2 MCC):
  /// 0 when it is no CC/MCC or the principal diagnosis excludes it.
  @inline(__always)
  func effectiveLevel(of row: UInt32, principal: UInt32) -> UInt8 {
    let entry = complicationOf[Int(row)]
    guard entry != 0 else { return 0 }
    let codeLevel = UInt8(truncatingIfNeeded: entry >> Self.complicationLevelShift)
    return isExcluded(entry: entry, principal: principal) ? 0 : codeLevel
  }

  /// Whether the principal diagnosis excludes the CC/MCC code `row` (its exclusion table
  /// is among those the principal names).
  func isExcluded(_ row: UInt32, principal: UInt32) -> Bool {
    isExcluded(entry: complicationOf[Int(row)], principal: principal)
  }

  /// Whether the principal diagnosis excludes a CC/MCC whose ``complicationOf`` entry is
  /// `entry`.
  @inline(__always)
  private func isExcluded(entry: UInt32, principal: UInt32) -> Bool {
    let table = Int32(bitPattern: entry & (1 << Self.complicationLevelShift - 1)) &- 1
    return table >= 0 && self.principal(principal, excludes: table)
  }

  /// Whether the principal diagnosis `principal` names the exclusion table `table`.
  @inline(__always)
  func principal(_ principal: UInt32, excludes table: Int32) -> Bool {
    var position = Int(excludedStart[Int(principal)])
    let end = Int(excludedStart[Int(principal) &+ 1])
    while position < end {
      if excludedTables[position] == table { return true }
      position &+= 1
    }
    return false
  }

  /// The number of distinct tags among all diagnoses found in a `dx_tags` list.
  func distinctTags(table: Int, _ diagnoses: UnsafeBufferPointer<UInt32>) -> Int {
    let tags = table &* tagRows
    var seen: UInt64 = 0
    var extra: Set<UInt16> = []
    for row in diagnoses {
      let tag = tagByRow[tags &+ Int(row)]
      if tag == 0 { continue }
      if tag < 64 { seen |= 1 &<< UInt64(tag) } else { extra.insert(tag) }
    }
    return seen.nonzeroBitCount + extra.count
  }
}
