/// Bits saying which of a scheme's tables name a code: `dx_names.csv` and the CC tables
/// name diagnoses, `proc_names.csv` procedures.
enum CodeKind {
  static let diagnosis: UInt8 = 1
  static let procedure: UInt8 = 2
}
