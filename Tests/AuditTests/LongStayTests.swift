import DRGAnalysis
import DRGKit
import DRGTestSupport
import Foundation
import Testing

@Suite("drg audit: long stays")
struct LongStayTests {
  /// DRG ES15: eight stays of 4 days, two of 8, one of 30 (lines 2–12), at hospital H1 in
  /// dept 10 except the 30-day stay (dept 50); ES13: three stays (too few for a norm).
  static let grouped = """
    case_id,hospital_id,dept,status,adrg,drg,los
    L1,H1,10,grouped,ES1,ES15,4
    L2,H1,10,grouped,ES1,ES15,4
    L3,H1,10,grouped,ES1,ES15,4
    L4,H1,10,grouped,ES1,ES15,4
    L5,H1,10,grouped,ES1,ES15,4
    L6,H1,10,grouped,ES1,ES15,4
    L7,H1,10,grouped,ES1,ES15,4
    L8,H1,10,grouped,ES1,ES15,4
    L9,H1,10,grouped,ES1,ES15,8
    L10,H1,10,grouped,ES1,ES15,8
    L11,H1,50,grouped,ES1,ES15,30
    M1,H1,10,grouped,ES1,ES13,3
    M2,H1,10,grouped,ES1,ES13,90
    M3,H1,10,grouped,ES1,ES13,

    """

  // Hand arithmetic for ES15 (n = 11):
  //   m = (8·ln 4 + 2·ln 8 + ln 30) / 11 = (11.090355 + 4.158883 + 3.401197) / 11 = 1.695494
  //   deviations: ln 4 − m = −0.309200 (×8), ln 8 − m = 0.383947 (×2), ln 30 − m = 1.705703
  //   Σ squares = 8·0.095605 + 2·0.147415 + 2.909423 = 3.969093; sd = √(3.969093/10) = 0.630007
  //   threshold (k = 2) = e^(1.695494 + 1.260014) = e^2.955508 = 19.2115 days; GM = e^m = 5.4493
  //   z of the 30-day stay = 1.705703 / 0.630007 = 2.70743; of an 8-day stay 0.60943.
  static func audit(_ configure: (inout AuditOptions) -> Void = { _ in }) throws -> AuditReport {
    let directory = try TemporaryDirectory()
    let input = try directory.write(grouped, name: "grouped.csv")
    var options = AuditOptions()
    options.rules = [.longStay]
    configure(&options)
    return try FileAudit(options: options).run(input: input)
  }

  @Test func flagsTheStayAboveGeometricMeanTimesTwoSD() throws {
    let report = try Self.audit()
    #expect(report.flags.map(\.caseID) == ["L11"])
    let flag = try #require(report.flags.first)
    #expect(flag.drg == "ES15" && flag.lengthOfStay == 30 && flag.cases == 11)
    #expect(abs(try #require(flag.threshold) - 19.2115) < 1e-3)
    #expect(abs(try #require(flag.expected) - 5.4493) < 1e-3)
    #expect(abs(try #require(flag.statistic) - 2.70743) < 1e-4)
    let tally = try #require(report.longStay)
    // ES13 has 2 stays with a LOS (< 10): no norm, so M2's 90 days is not flagged.
    #expect(tally.drgsWithNorm == 1 && tally.drgsWithoutNorm == 1 && tally.staysChecked == 11)
    #expect(report.counts.missingLengthOfStay == 1)  // M3
  }

  @Test func aroundTheThreshold() throws {
    // k just below the 30-day stay's z (2.70743) flags it; just above does not.
    #expect(try Self.audit { $0.longStaySDs = 2.70 }.flags.map(\.caseID) == ["L11"])
    #expect(try Self.audit { $0.longStaySDs = 2.71 }.flags.isEmpty)
    // k = 0.6 < 0.60943 also flags the 8-day stays (threshold e^(1.695494 + 0.378004) = 7.95).
    #expect(try Self.audit { $0.longStaySDs = 0.6 }.flags.map(\.caseID) == ["L9", "L10", "L11"])
  }

  @Test func perDiemCategoriesRestrictTheFlags() throws {
    #expect(try Self.audit { $0.perDiemDepartments = ["10"] }.flags.isEmpty)
    #expect(try Self.audit { $0.perDiemDepartments = ["50"] }.flags.map(\.caseID) == ["L11"])
    #expect(try Self.audit { $0.perDiemADRGs = ["GB1"] }.flags.isEmpty)
    #expect(try Self.audit { $0.perDiemADRGs = ["ES1"] }.flags.map(\.caseID) == ["L11"])
  }
}
