import Foundation

extension Scheme {
  /// Loads and compiles the scheme in `directory`.
  ///
  /// A code listed more than once in `cc.csv` is no error: it counts at its highest level
  /// and every exclusion table of its rows applies (see ``duplicateComplications``).
  ///
  /// - Throws: ``SchemeError`` naming the file, line and (for rules) column of the first
  ///   problem: a missing file or column, a malformed row, a rule syntax error, a rule that
  ///   names a list `lists.csv` lacks, a duplicate order or code, an unknown parent MDC or
  ///   ADRG, a CC level other than MCC/CC, an unknown `scheme.json` key.
  public init(directory: String) throws(SchemeError) {
    let url = URL(fileURLWithPath: directory)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw SchemeError(.manifest("is not a scheme directory"), file: directory)
    }
    let manifest = try SchemeManifest.load(from: url)
    let mdcTable = try SchemeTable(
      directory: url, file: "mdc.csv", required: ["order", "mdc", "name", "rule"])
    let adrgTable = try SchemeTable(
      directory: url, file: "adrg.csv", required: ["mdc", "order", "adrg", "name", "rule"])
    let drgTable = try SchemeTable(
      directory: url, file: "drg.csv", required: ["adrg", "order", "drg", "name", "rule"])
    let listTable = try SchemeTable(
      directory: url, file: "lists.csv", required: ["list", "code", "tag"])
    let ccTable = try SchemeTable(
      directory: url, file: "cc.csv", required: ["code", "level", "exclusion"])
    let exclusionTable = try SchemeTable(
      directory: url, file: "cc_exclusion.csv", required: ["code", "exclusion"])
    let dxNames = try SchemeTable(directory: url, file: "dx_names.csv", required: ["code", "name"])
    let procNames = try SchemeTable(
      directory: url, file: "proc_names.csv", required: ["code", "name"])

    var builder = SchemeBuilder()
    try builder.readLists(listTable)
    let ccIDs = try builder.internCodes(ccTable)
    let exclusionIDs = try builder.internCodes(exclusionTable)
    let dxIDs = try builder.internCodes(dxNames)
    let procIDs = try builder.internCodes(procNames)
    let mdcEntries = try builder.parseEntries(mdcTable, codeColumn: "mdc")
    let adrgEntries = try builder.parseEntries(adrgTable, codeColumn: "adrg")
    let drgEntries = try builder.parseEntries(drgTable, codeColumn: "drg")
    try builder.assignListIDs(mdcEntries + adrgEntries + drgEntries)
    let structure = try SchemeStructure(
      mdcs: mdcEntries, adrgs: adrgEntries, drgs: drgEntries, adrgTable: adrgTable,
      drgTable: drgTable)

    self.manifest = manifest
    self.directory = directory
    codes = builder.codes
    departments = ByteInterner()
    listIDs = builder.listIDs
    lists = builder.lists
    listNames = builder.listNames
    listMembers = builder.listMembers
    listRowCounts = Dictionary(
      uniqueKeysWithValues: zip(builder.listNames, builder.listMembers.map(\.count)))
    membership = builder.membership()
    tagTables = []
    tagTableNames = []
    tagNames = []
    program = RuleProgram()
    exclusionNames = []
    complications = ComplicationTable(rows: 1, levels: [], exclusions: [], tableCount: 0)
    tables = GroupingTables(
      program: RuleProgram(), membership: ListMembership(rows: 1, listCount: 1),
      complications: ComplicationTable(rows: 1, levels: [], exclusions: [], tableCount: 0),
      mdcs: [],
      adrgs: [], drgs: [], tagTables: [], retryWithEachOtherProcedure: false,
      codes: ByteInterner(), departmentCodes: ByteInterner())
    codeNames = builder.names((dxNames, dxIDs), (procNames, procIDs))
    codeKinds = builder.codeKinds(
      namedDiagnoses: dxIDs, namedProcedures: procIDs, diagnoses: [ccIDs, exclusionIDs])
    diagnosisNameCount = dxNames.rows.count
    procedureNameCount = procNames.rows.count
    missingTags = builder.missingTags
    mdcs = structure.mdcs
    adrgs = structure.adrgs
    drgs = structure.drgs
    try compileRules(builder: builder)
    try loadComplications(ccTable, ids: ccIDs, exclusionTable, ids: exclusionIDs)
    try loadMaps(from: url)
    tables = GroupingTables(
      program: program, membership: membership, complications: complications, mdcs: mdcs,
      adrgs: adrgs, drgs: drgs, tagTables: tagTables,
      retryWithEachOtherProcedure: manifest.retryWithEachOtherProcedure, codes: codes,
      departmentCodes: departments)
  }

  /// Compiles every entry's rule into ``program``.
  private mutating func compileRules(builder: SchemeBuilder) throws(SchemeError) {
    var program = RuleProgram()
    var departments = ByteInterner()
    var tagTables: [[UInt32: UInt16]] = []
    var tagTableNames: [String] = []
    var tagNames: [[String]] = []
    func compile(_ entry: inout SchemeEntry) throws(SchemeError) {
      let file = entry.file
      let line = entry.line
      let resolver = RuleProgram.Resolver(
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
    self.program = program
    self.departments = departments
    self.tagTables = tagTables
    self.tagTableNames = tagTableNames
    self.tagNames = tagNames
  }

  /// Reads `cc.csv` and `cc_exclusion.csv`, given the code id of each of their rows. A code
  /// on several rows of `cc.csv` counts at its highest level with every exclusion table
  /// its rows name; each repeat is recorded in ``duplicateComplications`` for `drg scheme
  /// check`.
  private mutating func loadComplications(
    _ ccTable: SchemeTable, ids ccIDs: [UInt32], _ exclusionTable: SchemeTable,
    ids exclusionIDs: [UInt32]
  ) throws(SchemeError) {
    // Exclusion table ids as written, numbered in the order first met.
    var tableIDs = ByteInterner(expectedCount: 256)
    var levels: [(row: UInt32, level: ComplicationLevel, exclusion: Int32)] = []
    levels.reserveCapacity(ccTable.rows.count)
    var lines: [(row: UInt32, line: Int)] = []
    // Per code row: the index in `levels` of its first `cc.csv` row, or -1.
    var firstRow = [Int32](repeating: -1, count: codes.count + 1)
    var duplicates: [DuplicateComplication] = []
    let levelColumn = ccTable.column("level")
    let exclusionColumn = ccTable.column("exclusion")
    try ccTable.withFields { (fields) throws(SchemeError) in
      for row in ccTable.rows {
        let code = ccIDs[row.index] + 1
        let levelText = fields[row.index, levelColumn]
        let level: ComplicationLevel
        if levelText.elementsEqual("MCC".utf8) {
          level = .mcc
        } else if levelText.elementsEqual("CC".utf8) {
          level = .cc
        } else {
          throw SchemeError(.badLevel(levelText.string()), file: ccTable.file, line: row.line)
        }
        let exclusion = fields[row.index, exclusionColumn]
        let first = Int(firstRow[Int(code)])
        if first >= 0 {
          let firstEntry = ccTable.rows[first]
          duplicates.append(
            DuplicateComplication(
              code: self.code(ofRow: code), firstLine: firstEntry.line,
              firstLevel: levels[first].level,
              firstExclusion: fields[first, exclusionColumn].string(), line: row.line,
              level: level, exclusion: exclusion.string()))
        } else {
          firstRow[Int(code)] = Int32(levels.count)
          lines.append((code, row.line))
        }
        levels.append(
          (code, level, exclusion.isEmpty ? -1 : Int32(tableIDs.intern(exclusion))))
      }
    }
    var exclusions: [(row: UInt32, exclusion: Int32)] = []
    var exclusionLines: [(row: UInt32, line: Int)] = []
    exclusions.reserveCapacity(exclusionTable.rows.count)
    exclusionLines.reserveCapacity(exclusionTable.rows.count)
    let tableColumn = exclusionTable.column("exclusion")
    try exclusionTable.withFields { (fields) throws(SchemeError) in
      for row in exclusionTable.rows {
        let code = exclusionIDs[row.index] + 1
        let table = fields[row.index, tableColumn]
        guard !table.isEmpty else {
          throw SchemeError(
            .emptyField(column: "exclusion"), file: exclusionTable.file, line: row.line)
        }
        exclusions.append((code, Int32(tableIDs.intern(table))))
        exclusionLines.append((code, row.line))
      }
    }
    exclusionRowCount = exclusions.count
    exclusionTableCount = tableIDs.count
    exclusionNames = (0..<UInt32(tableIDs.count)).map { tableIDs.string($0) }
    duplicateComplications = duplicates
    complicationLines = lines
    self.exclusionLines = exclusionLines
    complications = ComplicationTable(
      rows: codes.count + 1, levels: levels, exclusions: exclusions,
      tableCount: tableIDs.count)
    for entry in lines {
      if complications.level(of: entry.row) == .mcc { mccCount += 1 } else { ccCount += 1 }
    }
  }

  /// Reads the optional `dx_map.csv` and `proc_map.csv`.
  /// - Throws: ``SchemeError`` naming the file and line of a malformed map: a missing
  ///   column or file problem, an empty `from` or `to`, or a `from` code given twice with
  ///   different `to` codes.
  private mutating func loadMaps(from url: URL) throws(SchemeError) {
    for (file, isDiagnosis) in [("dx_map.csv", true), ("proc_map.csv", false)] {
      guard SchemeTable.exists(file, in: url) else { continue }
      let table = try SchemeTable(directory: url, file: file, required: ["from", "to"])
      let fromColumn = table.column("from")
      let toColumn = table.column("to")
      var translations = CodeTranslations()
      try table.withFields { (fields) throws(SchemeError) in
        for row in table.rows {
          let from = fields[row.index, fromColumn]
          let to = fields[row.index, toColumn]
          guard !from.isEmpty else {
            throw SchemeError(.emptyField(column: "from"), file: file, line: row.line)
          }
          guard !to.isEmpty else {
            throw SchemeError(.emptyField(column: "to"), file: file, line: row.line)
          }
          if let earlier = translations.add(from: from, to: to, line: row.line) {
            throw SchemeError(
              .duplicateCode(
                "\(from.string()) (mapped to \(earlier.to) there, to \(to.string()) here)",
                firstLine: earlier.line), file: file, line: row.line)
          }
        }
      }
      if isDiagnosis {
        diagnosisTranslations = translations
      } else {
        procedureTranslations = translations
      }
    }
  }
}
