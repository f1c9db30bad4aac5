/// The diagnosis and procedure codes of one case as scheme rows (0 = unknown code), first
/// entry principal diagnosis / main procedure. Points into storage the caller owns.
public struct CaseCodes {
  public var diagnoses: UnsafeBufferPointer<UInt32>
  public var procedures: UnsafeBufferPointer<UInt32>

  public init(diagnoses: UnsafeBufferPointer<UInt32>, procedures: UnsafeBufferPointer<UInt32>) {
    self.diagnoses = diagnoses
    self.procedures = procedures
  }
}
