/// How the codes of an input file are looked up: as the scheme's own codes, or (`--map`)
/// first translated by the scheme's `dx_map.csv` / `proc_map.csv` from another edition.
///
/// A translation is one step: a code listed under `from` becomes its `to` code, any other
/// code is looked up as written. A `from` code whose `to` code the scheme does not know
/// stays as written (and is reported as unmapped when the scheme does not know it either).
public struct CodeLookup: Sendable {
  let diagnoses: CodeTable
  let procedures: CodeTable
  /// Whether codes are translated (`--map`).
  public let translates: Bool
  /// Number of translations in use for diagnoses and procedures.
  public let diagnosisTranslations: Int
  /// Number of procedure translations in use.
  public let procedureTranslations: Int
  /// The codes compared in capitals, for codes the tables miss (shared by copies): the
  /// scheme's own, and with translations the `from` codes of each map.
  let diagnosisFolding: CodeFolding
  let procedureFolding: CodeFolding
}

extension CodeLookup {
  /// A copy with tables of its own (see ``CodeTable/copy()``), for one worker thread.
  func copy() -> CodeLookup {
    let diagnoses = self.diagnoses.copy()
    return CodeLookup(
      diagnoses: diagnoses,
      procedures: self.procedures === self.diagnoses ? diagnoses : self.procedures.copy(),
      translates: translates, diagnosisTranslations: diagnosisTranslations,
      procedureTranslations: procedureTranslations, diagnosisFolding: diagnosisFolding,
      procedureFolding: procedureFolding)
  }
}

extension Scheme {
  /// The scheme's own codes.
  public var codeLookup: CodeLookup {
    let folding = CodeFolding(codes: codes)
    return CodeLookup(
      diagnoses: tables.codeTable, procedures: tables.codeTable, translates: false,
      diagnosisTranslations: 0, procedureTranslations: 0, diagnosisFolding: folding,
      procedureFolding: folding)
  }

  /// The scheme's codes with the translations of `dx_map.csv` and `proc_map.csv`.
  public var translatingCodeLookup: CodeLookup {
    let own = (0..<UInt32(codes.count)).map { id in (codes.withBytes(id) { Array($0) }, id + 1) }
    func table(_ map: [String: String]) -> (CodeTable, CodeFolding, Int) {
      var translations: [(code: [UInt8], row: UInt32)] = []
      for (from, to) in map.sorted(by: { $0.key < $1.key }) {
        let row = row(of: to)
        if row != 0 && !from.isEmpty { translations.append((Array(from.utf8), row)) }
      }
      let entries = own + translations.map { ($0.code, $0.row) }
      return (
        CodeTable(entries: entries), CodeFolding(codes: codes, translations: translations),
        translations.count
      )
    }
    let (diagnoses, diagnosisFolding, diagnosisCount) = table(diagnosisMap)
    let (procedures, procedureFolding, procedureCount) = table(procedureMap)
    return CodeLookup(
      diagnoses: diagnoses, procedures: procedures, translates: true,
      diagnosisTranslations: diagnosisCount, procedureTranslations: procedureCount,
      diagnosisFolding: diagnosisFolding, procedureFolding: procedureFolding)
  }
}
