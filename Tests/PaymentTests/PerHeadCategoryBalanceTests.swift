import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// The per-head year-end balance per category (issue 18, item 2): when the outpatient file
/// gives each row's category, every unit is balanced per category with the section's bands;
/// without a category column, over all categories (``PerHeadPaymentTests``). Expected
/// values worked by hand.
@Suite("Per-head balance per category")
struct PerHeadCategoryBalanceTests {
  /// Capitation as in ``PerHeadPaymentTests``: H1 general 10 000, chronic 3 000; East
  /// (H2, H3) general 5 000 + 3 000 = 8 000, chronic 1 500; H4 and H5 general 10 000.
  /// Costs: H1 general 8 100, chronic 4 000; East general 6 000 + 3 500 = 9 500, chronic
  /// 1 000; H4 general 5 000; H5 general 10 400.
  static let outpatient = """
    hospital_id,category,visits,cost
    H1,general,500,8100
    H1,chronic,40,4000
    H2,general,300,6000
    H3,general,100,3500
    H3,chronic,20,1000
    H4,general,200,5000
    H5,general,420,10400

    """

  func settle(_ dir: TemporaryDirectory, policy: String, outpatient: String = Self.outpatient)
    throws -> (CommandRun, String)
  {
    try PerHeadPaymentTests.files(policy: policy, outpatient: outpatient)
      .run(in: dir, extra: ["--html", dir.path + "/report.html"])
  }

  /// No per-head budget (k = 1), default bands α 0.5, cap 0.1, β 0.1, γ 0.5, per (unit,
  /// category):
  /// - East chronic: N 1 500 ≥ A 1 000, α × 500 = 250 > 0.1 × 1 500 = 150 → 1 000 + 150 =
  ///   1 150.00, surplus_capped;
  /// - East general: A 9 500 > 1.1 × 8 000 = 8 800 → 8 000 × 1.05 = 8 400.00, beyond;
  /// - H1 chronic: A 4 000 > 3 300 → 3 000 × 1.05 = 3 150.00, beyond;
  /// - H1 general: α × 1 900 = 950 ≤ 1 000 → 8 100 + 950 = 9 050.00, surplus;
  /// - H4 general 6 000.00 surplus_capped, H5 general 10 200.00 overspend_shared (as over
  ///   all categories, having one category).
  /// Units: East 1 150 + 8 400 = 9 550.00 (over all categories it would be 9 975.00),
  /// balance 9 550 − 10 500 = −950.00, split 5 000 : 4 500 → 955 000 × 5 / 9.5 =
  /// 502 631.58 and 452 368.42 → floors 954 999, the fen left to H2 (.58) → H2 5 026.32,
  /// H3 4 523.68; H1 3 150 + 9 050 = 12 200.00, cost 12 100, balance 100.00.
  /// Bands counted per (unit, category): 1 surplus, 2 surplus_capped, 1 overspend_shared,
  /// 2 overspend_beyond.
  @Test func eachUnitIsBalancedPerCategory() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try settle(dir, policy: PerHeadPaymentTests.policy(budget: ""))
    #expect(run.status == 0, "\(run.error)")
    let table = try String(contentsOfFile: out + "/perhead.csv", encoding: .utf8)
    for row in [
      "\nEast,*,85,9500.00,9500.00,420,10500.00,9550.00,-950.00,by_category,",
      "\nEast,H2,50,5000.00,,300,6000.00,5026.32,-973.68,by_category,",
      "\nEast,H3,35,4500.00,,120,4500.00,4523.68,23.68,by_category,",
      "\nH1,H1,110,13000.00,13000.00,540,12100.00,12200.00,100.00,by_category,",
      "\nH4,H4,100,10000.00,10000.00,200,5000.00,6000.00,1000.00,by_category,",
      "\nH5,H5,100,10000.00,10000.00,420,10400.00,10200.00,-200.00,by_category,",
    ] {
      #expect(table.contains(row), "\(row) in \(table)")
    }
    let categories = try String(contentsOfFile: out + "/perhead_categories.csv", encoding: .utf8)
    #expect(
      categories == """
        unit,hospital_id,category,persons,rate,capitation,visits,cost,entitlement,payment,balance,band
        East,*,chronic,5,300.00,1500.00,20,1000.00,1500.00,1150.00,150.00,surplus_capped
        East,*,general,80,100.00,8000.00,400,9500.00,8000.00,8400.00,-1100.00,overspend_beyond
        East,H2,general,50,100.00,5000.00,300,6000.00,,,,
        East,H3,chronic,5,300.00,1500.00,20,1000.00,,,,
        East,H3,general,30,100.00,3000.00,100,3500.00,,,,
        H1,H1,chronic,10,300.00,3000.00,40,4000.00,3000.00,3150.00,-850.00,overspend_beyond
        H1,H1,general,100,100.00,10000.00,500,8100.00,10000.00,9050.00,950.00,surplus
        H4,H4,general,100,100.00,10000.00,200,5000.00,10000.00,6000.00,1000.00,surplus_capped
        H5,H5,general,100,100.00,10000.00,420,10400.00,10000.00,10200.00,-200.00,overspend_shared

        """)
    #expect(
      run.error.contains(
        "per head bands, balanced per category: 1 surplus, 2 surplus_capped, 1 overspend_shared, 2 overspend_beyond"
      ), "\(run.error)")
    let html = try String(contentsOfFile: dir.path + "/report.html", encoding: .utf8)
    #expect(html.contains("按类别结算 by category"))
    // The category table: East chronic capitation 1 500, cost 1 000, paid 1 150.
    #expect(
      html.contains(
        "<td>East</td><td class=\"text\">chronic</td><td>1,500</td><td>1,000</td><td>1,500</td><td>1,150</td><td>150</td>"
      ), "\(html)")
  }

  /// With a per-head budget the factor is solved over the (unit, category) accounts and the
  /// budget is paid out to the fen: Σ payments = 40 000.00.
  @Test func aBudgetIsPaidOutExactlyOverTheCategoryAccounts() throws {
    let dir = try TemporaryDirectory()
    let (run, out) = try settle(
      dir, policy: PerHeadPaymentTests.policy(budget: #", "budget": 40000"#))
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.contains("paid 40000.00"), "\(run.error)")
    let categories = try String(contentsOfFile: out + "/perhead_categories.csv", encoding: .utf8)
    let rows = categories.split(separator: "\n").dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    // The balance rows are those with a payment (column 10); they sum to the budget.
    let paid = rows.compactMap { Double($0[9]) }
    #expect(paid.count == 6)
    #expect(abs(paid.reduce(0, +) - 40000) < 0.001, "\(categories)")
  }

  @Test func costInACategoryWithoutEnrolmentStopsTheRun() throws {
    let dir = try TemporaryDirectory()
    let (run, _) = try settle(
      dir, policy: PerHeadPaymentTests.policy(budget: ""),
      outpatient: "hospital_id,category,cost\nH4,general,10\nH4,chronic,10\n")
    #expect(run.status == 65)
    #expect(
      run.error.contains(
        "hospital 'H4' has outpatient costs in category chronic but no one is enrolled with it in that category"
      ), "\(run.error)")
    #expect(run.error.contains("outpatient.csv"), "\(run.error)")
    let twice = try settle(
      dir, policy: PerHeadPaymentTests.policy(budget: ""),
      outpatient: "hospital_id,cost\nH4,10\nH4,12\n")
    #expect(twice.0.status == 65)
    #expect(
      twice.0.error.contains("hospital H4 appears twice (also on line 2)"), "\(twice.0.error)")
  }
}
