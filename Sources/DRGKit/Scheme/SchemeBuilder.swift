import Foundation

/// Loads a scheme: reads its tables, interns codes, compiles rules and returns the finished,
/// immutable ``Scheme`` (``load(directory:)``). Its state is what the loading steps share:
/// lists, interned codes and list ids.
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

  /// Reads `lists.csv`: every row's code interned, in file order.
  /// - Throws: ``SchemeError`` at the first row (in file order) with an empty list or code,
  ///   or a code its list already has.
  mutating func readLists(_ table: SchemeTable) throws(SchemeError) {
    let listColumn = table.column("list")
    let codeColumn = table.column("code")
    let tagColumn = table.column("tag")
    let rows = table.rows
    try table.withFields { (fields) throws(SchemeError) in
      var list = -1
      var listName = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
      // While every list's rows are contiguous, a code repeats in its list exactly when
      // the last list it was added to is this one. Once a list comes back after another,
      // pairs of list and code are checked in a set instead.
      var lastList: [Int32] = []
      var lastLine: [Int32] = []
      var seen: Set<UInt64>?
      for row in rows {
        let name = fields[row.index, listColumn]
        let code = fields[row.index, codeColumn]
        guard !name.isEmpty else {
          throw SchemeError(.emptyField(column: "list"), file: table.file, line: row.line)
        }
        guard !code.isEmpty else {
          throw SchemeError(.emptyField(column: "code"), file: table.file, line: row.line)
        }
        if list < 0 || !Self.same(name, listName) {
          listName = name
          let text = name.string()
          if let existing = listIndex[text] {
            list = existing
            if seen == nil { seen = pairs() }
          } else {
            list = listNames.count
            listIndex[text] = list
            listNames.append(text)
            listMembers.append([])
          }
        }
        let id = codes.intern(code)
        if seen != nil {
          if seen!.insert(UInt64(list) << 32 | UInt64(id)).inserted == false {
            throw duplicate(code, list: list, line: row.line, in: table)
          }
        } else {
          if Int(id) >= lastList.count {
            lastList.append(-1)
            lastLine.append(0)
          }
          if lastList[Int(id)] == Int32(list) {
            throw SchemeError(
              .duplicateCode(
                "\(code.string()) in list \(listNames[list])",
                firstLine: Int(lastLine[Int(id)])), file: table.file, line: row.line)
          }
          lastList[Int(id)] = Int32(list)
          lastLine[Int(id)] = Int32(truncatingIfNeeded: row.line)
        }
        let tag = fields[row.index, tagColumn]
        listMembers[list].append((id, tag.isEmpty ? "" : tag.string()))
      }
    }
  }

  /// Every pair of list and code read so far, as `list << 32 | code`.
  private func pairs() -> Set<UInt64> {
    var pairs = Set<UInt64>()
    for (list, members) in listMembers.enumerated() {
      for member in members { pairs.insert(UInt64(list) << 32 | UInt64(member.code)) }
    }
    return pairs
  }

  /// The error for `code` repeated in list `list` at `line`, naming the first line it is on.
  private func duplicate(
    _ code: UnsafeBufferPointer<UInt8>, list: Int, line: Int, in table: SchemeTable
  ) -> SchemeError {
    let listColumn = table.column("list")
    let codeColumn = table.column("code")
    let name = listNames[list]
    let first = table.withFields { fields in
      table.rows.first {
        Self.same(fields[$0.index, codeColumn], code)
          && fields[$0.index, listColumn].string() == name
      }?.line ?? line
    }
    return SchemeError(
      .duplicateCode("\(code.string()) in list \(name)", firstLine: first), file: table.file,
      line: line)
  }

  /// Whether two byte strings are equal.
  @inline(__always)
  static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    a.count == b.count
      && (a.count == 0 || ByteInterner.equal(a.baseAddress!, b.baseAddress, a.count))
  }

  /// Interns the `code` of every row of `table`; returns the code id of each row.
  /// - Throws: ``SchemeError`` at the first row with an empty code.
  mutating func internCodes(_ table: SchemeTable) throws(SchemeError) -> [UInt32] {
    let column = table.column("code")
    var ids: [UInt32] = []
    ids.reserveCapacity(table.rows.count)
    try table.withFields { (fields) throws(SchemeError) in
      for row in table.rows {
        let code = fields[row.index, column]
        guard !code.isEmpty else {
          throw SchemeError(.emptyField(column: "code"), file: table.file, line: row.line)
        }
        ids.append(codes.intern(code))
      }
    }
    return ids
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

  /// Per code row: ``CodeKind`` bits saying which tables name the code (row 0, the unknown
  /// code, has none). Codes that only lists name count as both kinds (without
  /// ``CodeKind/named``).
  /// - Parameters:
  ///   - namedDiagnoses, namedProcedures: the code ids of `dx_names.csv`, `proc_names.csv`.
  ///   - diagnoses: the code ids of other tables of diagnoses (`cc.csv`,
  ///     `cc_exclusion.csv`).
  func codeKinds(
    namedDiagnoses: [UInt32], namedProcedures: [UInt32], diagnoses: [[UInt32]]
  ) -> [UInt8] {
    var kinds = Array(repeating: UInt8(0), count: codes.count + 1)
    for id in namedDiagnoses { kinds[Int(id) + 1] |= CodeKind.diagnosis | CodeKind.namedDiagnosis }
    for ids in diagnoses {
      for id in ids { kinds[Int(id) + 1] |= CodeKind.diagnosis }
    }
    for id in namedProcedures {
      kinds[Int(id) + 1] |= CodeKind.procedure | CodeKind.namedProcedure
    }
    for row in 1..<kinds.count where kinds[row] == 0 {
      kinds[row] = CodeKind.diagnosis | CodeKind.procedure
    }
    return kinds
  }

  /// Code names by row from names tables and the code id of each of their rows; a later
  /// table's name replaces an earlier one.
  func names(_ tables: (table: SchemeTable, ids: [UInt32])...) -> CodeNames {
    var names = CodeNames(rows: codes.count + 1)
    for (table, ids) in tables {
      let column = table.column("name")
      table.withFields { fields in
        for row in table.rows.indices {
          names.set(fields[row, column], row: ids[row] + 1)
        }
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
