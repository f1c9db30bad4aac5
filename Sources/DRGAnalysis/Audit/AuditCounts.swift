@_spi(DRGPackage) import DRGKit
import DRGPayment

/// What happened to the rows of a grouped file in `drg audit`: every row read is either
/// used (a grouped case) or skipped for exactly one reason, so the counts reconcile.
public struct AuditCounts: Sendable {
  /// Data rows read (blank lines are not rows).
  public var rowsRead = 0
  /// Rows used: readable, status `grouped` (or no status column) and a DRG code.
  public var rowsUsed = 0
  /// Rows that cannot be read as CSV (broken quotes, wrong number of fields).
  public var unreadable = 0
  /// Rows with status `ambiguous` (skipped).
  public var ambiguous = 0
  /// Rows with status `ungroupable` (skipped).
  public var ungroupable = 0
  /// Rows with status `invalid` (skipped).
  public var invalid = 0
  /// Any status other than the four words of `drg group`.
  public var otherStatus = 0
  /// Status `grouped` (or no status column) but an empty `drg` field.
  public var missingDRG = 0
  /// The first unreadable row.
  public var firstUnreadable: CSVRowProblem?

  /// Of the rows used: without a patient id (readmission rule).
  public var missingPatient = 0
  /// Of the rows used with a patient id: an empty admission or discharge date.
  public var missingDate = 0
  /// Of the rows used with a patient id: a date that cannot be read.
  public var unreadableDate = 0
  /// The first unreadable date: its line, field and text.
  public var firstUnreadableDate: (line: Int, field: String, text: String)?
  /// Of the rows used with both dates: discharged before admitted.
  public var dischargeBeforeAdmission = 0
  /// The first such row's line.
  public var firstDischargeBeforeAdmission: Int?
  /// Of the rows used: no usable length of stay (missing, not a number, negative).
  public var missingLengthOfStay = 0
  /// Lengths of stay read as exports write them (`6天`), by kind.
  public var values = NormalisationCounts()

  /// All counts 0.
  public init() {}

  /// Rows skipped, all reasons.
  public var rowsSkipped: Int {
    unreadable + ambiguous + ungroupable + invalid + otherStatus + missingDRG
  }

  /// Whether every row read is used or skipped once.
  public var reconciles: Bool { rowsRead == rowsUsed + rowsSkipped }

  /// The skipped rows by reason, in a fixed order, leaving out reasons with no row.
  public var skippedByReason: [(reason: String, rows: Int)] {
    [
      ("ambiguous", ambiguous), ("ungroupable", ungroupable), ("invalid", invalid),
      ("other status", otherStatus), ("no DRG code", missingDRG), ("unreadable", unreadable),
    ].filter { $0.1 > 0 }
  }

  mutating func add(_ other: AuditCounts) {
    rowsRead += other.rowsRead
    rowsUsed += other.rowsUsed
    unreadable += other.unreadable
    ambiguous += other.ambiguous
    ungroupable += other.ungroupable
    invalid += other.invalid
    otherStatus += other.otherStatus
    missingDRG += other.missingDRG
    missingPatient += other.missingPatient
    missingDate += other.missingDate
    unreadableDate += other.unreadableDate
    dischargeBeforeAdmission += other.dischargeBeforeAdmission
    missingLengthOfStay += other.missingLengthOfStay
    values.add(other.values)
    if firstUnreadable == nil { firstUnreadable = other.firstUnreadable }
    if firstUnreadableDate == nil { firstUnreadableDate = other.firstUnreadableDate }
    if firstDischargeBeforeAdmission == nil {
      firstDischargeBeforeAdmission = other.firstDischargeBeforeAdmission
    }
  }
}

extension AuditCounts: GroupedRowSkips {}
