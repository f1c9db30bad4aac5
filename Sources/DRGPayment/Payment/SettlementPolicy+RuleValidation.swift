import DRGKit
import Foundation

// Checks of the rules that take cases out of DRG pricing (per-diem, day surgery, single
// disease, fee-for-service, new technology): values in range, one unit per rule, no case
// claimed by two lists, and levels that some hospital has.

extension SettlementPolicy {
  /// Problems of the case-taking rules, each naming its field.
  func ruleProblems() -> [String] {
    var found = PolicyProblems()
    for (index, disease) in singleDisease.enumerated() {
      let field = "singleDisease[\(index)] '\(disease.name)'"
      found.priceProblems(field, points: disease.points, price: disease.price)
      if disease.drgs.isEmpty && disease.adrgs.isEmpty && disease.diagnoses.isEmpty
        && disease.procedures.isEmpty
      {
        found.add("\(field): give drgs, adrgs, diagnoses or procedures to select its cases")
      }
    }
    for (index, rule) in daySurgery.enumerated() {
      let field = "daySurgery[\(index)] '\(rule.name)'"
      found.priceProblems(field, points: rule.points, price: rule.price)
      if rule.drgs.isEmpty && rule.adrgs.isEmpty && rule.procedures.isEmpty {
        found.add("\(field): give drgs, adrgs or procedures to select its cases")
      }
      if let days = rule.maxDays, days < 0 {
        found.add("\(field).maxDays must be ≥ 0, found \(days)")
      }
      if rule.procedureMatch == .any && rule.procedures.allSatisfy(\.isEmpty) {
        found.add(
          "\(field).procedureMatch \"any\" needs procedures (codes or prefixes) to look for")
      }
    }
    for (index, rule) in newTechnology.enumerated() {
      let field = "newTechnology[\(index)] '\(rule.name)'"
      if rule.procedures.allSatisfy(\.isEmpty) {
        found.add(
          "\(field): give procedures (main-procedure codes or prefixes) to select its cases")
      }
      found.within("\(field).costShare", rule.costShare, 0...1)
    }
    found.append(contentsOf: overlapProblems())
    return found.messages
  }

  /// A DRG or ADRG in two case-taking lists, or a procedure prefix of one list that is a
  /// prefix of (or equal to) one of another: the first rule in the pricing order would take
  /// the case silently.
  func overlapProblems() -> [String] {
    var found = PolicyProblems()
    // DRG and ADRG codes, with the field that lists them.
    var drgOwner: [String: String] = [:]
    var adrgOwner: [String: String] = [:]
    func claim(_ codes: [String], _ owners: inout [String: String], _ field: String) {
      for code in codes where !code.isEmpty {
        if let other = owners[code], other != field {
          found.add(
            "\(field) lists '\(code)', which \(other) lists too; a case belongs to one rule")
        } else {
          owners[code] = field
        }
      }
    }
    for (index, rule) in perDiem.enumerated() {
      claim(rule.drgs, &drgOwner, "perDiem[\(index)] '\(rule.name)'.drgs")
      claim(rule.adrgs, &adrgOwner, "perDiem[\(index)] '\(rule.name)'.adrgs")
    }
    for (index, rule) in daySurgery.enumerated() {
      claim(rule.drgs, &drgOwner, "daySurgery[\(index)] '\(rule.name)'.drgs")
      claim(rule.adrgs, &adrgOwner, "daySurgery[\(index)] '\(rule.name)'.adrgs")
    }
    for (index, rule) in singleDisease.enumerated() {
      claim(rule.drgs, &drgOwner, "singleDisease[\(index)] '\(rule.name)'.drgs")
      claim(rule.adrgs, &adrgOwner, "singleDisease[\(index)] '\(rule.name)'.adrgs")
    }
    claim(feeForService.drgs, &drgOwner, "feeForService.drgs")
    claim(feeForService.adrgs, &adrgOwner, "feeForService.adrgs")
    // Main-procedure prefixes.
    var prefixes: [(code: String, field: String)] = []
    for (index, rule) in newTechnology.enumerated() {
      prefixes += rule.procedures.map { ($0, "newTechnology[\(index)] '\(rule.name)'.procedures") }
    }
    for (index, rule) in daySurgery.enumerated() {
      prefixes += rule.procedures.map { ($0, "daySurgery[\(index)] '\(rule.name)'.procedures") }
    }
    for (index, rule) in singleDisease.enumerated() where rule.diagnoses.isEmpty {
      prefixes += rule.procedures.map { ($0, "singleDisease[\(index)] '\(rule.name)'.procedures") }
    }
    for first in prefixes.indices where !prefixes[first].code.isEmpty {
      for second in prefixes.indices.dropFirst(first + 1)
      where !prefixes[second].code.isEmpty && prefixes[first].field != prefixes[second].field {
        let a = prefixes[first]
        let b = prefixes[second]
        if a.code.hasPrefix(b.code) || b.code.hasPrefix(a.code) {
          found.add(
            "\(b.field) lists '\(b.code)' and \(a.field) lists '\(a.code)': a main procedure can start with both; a case belongs to one rule"
          )
        }
      }
    }
    return found.messages
  }

  /// Levels named by the rates by level (single disease, day surgery, per-diem) that no
  /// hospital has (``Coefficients/levels``, with `--hospitals` added): a typo there would
  /// leave every such hospital on the plain rate. Checked once the levels are known.
  public func unknownLevelProblems() -> [String] {
    let known = Set(coefficients.levels.values)
    var found = PolicyProblems()
    func check(_ levels: some Sequence<String>, _ field: String) {
      for level in levels.sorted() where !known.contains(level) {
        found.add(
          known.isEmpty
            ? "\(field) gives level '\(level)', but no hospital has a level: give coefficients.levels or --hospitals with a level column"
            : "\(field) gives level '\(level)', which no hospital has (levels: \(known.sorted().joined(separator: ", ")))"
        )
      }
    }
    for (index, rule) in singleDisease.enumerated() {
      check(rule.price.byLevel.keys, "singleDisease[\(index)] '\(rule.name)'.yuanByLevel")
    }
    for (index, rule) in daySurgery.enumerated() {
      check(rule.price.byLevel.keys, "daySurgery[\(index)] '\(rule.name)'.yuanByLevel")
    }
    for (index, category) in perDiem.enumerated() {
      for (position, segment) in category.segments.enumerated() {
        let field = "perDiem[\(index)] '\(category.name)'.segments[\(position)]"
        check(segment.pointsPerDayByLevel.keys, field + ".pointsPerDayByLevel")
        check(segment.yuanPerDayByLevel.keys, field + ".yuanPerDayByLevel")
      }
    }
    return found.messages
  }
}

extension PolicyProblems {
  /// Exactly one of fixed points or a yuan price, every value ≥ 0.
  mutating func priceProblems(
    _ field: String, points: Double?, price: SettlementPolicy.YuanRate
  ) {
    switch (points != nil, price.isGiven) {
    case (true, true): add("\(field): give points or a yuan price (yuan, yuanByLevel), not both")
    case (false, false): add("\(field): give points or a yuan price (yuan, yuanByLevel)")
    default: break
    }
    if let points { atLeast("\(field).points", points, 0) }
    if let yuan = price.yuan { atLeast("\(field).yuan", yuan, 0) }
    for (level, yuan) in price.byLevel.sorted(by: { $0.key < $1.key }) {
      atLeast("\(field).yuanByLevel.\(level)", yuan, 0)
    }
  }
}

extension SettlementPolicy {
  /// The columns day surgery and the new-technology exemption read: `procedures` for a
  /// procedure list, `los` for a day-surgery ``DaySurgery/maxDays``.
  func caseRuleColumnRequirements() -> [ColumnRequirement] {
    var requirements: [ColumnRequirement] = []
    for rule in daySurgery {
      var fields: [ColumnField] = []
      if !rule.procedures.isEmpty { fields.append(.procedures) }
      if rule.maxDays != nil { fields.append(.los) }
      guard !fields.isEmpty else { continue }
      requirements.append(
        ColumnRequirement(
          rule:
            "day surgery '\(rule.name)' of policy '\(name)' (by \(rule.procedureMatch == .any ? "any" : "main") procedure or length of stay)",
          fields: fields,
          remedy: "define it by \"drgs\" or \"adrgs\" with \"maxDays\": null instead"))
    }
    for rule in newTechnology {
      requirements.append(
        ColumnRequirement(
          rule:
            "new technology '\(rule.name)' of policy '\(name)' (by \(rule.procedureMatch == .any ? "any" : "main") procedure)",
          fields: [.procedures], remedy: "remove it from \"newTechnology\""))
    }
    return requirements
  }
}
