import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// `drg settle` with a second policy, a coefficient history, diagnoses in the input, and
/// the parallel reader.
@Suite("drg settle what-if, history and reading")
struct SettleWhatIfTests {
  /// Base: the worked example of ``SettleCommandTests`` (PV 10; H1 300 points → 3 000.00,
  /// H2 341.67 → 3 416.70; actual H1 3 000, H2 5 500).
  /// What-if: high outliers only above 5×, so c4 (4×) is normal 100 instead of 200: H2
  /// 241.67 points, total 541.67; budget 5 416.70 → PV = 5 416.70 / 541.67 = 10 exactly;
  /// H1 3 000.00 (no change), H2 2 416.70 (−1 000.00); balance H2 2 416.70 − 5 500 =
  /// −3 083.30 (base 3 416.70 − 5 500 = −2 083.30).
  @Test func secondPolicyShowsTheChangePerHospital() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try SettleFiles(
      grouped: SettleCommandTests.grouped,
      policy:
        #"{"readmission": {"enabled": false}, "name": "base", "budget": 6416.70, "reserveShare": 0, "sharing": null}"#,
      weights: SettleCommandTests.weights,
      inputs: [
        .init(
          "--what-if", "q.json",
          #"{"readmission": {"enabled": false}, "name": "strict", "budget": 5416.70, "reserveShare": 0, "sharing": null, "highOutlier": {"brackets": [{"multiple": 5}]}}"#
        )
      ],
      policyName: "p.json"
    ).run(in: dir)
    #expect(run.status == 0, "\(run.error)")
    let rows = try String(contentsOfFile: out + "/whatif.csv", encoding: .utf8)
    #expect(
      rows.contains(
        "all,H1,300.00,300.00,0.00,10.000000,10.000000,3000.00,3000.00,0.00,0.00,0.00,0.00"),
      "\(rows)")
    #expect(
      rows.contains(
        "all,H2,341.67,241.67,-100.00,10.000000,10.000000,3416.70,2416.70,-1000.00,-2083.30,-3083.30,-1000.00"
      ), "\(rows)")
    // The main files describe the what-if: c4 is normal there.
    let cases = try String(contentsOfFile: out + "/cases.csv", encoding: .utf8)
    #expect(cases.contains("c4,H2,all,A,normal,100.00,"))
    #expect(run.error.contains("0 hospitals paid more, 1 less"), "\(run.error)")
  }

  /// Budget +10 % alone also writes whatif.csv: PV 10 → 7 058.37 / 641.67 = 11.000…;
  /// H1 300 × 11.0000… = 3 300.00.
  @Test func budgetChangeWritesTheComparisonToo() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try SettleFiles(
      grouped: SettleCommandTests.grouped,
      policy:
        #"{"readmission": {"enabled": false}, "budget": 6416.70, "reserveShare": 0, "sharing": null}"#,
      weights: SettleCommandTests.weights, policyName: "p.json"
    ).run(in: dir, extra: ["--budget-change", "+10%"])
    #expect(run.status == 0, "\(run.error)")
    let rows = try String(contentsOfFile: out + "/whatif.csv", encoding: .utf8)
    #expect(rows.contains("all,H1,300.00,300.00,0.00,10.000000,11.000"), "\(rows)")
    #expect(rows.contains(",3000.00,3300.00,300.00,"), "\(rows)")
  }

  /// History: A at H1 1 200, at H2 800 → city mean 1 000, H1 1.2, H2 0.8. c1 (H1, A, 1 000
  /// = 1× the DRG mean) is normal: 100 × 1.2 = 120.00; c3 (H2, A): 100 × 0.8 = 80.00.
  @Test func historyFileGivesComputedCoefficients() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try SettleFiles(
      grouped: SettleCommandTests.grouped,
      policy:
        #"{"readmission": {"enabled": false}, "budget": 1000, "coefficients": {"method": "hospitalCost"}}"#,
      weights: SettleCommandTests.weights,
      inputs: [
        .init(
          "--history", "h.csv",
          "hospital_id,drg,total_cost,status\nH1,A,1200,grouped\nH2,A,800,grouped\n")
      ],
      policyName: "p.json"
    ).run(in: dir)
    #expect(run.status == 0, "\(run.error)")
    let cases = try String(contentsOfFile: out + "/cases.csv", encoding: .utf8)
    #expect(cases.contains("c1,H1,all,A,normal,120.00,"), "\(cases)")
    #expect(cases.contains("c3,H2,all,A,normal,80.00,"), "\(cases)")
  }

  /// The same history and cases with the cost column called `FY` in both, named once by
  /// `--columns`: the map applies to the history file too, so the coefficients are the
  /// same (120.00 and 80.00, as above).
  @Test func columnMapAppliesToTheHistoryFile() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try SettleFiles(
      grouped: SettleCommandTests.grouped.replacingOccurrences(of: "total_cost", with: "FY"),
      policy:
        #"{"readmission": {"enabled": false}, "budget": 1000, "coefficients": {"method": "hospitalCost"}}"#,
      weights: SettleCommandTests.weights,
      inputs: [
        .init(
          "--history", "h.csv", "hospital_id,drg,FY,status\nH1,A,1200,grouped\nH2,A,800,grouped\n"),
        .init("--columns", "map.json", #"{"total_cost": "FY"}"#),
      ],
      policyName: "p.json"
    ).run(in: dir)
    #expect(run.status == 0, "\(run.error)")
    let cases = try String(contentsOfFile: out + "/cases.csv", encoding: .utf8)
    #expect(cases.contains("c1,H1,all,A,normal,120.00,"), "\(cases)")
    #expect(cases.contains("c3,H2,all,A,normal,80.00,"), "\(cases)")
    #expect(run.error.contains("drg settle --history: columns: "), "\(run.error)")
    #expect(run.error.contains("total_cost ← FY"), "\(run.error)")
  }

  @Test func unknownCoefficientMethodNamesTheChoices() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(SettleCommandTests.grouped, name: "grouped.csv")
    let policy = try dir.write(
      #"{"budget": 1, "coefficients": {"method": "jinhua"}}"#, name: "p.json")
    let run = CommandRun(["settle", grouped, "--policy", policy, "-o", dir.path + "/o"])
    #expect(run.status == 65)
    #expect(run.error.contains("unknown method 'jinhua'"), "\(run.error)")
    #expect(run.error.contains("hospitalCost"), "\(run.error)")
  }

  /// The principal diagnosis is the first code of `diagnoses`: K35.800 → appendicitis 80.
  @Test func singleDiseaseFromTheDiagnosesColumn() throws {
    let dir = try TemporaryDirectory()
    var files = SettleFiles(
      grouped:
        "case_id,hospital_id,total_cost,drg,diagnoses,procedures\nc1,H1,1000,A,K35.800|R10.400,47.0100\nc2,H1,1000,A,R10.400|K35.800,\n",
      policy:
        #"{"readmission": {"enabled": false}, "budget": 1000, "singleDisease": [{"name": "appendicitis", "diagnoses": ["K35"], "points": 80}]}"#,
      weights: SettleCommandTests.weights, policyName: "p.json")
    files.groupedName = "g.csv"
    let (run, out) = try files.run(in: dir)
    #expect(run.status == 0, "\(run.error)")
    let cases = try String(contentsOfFile: out + "/cases.csv", encoding: .utf8)
    #expect(cases.contains("c1,H1,all,A,single_disease,80.00,"))
    #expect(cases.contains(",single disease appendicitis,Group A\n"))
    // c2's principal diagnosis is R10.400: a normal A case, 100 points.
    #expect(cases.contains("c2,H1,all,A,normal,100.00,"))
  }

  /// Reading in chunks of 64 bytes (many chunks, two threads) keeps the input order, and a
  /// row with too few fields becomes an excluded case naming its line.
  @Test func chunkedReadingKeepsOrderAndReportsBadRows() throws {
    let dir = try TemporaryDirectory()
    var text = "case_id,hospital_id,total_cost,drg\n"
    for index in 1...200 { text += "c\(index),H\(index % 3),\(index * 10),A\n" }
    text += "bad,H1\n"
    let path = try dir.write(text, name: "g.csv")
    let cases = try SettlementCase.read(path: path, threads: 2, blockSize: 64)
    #expect(cases.count == 201)
    #expect(cases.prefix(200).map(\.caseID) == (1...200).map { "c\($0)" })
    #expect(cases[199].cost == 2_000)
    #expect(cases[200].status == "invalid")
    let price = try Example.pricing().price(cases[200])
    #expect(price.category == .excluded)
    // The header is line 1, so the bad row is line 202.
    #expect(price.reason.contains("line 202"), "\(price.reason)")
  }

  /// Pricing in parallel blocks gives the same points as one case at a time.
  @Test func parallelPricingMatchesSequential() throws {
    let pricing = try Example.pricing()
    var generator = SystemRandomNumberGenerator()
    let cases = (0..<50_000).map { _ in
      SettlementCase(
        hospital: "H\(Int.random(in: 1...5, using: &generator))",
        drg: ["A", "B", "C", ""].randomElement(using: &generator)!,
        cost: Double.random(in: 100...90_000, using: &generator))
    }
    #expect(pricing.prices(cases, threads: 4) == cases.map { pricing.price($0) })
  }
}
