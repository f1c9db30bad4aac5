/// A summary of a loaded scheme and the warnings `drg scheme check` prints.
public struct SchemeReport: Sendable {
  public var summaryLines: [String] = []
  public var warnings: [String] = []

  public init(scheme: Scheme) {
    let manifest = scheme.manifest
    let ambiguous = scheme.adrgs.filter(\.isAmbiguous).count
    summaryLines = [
      "Scheme \(manifest.id): \(manifest.name)",
      "  coding: \(manifest.diagnosisCoding) / \(manifest.procedureCoding)",
      "  \(scheme.mdcs.count) MDCs, \(scheme.adrgs.count) ADRGs (\(ambiguous) ambiguous), \(scheme.drgs.count) DRGs",
      "  \(scheme.listRowCounts.count) lists with \(scheme.listRowCounts.values.reduce(0, +)) rows; \(scheme.lists.count) list references compiled",
      "  cc.csv: \(scheme.mccCount) MCC + \(scheme.ccCount) CC codes; cc_exclusion.csv: \(scheme.exclusionRowCount) rows in \(scheme.exclusionTableCount) exclusion tables",
      "  names: \(scheme.diagnosisNameCount) diagnoses, \(scheme.procedureNameCount) procedures; maps: \(scheme.diagnosisMap.count) diagnosis, \(scheme.procedureMap.count) procedure",
      "  extensions: ungroupable = \(manifest.ungroupable.mdc)/\(manifest.ungroupable.adrg)/\(manifest.ungroupable.drg), retryWithEachOtherProcedure = \(manifest.retryWithEachOtherProcedure)",
    ]
    for adrg in scheme.adrgs where !adrg.isAmbiguous {
      let entry = adrg.entry
      guard let last = adrg.drgs.last else {
        if entry.rule != .constant(false) {
          warnings.append(
            "\(entry.file):\(entry.line): ADRG \(entry.code) has no DRG in drg.csv; its cases get the ADRG code as DRG"
          )
        }
        continue
      }
      let lastEntry = scheme.drgs[last].entry
      if lastEntry.rule != .constant(true) {
        warnings.append(
          "\(lastEntry.file):\(lastEntry.line): the last DRG of ADRG \(entry.code) (\(lastEntry.code)) has rule '\(lastEntry.ruleText)', not 'true'; cases failing it get the ADRG code as DRG"
        )
      }
      for index in adrg.drgs where !scheme.drgs[index].entry.code.hasPrefix(entry.code) {
        let drg = scheme.drgs[index].entry
        warnings.append(
          "\(drg.file):\(drg.line): DRG code \(drg.code) does not start with its ADRG code \(entry.code)"
        )
      }
    }
    let used = Set(scheme.lists.map(\.name))
    for name in scheme.listRowCounts.keys.sorted() where !used.contains(name) {
      warnings.append("lists.csv: list '\(name)' is not used by any rule")
    }
    for missing in scheme.missingTags {
      warnings.append(
        "\(missing.file):\(missing.line): tag '\(missing.tag)' of list '\(missing.list)' is named in a rule, but no row of the list carries it; the predicate never holds"
      )
    }
  }
}
