/// Every rule of a scheme compiled into one program, with what compiling found: the
/// departments rules name and the `dx_tags` tables they read.
struct CompiledRules {
  var program: RuleProgram
  /// Department codes named in rules → department id.
  var departments: ByteInterner
  /// Per `dx_tags` table: code row → tag number (1-based).
  var tagTables: [[UInt32: UInt16]]
  /// Per `dx_tags` table: the list it reads.
  var tagTableNames: [String]
  /// Per `dx_tags` table: the tag texts, tag number − 1 → text.
  var tagNames: [[String]]
}

extension SchemeBuilder {
  /// Compiles every entry's rule into one program and sets each entry's root node.
  /// - Throws: ``SchemeError`` at the first rule naming a list `lists.csv` lacks.
  func compileRules(mdcs: inout [MDC], adrgs: inout [ADRG], drgs: inout [DRG])
    throws(SchemeError) -> CompiledRules
  {
    var program = RuleProgram()
    var departments = ByteInterner()
    var tagTables: [[UInt32: UInt16]] = []
    var tagTableNames: [String] = []
    var tagNames: [[String]] = []
    let builder = self
    func compile(_ entry: inout SchemeEntry) throws(SchemeError) {
      let file = entry.file
      let line = entry.line
      let resolver = RuleProgram.Resolver<SchemeError>(
        list: { (reference) throws(SchemeError) -> Int32 in
          guard let id = builder.listIDs[reference.label] else {
            throw SchemeError(
              .unknownList(reference.name), file: file, line: line, column: reference.column)
          }
          return id
        },
        tagTable: { (reference) throws(SchemeError) -> Int32 in
          guard let rows = builder.members(of: reference.name) else {
            throw SchemeError(
              .unknownList(reference.name), file: file, line: line, column: reference.column)
          }
          if let existing = tagTableNames.firstIndex(of: reference.name) {
            return Int32(existing)
          }
          var tagNumbers: [String: UInt16] = [:]
          var names: [String] = []
          var table: [UInt32: UInt16] = [:]
          for (code, tag) in rows where !tag.isEmpty {
            let number =
              tagNumbers[tag]
              ?? {
                names.append(tag)
                let next = UInt16(names.count)
                tagNumbers[tag] = next
                return next
              }()
            if table[code + 1] == nil { table[code + 1] = number }
          }
          tagTables.append(table)
          tagNames.append(names)
          tagTableNames.append(reference.name)
          return Int32(tagTables.count - 1)
        },
        department: { departments.intern($0) })
      entry.root = try program.compile(entry.rule, resolver: resolver)
    }
    for index in mdcs.indices { try compile(&mdcs[index].entry) }
    for index in adrgs.indices { try compile(&adrgs[index].entry) }
    for index in drgs.indices { try compile(&drgs[index].entry) }
    return CompiledRules(
      program: program, departments: departments, tagTables: tagTables,
      tagTableNames: tagTableNames, tagNames: tagNames)
  }
}
