import DRGAnalysis
import DRGKit
import DRGTestSupport
import Testing

/// `drg audit` on more cases than one page of its columns (65,536), read in many chunks on
/// two threads: the flags are those built into the file, at lines past the page boundaries.
@Suite("drg audit across column pages")
struct AuditManyCasesTests {
  static let cases = 140_000

  /// 140,000 grouped stays (case i on line i + 2, the header being line 1) of DRG GB15 with
  /// LOS 3 or 5 (alternating), each its own patient, dept 50 for i < 70,000, else dept 10,
  /// built so that:
  /// - cases 65,535 and 65,536 (lines 65,537 and 65,538, on both sides of the first page
  ///   boundary) are patient Q1, discharged 01-05 and admitted 01-08 at H1: gap 3 days;
  /// - cases 139,998 and 139,999 are patient Q2, discharged and admitted 01-04, H1 then H2:
  ///   gap 0 days, another hospital;
  /// - cases 50,000 (dept 50), 100,000 (dept 50) and 120,000 (dept 10) stay 60 days. The
  ///   norm of GB15: half ln 3, half ln 5, so m ≈ ln √15 = 1.354 and sd ≈ (ln 5 − ln 3)/2 =
  ///   0.255, threshold ≈ e^(1.354 + 2·0.255) ≈ 6.5 days (three stays of 60 move it by less
  ///   than 0.01): the 60-day stays are flagged, the 5-day ones are not.
  static func grouped() -> String {
    var text =
      "case_id,hospital_id,patient_id,admit_date,discharge_date,los,dept,diagnoses,status,adrg,drg\n"
    text.reserveCapacity(cases * 80)
    for index in 0..<cases {
      var hospital = "H1"
      var patient = "P\(index)"
      var admitted = "2024-01-01"
      var discharged = "2024-01-04"
      var stay = index % 2 == 0 ? "3" : "5"
      switch index {
      case 65_535:
        patient = "Q1"
        discharged = "2024-01-05"
      case 65_536:
        patient = "Q1"
        admitted = "2024-01-08"
        discharged = "2024-01-10"
      case 139_998: patient = "Q2"
      case 139_999:
        patient = "Q2"
        hospital = "H2"
        admitted = "2024-01-04"
        discharged = "2024-01-06"
      case 50_000, 100_000, 120_000: stay = "60"
      default: break
      }
      let dept = index < 70_000 || index == 100_000 ? "50" : "10"
      text +=
        "C\(index),\(hospital),\(patient),\(admitted),\(discharged),\(stay),\(dept),K35.800,grouped,GB1,GB15\n"
    }
    return text
  }

  static func audit(_ input: String, _ configure: (inout AuditOptions) -> Void) throws
    -> AuditReport
  {
    var options = AuditOptions()
    options.rules = [.readmission, .longStay]
    configure(&options)
    var audit = FileAudit(options: options)
    audit.threads = 2
    audit.blockSize = 256 << 10  // about 70 chunks
    return try audit.run(input: input)
  }

  @Test func flagsAcrossPageBoundaries() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.grouped(), name: "grouped.csv")
    let report = try Self.audit(input) { _ in }
    #expect(report.counts.rowsRead == Self.cases && report.counts.rowsUsed == Self.cases)
    let readmissions = report.flags.filter { $0.kind == .readmission }
    #expect(readmissions.map(\.line) == [65_538, 140_001])
    #expect(readmissions.map(\.relatedLine) == [65_537, 140_000])
    #expect(readmissions.map(\.caseID) == ["C65536", "C139999"])
    #expect(readmissions.map(\.relatedCaseID) == ["C65535", "C139998"])
    #expect(readmissions.map(\.patientID) == ["Q1", "Q2"])
    #expect(readmissions.map(\.gapDays) == [3, 0])
    #expect(readmissions.map(\.hospitals) == ["same", "other"])
    #expect(readmissions.map(\.relation) == ["adrg;dx3", "adrg;dx3"])
    #expect(readmissions[1].hospital == "H2" && readmissions[1].relatedHospital == "H1")
    let tally = try #require(report.readmission)
    #expect(tally.staysChecked == Self.cases && tally.patients == Self.cases - 2)
    let longStays = report.flags.filter { $0.kind == .longStay }
    #expect(longStays.map(\.line) == [50_002, 100_002, 120_002])
    #expect(longStays.map(\.caseID) == ["C50000", "C100000", "C120000"])
    #expect(longStays.allSatisfy { $0.lengthOfStay == 60 && $0.cases == Self.cases })
    let threshold = try #require(longStays.first?.threshold)
    #expect(threshold > 6.3 && threshold < 6.7)
    // Readmissions first, then long stays: the order of the rules.
    let kinds: [AuditFlag.Kind] = [.readmission, .readmission, .longStay, .longStay, .longStay]
    #expect(report.flags.map(\.kind) == kinds)
  }

  /// With --per-diem-dept 50 only the long stays in dept 50 are flagged: case 50,000 (before
  /// the first case outside dept 50, at 70,000) and case 100,000 (after it).
  @Test func perDiemDepartmentsAcrossPages() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.grouped(), name: "grouped.csv")
    let report = try Self.audit(input) {
      $0.rules = [.longStay]
      $0.perDiemDepartments = ["50"]
    }
    #expect(report.flags.map(\.line) == [50_002, 100_002])
  }
}
