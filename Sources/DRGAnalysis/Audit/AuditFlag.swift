import DRGKit
import DRGPayment

/// One monitoring flag: what kind, which case (or hospital), the numbers behind it and a
/// readable reason. Empty optionals are empty fields in the flags file.
public struct AuditFlag: Sendable, Equatable {
  public enum Kind: String, Sendable, CaseIterable {
    /// The same patient readmitted within the window with a related diagnosis
    /// (分解住院 suspect).
    case readmission
    /// A hospital's MCC/CC share within an ADRG far above its peers' (高编高套 signal).
    case upcoding
    /// A stay far beyond the norm of its DRG.
    case longStay = "long_stay"
  }

  public var kind: Kind
  /// Input line of the flagged case (the later stay of a readmission); `nil` for upcoding.
  public var line: Int?
  /// Input line of the earlier stay of a readmission.
  public var relatedLine: Int?
  /// `case_id` of the flagged case and of the earlier stay, filled from the input.
  public var caseID = ""
  public var relatedCaseID = ""
  public var patientID = ""
  public var hospital: String
  public var relatedHospital = ""
  public var adrg: String
  public var drg = ""
  public var relatedDRG = ""
  /// Readmission: the relations that hold, e.g. `adrg;dx3`.
  public var relation = ""
  /// Readmission: `same` or `other` hospital, `unknown` without `hospital_id`.
  public var hospitals = ""
  public var gapDays: Int?
  public var lengthOfStay: Double?
  /// Upcoding: the hospital's cases in the ADRG; long stay: the DRG's cases with a LOS.
  public var cases: Int?
  /// Upcoding: the hospital's cases in the MCC/CC DRGs.
  public var events: Int?
  public var rate: Double?
  public var peerCases: Int?
  public var peerRate: Double?
  /// Upcoding: expected MCC/CC cases at the peer rate; long stay: the DRG's geometric mean LOS.
  public var expected: Double?
  /// Upcoding: z = (x − n·p₀)/√(n·p₀·(1 − p₀)), descriptive; long stay: (ln LOS − mean)/sd.
  public var statistic: Double?
  public var pValue: Double?
  /// Readmission: the window in days; upcoding: the Bonferroni p threshold; long stay: the LOS
  /// threshold in days.
  public var threshold: Double?
  public var reason: String

  public init(kind: Kind, hospital: String, adrg: String, reason: String) {
    self.kind = kind
    self.hospital = hospital
    self.adrg = adrg
    self.reason = reason
  }
}
