/// A loaded scheme as bytes and back (the payload of a ``SchemeCache`` file): everything
/// ``SchemeBuilder/load(directory:)`` computes from the tables, including the engine's code
/// table and candidate index, so reading it back does none of that work. Rules are kept as
/// their text and parsed again (their compiled program is stored too).
extension Scheme {
  /// Appends the scheme to `writer`.
  func writeCompiled(to writer: inout CompiledFormWriter) {
    writer.integer(manifest.formatVersion)
    for text in [
      manifest.id, manifest.name, manifest.diagnosisCoding, manifest.procedureCoding,
      manifest.source, manifest.ungroupable.mdc, manifest.ungroupable.adrg,
      manifest.ungroupable.drg,
    ] { writer.text(text) }
    writer.flag(manifest.retryWithEachOtherProcedure)

    writer.integer(mdcs.count)
    for mdc in mdcs {
      Self.write(mdc.entry, to: &writer)
      writer.integer(mdc.adrgs.lowerBound)
      writer.integer(mdc.adrgs.upperBound)
    }
    writer.integer(adrgs.count)
    for adrg in adrgs {
      Self.write(adrg.entry, to: &writer)
      writer.integer(adrg.mdc)
      writer.integer(adrg.drgs.lowerBound)
      writer.integer(adrg.drgs.upperBound)
      writer.flag(adrg.isAmbiguous)
    }
    writer.integer(drgs.count)
    for drg in drgs {
      Self.write(drg.entry, to: &writer)
      writer.integer(drg.adrg)
    }
    writer.integer(lists.count)
    for list in lists {
      writer.text(list.name)
      writer.optionalText(list.tag)
      writer.integer(list.codeCount)
    }
    for count in [
      mccCount, ccCount, exclusionRowCount, exclusionTableCount, diagnosisNameCount,
      procedureNameCount,
    ] { writer.integer(count) }
    writer.integer(duplicateComplications.count)
    for duplicate in duplicateComplications {
      writer.text(duplicate.code)
      writer.integer(duplicate.firstLine)
      writer.integer(Int(duplicate.firstLevel.rawValue))
      writer.text(duplicate.firstExclusion)
      writer.integer(duplicate.line)
      writer.integer(Int(duplicate.level.rawValue))
      writer.text(duplicate.exclusion)
    }
    for translations in [diagnosisTranslations, procedureTranslations] {
      let parts = translations.parts
      Self.write(parts.from, to: &writer)
      writer.values(parts.toBytes)
      writer.values(parts.toEnds)
      writer.values(parts.lines)
    }
    writer.integer(missingTags.count)
    for missing in missingTags {
      writer.text(missing.list)
      writer.text(missing.tag)
      writer.text(missing.file)
      writer.integer(missing.line)
    }
    Self.write(codes, to: &writer)
    writer.texts(listNames)
    writer.integer(listMembers.count)
    for members in listMembers { writer.values(members) }
    for lines in [complicationLines, exclusionLines] {
      writer.values(lines.map(\.row))
      writer.values(lines.map(\.line))
    }
    let names = codeNames.parts
    writer.values(names.bytes)
    writer.values(names.bounds)
    writer.values(codeKinds)
    writer.integer(membership.listCount)
    writer.sparseWords(membership.words)
    writer.values(complications.levelByRow)
    writer.values(complications.exclusionByRow)
    writer.integer(complications.tableCount)
    writer.integer(complications.combinedTables.count)
    for tables in complications.combinedTables { writer.values(tables) }
    writer.values(complications.excludedStartByRow)
    writer.values(complications.excludedTableIDs)
    writer.integer(program.nodes.count)
    for node in program.nodes {
      writer.integer(Int(node.operation.rawValue))
      writer.choice(node.selector)
      writer.choice(node.field)
      writer.choice(node.comparison)
      writer.integer(Int(node.a))
      writer.integer(Int(node.b))
      writer.word(node.value.bitPattern)
    }
    writer.values(program.children)
    writer.values(program.numbers)
    writer.values(program.departments)
    let labels = listIDs.sorted { $0.value < $1.value }
    writer.texts(labels.map(\.key))
    writer.values(labels.map(\.value))
    writer.integer(tagTables.count)
    for table in tagTables {
      let entries = table.sorted { $0.key < $1.key }
      writer.values(entries.map(\.key))
      writer.values(entries.map(\.value))
    }
    writer.texts(tagTableNames)
    writer.integer(tagNames.count)
    for names in tagNames { writer.texts(names) }
    Self.write(departments, to: &writer)
    writer.texts(exclusionNames)
    // The engine's two slow-to-build parts.
    // The code table is at most half full: its used slots and their positions.
    let codeTable = tables.codeTable.parts
    writer.integer(codeTable.slots.count)
    let used = codeTable.slots.indices.filter { codeTable.slots[$0].row != 0 }
    writer.values(used.map { UInt32($0) })
    writer.values(used.map { codeTable.slots[$0] })
    writer.values(codeTable.overflow)
    let candidates = tables.candidates
    writer.integer(candidates.adrgWords)
    writer.flag(candidates.isUsable)
    writer.word(candidates.mdcUnguarded)
    for masks in [
      candidates.mdcByPrincipal, candidates.mdcByMainProcedure, candidates.adrgByPrincipal,
      candidates.adrgByMainProcedure,
    ] {
      writer.sparseWords(UnsafeBufferPointer(masks))
    }
    writer.values(candidates.adrgUnguarded)
  }

  private static func write(_ entry: SchemeEntry, to writer: inout CompiledFormWriter) {
    writer.text(entry.code)
    writer.text(entry.name)
    writer.integer(entry.order)
    writer.text(entry.file)
    writer.integer(entry.line)
    writer.text(entry.ruleText)
    writer.integer(Int(entry.root))
  }

  private static func write(_ interner: ByteInterner, to writer: inout CompiledFormWriter) {
    let parts = interner.parts
    writer.values(parts.storage)
    writer.values(parts.offsets)
    writer.values(parts.slots)
  }
}

extension Scheme {
  /// Reads back what ``writeCompiled(to:)`` wrote; `directory` is where the tables are.
  /// - Throws: ``CompiledFormError`` when the bytes end early, hold a value no writer
  ///   writes, or do not fit together.
  static func readCompiled(_ reader: inout CompiledFormReader, directory: String)
    throws(CompiledFormError) -> Scheme
  {
    func check(_ condition: Bool, _ what: String) throws(CompiledFormError) {
      guard condition else { throw CompiledFormError(reason: what) }
    }
    let formatVersion = try reader.integer()
    var texts: [String] = []
    for _ in 0..<8 { texts.append(try reader.text()) }
    let manifest = SchemeManifest(
      formatVersion: formatVersion, id: texts[0], name: texts[1], diagnosisCoding: texts[2],
      procedureCoding: texts[3], source: texts[4],
      ungroupable: SchemeManifest.UngroupableCodes(mdc: texts[5], adrg: texts[6], drg: texts[7]),
      retryWithEachOtherProcedure: try reader.flag())

    // Every entry of a file names the same file: one `String` for all of them.
    var entryFile = ""
    var mdcs: [MDC] = []
    for _ in 0..<(try reader.count()) {
      let entry = try readEntry(&reader, file: &entryFile)
      let range = try readRange(&reader)
      mdcs.append(MDC(entry: entry, adrgs: range))
    }
    var adrgs: [ADRG] = []
    for _ in 0..<(try reader.count()) {
      let entry = try readEntry(&reader, file: &entryFile)
      let mdc = try reader.count()
      let range = try readRange(&reader)
      adrgs.append(ADRG(entry: entry, mdc: mdc, drgs: range, isAmbiguous: try reader.flag()))
    }
    var drgs: [DRG] = []
    for _ in 0..<(try reader.count()) {
      let entry = try readEntry(&reader, file: &entryFile)
      drgs.append(DRG(entry: entry, adrg: try reader.count()))
    }
    var lists: [CodeList] = []
    for _ in 0..<(try reader.count()) {
      lists.append(
        CodeList(
          name: try reader.text(), tag: try reader.optionalText(), codeCount: try reader.count()))
    }
    var counts: [Int] = []
    for _ in 0..<6 { counts.append(try reader.count(limit: .max)) }
    var duplicates: [DuplicateComplication] = []
    for _ in 0..<(try reader.count()) {
      duplicates.append(
        DuplicateComplication(
          code: try reader.text(), firstLine: try reader.integer(),
          firstLevel: try readLevel(&reader), firstExclusion: try reader.text(),
          line: try reader.integer(), level: try readLevel(&reader),
          exclusion: try reader.text()))
    }
    var translations: [CodeTranslations] = []
    for _ in 0..<2 {
      let from = try readInterner(&reader)
      guard
        let table = CodeTranslations(
          from: from, toBytes: try reader.values(UInt8.self),
          toEnds: try reader.values(UInt32.self), lines: try reader.values(Int.self))
      else { throw CompiledFormError(reason: "code translations do not fit together") }
      translations.append(table)
    }
    var missingTags: [(list: String, tag: String, file: String, line: Int)] = []
    for _ in 0..<(try reader.count()) {
      missingTags.append(
        (try reader.text(), try reader.text(), try reader.text(), try reader.integer()))
    }
    let codes = try readInterner(&reader)
    let rows = codes.count + 1
    let listNames = try reader.texts()
    let listCount = try reader.count()
    try check(listCount == listNames.count, "list members")
    var listMembers: [[UInt32]] = []
    listMembers.reserveCapacity(listCount)
    for _ in 0..<listCount {
      let members = try reader.values(UInt32.self)
      try check(members.allSatisfy { Int($0) < codes.count }, "list member")
      listMembers.append(members)
    }
    var lineTables: [[(row: UInt32, line: Int)]] = []
    for _ in 0..<2 {
      let codeRows = try reader.values(UInt32.self)
      let lines = try reader.values(Int.self)
      try check(codeRows.count == lines.count, "line table")
      lineTables.append(
        [(row: UInt32, line: Int)](unsafeUninitializedCapacity: lines.count) {
          buffer, initialized in
          for index in 0..<lines.count {
            (buffer.baseAddress! + index).initialize(to: (codeRows[index], lines[index]))
          }
          initialized = lines.count
        })
    }
    guard
      let codeNames = CodeNames(
        bytes: try reader.values(UInt8.self), bounds: try reader.values(UInt32.self)),
      codeNames.parts.bounds.count == rows * 2
    else { throw CompiledFormError(reason: "code names do not fit the codes") }
    let codeKinds = try reader.values(UInt8.self)
    try check(codeKinds.count == rows, "code kinds")
    let membershipLists = try reader.count()
    let membershipWords = try reader.count(limit: .max)
    guard
      let membership = try ListMembership(
        count: membershipWords, listCount: membershipLists,
        fill: { (words) throws(CompiledFormError) in try reader.scatterWords(into: words) }),
      membership.words.count == rows * membership.wordsPerRow, membershipLists == lists.count
    else { throw CompiledFormError(reason: "list membership does not fit the codes") }
    let level = try reader.values(UInt8.self)
    let exclusionOf = try reader.values(Int32.self)
    let tableCount = try reader.count()
    var combined: [[Int32]] = []
    for _ in 0..<(try reader.count()) { combined.append(try reader.values(Int32.self)) }
    guard
      let complications = ComplicationTable(
        level: level, exclusionOf: exclusionOf, tableCount: tableCount, combinedTables: combined,
        excludedStart: try reader.values(Int32.self), excludedTables: try reader.values(Int32.self)),
      level.count == rows
    else { throw CompiledFormError(reason: "CC tables do not fit the codes") }
    var nodes: [RuleProgram.Node] = []
    let nodeCount = try reader.count()
    nodes.reserveCapacity(nodeCount)
    for _ in 0..<nodeCount {
      let raw = try reader.integer()
      guard raw >= 0, raw <= Int(UInt8.max),
        let operation = RuleProgram.Operation(rawValue: UInt8(raw))
      else { throw CompiledFormError(reason: "rule node operation \(raw)") }
      nodes.append(
        RuleProgram.Node(
          operation: operation, selector: try reader.choice(CodeSelector.self),
          field: try reader.choice(CaseField.self), comparison: try reader.choice(Comparison.self),
          a: Int32(truncatingIfNeeded: try reader.integer()),
          b: Int32(truncatingIfNeeded: try reader.integer()),
          value: Double(bitPattern: try reader.word())))
    }
    let program = RuleProgram(
      nodes: nodes, children: try reader.values(Int32.self),
      numbers: try reader.values(Double.self),
      departments: try reader.values(UInt32.self))
    let labels = try reader.texts()
    let labelIDs = try reader.values(Int32.self)
    try check(labels.count == labelIDs.count, "list ids")
    let listIDs = Dictionary(zip(labels, labelIDs), uniquingKeysWith: { first, _ in first })
    var tagTables: [[UInt32: UInt16]] = []
    for _ in 0..<(try reader.count()) {
      let keys = try reader.values(UInt32.self)
      let values = try reader.values(UInt16.self)
      try check(keys.count == values.count, "tag table")
      tagTables.append(Dictionary(zip(keys, values), uniquingKeysWith: { first, _ in first }))
    }
    let tagTableNames = try reader.texts()
    var tagNames: [[String]] = []
    for _ in 0..<(try reader.count()) { tagNames.append(try reader.texts()) }
    let departments = try readInterner(&reader)
    let exclusionNames = try reader.texts()

    let slotCount = try reader.count()
    try check(slotCount >= 16 && slotCount & (slotCount - 1) == 0, "code table")
    let slots = try reader.scatteredSlots(count: slotCount)
    let overflow = try reader.tableValues(UInt8.self)
    let codeTable = CodeTable(slots: slots, mask: slots.count - 1, overflow: overflow)
    let adrgWords = try reader.count()
    let isUsable = try reader.flag()
    let mdcUnguarded = try reader.word()
    let candidates = CandidateIndex(
      adrgWords: adrgWords, mdcByPrincipal: try reader.sparseTableWords(),
      mdcByMainProcedure: try reader.sparseTableWords(), mdcUnguarded: mdcUnguarded,
      adrgByPrincipal: try reader.sparseTableWords(),
      adrgByMainProcedure: try reader.sparseTableWords(),
      adrgUnguarded: try reader.tableValues(), isUsable: isUsable)
    try check(
      candidates.mdcByPrincipal.count == rows && candidates.mdcByMainProcedure.count == rows
        && candidates.adrgByPrincipal.count == rows * adrgWords
        && candidates.adrgByMainProcedure.count == rows * adrgWords
        && candidates.adrgUnguarded.count == adrgWords
        && adrgWords == max(1, (adrgs.count + 63) / 64),
      "candidate index")
    try check(reader.isAtEnd, "bytes after the end")
    // Every index the engine follows without a check must be in range.
    try check(
      mdcs.allSatisfy { $0.adrgs.upperBound <= adrgs.count && Int($0.entry.root) < nodes.count }
        && adrgs.allSatisfy {
          $0.drgs.upperBound <= drgs.count && $0.mdc < mdcs.count
            && Int($0.entry.root) < nodes.count
        }
        && drgs.allSatisfy { $0.adrg < adrgs.count && Int($0.entry.root) < nodes.count },
      "groups")

    let tables = GroupingTables(
      program: program, membership: membership, complications: complications, mdcs: mdcs,
      adrgs: adrgs, drgs: drgs, tagTables: tagTables,
      retryWithEachOtherProcedure: manifest.retryWithEachOtherProcedure, codes: codes,
      departmentCodes: departments, codeTable: codeTable, candidates: candidates)
    return Scheme(
      manifest: manifest, directory: directory, mdcs: mdcs, adrgs: adrgs, drgs: drgs,
      lists: lists,
      listRowCounts: Dictionary(
        zip(listNames, listMembers.map(\.count)), uniquingKeysWith: { first, _ in first }),
      mccCount: counts[0], ccCount: counts[1], exclusionRowCount: counts[2],
      exclusionTableCount: counts[3], duplicateComplications: duplicates,
      diagnosisNameCount: counts[4], procedureNameCount: counts[5],
      diagnosisTranslations: translations[0], procedureTranslations: translations[1],
      missingTags: missingTags, codes: codes, listNames: listNames, listMembers: listMembers,
      complicationLines: lineTables[0], exclusionLines: lineTables[1], tables: tables,
      codeNames: codeNames, codeKinds: codeKinds, membership: membership,
      complications: complications, program: program, listIDs: listIDs, tagTables: tagTables,
      tagTableNames: tagTableNames, tagNames: tagNames, departments: departments,
      exclusionNames: exclusionNames)
  }

  /// An entry; `file` is the previous entry's file, reused when this one names the same.
  private static func readEntry(_ reader: inout CompiledFormReader, file: inout String)
    throws(CompiledFormError) -> SchemeEntry
  {
    let code = try reader.text()
    let name = try reader.text()
    let order = try reader.integer()
    try reader.text(reusing: &file)
    let line = try reader.integer()
    let ruleText = try reader.text()
    let root = try reader.count()
    return SchemeEntry(
      code: code, name: name, order: order, file: file, line: line, ruleText: ruleText,
      root: Int32(root))
  }

  private static func readRange(_ reader: inout CompiledFormReader) throws(CompiledFormError)
    -> Range<Int>
  {
    let lower = try reader.count()
    let upper = try reader.count()
    guard lower <= upper else { throw CompiledFormError(reason: "range \(lower)..<\(upper)") }
    return lower..<upper
  }

  private static func readLevel(_ reader: inout CompiledFormReader) throws(CompiledFormError)
    -> ComplicationLevel
  {
    let raw = try reader.integer()
    guard raw >= 0, raw <= 255, let level = ComplicationLevel(rawValue: UInt8(raw)) else {
      throw CompiledFormError(reason: "CC level \(raw)")
    }
    return level
  }

  private static func readInterner(_ reader: inout CompiledFormReader) throws(CompiledFormError)
    -> ByteInterner
  {
    guard
      let interner = ByteInterner(
        storage: try reader.values(UInt8.self), offsets: try reader.values(UInt32.self),
        slots: try reader.values(UInt64.self))
    else { throw CompiledFormError(reason: "interned codes do not fit together") }
    return interner
  }
}
