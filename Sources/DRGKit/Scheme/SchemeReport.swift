/// A summary of a loaded scheme and the warnings `drg scheme check` prints.
///
/// Warnings never stop a scheme from loading; each has a ``SchemeWarningKind``, and
/// ``warningCounts`` gives their number by kind (e.g. for a catalogue of schemes).
///
/// ```swift
/// let report = SchemeReport(scheme: try Scheme(directory: "grouper-tables/demo"))
/// print(report.warningCounts[.unreachableDRG, default: 0])
/// for line in report.warningLines(examplesPerKind: 5) { print(line) }
/// ```
public struct SchemeReport: Sendable {
  /// The scheme's size, coding and extensions, one line each.
  public var summaryLines: [String] = []
  /// Every warning, ordered by kind (as ``SchemeWarningKind`` declares them), then by file
  /// order.
  public var warnings: [SchemeWarning] = []

  /// The report of `scheme`: its sizes and lint warnings.
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
    var found: [SchemeWarning] = []
    found += Self.duplicateComplications(scheme)
    found += Self.reachability(scheme)
    found += Self.structure(scheme)
    let (unused, kept) = Self.unusedLists(scheme)
    found += unused
    if kept > 0 {
      summaryLines.append(
        "  \(kept) list\(kept == 1 ? "" : "s") kept for ADRGs whose rule is 'false' (no rule uses them; the format allows this)"
      )
    }
    for missing in scheme.missingTags {
      found.append(
        SchemeWarning(
          .missingTag, file: missing.file, line: missing.line,
          "tag '\(missing.tag)' of list '\(missing.list)' is named in a rule, but no row of the list carries it; the predicate never holds"
        ))
    }
    found += Self.codeNames(scheme)
    // Stable: within a kind, the order each check found them in.
    warnings = found.enumerated().sorted {
      ($0.element.kind, $0.offset) < ($1.element.kind, $1.offset)
    }.map(\.element)
  }

  /// The number of warnings of each kind; kinds without warnings are absent.
  public var warningCounts: [SchemeWarningKind: Int] {
    warnings.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
  }

  /// The warnings as printed by `drg scheme check`: per kind a heading with its count,
  /// then its warnings (`nil`: all of them; else at most `examplesPerKind`, and a line
  /// saying how many more there are).
  public func warningLines(examplesPerKind: Int?) -> [String] {
    var lines: [String] = []
    let counts = warningCounts
    for kind in SchemeWarningKind.allCases {
      guard let count = counts[kind] else { continue }
      lines.append("\(kind.title) (\(kind.rawValue)): \(count)")
      let ofKind = warnings.filter { $0.kind == kind }
      let shown = examplesPerKind.map { min($0, ofKind.count) } ?? ofKind.count
      for warning in ofKind.prefix(shown) { lines.append("  warning: \(warning)") }
      if shown < ofKind.count { lines.append("  … \(ofKind.count - shown) more") }
    }
    return lines
  }

  /// ADRGs without DRGs, last DRGs that are not `true` and DRG codes that do not start
  /// with their ADRG's code.
  private static func structure(_ scheme: Scheme) -> [SchemeWarning] {
    var found: [SchemeWarning] = []
    for adrg in scheme.adrgs where !adrg.isAmbiguous {
      let entry = adrg.entry
      if adrg.drgs.isEmpty && entry.rule != .constant(false) {
        found.append(
          SchemeWarning(
            .adrgWithoutDRG, file: entry.file, line: entry.line,
            "ADRG \(entry.code) has no DRG in drg.csv; its cases get the ADRG code as DRG"))
      }
      for index in adrg.drgs where !scheme.drgs[index].entry.code.hasPrefix(entry.code) {
        let drg = scheme.drgs[index].entry
        found.append(
          SchemeWarning(
            .drgCodePrefix, file: drg.file, line: drg.line,
            "DRG code \(drg.code) does not start with its ADRG code \(entry.code)"))
      }
    }
    return found
  }

  /// Lists no rule names, except those of ADRGs whose rule is `false` (the format keeps
  /// them), which are only counted.
  private static func unusedLists(_ scheme: Scheme) -> (warnings: [SchemeWarning], kept: Int) {
    let used = Set(scheme.lists.map(\.name))
    let neverMatching = Set(
      scheme.adrgs.filter { $0.entry.rule == .constant(false) && $0.drgs.isEmpty }
        .map(\.entry.code))
    var found: [SchemeWarning] = []
    var kept = 0
    for name in scheme.listRowCounts.keys.sorted() where !used.contains(name) {
      let owner = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
      if name.contains(".") && neverMatching.contains(owner) {
        kept += 1
      } else {
        found.append(
          SchemeWarning(.unusedList, file: "lists.csv", "list '\(name)' is not used by any rule"))
      }
    }
    return (found, kept)
  }
}
