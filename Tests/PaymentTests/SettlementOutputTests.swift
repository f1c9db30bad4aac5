import DRGCommandLine
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// What a director reads: case payments in yuan, the per-DRG 盈亏 summary, the sharing band
/// of each hospital and the HTML report.
@Suite("Settlement outputs")
struct SettlementOutputTests {
  /// The worked example of ``SettleCommandTests`` (PV 10 exactly) with DRG names.
  /// Case payments = points × 10: c1 100 → 1 000.00, c2 200 → 2 000.00, c3 100 → 1 000.00,
  /// c4 200 → 2 000.00, c5 41.67 → 416.70.
  /// Per DRG: A c1 + c3 + c4: 400 points, 4 000.00 paid, cost 6 000.00, balance −2 000.00;
  /// B c2: 200, 2 000.00, 2 000.00, 0.00; no DRG c5: 41.67, 416.70, 500.00, −83.30.
  /// c5 is ungroupable with the grouper's code 0000: it is not a DRG, so drgs.csv sums it
  /// in the row without a code named 不能入组, listed last.
  static let grouped = """
    case_id,hospital_id,total_cost,los,leaving,status,drg,drg_name
    c1,H1,1000,3,1,grouped,A,阑尾切除术
    c2,H1,2000,5,1,grouped,B,"Group B, major"
    c3,H2,1000,3,1,grouped,A,阑尾切除术
    c4,H2,4000,9,1,grouped,A,阑尾切除术
    c5,H2,500,2,1,ungroupable,0000,

    """

  @Test func casePaymentsAndTheDRGSummary() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(Self.grouped, name: "grouped.csv")
    let weights = try dir.write(SettleCommandTests.weights, name: "weights.csv")
    let policy = try dir.write(
      #"{"name": "worked", "budget": 6416.70, "reserveShare": 0, "sharing": null, "readmission": {"enabled": false}}"#,
      name: "p.json")
    let out = dir.path + "/out"
    let html = dir.path + "/report.html"
    let run = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", out, "--html", html,
    ])
    #expect(run.status == 0, "\(run.error)")
    let cases = try String(contentsOfFile: out + "/cases.csv", encoding: .utf8)
    #expect(
      cases.hasPrefix(
        "case_id,hospital_id,pool,drg,category,points,payment,self_pay,fund_payment,reason,drg_name\n"
      ))
    // No self_pay column: the patients paid 0 and the fund pays everything. The DRG's name
    // (from the grouped file's drg_name) ends the row; c5 has no DRG, so no name.
    #expect(cases.contains("c1,H1,all,A,normal,100.00,1000.00,0.00,1000.00,,阑尾切除术\n"))
    #expect(cases.contains("c2,H1,all,B,normal,200.00,2000.00,0.00,2000.00,,\"Group B, major\"\n"))
    #expect(cases.contains("c4,H2,all,A,high,200.00,2000.00,0.00,2000.00,"))
    #expect(cases.contains("c5,H2,all,0000,ungroupable,41.67,416.70,0.00,416.70,"))
    let drgs = try String(contentsOfFile: out + "/drgs.csv", encoding: .utf8)
    #expect(
      drgs == """
        drg,drg_name,cases,points,payment,cost,balance,self_pay,fund_payment
        A,阑尾切除术,3,400.00,4000.00,6000.00,-2000.00,0.00,4000.00
        B,"Group B, major",1,200.00,2000.00,2000.00,0.00,0.00,2000.00
        ,不能入组 ungroupable,1,41.67,416.70,500.00,-83.30,0.00,416.70

        """)
    // No sharing bands: every hospital is paid points × PV.
    let hospitals = try String(contentsOfFile: out + "/hospitals.csv", encoding: .utf8)
    #expect(hospitals.split(separator: "\n").dropFirst().allSatisfy { $0.contains(",none,") })
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(page.contains("阑尾切除术"))
    #expect(page.contains("−2,000"), "the DRG A loss is shown")
    #expect(
      !page.contains("src=") && !page.contains("<link") && !page.contains("url("),
      "nothing fetched from elsewhere")
  }

  /// α 0.5, surplus cap 0.1, β 0.1, γ 0.5, N = 1 000 yuan:
  /// A 900: α(N − A) = 50 ≤ 0.1 N = 100 → surplus; A 700: 150 > 100 → capped;
  /// A 1 000 → surplus (A ≤ N, nothing kept); A 1 050 ≤ 1.1 N → shared; A 1 100 → shared
  /// (edge); A 1 200 → beyond.
  @Test func sharingBandOfEachHospital() {
    let bands = SharingBands()
    func band(_ actual: Int64) -> SharingBand {
      SharingBand(entitlementFen: 100_000, actualFen: actual * 100, bands: bands)
    }
    #expect(band(900) == .surplus)
    #expect(band(700) == .surplusCapped)
    #expect(band(1_000) == .surplus)
    #expect(band(1_050) == .overspendShared)
    #expect(band(1_100) == .overspendShared)
    #expect(band(1_200) == .overspendBeyond)
    #expect(SharingBand(entitlementFen: 1, actualFen: 2, bands: nil) == .none)
  }
}

@Suite("Settlement report rendered in headless Chromium")
struct SettlementReportRenderTests {
  /// Runs Scripts/render-settlement-report.sh with the `drg` built next to this test bundle:
  /// it settles demo data twice (with per-diem, day-surgery, single-disease, new-technology,
  /// alliance and per-head sections; then against hospital budgets), screenshots both
  /// reports and checks that every chart is drawn and nothing is wider than the page.
  @Test(
    .enabled(
      if: HeadlessBrowser.shouldRun,
      "chromium is not on PATH; install chromium and fonts-noto-cjk, or set DRG_REQUIRE_CHROMIUM=1 to make this a failure"
    ),
    .timeLimit(.minutes(5)))
  func settlementReportRendersWithEveryChart() throws {
    guard HeadlessBrowser.path != nil else {
      Issue.record("DRG_REQUIRE_CHROMIUM=1 but chromium is not on PATH")
      return
    }
    let drg = HeadlessBrowser.drg
    try #require(
      FileManager.default.isExecutableFile(atPath: drg),
      "no drg binary at \(drg); build the package (swift build) before the tests")
    let directory = try TemporaryDirectory()
    let (status, text) = try HeadlessBrowser.runScript(
      "render-settlement-report.sh", output: directory.file("render"))
    #expect(status == 0, "render-settlement-report.sh failed:\n\(text)")
    // Every check printed its line. settlement.png: point value, payment and cost, gains
    // and losses, payment and cost per case category (per diem, day surgery, single disease,
    // new technology beside the DRG cases), the alliances' member splits, per-head
    // capitation and outpatient cost (ten colours), and the page width; budgets.png: budget
    // and claim bars of the hospital budgets, the alliance's member split, and the width.
    #expect(text.components(separatedBy: " ok\n").count - 1 == 15, "\(text)")
    for chart in ["category-payment-bars", "alliance-split-bars", "capitation-bars", "budget-bars"]
    {
      #expect(text.contains(chart), "\(chart) not checked: \(text)")
    }
    #expect(FileManager.default.fileExists(atPath: directory.file("render/settlement.png")))
    #expect(FileManager.default.fileExists(atPath: directory.file("render/budgets.png")))
  }
}
