/// The load-time state of ``Scheme/init(directory:)``: lists, interned codes and list ids.
struct SchemeBuilder {
  var codes = ByteInterner(expectedCount: 65_536)
  /// Rows of `lists.csv` by list: interned code id and tag.
  var listIndex: [String: Int] = [:]
  var listNames: [String] = []
  var listMembers: [[(code: UInt32, tag: String)]] = []
  var listIDs: [String: Int32] = [:]
  var lists: [CodeList] = []
  var missingTags: [(list: String, tag: String, file: String, line: Int)] = []

  /// The rows of a list, or `nil` when `lists.csv` lacks it.
  func members(of name: String) -> [(code: UInt32, tag: String)]? {
    listIndex[name].map { listMembers[$0] }
  }

  mutating func readLists(_ table: SchemeTable) throws(SchemeError) {
    let listColumn = table.column("list")
    let codeColumn = table.column("code")
    let tagColumn = table.column("tag")
    var seen: [UInt64: Int] = [:]
    seen.reserveCapacity(table.rows.count)
    for row in table.rows {
      let name = row.values[listColumn]
      let code = row.values[codeColumn]
      guard !name.isEmpty else {
        throw SchemeError(.emptyField(column: "list"), file: table.file, line: row.line)
      }
      guard !code.isEmpty else {
        throw SchemeError(.emptyField(column: "code"), file: table.file, line: row.line)
      }
      let list: Int
      if let existing = listIndex[name] {
        list = existing
      } else {
        list = listNames.count
        listIndex[name] = list
        listNames.append(name)
        listMembers.append([])
      }
      let id = codes.intern(code)
      let key = UInt64(list) << 32 | UInt64(id)
      if let first = seen.updateValue(row.line, forKey: key) {
        throw SchemeError(
          .duplicateCode("\(code) in list \(name)", firstLine: first), file: table.file,
          line: row.line)
      }
      listMembers[list].append((id, row.values[tagColumn]))
    }
  }

  mutating func internCodes(_ tables: SchemeTable...) throws(SchemeError) {
    for table in tables {
      for row in table.rows { _ = codes.intern(try table.text(row, "code")) }
    }
  }

  /// Parses the rules of `mdc.csv`, `adrg.csv` or `drg.csv`.
  func parseEntries(_ table: SchemeTable, codeColumn: String) throws(SchemeError) -> [SchemeEntry] {
    var entries: [SchemeEntry] = []
    for row in table.rows {
      let text = table.optionalText(row, "rule")
      guard !text.isEmpty else {
        throw SchemeError(
          .syntax("the rule is empty; write 'true' for always"), file: table.file, line: row.line)
      }
      let rule: RuleExpression
      do {
        rule = try RuleParser.parse(text)
      } catch {
        throw SchemeError(
          .syntax(error.message), file: table.file, line: row.line, column: error.column)
      }
      entries.append(
        SchemeEntry(
          code: try table.text(row, codeColumn), name: table.optionalText(row, "name"),
          order: try table.integer(row, "order"), file: table.file, line: row.line,
          ruleText: text, rule: rule, root: -1))
    }
    return entries
  }

  /// Gives an id to every list (and tagged list) a rule refers to.
  mutating func assignListIDs(_ entries: [SchemeEntry]) throws(SchemeError) {
    for entry in entries {
      for reference in entry.rule.listReferences {
        guard let rows = members(of: reference.name) else {
          throw SchemeError(
            .unknownList(reference.name), file: entry.file, line: entry.line,
            column: reference.column)
        }
        if let tag = reference.tag, !rows.contains(where: { $0.1 == tag }),
          !missingTags.contains(where: { $0.list == reference.name && $0.tag == tag })
        {
          missingTags.append((reference.name, tag, entry.file, entry.line))
        }
        guard listIDs[reference.label] == nil else { continue }
        listIDs[reference.label] = Int32(lists.count)
        let count = reference.tag.map { tag in rows.count(where: { $0.1 == tag }) } ?? rows.count
        lists.append(CodeList(name: reference.name, tag: reference.tag, codeCount: count))
      }
    }
  }

  /// The membership bitmap of every list with an id.
  func membership() -> ListMembership {
    var membership = ListMembership(rows: codes.count + 1, listCount: lists.count)
    for (id, list) in lists.enumerated() {
      for (code, tag) in members(of: list.name) ?? [] where list.tag == nil || list.tag == tag {
        membership.insert(row: code + 1, list: Int32(id))
      }
    }
    return membership
  }

  /// Code names by row.
  /// Per code row: ``CodeKind`` bits saying which tables name the code (row 0, the unknown
  /// code, has none). Codes that only lists name count as both kinds (without
  /// ``CodeKind/named``).
  func codeKinds(diagnoses: [SchemeTable], procedures: [SchemeTable]) -> [UInt8] {
    var kinds = Array(repeating: UInt8(0), count: codes.count + 1)
    for (tables, kind) in [(diagnoses, CodeKind.diagnosis), (procedures, CodeKind.procedure)] {
      for table in tables {
        let named = kind == CodeKind.diagnosis ? CodeKind.namedDiagnosis : CodeKind.namedProcedure
        let bits = table.file.hasSuffix("_names.csv") ? kind | named : kind
        for row in table.rows {
          let id = codes.lookup(table.optionalText(row, "code"))
          if id != ByteInterner.notFound { kinds[Int(id) + 1] |= bits }
        }
      }
    }
    for row in 1..<kinds.count where kinds[row] == 0 {
      kinds[row] = CodeKind.diagnosis | CodeKind.procedure
    }
    return kinds
  }

  func names(_ tables: SchemeTable...) -> [String] {
    var names = Array(repeating: "", count: codes.count + 1)
    for table in tables {
      for row in table.rows {
        let id = codes.lookup(table.optionalText(row, "code"))
        if id != ByteInterner.notFound { names[Int(id) + 1] = table.optionalText(row, "name") }
      }
    }
    return names
  }
}

extension ListReference {
  /// `NAME` or `NAME[TAG]`: the key of the list a reference resolves to.
  var label: String { tag.map { "\(name)[\($0)]" } ?? name }
}

extension RuleExpression {
  /// Every list named in the rule (except `dx_tags`, which reads tags, not membership).
  var listReferences: [ListReference] {
    switch self {
    case .constant, .complication, .compare, .fieldIn: []
    case .not(let inner): inner.listReferences
    case .and(let terms), .or(let terms): terms.flatMap(\.listReferences)
    case .codeIn(_, let list): [list]
    case .diagnosisTagCount(let list, _, _):
      [ListReference(name: list.name, tag: nil, column: list.column)]
    }
  }
}
