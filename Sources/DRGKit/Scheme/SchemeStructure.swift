/// Orders the MDC, ADRG and DRG rows and links each to its parent, checking orders and codes.
struct SchemeStructure {
  var mdcs: [MDC] = []
  var adrgs: [ADRG] = []
  var drgs: [DRG] = []

  init(
    mdcs mdcEntries: [SchemeEntry], adrgs adrgEntries: [SchemeEntry],
    drgs drgEntries: [SchemeEntry],
    adrgTable: SchemeTable, drgTable: SchemeTable
  ) throws(SchemeError) {
    try Self.checkUnique(mdcEntries, parent: { _ in "mdc.csv" })
    let sortedMDCs = mdcEntries.sorted { $0.order < $1.order }
    // The parent of each ADRG / DRG row, from the first column of its file.
    let adrgParents = Dictionary(
      uniqueKeysWithValues: adrgTable.rows.map { ($0.line, adrgTable.optionalText($0, "mdc")) })
    let drgParents = Dictionary(
      uniqueKeysWithValues: drgTable.rows.map { ($0.line, drgTable.optionalText($0, "adrg")) })
    let mdcIndex = Dictionary(
      uniqueKeysWithValues: sortedMDCs.enumerated().map { ($1.code, $0) })
    for entry in adrgEntries where mdcIndex[adrgParents[entry.line] ?? ""] == nil {
      throw SchemeError(
        .unknownParent(kind: "MDC", code: adrgParents[entry.line] ?? ""), file: entry.file,
        line: entry.line)
    }
    try Self.checkUnique(adrgEntries, parent: { adrgParents[$0.line] ?? "" })
    var adrgsByMDC = Dictionary(grouping: adrgEntries) { adrgParents[$0.line] ?? "" }
    for (key, value) in adrgsByMDC { adrgsByMDC[key] = value.sorted { $0.order < $1.order } }

    let adrgCodes = Set(adrgEntries.map(\.code))
    for entry in drgEntries where !adrgCodes.contains(drgParents[entry.line] ?? "") {
      throw SchemeError(
        .unknownParent(kind: "ADRG", code: drgParents[entry.line] ?? ""), file: entry.file,
        line: entry.line)
    }
    try Self.checkUnique(drgEntries, parent: { drgParents[$0.line] ?? "" })
    var drgsByADRG = Dictionary(grouping: drgEntries) { drgParents[$0.line] ?? "" }
    for (key, value) in drgsByADRG { drgsByADRG[key] = value.sorted { $0.order < $1.order } }

    for (index, mdcEntry) in sortedMDCs.enumerated() {
      let adrgStart = adrgs.count
      for adrgEntry in adrgsByMDC[mdcEntry.code] ?? [] {
        let drgStart = drgs.count
        for drgEntry in drgsByADRG[adrgEntry.code] ?? [] {
          drgs.append(DRG(entry: drgEntry, adrg: adrgs.count))
        }
        adrgs.append(
          ADRG(
            entry: adrgEntry, mdc: index, drgs: drgStart..<drgs.count,
            isAmbiguous: adrgEntry.code.hasSuffix("QY")))
      }
      mdcs.append(MDC(entry: mdcEntry, adrgs: adrgStart..<adrgs.count))
    }
  }

  /// Codes must be unique in their file, and orders unique within their parent.
  private static func checkUnique(_ entries: [SchemeEntry], parent: (SchemeEntry) -> String)
    throws(SchemeError)
  {
    var codeLines: [String: Int] = [:]
    var orderLines: [String: Int] = [:]
    for entry in entries {
      if let first = codeLines[entry.code] {
        throw SchemeError(
          .duplicateCode(entry.code, firstLine: first), file: entry.file, line: entry.line)
      }
      codeLines[entry.code] = entry.line
      let parentCode = parent(entry)
      let key = "\(parentCode)\u{0}\(entry.order)"
      if let first = orderLines[key] {
        let parentName = entry.file == "mdc.csv" ? "mdc.csv" : parentCode
        throw SchemeError(
          .duplicateOrder(parent: parentName, order: entry.order, firstLine: first),
          file: entry.file, line: entry.line)
      }
      orderLines[key] = entry.line
    }
  }
}
