import DRGAnalysis
import DRGKit
import DRGTestSupport
import Testing

@Suite("drg audit: upcoding signal")
struct UpcodingTests {
  @Test func binomialTailMatchesHandSums() {
    // P(Bin(3, 0.5) ≥ 2) = (C(3,2) + C(3,3)) / 8 = 4/8.
    #expect(abs(BinomialTest.upperTail(2, trials: 3, probability: 0.5) - 0.5) < 1e-12)
    // P(Bin(10, 0.1) ≥ 3) = 1 − (0.9¹⁰ + 10·0.1·0.9⁹ + 45·0.01·0.9⁸)
    //                     = 1 − (0.3486784401 + 0.387420489 + 0.1937102445) = 0.0701908264.
    #expect(abs(BinomialTest.upperTail(3, trials: 10, probability: 0.1) - 0.0701908264) < 1e-9)
    #expect(BinomialTest.upperTail(0, trials: 10, probability: 0.3) == 1)
    #expect(BinomialTest.upperTail(4, trials: 10, probability: 0) == 0)
  }

  /// ADRG ES1 (split: ES11 MCC, ES13 CC, ES15 none) at four hospitals of 20 cases each, with
  /// x MCC/CC cases: H1 16, H2 6, H3 5, H4 10; and ADRG XA1 (only XA19, not split).
  static func grouped() -> String {
    var text = "case_id,hospital_id,status,adrg,drg,los\n"
    var number = 0
    for (hospital, complicated) in [("H1", 16), ("H2", 6), ("H3", 5), ("H4", 10)] {
      for index in 0..<20 {
        number += 1
        let drg = index < complicated ? (index % 2 == 0 ? "ES11" : "ES13") : "ES15"
        text += "K\(number),\(hospital),grouped,ES1,\(drg),5\n"
        number += 1
        text += "K\(number),\(hospital),grouped,XA1,XA19,5\n"
      }
    }
    return text
  }

  @Test func flagsTheClearOutlierOnly() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.grouped(), name: "grouped.csv")
    var options = AuditOptions()
    options.rules = [.upcoding]
    let report = try FileAudit(options: options).run(input: input)
    let tally = try #require(report.upcoding)
    #expect(tally.splitADRGs == 1 && tally.cellsTested == 4 && tally.cellsTooSmall == 0)
    // Bonferroni: 0.05 / 4 cells = 0.0125.
    #expect(abs(tally.threshold - 0.0125) < 1e-15)
    #expect(report.flags.count == 1)
    let flag = try #require(report.flags.first)
    #expect(flag.kind == .upcoding && flag.hospital == "H1" && flag.adrg == "ES1")
    #expect(flag.cases == 20 && flag.events == 16 && flag.peerCases == 60)
    // Peers of H1: (6 + 5 + 10) / 60 = 0.35. p = Σ_{k=16..20} C(20,k)·0.35^k·0.65^(20−k)
    //   = 4.3857e-5 + 5.5565e-6 + 4.9866e-7 + 2.8264e-8 + 7.61e-10 = 4.99409e-5 ≤ 0.0125.
    #expect(abs(try #require(flag.peerRate) - 0.35) < 1e-12)
    #expect(abs(try #require(flag.pValue) - 4.99409e-5) < 1e-9)
    // z = (16 − 20·0.35) / √(20·0.35·0.65) = 9 / √4.55 = 4.2193.
    #expect(abs(try #require(flag.statistic) - 4.2193) < 1e-4)
    // H4 (10 of 20 = 0.5 against (16 + 6 + 5)/60 = 0.45) is above its peers but within
    // noise: P(Bin(20, 0.45) ≥ 10) = 0.4086 > 0.0125, so it is not flagged.
    #expect(abs(BinomialTest.upperTail(10, trials: 20, probability: 0.45) - 0.40864) < 1e-5)
  }

  @Test func tooFewCasesAreNotTested() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.grouped(), name: "grouped.csv")
    var options = AuditOptions()
    options.rules = [.upcoding]
    options.upcodingMinimumCases = 21  // every hospital has 20 cases in ES1
    let report = try FileAudit(options: options).run(input: input)
    #expect(report.upcoding?.cellsTested == 0 && report.upcoding?.cellsTooSmall == 4)
    #expect(report.flags.isEmpty)
  }
}
