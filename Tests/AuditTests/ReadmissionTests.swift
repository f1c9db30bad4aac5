import DRGAnalysis
import DRGKit
import DRGTestSupport
import Testing

@Suite("drg audit: readmissions")
struct ReadmissionTests {
  /// Grouped stays of seven patients (hand-made; lines counted from the header = line 1):
  /// - P1 (lines 2, 3): discharged 01-05, readmitted 01-20 to the same hospital → gap 15
  ///   days, on the boundary of the 15-day window; same ADRG ES1 and category J18.
  /// - P2 (lines 4, 5): discharged 02-10, readmitted 02-26 → gap 16, outside the window.
  /// - P3 (lines 6, 7): discharged 03-03 at H1, admitted 03-05 at H2 → gap 2, another
  ///   hospital; ADRGs differ (FM1, FR1) but the category I21 is the same.
  /// - P4 (lines 8, 9): two chemotherapy stays (RE1) 7 days apart → exempt, not flagged.
  /// - P5 (lines 10, 11): gap 2 but unrelated (ES1 / J18 then GB1 / K35).
  /// - P6 (lines 12, 13): the second stay's admit date 2024-13-01 cannot be read.
  /// - line 14: no patient_id.
  static let grouped = """
    case_id,hospital_id,patient_id,admit_date,discharge_date,los,diagnoses,status,mdc,adrg,drg
    A1,H1,P1,2024-01-01,2024-01-05,4,J18.900|I10.x00,grouped,MDCE,ES1,ES13
    A2,H1,P1,2024/01/20,2024/01/25,5,J18.000,grouped,MDCE,ES1,ES15
    B1,H1,P2,2024-02-01,2024-02-10,9,J18.900,grouped,MDCE,ES1,ES15
    B2,H1,P2,20240226,20240301,4,J18.900,grouped,MDCE,ES1,ES15
    C1,H1,P3,2024-03-01,2024-03-03,2,I21.000,grouped,MDCF,FM1,FM15
    C2,H2,P3,2024-03-05,2024-03-12,7,I21.900,grouped,MDCF,FR1,FR13
    D1,H1,P4,2024-04-01,2024-04-03,2,C34.900|Z51.100,grouped,MDCR,RE1,RE19
    D2,H1,P4,2024-04-10,2024-04-12,2,C34.900|Z51.100,grouped,MDCR,RE1,RE19
    E1,H1,P5,2024-05-01,2024-05-04,3,J18.900,grouped,MDCE,ES1,ES15
    E2,H1,P5,2024-05-06,2024-05-09,3,K35.800,grouped,MDCG,GB1,GB15
    F1,H1,P6,2024-06-01,2024-06-05,4,J18.900,grouped,MDCE,ES1,ES15
    F2,H1,P6,2024-13-01,2024-06-20,4,J18.900,grouped,MDCE,ES1,ES15
    G1,H1,,2024-06-01,2024-06-05,4,J18.900,grouped,MDCE,ES1,ES15

    """

  static func audit(_ configure: (inout AuditOptions) -> Void = { _ in }) throws -> AuditReport {
    let directory = try TemporaryDirectory()
    let input = try directory.write(grouped, name: "grouped.csv")
    var options = AuditOptions()
    options.rules = [.readmission]
    configure(&options)
    var audit = FileAudit(options: options)
    audit.threads = 2
    audit.blockSize = 64  // several chunks, so the pairs cross chunk boundaries
    return try audit.run(input: input)
  }

  @Test func flagsTheBoundaryDayAndAnotherHospitalOnly() throws {
    let report = try Self.audit()
    let flags = report.flags
    #expect(flags.map(\.caseID) == ["A2", "C2"])
    #expect(flags.map(\.relatedCaseID) == ["A1", "C1"])
    #expect(flags.map(\.patientID) == ["P1", "P3"])
    #expect(flags.map(\.gapDays) == [15, 2])  // 01-20 − 01-05; 03-05 − 03-03
    #expect(flags.map(\.hospitals) == ["same", "other"])
    #expect(flags.map(\.relation) == ["adrg;dx3", "dx3"])
    #expect(flags[1].hospital == "H2" && flags[1].relatedHospital == "H1")
    #expect(flags[1].reason.contains("another hospital (H1 → H2)"))
    #expect(flags[1].reason.contains("same principal-diagnosis category I21"))
    #expect(flags.map(\.line) == [3, 7] && flags.map(\.relatedLine) == [2, 6])
    let tally = try #require(report.readmission)
    #expect(tally.exemptPairs == 1)  // P4
    #expect(tally.flagged == 2 && tally.sameHospital == 1 && tally.otherHospital == 1)
    // 13 rows, all grouped; the stays checked leave out line 13 (bad date) and line 14.
    #expect(report.counts.rowsRead == 13 && report.counts.rowsUsed == 13)
    #expect(tally.staysChecked == 11)
    #expect(report.counts.unreadableDate == 1 && report.counts.missingPatient == 1)
    let date = try #require(report.counts.firstUnreadableDate)
    #expect(date.line == 13 && date.field == "admit_date" && date.text == "2024-13-01")
  }

  @Test func aShorterWindowDropsTheBoundaryPair() throws {
    // Gap 15 > 14: only P3 (gap 2) remains.
    let report = try Self.audit { $0.readmissionDays = 14 }
    #expect(report.flags.map(\.caseID) == ["C2"])
  }

  @Test func exemptionsAndRelationsAreOptions() throws {
    // Without exemptions P4's chemotherapy stays (same ADRG RE1, gap 10 − 3 = 7) are flagged.
    let open = try Self.audit { $0.exemptADRGs = [] }
    #expect(open.flags.map(\.caseID) == ["A2", "C2", "D2"])
    #expect(open.readmission?.exemptPairs == 0)
    // Related by ADRG only: P3 (FM1 then FR1) is no longer related.
    let byADRG = try Self.audit { $0.relations = [.adrg] }
    #expect(byADRG.flags.map(\.caseID) == ["A2"])
    // By MDC: P5's ES1 and GB1 are in different MDCs (E, G), so still not flagged.
    let byMDC = try Self.audit { $0.relations = [.mdc] }
    #expect(byMDC.flags.map(\.caseID) == ["A2", "C2"])
  }

  @Test func withoutHospitalIDTheHospitalIsUnknown() throws {
    // P1 again without hospital_id: gap 3 − 2 = 1 day, same ADRG; neither same nor other.
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      """
      case_id,patient_id,admit_date,discharge_date,diagnoses,status,adrg,drg
      A1,P1,2024-01-01,2024-01-02,J18.900,grouped,ES1,ES15
      A2,P1,2024-01-03,2024-01-04,J20.900,grouped,ES1,ES15

      """, name: "grouped.csv")
    var options = AuditOptions()
    options.rules = [.readmission]
    let report = try FileAudit(options: options).run(input: input)
    #expect(report.flags.map(\.hospitals) == ["unknown"])
    #expect(report.flags.map(\.gapDays) == [1])
    #expect(report.flags.map(\.relation) == ["adrg"])  // J18 and J20 differ
    #expect(report.readmission?.sameHospital == 0 && report.readmission?.otherHospital == 0)
  }
}
