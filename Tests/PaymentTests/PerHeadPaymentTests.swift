import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// Per-head payment (按人头, issue 18, item 2): capitation from the enrolment × the
/// category rates, balanced against outpatient costs with the sharing bands, a pool of its
/// own with an optional budget, alliances paid as one. Expected values worked by hand.
@Suite("Per-head payment")
struct PerHeadPaymentTests {
  /// Rates: general 100, chronic 300 yuan a person. Alliance East = H2, H3.
  /// Capitation N: H1 100 × 100 + 10 × 300 = 13 000; H2 50 × 100 = 5 000; H3 30 × 100 +
  /// 5 × 300 = 4 500 → East 9 500; H4 100 × 100 = 10 000; H5 10 000.
  static let enrolment = """
    hospital_id,category,persons
    H1,general,100
    H1,chronic,10
    H2,general,50
    H3,general,30
    H3,chronic,5
    H4,general,100
    H5,general,100

    """

  /// Costs A over all categories (no category column: the balance is struck per unit):
  /// H1 12 000; East 6 000 + 4 500 = 10 500; H4 5 000; H5 10 400.
  static let outpatient = """
    hospital_id,visits,cost
    H1,540,12000
    H2,300,6000
    H3,120,4500
    H4,200,5000
    H5,420,10400

    """

  static let weights = HospitalBudgetAndAllianceTests.weights
  static let grouped =
    "case_id,hospital_id,total_cost,los,leaving,status,drg\nc1,H1,1000,3,1,grouped,A\n"

  static func policy(budget: String) -> String {
    """
    {"budget": 1000, "reserveShare": 0, "readmission": {"enabled": false},
     "alliances": {"members": {"East": ["H2", "H3"]}},
     "perHead": {"categories": [{"name": "general", "ratePerPerson": 100},
                                {"name": "chronic", "ratePerPerson": 300}]\(budget)}}
    """
  }

  func settle(
    _ dir: TemporaryDirectory, policy: String, enrolment: String = Self.enrolment,
    outpatient: String = Self.outpatient, extra: [String] = []
  ) throws -> (CommandRun, String) {
    try Self.files(policy: policy, enrolment: enrolment, outpatient: outpatient)
      .run(in: dir, extra: extra)
  }

  /// The grouped case, `policy`, the weights and the per-head files (`--enrolment`,
  /// `--outpatient`) every per-head test settles.
  static func files(
    policy: String, enrolment: String = Self.enrolment, outpatient: String = Self.outpatient
  ) -> SettleFiles {
    SettleFiles(
      grouped: grouped, policy: policy, weights: weights,
      inputs: [
        .init("--enrolment", "enrolment.csv", enrolment),
        .init("--outpatient", "outpatient.csv", outpatient),
      ])
  }

  /// No per-head budget: factor 1, each unit paid S(N, A) with the policy's default bands
  /// (α 0.5, cap 0.1, β 0.1, γ 0.5):
  /// - H1: A 12 000 ≤ N 13 000, α × 1 000 = 500 ≤ 1 300 → 12 500.00, surplus;
  /// - East: A 10 500 > 1.1 × 9 500 = 10 450 → 9 500 × (1 + 0.5 × 0.1) = 9 975.00, beyond;
  ///   split by capitation 5 000 : 4 500 → H2 5 250.00, H3 4 725.00 (exact);
  /// - H4: A 5 000, α × 5 000 = 2 500 > 1 000 → 5 000 + 1 000 = 6 000.00, surplus_capped;
  /// - H5: overspend 400 ≤ 1 000 → 10 000 + 200 = 10 200.00, overspend_shared.
  /// Prepaid (ratio 0.85, nominal factor 1): 12 × round(N fen / 12 × 0.85):
  /// H1 1 300 000 / 12 × 0.85 = 92 083.33 → 92 083 × 12 = 11 049.96, true-up 1 450.04;
  /// East 950 000 / 12 × 0.85 = 67 291.67 → 67 292 a month, × 12 = 8 075.04; each month
  /// split 5 000 : 4 500 → 35 416.84 and 31 875.16 → 35 416 + 31 875 = 67 291, the fen
  /// left to H2 (.84) → H2 354.17 a month, 4 250.04 a year (true-up 999.96), H3 318.75,
  /// 3 825.00 (true-up 900.00).
  @Test func capitationBalancedAgainstCostInEveryBand() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try settle(
      dir, policy: Self.policy(budget: ""), extra: ["--html", dir.path + "/report.html"])
    #expect(run.status == 0, "\(run.error)")
    let html = try String(contentsOfFile: dir.path + "/report.html", encoding: .utf8)
    #expect(html.contains("按人头付费 · Per-head payment"))
    let table = try String(contentsOfFile: out + "/perhead.csv", encoding: .utf8)
    #expect(
      table == """
        unit,hospital_id,persons,capitation,entitlement,visits,cost,payment,balance,band,withheld,returned,deductions,final_payment,prepaid,true_up
        East,*,85,9500.00,9500.00,420,10500.00,9975.00,-525.00,overspend_beyond,0.00,0.00,0.00,9975.00,8075.04,1899.96
        East,H2,50,5000.00,,300,6000.00,5250.00,-750.00,overspend_beyond,0.00,0.00,0.00,5250.00,4250.04,999.96
        East,H3,35,4500.00,,120,4500.00,4725.00,225.00,overspend_beyond,0.00,0.00,0.00,4725.00,3825.00,900.00
        H1,H1,110,13000.00,13000.00,540,12000.00,12500.00,500.00,surplus,0.00,0.00,0.00,12500.00,11049.96,1450.04
        H4,H4,100,10000.00,10000.00,200,5000.00,6000.00,1000.00,surplus_capped,0.00,0.00,0.00,6000.00,8499.96,-2499.96
        H5,H5,100,10000.00,10000.00,420,10400.00,10200.00,-200.00,overspend_shared,0.00,0.00,0.00,10200.00,8499.96,1700.04

        """)
    let categories = try String(contentsOfFile: out + "/perhead_categories.csv", encoding: .utf8)
    // No costs by category: those columns and the balance columns stay empty.
    #expect(categories.contains("\nEast,H3,chronic,5,300.00,1500.00,,,,,,\n"), "\(categories)")
    #expect(
      run.error.contains("per head: 4 hospitals/alliances, 395 persons enrolled"), "\(run.error)")
  }

  /// Per-head budget 40 000, no reserve: the factor k with Σ S_u(N_u × k) = 40 000. At
  /// k = 1 the payout is 12 500 + 9 975 + 6 000 + 10 200 = 38 675; East leaves "beyond"
  /// at k = 10 500 / 10 450. Between there and the next break (East reaching A = Nk at
  /// 10 500 / 9 500) the payout is
  /// H1 12 000 + 0.5 (13 000k − 12 000) = 6 000 + 6 500k (cap reached only at k = 1.1538),
  /// East 0.5 × 9 500k + 0.5 × 10 500 = 4 750k + 5 250, H4 5 000 + 0.1 × 10 000k,
  /// H5 0.5 × 10 000k + 0.5 × 10 400 = 5 000k + 5 200 (the same line on both sides of
  /// k = 1.04) → 17 250k + 21 450 = 40 000 → k = 18 550 / 17 250 = 1.0753623…
  /// Payments (yuan): H1 6 000 + 6 500k = 12 989.855…, East 5 250 + 4 750k = 10 357.971…,
  /// H4 5 000 + 1 000k = 6 075.362…, H5 5 200 + 5 000k = 10 576.811…; in fen the floors
  /// sum to 3 999 999 and the fen left goes to H1 (fraction .507) → 12 989.86, 10 357.97,
  /// 6 075.36, 10 576.81 = 40 000.00. East split 5 000 : 4 500: 1 035 797 × 5/9.5 =
  /// 545 156.32 and 490 640.68 → H3 takes the fen left → H2 5 451.56, H3 4 906.41.
  /// Prepaid H1: nominal factor 40 000 / 42 500; 1 300 000 × that / 12 × 0.85 = 86 666.67
  /// → 86 667 × 12 = 10 400.04.
  @Test func aPerHeadBudgetIsPaidOutExactlyByTheFactor() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try settle(dir, policy: Self.policy(budget: #", "budget": 40000"#))
    #expect(run.status == 0, "\(run.error)")
    let table = try String(contentsOfFile: out + "/perhead.csv", encoding: .utf8)
    #expect(
      table.contains(
        "\nH1,H1,110,13000.00,13979.71,540,12000.00,12989.86,989.86,surplus,0.00,0.00,0.00,12989.86,10400.04,"
      ), "\(table)")
    #expect(
      table.contains("\nEast,*,85,9500.00,10215.94,420,10500.00,10357.97,-142.03,overspend_shared,")
    )
    #expect(table.contains("\nEast,H2,50,5000.00,,300,6000.00,5451.56,"))
    #expect(table.contains("\nEast,H3,35,4500.00,,120,4500.00,4906.41,"))
    #expect(
      table.contains("\nH4,H4,100,10000.00,10753.62,200,5000.00,6075.36,1075.36,surplus_capped,"))
    #expect(table.contains("\nH5,H5,100,10000.00,10753.62,420,10400.00,10576.81,176.81,surplus,"))
    #expect(run.error.contains("factor 1.075362, paid 40000.00"), "\(run.error)")
  }

  @Test func badRowsAreRefusedNamingFileLineAndField() throws {
    let dir = try TemporaryDirectory()
    let policy = Self.policy(budget: "")
    let twice = try settle(
      dir, policy: policy, enrolment: "hospital_id,category,persons\nH1,general,1\nH1,general,2\n")
    #expect(twice.0.status == 65)
    #expect(
      twice.0.error.contains("enrolment.csv, line 3")
        || twice.0.error.contains("enrolment.csv:3"), "\(twice.0.error)")
    #expect(twice.0.error.contains("appears twice (also on line 2)"), "\(twice.0.error)")
    let category = try settle(
      dir, policy: policy, enrolment: "hospital_id,category,persons\nH1,dental,1\n")
    #expect(category.0.status == 65)
    #expect(category.0.error.contains("category 'dental' is not one of"), "\(category.0.error)")
    let persons = try settle(
      dir, policy: policy, enrolment: "hospital_id,category,persons\nH1,general,many\n")
    #expect(persons.0.error.contains("persons 'many' is not a whole number"), "\(persons.0.error)")
    let stranger = try settle(
      dir, policy: policy,
      outpatient: "hospital_id,category,cost\nH1,general,10\nH9,general,5\n")
    #expect(stranger.0.status == 65)
    #expect(
      stranger.0.error.contains("hospital 'H9' has outpatient costs but no one is enrolled"),
      "\(stranger.0.error)")
    let table = try dir.write("hospital_id,name\nH1,一院\nH2,二院\nH3,三院\nH4,四院\n", name: "h.csv")
    let unknown = try settle(dir, policy: policy, extra: ["--hospitals", table])
    #expect(unknown.0.status == 65)
    #expect(
      unknown.0.error.contains("hospital 'H5' is neither in the hospitals file"),
      "\(unknown.0.error)")
  }

  @Test func theFilesAndTheSectionGoTogether() throws {
    let dir = try TemporaryDirectory()
    let without = CommandRun([
      "settle", try dir.write(Self.grouped, name: "g.csv"), "--policy",
      try dir.write(Self.policy(budget: ""), name: "p.json"), "--weights",
      try dir.write(Self.weights, name: "w.csv"), "-o", dir.path + "/o",
    ])
    #expect(without.status == 65)
    #expect(without.error.contains("give --enrolment FILE"), "\(without.error)")
    let stray = CommandRun([
      "settle", try dir.write(Self.grouped, name: "g.csv"), "--policy",
      try dir.write(#"{"budget": 1000}"#, name: "q.json"), "--weights",
      try dir.write(Self.weights, name: "w.csv"), "-o", dir.path + "/o", "--enrolment",
      try dir.write(Self.enrolment, name: "e.csv"),
    ])
    #expect(stray.status == 64)
    var policy = SettlementPolicy()
    policy.budget = 1
    var section = SettlementPolicy.PerHead()
    section.categories = [
      .init(name: "general", ratePerPerson: -1), .init(name: "general", ratePerPerson: 1),
    ]
    section.reserveShare = 1
    policy.perHead = section
    let problems = policy.problems().joined(separator: "\n")
    #expect(
      problems.contains("perHead.categories[0] 'general'.ratePerPerson must be ≥ 0"), "\(problems)")
    #expect(problems.contains("category names must differ"))
    #expect(problems.contains("perHead.reserveShare must be in [0, 1)"))
  }
}
