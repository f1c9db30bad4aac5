/// The diagnosis and procedure codes of one case as scheme rows (0 = unknown code), first
/// entry principal diagnosis / main procedure. Points into storage the caller owns.
public struct CaseCodes {
  /// The case's diagnosis codes as packed code keys, principal first.
  public var diagnoses: UnsafeBufferPointer<UInt32>
  /// The case's procedure codes as packed code keys, main first.
  public var procedures: UnsafeBufferPointer<UInt32>

  /// Codes over buffers the caller keeps alive while the case is grouped.
  public init(diagnoses: UnsafeBufferPointer<UInt32>, procedures: UnsafeBufferPointer<UInt32>) {
    self.diagnoses = diagnoses
    self.procedures = procedures
  }
}
