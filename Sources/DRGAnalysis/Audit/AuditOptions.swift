@_spi(DRGPackage) import DRGKit
import DRGPayment

/// Which rules `drg audit` runs and with what parameters. The defaults follow §3.1, §1.3
/// and §7–8 of the payment-formulas reference.
public struct AuditOptions: Sendable, Equatable {
  /// The three monitoring rules.
  public enum Rule: String, Sendable, CaseIterable {
    case readmission
    case upcoding
    case longStay = "long_stay"
  }

  /// How two stays of one patient can be related.
  public enum Relation: String, Sendable, CaseIterable {
    /// The same ADRG (core group).
    case adrg
    /// The same 3-character category of the principal diagnosis (e.g. `J18`).
    case dx3
    /// The same MDC.
    case mdc
    /// The same DRG (the 浙江 rule's "same DRG").
    case drg
  }

  /// The ADRGs of CHS-DRG 1.1 for radio- and chemotherapy of malignant tumours, exempt from
  /// the readmission rule by default: RB1, RB2 (chemotherapy of leukaemia, lymphoma), RC1
  /// (radiotherapy), RE1 (chemotherapy), RG1 (targeted and immune therapy), RU1 (Z51.1
  /// chemotherapy sessions) and RV1 (Z51.0 radiotherapy sessions).
  public static let tumourTherapyADRGs = ["RB1", "RB2", "RC1", "RE1", "RG1", "RU1", "RV1"]

  /// The rules to run.
  public var rules: Set<Rule> = Set(Rule.allCases)
  /// A readmission is flagged when admitted at most this many days after the earlier
  /// discharge (15: 浙江).
  public var readmissionDays = 15
  /// Stays are related when any of these holds.
  public var relations: [Relation] = [.adrg, .dx3]
  /// Pairs where either stay is in one of these ADRGs are not flagged.
  public var exemptADRGs: Set<String> = Set(tumourTherapyADRGs)
  /// Family-wise error rate of the upcoding test (Bonferroni over the cells tested).
  public var upcodingAlpha = 0.05
  /// Hospital × ADRG cells with fewer cases (or fewer peer cases) are not tested.
  public var upcodingMinimumCases = 10
  /// Long stay: LOS above the geometric mean × e^(k·sd) of ln LOS in the DRG.
  public var longStaySDs = 2.0
  /// DRGs with fewer cases with a LOS get no norm.
  public var longStayMinimumCases = 10
  /// When not empty, only cases of these ADRGs are checked for long stays.
  public var perDiemADRGs: Set<String> = []
  /// When not empty, only cases of these departments (`dept`) are checked for long stays.
  public var perDiemDepartments: Set<String> = []

  /// The defaults documented on each field; every rule on.
  public init() {}

  /// Whether long stays are checked only for chosen per-diem categories.
  public var longStayIsRestricted: Bool { !perDiemADRGs.isEmpty || !perDiemDepartments.isEmpty }
}
