@_spi(DRGPackage) import DRGKit
import DRGPayment

/// The result of an audit: the flags, what happened to every row, and what each rule saw.
public struct AuditReport: Sendable {
  /// The flags, rule by rule.
  public var flags: [AuditFlag] = []
  /// What happened to every row read.
  public var counts = AuditCounts()
  /// How the input's columns were found, for the column report.
  public var columns: ColumnResolution?
  /// The hospitals file (`--hospitals`), when given: adds `hospital_name` and
  /// `related_hospital_name` to the flags file.
  public var hospitalTable: HospitalTable?
  /// DRG names by code (the grouped file's `drg_name`): `drg_name` and
  /// `related_drg_name` end the flags file.
  public var drgNames: [String: String] = [:]
  /// Rules that could not run, with the reason (e.g. the columns the file lacks).
  public var skippedRules: [(rule: AuditOptions.Rule, reason: String)] = []
  /// What the readmission rule saw (`nil`: not run).
  public var readmission: ReadmissionRule.Tally?
  /// What the upcoding rule saw (`nil`: not run).
  public var upcoding: UpcodingRule.Tally?
  /// What the long-stay rule saw (`nil`: not run).
  public var longStay: LongStayRule.Tally?
  /// Readmission pairs dropped because their patient ids differ as text (a hash
  /// collision of the compact records).
  public var patientHashCollisions = 0

  /// An empty report.
  public init() {}

  /// The number of flags of `kind`.
  public func count(_ kind: AuditFlag.Kind) -> Int { flags.filter { $0.kind == kind }.count }

  /// The columns of the flags file.
  public static let columns = [
    "kind", "case_id", "related_case_id", "patient_id", "hospital_id", "related_hospital_id",
    "adrg", "drg", "related_drg", "relation", "hospitals", "gap_days", "los", "cases", "events",
    "rate", "peer_cases", "peer_rate", "expected", "statistic", "p_value", "threshold", "line",
    "related_line", "reason",
  ]

  /// The fields of one flag, in ``columns`` order.
  public static func fields(_ flag: AuditFlag) -> [String] {
    func number(_ value: Double?, _ digits: Int) -> String {
      guard let value else { return "" }
      return AuditNumber.fixed(value, digits)
    }
    func integer(_ value: Int?) -> String { value.map(String.init) ?? "" }
    let p = flag.pValue.map { String(format: "%.4g", $0) } ?? ""
    let threshold =
      flag.kind == .upcoding
      ? (flag.threshold.map { String(format: "%.4g", $0) } ?? "") : number(flag.threshold, 2)
    return [
      flag.kind.rawValue, flag.caseID, flag.relatedCaseID, flag.patientID, flag.hospital,
      flag.relatedHospital, flag.adrg, flag.drg, flag.relatedDRG, flag.relation, flag.hospitals,
      integer(flag.gapDays), flag.lengthOfStay.map(AuditNumber.days) ?? "",
      integer(flag.cases),
      integer(flag.events), number(flag.rate, 4), integer(flag.peerCases),
      number(flag.peerRate, 4), number(flag.expected, 2), number(flag.statistic, 3), p, threshold,
      integer(flag.line), integer(flag.relatedLine), flag.reason,
    ]
  }

  /// Writes the flags as CSV to `path` (`-` for standard output), under a temporary name
  /// renamed when complete.
  public func write(to path: String) throws(FileError) {
    let writer = try CSVWriter(path: path)
    func row(_ fields: [String]) {
      for (index, field) in fields.enumerated() {
        if index > 0 { writer.appendByte(ASCII.comma) }
        writer.appendField(field)
      }
      writer.appendByte(ASCII.lf)
    }
    let names = hospitalTable
    // Names at the end, so that readers of the older columns keep working.
    row(
      Self.columns + (names != nil ? ["hospital_name", "related_hospital_name"] : [])
        + ["drg_name", "related_drg_name"])
    for flag in flags {
      row(
        Self.fields(flag)
          + (names.map { [$0.name(of: flag.hospital), $0.name(of: flag.relatedHospital)] } ?? [])
          + [drgNames[flag.drg] ?? "", drgNames[flag.relatedDRG] ?? ""])
      try writer.flushIfNeeded()
    }
    try writer.finish()
  }
}
