import Foundation

extension SchemeBuilder {
  /// Reads every table of the scheme in `directory`, compiles its rules and returns the
  /// finished scheme; nothing is filled in afterwards. In debug builds the engine's tables
  /// are checked (``GroupingTables/checkInvariants()``) before the scheme is returned.
  ///
  /// - Throws: ``SchemeError`` for the first problem, as ``Scheme/init(directory:)``
  ///   describes.
  static func load(directory: String) throws(SchemeError) -> Scheme {
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
    let membership = builder.membership()
    let codeNames = builder.names((dxNames, dxIDs), (procNames, procIDs))
    let codeKinds = builder.codeKinds(
      namedDiagnoses: dxIDs, namedProcedures: procIDs, diagnoses: [ccIDs, exclusionIDs])
    var mdcs = structure.mdcs
    var adrgs = structure.adrgs
    var drgs = structure.drgs
    let rules = try builder.compileRules(mdcs: &mdcs, adrgs: &adrgs, drgs: &drgs)
    let complications = try builder.loadComplications(
      ccTable, ids: ccIDs, exclusionTable, ids: exclusionIDs)
    let maps = try loadMaps(from: url)
    let tables = GroupingTables(
      program: rules.program, membership: membership, complications: complications.table,
      mdcs: mdcs, adrgs: adrgs, drgs: drgs, tagTables: rules.tagTables,
      retryWithEachOtherProcedure: manifest.retryWithEachOtherProcedure, codes: builder.codes,
      departmentCodes: rules.departments)
    #if DEBUG
      tables.checkInvariants()
    #endif
    return Scheme(
      manifest: manifest, directory: directory, mdcs: mdcs, adrgs: adrgs, drgs: drgs,
      lists: builder.lists,
      listRowCounts: Dictionary(
        uniqueKeysWithValues: zip(builder.listNames, builder.listMembers.map(\.count))),
      mccCount: complications.mccCount, ccCount: complications.ccCount,
      exclusionRowCount: complications.exclusionRowCount,
      exclusionTableCount: complications.exclusionTableCount,
      duplicateComplications: complications.duplicates,
      diagnosisNameCount: dxNames.rows.count, procedureNameCount: procNames.rows.count,
      diagnosisTranslations: maps.diagnoses, procedureTranslations: maps.procedures,
      missingTags: builder.missingTags, codes: builder.codes, listNames: builder.listNames,
      listMembers: builder.listMembers.map { $0.map(\.code) },
      complicationLines: complications.complicationLines,
      exclusionLines: complications.exclusionLines, tables: tables, codeNames: codeNames,
      codeKinds: codeKinds, membership: membership, complications: complications.table,
      program: rules.program, listIDs: builder.listIDs, tagTables: rules.tagTables,
      tagTableNames: rules.tagTableNames, tagNames: rules.tagNames,
      departments: rules.departments, exclusionNames: complications.exclusionNames)
  }
}
