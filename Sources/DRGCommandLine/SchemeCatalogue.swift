import DRGKit
import Foundation

/// The schemes a user can name with `--scheme`, each loaded and linted: what `drg schemes`
/// prints and what the table in `grouper-tables/README.md` is made from.
struct SchemeCatalogue: Sendable {
  /// One scheme of the catalogue.
  struct Entry: Sendable {
    var id: String
    var name: String
    var mdcs: Int
    var adrgs: Int
    var drgs: Int
    /// ADRGs that are an MDC's ambiguous group (歧义组, `…QY`).
    var ambiguousGroups: Int
    var diagnosisCoding: String
    var procedureCoding: String
    /// The label of the place the scheme was found in (`./grouper-tables`, `package`, …).
    var foundIn: String
    var path: String
    /// Whether `conformance/<id>/` ships beside the scheme.
    var hasConformanceCorpus: Bool
    /// Number of `drg scheme check` warnings.
    var warnings: Int
    /// The warnings by kind, in the order `drg scheme check` prints them.
    var warningKinds: [(kind: SchemeWarningKind, count: Int)] = []
    /// Why the scheme cannot be loaded (its other fields are then empty), else `nil`.
    var loadError: String?
  }

  var entries: [Entry]

  /// Loads and lints every scheme `locator` finds, on all cores, reading compiled files
  /// from `cache` but writing none there (``readOnly(_:for:)``).
  init(locator: SchemeLocator, cache: SchemeCache = .standard()) {
    let found = locator.availableSchemes()
    final class Slots: @unchecked Sendable {
      var entries: [Entry?]
      init(count: Int) { entries = Array(repeating: nil, count: count) }
    }
    let slots = Slots(count: found.count)
    let lock = NSLock()
    DispatchQueue.concurrentPerform(iterations: found.count) { index in
      let entry = Self.entry(
        id: found[index].id, place: found[index].place, path: found[index].path, cache: cache)
      lock.withLock { slots.entries[index] = entry }
    }
    entries = slots.entries.compactMap { $0 }
  }

  /// `cache` when it already holds a compiled file for the scheme in `directory` (read,
  /// or rewritten when stale: no new file), else no cache (loaded from the tables).
  static func readOnly(_ cache: SchemeCache, for directory: String) -> SchemeCache {
    guard let file = cache.file(for: directory), FileManager.default.fileExists(atPath: file)
    else { return .off }
    return cache
  }

  private static func entry(
    id: String, place: SchemeLocator.Place, path: String, cache: SchemeCache
  ) -> Entry {
    let corpus = URL(fileURLWithPath: place.path).appendingPathComponent(
      "conformance/\(id)/expected.csv")
    var entry = Entry(
      id: id, name: "", mdcs: 0, adrgs: 0, drgs: 0, ambiguousGroups: 0, diagnosisCoding: "",
      procedureCoding: "", foundIn: place.label, path: path,
      hasConformanceCorpus: FileManager.default.fileExists(atPath: corpus.path), warnings: 0)
    do {
      // A listing reads a compiled file that is there, but writes none: it would put a
      // compiled file (about 12 MB for CHS-DRG 1.1) for every scheme into the cache.
      let scheme = try Scheme(directory: path, cache: Self.readOnly(cache, for: path))
      entry.name = scheme.manifest.name
      entry.mdcs = scheme.mdcs.count
      entry.adrgs = scheme.adrgs.count
      entry.drgs = scheme.drgs.count
      entry.ambiguousGroups = scheme.adrgs.filter(\.isAmbiguous).count
      entry.diagnosisCoding = scheme.manifest.diagnosisCoding
      entry.procedureCoding = scheme.manifest.procedureCoding
      let report = SchemeReport(scheme: scheme)
      entry.warnings = report.warnings.count
      entry.warningKinds = report.warningCounts.sorted { $0.key < $1.key }.map {
        ($0.key, $0.value)
      }
    } catch {
      entry.loadError = "\(error)"
    }
    return entry
  }
}

extension SchemeCatalogue {
  /// An aligned plain-text table for a terminal.
  var table: String {
    let header = ["ID", "MDC", "ADRG", "DRG", "QY", "WARN", "CORPUS", "FOUND IN", "NAME"]
    let rows = entries.map { entry -> [String] in
      [
        entry.id, "\(entry.mdcs)", "\(entry.adrgs)", "\(entry.drgs)", "\(entry.ambiguousGroups)",
        entry.loadError == nil ? "\(entry.warnings)" : "-", entry.hasConformanceCorpus ? "yes" : "",
        entry.foundIn, entry.loadError.map { "cannot load: \($0)" } ?? entry.name,
      ]
    }
    let widths = header.indices.dropLast().map { column in
      ([header] + rows).map { $0[column].count }.max() ?? 0
    }
    let numeric: Set<Int> = [1, 2, 3, 4, 5]
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { column, cell in
        guard column < widths.count else { return cell }
        let pad = String(repeating: " ", count: widths[column] - cell.count)
        return numeric.contains(column) ? pad + cell : cell + pad
      }.joined(separator: "  ")
    }
    var text = ([line(header)] + rows.map(line)).joined(separator: "\n")
    let corpora = entries.filter(\.hasConformanceCorpus).count
    text += "\n\n\(entries.count) schemes, \(corpora) with a conformance corpus."
    text += " QY = ambiguous groups; WARN = 'drg scheme check' warnings."
    let editions = Set(
      entries.filter { $0.loadError == nil }.map { "\($0.diagnosisCoding) / \($0.procedureCoding)" }
    )
    if editions.count == 1, let only = editions.first {
      text += "\nCode editions (every scheme): \(only)."
    } else {
      text += "\nCode editions differ: 'drg schemes --json' lists them per scheme."
    }
    return text
  }

  /// A Markdown table (the one in `grouper-tables/README.md`).
  var markdown: String {
    var lines = [
      "| id | name | MDCs | ADRGs | DRGs | ambiguous groups | diagnosis coding | procedure coding | found in | conformance corpus | lint warnings | by kind |",
      "|---|---|--:|--:|--:|--:|---|---|---|---|--:|---|",
    ]
    for entry in entries {
      let cells: [String] =
        if let error = entry.loadError {
          [entry.id, "cannot load: \(error)", "", "", "", "", "", "", entry.foundIn, "", "", ""]
        } else {
          [
            entry.id, entry.name, "\(entry.mdcs)", "\(entry.adrgs)", "\(entry.drgs)",
            "\(entry.ambiguousGroups)", entry.diagnosisCoding, entry.procedureCoding, entry.foundIn,
            entry.hasConformanceCorpus ? "yes" : "no", "\(entry.warnings)",
            entry.warningKinds.map { "\($0.kind.rawValue) \($0.count)" }.joined(separator: ", "),
          ]
        }
      lines.append(
        "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ")
          + " |")
    }
    return lines.joined(separator: "\n")
  }

  /// One JSON object per scheme, in an array.
  var json: String {
    let objects: [[String: Any]] = entries.map { entry in
      var object: [String: Any] = [
        "id": entry.id, "foundIn": entry.foundIn, "path": entry.path,
        "conformanceCorpus": entry.hasConformanceCorpus,
      ]
      if let error = entry.loadError {
        object["loadError"] = error
      } else {
        object["name"] = entry.name
        object["mdcs"] = entry.mdcs
        object["adrgs"] = entry.adrgs
        object["drgs"] = entry.drgs
        object["ambiguousGroups"] = entry.ambiguousGroups
        object["diagnosisCoding"] = entry.diagnosisCoding
        object["procedureCoding"] = entry.procedureCoding
        object["warnings"] = entry.warnings
        object["warningsByKind"] = Dictionary(
          uniqueKeysWithValues: entry.warningKinds.map { ($0.kind.rawValue, $0.count) })
      }
      return object
    }
    let data =
      (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys]))
      ?? Data("[]".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}
