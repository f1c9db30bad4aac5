import Foundation

extension Scheme {
  /// Loads and compiles the scheme in `directory` (see ``SchemeBuilder/load(directory:)``).
  ///
  /// A code listed more than once in `cc.csv` is no error: it counts at its highest level
  /// and every exclusion table of its rows applies (see ``duplicateComplications``).
  ///
  /// - Throws: ``SchemeError`` naming the file, line and (for rules) column of the first
  ///   problem: a missing file or column, a malformed row, a rule syntax error, a rule that
  ///   names a list `lists.csv` lacks, a duplicate order or code, an unknown parent MDC or
  ///   ADRG, a CC level other than MCC/CC, an unknown `scheme.json` key, a malformed
  ///   `dx_map.csv` or `proc_map.csv`.
  public init(directory: String) throws(SchemeError) {
    self = try SchemeBuilder.load(directory: directory)
  }
}
