@_spi(DRGPackage) import DRGKit
import DRGPayment

/// One monitoring flag: what kind, which case (or hospital), the numbers behind it and a
/// readable reason. Empty optionals are empty fields in the flags file.
public struct AuditFlag: Sendable, Equatable {
  /// The monitoring rules a flag can come from (the flags file's `kind`).
  public enum Kind: String, Sendable, CaseIterable {
    /// The same patient readmitted within the window with a related diagnosis
    /// (分解住院 suspect).
    case readmission
    /// A hospital's MCC/CC share within an ADRG far above its peers' (高编高套 signal).
    case upcoding
    /// A stay far beyond the norm of its DRG.
    case longStay = "long_stay"
  }

  /// Which rule raised the flag.
  public var kind: Kind
  /// Input line of the flagged case (the later stay of a readmission); `nil` for upcoding.
  public var line: Int?
  /// Input line of the earlier stay of a readmission.
  public var relatedLine: Int?
  /// `case_id` of the flagged case and of the earlier stay, filled from the input.
  public var caseID = ""
  /// `case_id` of the earlier stay of a readmission ("" otherwise).
  public var relatedCaseID = ""
  /// `patient_id` of the flagged case, filled from the input ("" for upcoding).
  public var patientID = ""
  /// The flagged case's hospital (readmission: the later stay's), or the hospital flagged
  /// for upcoding.
  public var hospital: String
  /// Readmission: the earlier stay's hospital.
  public var relatedHospital = ""
  /// The ADRG code of the flagged case (upcoding: of the cell).
  public var adrg: String
  /// The flagged case's DRG code ("" for upcoding).
  public var drg = ""
  /// Readmission: the earlier stay's DRG code.
  public var relatedDRG = ""
  /// Readmission: the relations that hold, e.g. `adrg;dx3`.
  public var relation = ""
  /// Readmission: `same` or `other` hospital, `unknown` without `hospital_id`.
  public var hospitals = ""
  /// Readmission: days from the earlier discharge to the later admission (0: same day).
  public var gapDays: Int?
  /// Long stay: the case's length of stay, days.
  public var lengthOfStay: Double?
  /// Upcoding: the hospital's cases in the ADRG; long stay: the DRG's cases with a LOS.
  public var cases: Int?
  /// Upcoding: the hospital's cases in the MCC/CC DRGs.
  public var events: Int?
  /// Upcoding: the hospital's MCC/CC share in the ADRG, events / cases.
  public var rate: Double?
  /// Upcoding: the other hospitals' cases in the ADRG.
  public var peerCases: Int?
  /// Upcoding: the other hospitals' MCC/CC share p₀.
  public var peerRate: Double?
  /// Upcoding: expected MCC/CC cases at the peer rate; long stay: the DRG's geometric mean LOS.
  public var expected: Double?
  /// Upcoding: z = (x − n·p₀)/√(n·p₀·(1 − p₀)), descriptive; long stay: (ln LOS − mean)/sd.
  public var statistic: Double?
  /// Upcoding: one-sided exact binomial p = P(Bin(cases, p₀) ≥ events).
  public var pValue: Double?
  /// Readmission: the window in days; upcoding: the Bonferroni p threshold; long stay: the LOS
  /// threshold in days.
  public var threshold: Double?
  /// The reason in words, with the numbers behind it (the flags file's `reason`).
  public var reason: String

  /// A flag of `kind` for `hospital` and `adrg` with its `reason`; the rule fills the rest.
  public init(kind: Kind, hospital: String, adrg: String, reason: String) {
    self.kind = kind
    self.hospital = hospital
    self.adrg = adrg
    self.reason = reason
  }
}
