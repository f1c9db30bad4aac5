import Foundation

extension SchemeBuilder {
  /// Reads the optional `dx_map.csv` and `proc_map.csv`.
  /// - Throws: ``SchemeError`` naming the file and line of a malformed map: a missing
  ///   column or file problem, an empty `from` or `to`, or a `from` code given twice with
  ///   different `to` codes.
  static func loadMaps(from url: URL) throws(SchemeError) -> (
    diagnoses: CodeTranslations, procedures: CodeTranslations
  ) {
    var diagnoses = CodeTranslations()
    var procedures = CodeTranslations()
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
        diagnoses = translations
      } else {
        procedures = translations
      }
    }
    return (diagnoses, procedures)
  }
}
