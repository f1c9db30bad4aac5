import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// `drg settle` with day surgery and single disease priced in yuan by level: the files a
/// director reads, and the policy checks of the new sections.
@Suite("drg settle with yuan-priced cases")
struct YuanPricedSettleCommandTests {
  /// Weights of ``SettleCommandTests``: A BP 100, mean 1 000; B BP 200, mean 2 000.
  /// Levels: H1 "3", H2 "2". Day surgery cataract (main procedure 13.4…, ≤ 1 day): 800
  /// yuan at level 3, else 700, outside the pool. Single disease appendicitis (K35…):
  /// 1 300 at level 3, 1 100 at level 2, against the budget. Budget 5 100, no reserve,
  /// no sharing bands.
  ///
  /// d1 H1 A normal 100 points; d2 H1 B normal 200; d3 H2 A normal 100; d4 H1 cataract,
  /// 1 day → 800.00 yuan; d5 H2 cataract → 700.00; d6 H2 appendicitis → 1 100.00 against
  /// the budget.
  /// Point budget = 5 100 − 1 100 = 4 000; points 300 + 100 = 400 → PV 10.
  /// H1: payment 3 000.00, yuan 800.00 (cost 900.00), final 3 800.00; self-pay 100 + 90
  /// = 190.00 → fund 3 610.00.
  /// H2: payment 1 000.00, yuan 700 + 1 100 = 1 800.00 (cost 950 + 1 500 = 2 450.00),
  /// final 2 800.00, fund 2 800.00.
  /// Pool: yuan in budget 1 100.00, outside 700 + 800 = 1 500.00, point budget 4 000.00,
  /// payout 4 000.00, final 6 600.00, self-pay 190.00, fund 6 410.00.
  /// drgs.csv (names from the weights file): A = d1, d3, d4, d5: 4 cases, 200 points (the yuan cases have none), paid
  /// 1 000 + 1 000 + 800 + 700 = 3 500.00, cost 3 850.00, balance −350.00, self-pay
  /// 190.00, fund 3 310.00; B = d2, d6: 2 cases, 200 points, 2 000 + 1 100 = 3 100.00,
  /// cost 3 500.00, −400.00.
  static let grouped = """
    case_id,hospital_id,total_cost,los,leaving,status,drg,diagnoses,procedures,self_pay
    d1,H1,1000,3,1,grouped,A,K80.1,,100
    d2,H1,2000,5,1,grouped,B,I10,,0
    d3,H2,1000,3,1,grouped,A,K80.2,,0
    d4,H1,900,1,1,grouped,A,H25.9,13.4100|13.7000,90
    d5,H2,950,1,1,grouped,A,H25.9,13.4100,0
    d6,H2,1500,4,1,grouped,B,K35.8,47.0100,0

    """

  static let policy = """
    {"budget": 5100, "reserveShare": 0, "sharing": null, "readmission": {"enabled": false},
     "coefficients": {"levels": {"H1": "3", "H2": "2"}},
     "daySurgery": [{"name": "cataract", "procedures": ["13.4"], "maxDays": 1,
                     "yuan": 700, "yuanByLevel": {"3": 800}}],
     "singleDisease": [{"name": "appendicitis", "diagnoses": ["K35"],
                        "yuanByLevel": {"3": 1300, "2": 1100}, "pool": "budget"}]}
    """

  @Test func filesShowTheYuanCasesApartFromThePoints() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try SettleFiles(
      grouped: Self.grouped, policy: Self.policy, weights: SettleCommandTests.weights,
      policyName: "p.json"
    ).run(in: dir)
    #expect(run.status == 0, "\(run.error)")
    let cases = try String(contentsOfFile: out + "/cases.csv", encoding: .utf8)
    #expect(cases.contains("d1,H1,all,A,normal,100.00,1000.00,100.00,900.00,"), "\(cases)")
    #expect(cases.contains("d4,H1,all,A,day_surgery,,800.00,90.00,710.00,"), "\(cases)")
    #expect(cases.contains("d5,H2,all,A,day_surgery,,700.00,0.00,700.00,"), "\(cases)")
    #expect(cases.contains("d6,H2,all,B,single_disease,,1100.00,0.00,1100.00,"), "\(cases)")
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(hospitals.contains("cases_day_surgery"))
    #expect(hospitals.contains(",3000.00,3000.00,3000.00,800.00,900.00,"), "\(hospitals)")
    #expect(hospitals.contains(",1000.00,1000.00,1000.00,1800.00,2450.00,"), "\(hospitals)")
    #expect(hospitals.contains(",none,0.00,0.00,0.00,3800.00,190.00,3610.00\n"), "\(hospitals)")
    #expect(hospitals.contains(",none,0.00,0.00,0.00,2800.00,0.00,2800.00\n"), "\(hospitals)")
    let pools = try String(contentsOfFile: out + "/pools.csv", encoding: .utf8)
    #expect(
      pools.contains(
        "all,5100.00,0.00,5100.00,1100.00,1500.00,4000.00,6,2,400.00,10.000000,10.000000,4000.00,none,0.00,0.00,pool,6600.00,190.00,6410.00\n"
      ), "\(pools)")
    let drgs = try String(contentsOfFile: out + "/drgs.csv", encoding: .utf8)
    #expect(drgs.contains("A,Group A,4,200.00,3500.00,3850.00,-350.00,190.00,3310.00\n"), "\(drgs)")
    #expect(drgs.contains("B,Group B,2,200.00,3100.00,3500.00,-400.00,0.00,3100.00\n"), "\(drgs)")
    #expect(
      run.error.contains("cases paid in yuan: 1100.00 against the budget, 1500.00 outside it"),
      "\(run.error)")
  }

  /// Day surgery by procedure needs the procedures and los columns.
  @Test func daySurgeryWithoutTheProcedureColumnStopsTheRun() throws {
    let dir = try TemporaryDirectory()
    let (run, _) = try SettleFiles(
      grouped: SettleCommandTests.grouped,
      policy:
        #"{"budget": 1, "readmission": {"enabled": false}, "daySurgery": [{"name": "cataract", "procedures": ["13.4"], "points": 5}]}"#,
      weights: SettleCommandTests.weights, policyName: "p.json"
    ).run(in: dir)
    #expect(run.status == 65, "\(run.error)")
    #expect(run.error.contains("day surgery 'cataract'"), "\(run.error)")
    #expect(run.error.contains("procedures"), "\(run.error)")
  }

  /// Nonsense values in the new sections, each refused naming its field.
  @Test(arguments: [
    (
      #""singleDisease": [{"name": "x", "diagnoses": ["K35"], "points": 10, "yuan": 100}]"#,
      "singleDisease[0] 'x': give points or a yuan price (yuan, yuanByLevel), not both"
    ),
    (
      #""daySurgery": [{"name": "d", "drgs": ["A"], "yuanByLevel": {"3": -5}}]"#,
      "daySurgery[0] 'd'.yuanByLevel.3 must be ≥ 0, found -5"
    ),
    (
      #""daySurgery": [{"name": "d", "drgs": ["A"]}]"#,
      "daySurgery[0] 'd': give points or a yuan price"
    ),
    (
      #""daySurgery": [{"name": "d", "drgs": ["A"], "points": 1, "maxDays": -1}]"#,
      "daySurgery[0] 'd'.maxDays must be ≥ 0, found -1"
    ),
    (
      #""perDiem": [{"name": "p", "drgs": ["B"], "segments": [{"fromDay": 1, "pointsPerDay": 10}]}], "singleDisease": [{"name": "s", "drgs": ["B"], "points": 5}]"#,
      "singleDisease[0] 's'.drgs lists 'B', which perDiem[0] 'p'.drgs lists too"
    ),
    (
      #""newTechnology": [{"name": "n", "procedures": ["35.0"]}], "daySurgery": [{"name": "d", "procedures": ["35.05"], "points": 1}]"#,
      "daySurgery[0] 'd'.procedures lists '35.05' and newTechnology[0] 'n'.procedures lists '35.0'"
    ),
    (
      #""newTechnology": [{"name": "n", "procedures": ["35.0"], "costShare": 1.5}]"#,
      "newTechnology[0] 'n'.costShare must be in [0, 1], found 1.5"
    ),
    (
      #""newTechnology": [{"name": "n"}]"#,
      "newTechnology[0] 'n': give procedures"
    ),
    (
      #""perDiem": [{"name": "p", "drgs": ["B"], "segments": [{"fromDay": 1, "pointsPerDay": 10, "yuanPerDay": 100}]}]"#,
      "perDiem[0] 'p'.segments[0]: give a rate in points (pointsPerDay, pointsPerDayByLevel) or in yuan"
    ),
    (
      #""perDiem": [{"name": "p", "drgs": ["B"], "segments": [{"fromDay": 1, "toDay": 5, "pointsPerDay": 10}, {"fromDay": 6, "yuanPerDay": 100}]}]"#,
      "perDiem[0] 'p'.segments[1]: every segment of a category takes its rate in the same unit"
    ),
    (
      #""singleDisease": [{"name": "s", "drgs": ["B"], "yuan": 100, "pool": "elsewhere"}]"#,
      "unknown pool 'elsewhere'; use outside, budget, points"
    ),
    (
      #""coefficients": {"levels": {"H1": "3"}}, "singleDisease": [{"name": "s", "drgs": ["B"], "yuanByLevel": {"三级": 100}}]"#,
      "singleDisease[0] 's'.yuanByLevel gives level '三级', which no hospital has (levels: 3)"
    ),
    (
      #""perDiem": [{"name": "p", "drgs": ["B"], "segments": [{"fromDay": 1, "pointsPerDayByLevel": {"2": 10}}]}]"#,
      "perDiem[0] 'p'.segments[0].pointsPerDayByLevel gives level '2', but no hospital has a level"
    ),
  ])
  func nonsenseInTheNewSectionsIsRefused(fields: String, message: String) throws {
    let dir = try TemporaryDirectory()
    let (run, _) = try SettleFiles(
      grouped: Self.grouped, policy: #"{"budget": 1, "# + fields + "}",
      weights: SettleCommandTests.weights, policyName: "p.json"
    ).run(in: dir)
    #expect(run.status == 65, "\(run.error)")
    #expect(run.error.contains(message), "\(run.error)")
  }

  /// A level from the hospitals file counts as known: level 2 of H2 comes from
  /// --hospitals, so yuanByLevel "2" is accepted (and H1 without a level takes the plain
  /// price).
  @Test func levelsFromTheHospitalsFileAreKnown() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try SettleFiles(
      grouped: Self.grouped,
      policy:
        #"{"budget": 5100, "readmission": {"enabled": false}, "singleDisease": [{"name": "s", "diagnoses": ["K35"], "yuan": 1200, "yuanByLevel": {"2": 1000}}]}"#,
      weights: SettleCommandTests.weights,
      inputs: [
        .init("--hospitals", "hospitals.csv", "hospital_id,name,level\nH1,First,\nH2,Second,2\n")
      ],
      policyName: "p.json"
    ).run(in: dir)
    #expect(run.status == 0, "\(run.error)")
    let cases = try String(contentsOfFile: out + "/cases.csv", encoding: .utf8)
    #expect(cases.contains("d6,H2,all,B,single_disease,,1000.00,"), "\(cases)")
  }
}
