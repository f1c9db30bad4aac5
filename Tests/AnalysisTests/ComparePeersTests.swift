import DRGAnalysis
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// `drg compare --departments` and `--peers level`, on data small enough to work out by
/// hand.
@Suite("drg compare peers and departments")
struct ComparePeersTests {
  /// Two hospitals, two DRGs (weights A = 2, B = 0.5), untrimmed:
  ///
  ///     hospital  dept  DRG   cost   LOS
  ///     H1        d1    A      100     2
  ///     H1        d1    —  (ungroupable)
  ///     H1        d2    A      300     6
  ///     H2        d1    A      200     4
  ///     H2        d2    B       50     1
  ///
  /// Regional means: A cost 200, LOS 4; B cost 50, LOS 1. So
  /// - H1/d1: 2 cases, 1 grouped, CMI 2, CEI 100/200 = 0.5, TEI 2/4 = 0.5;
  /// - H1/d2: CMI 2, CEI 300/200 = 1.5, TEI 6/4 = 1.5;
  /// - H2/d1: CEI 1, TEI 1; H2/d2: CMI 0.5, CEI 1, TEI 1.
  /// H1's own CEI (0.5 + 1.5) / 2 = 1 is the mean of its departments' weighted by cases.
  @Test func departmentsByHand() throws {
    var cases = ComparisonCases()
    let rows: [(String, String, String?, GroupingStatus, Double?, Double?)] = [
      ("H1", "d1", "A", .grouped, 100, 2), ("H1", "d1", nil, .ungroupable, 80, 1),
      ("H1", "d2", "A", .grouped, 300, 6), ("H2", "d1", "A", .grouped, 200, 4),
      ("H2", "d2", "B", .grouped, 50, 1),
    ]
    for row in rows {
      cases.append(
        unit: row.0, department: row.1, drg: row.2, status: row.3, cost: row.4,
        lengthOfStay: row.5, died: false)
    }
    let weights = WeightsTable(weights: ["A": 2, "B": 0.5])
    let comparison = HospitalComparison(
      cases: cases, weights: weights, trimming: .untrimmed)
    let view = DepartmentView(cases: cases, comparison: comparison, weights: weights)
    let byKey = Dictionary(
      uniqueKeysWithValues: view.rows.map { ("\($0.hospital)/\($0.department)", $0) })
    let h1d1 = try #require(byKey["H1/d1"])
    #expect(h1d1.cases == 2 && h1d1.groupedCases == 1 && h1d1.cmi == 2)
    #expect(h1d1.costIndex(.meanOfRatios) == 0.5 && h1d1.timeIndex(.meanOfRatios) == 0.5)
    let h1d2 = try #require(byKey["H1/d2"])
    #expect(h1d2.costIndex(.meanOfRatios) == 1.5 && h1d2.costIndex(.ratioOfSums) == 1.5)
    #expect(h1d2.timeIndex(.meanOfRatios) == 1.5)
    #expect(byKey["H2/d1"]?.costIndex(.meanOfRatios) == 1)
    #expect(byKey["H2/d2"]?.cmi == 0.5 && byKey["H2/d2"]?.costIndex(.meanOfRatios) == 1)
    #expect(view.rows.map(\.department) == ["d1", "d2", "d1", "d2"])
    #expect(comparison.units.first { $0.unit == "H1" }?.costIndex[.meanOfRatios] == 1)
  }

  /// A cost outlier of its DRG is left out of the department's indices as of the
  /// hospital's: DRG A has costs 90, 100, 110, 120, 100 and 100,000 (IQR fences on log
  /// cost keep the five, whose mean is 104); the outlier's department keeps its case count
  /// but has no index case, and the other department's CEI is (90 + 100 + 110)/104/3.
  @Test func aCostOutlierCountsForNoIndex() throws {
    var cases = ComparisonCases()
    for (unit, department, cost) in [
      ("H1", "d1", 90.0), ("H1", "d1", 100), ("H1", "d1", 110), ("H2", "d1", 120),
      ("H2", "d1", 100), ("H2", "d2", 100_000),
    ] {
      cases.append(
        unit: unit, department: department, drg: "A", cost: cost, lengthOfStay: 3, died: false)
    }
    let comparison = HospitalComparison(cases: cases, weights: nil)
    #expect(comparison.indexCasesTrimmed == 1)
    let view = DepartmentView(cases: cases, comparison: comparison, weights: nil)
    let outlier = try #require(view.rows.first { $0.hospital == "H2" && $0.department == "d2" })
    #expect(outlier.cases == 1 && outlier.costCases == 0 && outlier.stayCases == 0)
    let h1 = try #require(view.rows.first { $0.hospital == "H1" })
    let expected = (90.0 + 100 + 110) / 104 / 3
    #expect(abs((h1.costIndex(.meanOfRatios) ?? 0) - expected) < 1e-12)
    #expect(
      abs(
        (h1.costIndex(.meanOfRatios) ?? 0)
          - (comparison.units.first { $0.unit == "H1" }?.costIndex[.meanOfRatios] ?? 0)) < 1e-12)
  }

  /// Four hospitals in two levels, one DRG, untrimmed:
  ///
  ///     level 3: H1 cost 100, H2 cost 300      → peer mean 200: CEI 0.5 and 1.5
  ///     level 2: H3 cost 1000, H4 cost 1000    → peer mean 1000: CEI 1 and 1
  ///
  /// Pooled over all four (mean 600) H1 would be 100/600 = 0.1667: with --peers level every
  /// file names the peer group and the indices are the peers' ones.
  @Test func peersByLevelThroughTheCommand() throws {
    let directory = try TemporaryDirectory()
    let grouped = try directory.write(
      """
      hospital_id,dept,drg,status,total_cost,los,leaving
      H1,d1,A,grouped,100,2,1
      H2,d1,A,grouped,300,6,1
      H3,d1,A,grouped,1000,5,1
      H4,d2,A,grouped,1000,5,1

      """, name: "g.csv")
    let hospitals = try directory.write(
      "hospital_id,name,level\nH1,一院,3\nH2,二院,3\nH3,三院,2\nH4,四院,2\n", name: "h.csv")
    let run = CommandRun([
      "compare", grouped, "--hospitals", hospitals, "--peers", "level", "--departments",
      "--trim", "none", "-o", directory.file("c"), "--html", directory.file("c.html"),
    ])
    #expect(run.status == 0, "\(run.error)")
    let rows = try directory.rows("c/hospitals.csv")
    #expect(rows[0].first == "peer_group")
    let cei = try #require(rows[0].firstIndex(of: "cost_index_mean_of_ratios"))
    let values = Dictionary(
      uniqueKeysWithValues: rows.dropFirst().map { ($0[1], ($0[0], $0[cei])) })
    #expect(values["H1"]! == ("level=3", "0.5000"))
    #expect(values["H2"]! == ("level=3", "1.5000"))
    #expect(values["H3"]! == ("level=2", "1.0000"))
    #expect(values["H4"]! == ("level=2", "1.0000"))
    for file in ["drg_risk.csv", "drg_hospitals.csv", "funnel.csv", "hospital_depts.csv"] {
      let table = try directory.rows("c/\(file)")
      #expect(table[0].first == "peer_group", "\(file)")
      #expect(table.dropFirst().allSatisfy { $0[0].hasPrefix("level=") }, "\(file)")
    }
    let depts = try directory.rows("c/hospital_depts.csv")
    #expect(depts.contains { $0[0] == "level=3" && $0[1] == "H1" && $0[2] == "d1" })
    let methods = try String(contentsOfFile: directory.file("c/methods.txt"), encoding: .utf8)
    #expect(methods.contains("compared within their level"))
    #expect(
      methods.contains("==== peer_group level=2 ====") && methods.contains("HOSPITAL × DEPARTMENT"))
    let html = try String(contentsOfFile: directory.file("c.html"), encoding: .utf8)
    #expect(html.contains("Peer group level=3") && html.contains("Hospitals by department"))
    // The box plots' dashed line is the peer group's median, and the note says so.
    #expect(html.contains("regional median (the hospitals of level=3 pooled)"))
    #expect(!html.contains("all units pooled"))
  }

  /// Without --peers the same file pools the four hospitals: H1's CEI is 100/600.
  @Test func withoutPeersTheRegionIsEveryHospital() throws {
    let directory = try TemporaryDirectory()
    let grouped = try directory.write(
      "hospital_id,drg,status,total_cost,los\nH1,A,grouped,100,2\nH2,A,grouped,300,6\nH3,A,grouped,1000,5\nH4,A,grouped,1000,5\n",
      name: "g.csv")
    let run = CommandRun(["compare", grouped, "--trim", "none", "-o", directory.file("c")])
    #expect(run.status == 0, "\(run.error)")
    let rows = try directory.rows("c/hospitals.csv")
    let cei = try #require(rows[0].firstIndex(of: "cost_index_mean_of_ratios"))
    #expect(rows.first { $0[0] == "H1" }?[cei] == "0.1667")
  }

  /// A hospital without a level stops the run, naming the hospitals file's line.
  @Test func aHospitalWithoutALevelIsRefused() throws {
    let directory = try TemporaryDirectory()
    let grouped = try directory.write(
      "hospital_id,drg,status,total_cost\nH1,A,grouped,100\nH2,A,grouped,300\n", name: "g.csv")
    let hospitals = try directory.write(
      "hospital_id,name,level\nH1,一院,3\nH2,二院,\n", name: "h.csv")
    let run = CommandRun([
      "compare", grouped, "--hospitals", hospitals, "--peers", "level", "-o", directory.file("c"),
    ])
    #expect(run.status == 65)
    #expect(run.error.contains("h.csv:3") && run.error.contains("H2 has no level"), "\(run.error)")
  }

  @Test(arguments: [
    (["--peers", "level"], "--peers level needs --hospitals"),
    (["--peers", "region", "--hospitals", "h.csv"], "--peers must be level"),
    (["--peers", "level", "--by", "dept", "--hospitals", "h.csv"], "drop --by dept"),
    (["--departments", "--by", "dept"], "--departments goes with --by hospital"),
  ])
  func usageErrors(_ arguments: [String], _ message: String) {
    let run = CommandRun(["compare", Repository.demoCases] + arguments)
    #expect(run.status == 64)
    #expect(run.error.contains(message), "\(run.error)")
  }
}
