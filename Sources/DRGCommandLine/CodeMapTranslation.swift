import DRGKit

/// `--map` of `drg explain`: the case's codes translated with the scheme's `dx_map.csv` /
/// `proc_map.csv` as `drg group --map` reads them: a map's `from` code is read as its `to`
/// code when the scheme has that (the translation wins, one step, as the table says); else
/// a code the scheme has stays; else a `from` code in capitals (when only one `from` code
/// has that form) is translated; any other code is left as written and reported unmapped.
struct CodeMapTranslation {
  /// What happened to one code.
  struct Note: Equatable {
    /// `diagnosis` or `procedure`.
    var kind: String
    var code: String
    /// The code it was read as, or `nil` when neither the scheme nor the map knows it.
    var translation: String?
  }

  private let scheme: Scheme
  private let diagnoses: Table
  private let procedures: Table

  /// A map's `from` codes as written and in capitals (a capitalised form shared by two
  /// `from` codes matches neither).
  private struct Table {
    var exact: [String: String]
    var capitals: [String: String?] = [:]

    init(_ map: [String: String]) {
      exact = map
      for (from, to) in map {
        let key = from.uppercased()
        capitals[key] = capitals[key] == nil ? to : .some(nil)
      }
    }

    /// The `to` code of the only `from` code that reads as `code` in capitals.
    func folded(_ code: String) -> String? {
      capitals[code.uppercased()] ?? nil
    }
  }

  init(scheme: Scheme) {
    self.scheme = scheme
    diagnoses = Table(scheme.diagnosisMap)
    procedures = Table(scheme.procedureMap)
  }

  /// The case with its codes translated, and a note for every code translated or unmapped.
  func apply(_ record: DischargeCase) -> (DischargeCase, [Note]) {
    var record = record
    var notes: [Note] = []
    func translate(_ codes: [String], _ table: Table, kind: String) -> [String] {
      codes.map { code in
        guard !code.isEmpty else { return code }
        if let target = table.exact[code], scheme.row(of: target) != 0 {
          notes.append(Note(kind: kind, code: code, translation: target))
          return target
        }
        guard scheme.row(of: code) == 0 else { return code }
        if let target = table.folded(code), scheme.row(of: target) != 0 {
          notes.append(Note(kind: kind, code: code, translation: target))
          return target
        }
        notes.append(Note(kind: kind, code: code, translation: nil))
        return code
      }
    }
    record.diagnoses = translate(record.diagnoses, diagnoses, kind: "diagnosis")
    record.procedures = translate(record.procedures, procedures, kind: "procedure")
    return (record, notes)
  }

  /// The lines printed after the explanation.
  static func report(_ notes: [Note]) -> String {
    guard !notes.isEmpty else {
      return "\nCodes (--map): every code is the scheme's own; nothing translated."
    }
    var lines = ["", "Codes (--map), read with the scheme's dx_map.csv and proc_map.csv:"]
    for note in notes {
      lines.append(
        "  \(note.kind) \(note.code) → "
          + (note.translation ?? "unmapped (in neither the scheme nor its map)"))
    }
    return lines.joined(separator: "\n")
  }
}
