/// Bits saying which of a scheme's tables name a code: `dx_names.csv` and the CC tables
/// name diagnoses, `proc_names.csv` procedures.
enum CodeKind {
  static let diagnosis: UInt8 = 1
  static let procedure: UInt8 = 2
  /// The code has a row in `dx_names.csv` (for `drg scheme check`).
  static let namedDiagnosis: UInt8 = 4
  /// The code has a row in `proc_names.csv`.
  static let namedProcedure: UInt8 = 8
  /// Either of the two above.
  static let named: UInt8 = namedDiagnosis | namedProcedure
}
