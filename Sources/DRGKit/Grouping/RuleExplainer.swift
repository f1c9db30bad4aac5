/// Explains rule predicates for one case with code names from the scheme.
struct RuleExplainer {
  let scheme: Scheme
  let record: DischargeCase
  let diagnoses: [String]
  let procedures: [String]

  init(scheme: Scheme, record: DischargeCase) {
    self.scheme = scheme
    self.record = record
    diagnoses = record.diagnoses.map(\.trimmingBlanks).filter { !$0.isEmpty }
    procedures = record.procedures.map(\.trimmingBlanks).filter { !$0.isEmpty }
  }

  /// `I21.000 急性心肌梗死`, or `X99.999 (not in the scheme's code tables)`.
  func named(_ code: String) -> String {
    if let name = scheme.name(ofCode: code) { return "\(code) \(name)" }
    return scheme.row(of: code) == 0 ? "\(code) (not in the scheme's code tables)" : code
  }

  func caseSummary() -> [String] {
    func show(_ value: Double?) -> String {
      guard let value else { return "missing" }
      return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
    var lines = [
      "  sex \(record.sex.map(String.init) ?? "missing"), age \(show(record.age)), age_days \(show(record.ageDays)), weight \(show(record.weight)), los \(show(record.lengthOfStay)), leaving \(show(record.leaving)), icu_hours \(show(record.icuHours)), dept \(record.department ?? "missing")"
    ]
    for (index, code) in diagnoses.enumerated() {
      lines.append("  \(index == 0 ? "principal diagnosis" : "secondary diagnosis") \(named(code))")
    }
    for (index, code) in procedures.enumerated() {
      lines.append("  \(index == 0 ? "main procedure" : "other procedure") \(named(code))")
    }
    if procedures.isEmpty { lines.append("  no procedures") }
    return lines
  }

  /// Every secondary diagnosis with its CC/MCC level and whether the principal excludes it.
  func complicationReport() -> [String] {
    guard let principal = diagnoses.first else { return [] }
    let principalRow = scheme.row(of: principal)
    let excluded = scheme.complications.excludedTables(by: principalRow).map {
      scheme.exclusionNames[Int($0)]
    }
    var lines = ["Secondary diagnoses and CC/MCC:"]
    if diagnoses.count == 1 { lines.append("  none (only the principal diagnosis)") }
    if !excluded.isEmpty {
      lines.append(
        "  principal diagnosis \(principal) excludes CC/MCC codes of exclusion table(s) \(excluded.joined(separator: ", "))"
      )
    }
    for code in diagnoses.dropFirst() {
      let row = scheme.row(of: code)
      guard let level = scheme.complications.level(of: row) else {
        lines.append("  \(named(code)): not a CC or MCC")
        continue
      }
      let label = level == .mcc ? "MCC" : "CC"
      let tables = scheme.complications.exclusionTables(of: row).map {
        scheme.exclusionNames[Int($0)]
      }
      let tableText =
        tables.isEmpty
        ? "" : ", exclusion table\(tables.count == 1 ? "" : "s") \(tables.joined(separator: ", "))"
      let repeats = scheme.duplicateComplications.filter { $0.code == code }
      let listing =
        repeats.isEmpty
        ? ""
        : " (cc.csv lists it on lines \(([repeats[0].firstLine] + repeats.map(\.line)).map(String.init).joined(separator: ", ")); the highest level and every exclusion table count)"
      if scheme.tables.isExcluded(row, principal: principalRow) {
        lines.append(
          "  \(named(code)): \(label)\(tables.isEmpty ? ", exclusion table -" : tableText)\(listing) — EXCLUDED by the principal diagnosis, does not count"
        )
      } else {
        lines.append("  \(named(code)): \(label)\(tableText)\(listing) — counts")
      }
    }
    return lines
  }

  /// Why `rule` holds or fails: the deciding predicates with their facts.
  func reasons(for rule: RuleExpression, procedures override: [String]?) -> [String] {
    let procedures = override ?? self.procedures
    return explain(rule, procedures: procedures).reasons
  }

  private func explain(_ rule: RuleExpression, procedures: [String]) -> (
    value: Bool, reasons: [String]
  ) {
    switch rule {
    case .constant(let value):
      return (value, [value ? "always true" : "always false"])
    case .not(let inner):
      let (value, reasons) = explain(inner, procedures: procedures)
      return (!value, reasons.map { "not: \($0)" })
    case .and(let terms):
      var all: [String] = []
      for term in terms {
        let (value, reasons) = explain(term, procedures: procedures)
        if !value { return (false, reasons) }
        all += reasons
      }
      return (true, all)
    case .or(let terms):
      var all: [String] = []
      for term in terms {
        let (value, reasons) = explain(term, procedures: procedures)
        if value { return (true, reasons) }
        all += reasons
      }
      return (false, all)
    case .codeIn(let selector, let list):
      return codeFact(selector, list, procedures: procedures)
    case .complication(let level):
      let counted = countedComplications(level)
      let label = level == .mcc ? "MCC" : "CC"
      if counted.isEmpty { return (false, ["no secondary diagnosis counts as \(label)"]) }
      return (true, ["\(label): \(counted.map(named).joined(separator: "; "))"])
    case .diagnosisTagCount(let list, let comparison, let value):
      var tags: [String] = []
      if let table = scheme.tagTableNames.firstIndex(of: list.name) {
        for code in diagnoses {
          if let number = scheme.tagTables[table][scheme.row(of: code)] {
            let tag = scheme.tagNames[table][Int(number) - 1]
            if !tags.contains(tag) { tags.append(tag) }
          }
        }
      }
      let holds = comparison.holds(Double(tags.count), value)
      let shown = tags.isEmpty ? "none" : tags.joined(separator: ", ")
      return (
        holds,
        [
          "diagnoses in \(list.name) carry \(tags.count) distinct tag(s) (\(shown)); rule needs \(comparison.rawValue) \(formatted(value))"
        ]
      )
    case .compare(let field, let comparison, let value):
      let (present, shown, holds) = compare(field) { actual in
        switch value {
        case .number(let number, _): comparison.holds(actual.number ?? .nan, number)
        case .text(let text):
          comparison == .notEqual ? actual.text != text : actual.text == text
        }
      }
      guard present else {
        return (false, ["\(field.rawValue) is missing, so the comparison is false"])
      }
      return (
        holds, ["\(field.rawValue) is \(shown); rule needs \(comparison.rawValue) \(value.text)"]
      )
    case .fieldIn(let field, let values):
      let (present, shown, holds) = compare(field) { actual in
        values.contains { value in
          if case .number(let number, _) = value { return actual.number == number }
          return actual.text == value.text
        }
      }
      guard present else { return (false, ["\(field.rawValue) is missing, so 'in' is false"]) }
      return (
        holds,
        [
          "\(field.rawValue) is \(shown); rule needs one of \(values.map(\.text).joined(separator: ", "))"
        ]
      )
    }
  }

  private func formatted(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }

  private func compare(_ field: CaseField, _ test: ((number: Double?, text: String)) -> Bool) -> (
    present: Bool, shown: String, holds: Bool
  ) {
    let fields = scheme.fields(of: record)
    if field == .dept {
      guard let department = record.department?.trimmingBlanks, !department.isEmpty else {
        return (false, "", false)
      }
      return (true, "\"\(department)\"", test((nil, department)))
    }
    let value: Double =
      switch field {
      case .sex: fields.sex
      case .age: fields.age
      case .ageDays: fields.ageDays
      case .weight: fields.weight
      case .los: fields.los
      case .leaving: fields.leaving
      case .icuHours: fields.icuHours
      case .dept: .nan
      }
    guard !value.isNaN else { return (false, "", false) }
    return (true, formatted(value), test((value, formatted(value))))
  }

  private func countedComplications(_ level: ComplicationLevel) -> [String] {
    guard let principal = diagnoses.first else { return [] }
    let principalRow = scheme.row(of: principal)
    return diagnoses.dropFirst().filter {
      scheme.tables.effectiveLevel(of: scheme.row(of: $0), principal: principalRow)
        == level.rawValue
    }
  }

  private func codeFact(_ selector: CodeSelector, _ list: ListReference, procedures: [String]) -> (
    Bool, [String]
  ) {
    guard let id = scheme.listIDs[list.label] else {
      return (false, ["unknown list \(list.label)"])
    }
    func inList(_ code: String) -> Bool {
      scheme.membership.contains(row: scheme.row(of: code), list: id)
    }
    let label = list.label
    switch selector {
    case .pdx, .mainProcedure:
      let isDiagnosis = selector == .pdx
      let role = isDiagnosis ? "principal diagnosis" : "main procedure"
      guard let code = isDiagnosis ? diagnoses.first : procedures.first else {
        return (false, ["there is no \(role)"])
      }
      let holds = inList(code)
      return (holds, ["\(role) \(named(code)) is \(holds ? "" : "not ")in \(label)"])
    case .anyDiagnosis, .otherDiagnosis, .anyProcedure, .otherProcedure:
      let isDiagnosis = selector == .anyDiagnosis || selector == .otherDiagnosis
      let codes = isDiagnosis ? diagnoses : procedures
      let candidates =
        selector == .otherDiagnosis || selector == .otherProcedure
        ? Array(codes.dropFirst()) : codes
      let role =
        switch selector {
        case .anyDiagnosis: "diagnosis"
        case .otherDiagnosis: "secondary diagnosis"
        case .anyProcedure: "procedure"
        default: "other procedure"
        }
      let found = candidates.filter(inList)
      if found.isEmpty { return (false, ["no \(role) is in \(label)"]) }
      return (true, ["\(role) in \(label): \(found.map(named).joined(separator: "; "))"])
    }
  }
}
