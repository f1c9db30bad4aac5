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
    try builder.internCodes(ccTable, exclusionTable, dxNames, procNames)
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
    codeNames = builder.names(dxNames, procNames)
    codeKinds = builder.codeKinds(
      diagnoses: [dxNames, ccTable, exclusionTable], procedures: [procNames])
    diagnosisNameCount = dxNames.rows.count
    procedureNameCount = procNames.rows.count
    missingTags = builder.missingTags
    mdcs = structure.mdcs
    adrgs = structure.adrgs
    drgs = structure.drgs
    try compileRules(builder: builder)
    try loadComplications(ccTable, exclusionTable)
    loadMaps(from: url)
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

  /// Reads `cc.csv` and `cc_exclusion.csv`. A code on several rows of `cc.csv` counts at
  /// its highest level with every exclusion table its rows name; each repeat is recorded
  /// in ``duplicateComplications`` for `drg scheme check`.
  private mutating func loadComplications(_ ccTable: SchemeTable, _ exclusionTable: SchemeTable)
    throws(SchemeError)
  {
    var exclusionIDs: [String: Int32] = [:]
    var names: [String] = []
    func exclusionID(_ name: String) -> Int32 {
      if let id = exclusionIDs[name] { return id }
      let id = Int32(names.count)
      exclusionIDs[name] = id
      names.append(name)
      return id
    }
    var levels: [(row: UInt32, level: ComplicationLevel, exclusion: Int32)] = []
    var lines: [(row: UInt32, line: Int)] = []
    var firstRow: [String: Int] = [:]
    var duplicates: [DuplicateComplication] = []
    for row in ccTable.rows {
      let code = try ccTable.text(row, "code")
      let levelText = ccTable.optionalText(row, "level")
      let level: ComplicationLevel
      switch levelText {
      case "MCC": level = .mcc
      case "CC": level = .cc
      default: throw SchemeError(.badLevel(levelText), file: ccTable.file, line: row.line)
      }
      let exclusion = ccTable.optionalText(row, "exclusion")
      if let first = firstRow[code] {
        let firstEntry = ccTable.rows[first]
        duplicates.append(
          DuplicateComplication(
            code: code, firstLine: firstEntry.line,
            firstLevel: levels[first].level,
            firstExclusion: ccTable.optionalText(firstEntry, "exclusion"), line: row.line,
            level: level, exclusion: exclusion))
      } else {
        firstRow[code] = levels.count
        lines.append((self.row(of: code), row.line))
      }
      levels.append(
        (
          self.row(of: code), level,
          exclusion.isEmpty ? -1 : exclusionID(exclusion)
        ))
    }
    var exclusions: [(row: UInt32, exclusion: Int32)] = []
    var exclusionLines: [(row: UInt32, line: Int)] = []
    for row in exclusionTable.rows {
      let code = try exclusionTable.text(row, "code")
      let table = try exclusionTable.text(row, "exclusion")
      exclusions.append((self.row(of: code), exclusionID(table)))
      exclusionLines.append((self.row(of: code), row.line))
    }
    exclusionRowCount = exclusions.count
    exclusionTableCount = names.count
    exclusionNames = names
    duplicateComplications = duplicates
    complicationLines = lines
    self.exclusionLines = exclusionLines
    complications = ComplicationTable(
      rows: codes.count + 1, levels: levels, exclusions: exclusions, tableCount: names.count)
    for entry in lines {
      if complications.level(of: entry.row) == .mcc { mccCount += 1 } else { ccCount += 1 }
    }
  }

  /// Reads the optional `dx_map.csv` and `proc_map.csv`.
  private mutating func loadMaps(from url: URL) {
    for (file, isDiagnosis) in [("dx_map.csv", true), ("proc_map.csv", false)] {
      guard SchemeTable.exists(file, in: url),
        let table = try? SchemeTable(directory: url, file: file, required: ["from", "to"])
      else { continue }
      var map: [String: String] = [:]
      for row in table.rows {
        map[table.optionalText(row, "from")] = table.optionalText(row, "to")
      }
      if isDiagnosis { diagnosisMap = map } else { procedureMap = map }
    }
  }
}
