import DRGTestSupport
import Foundation
import Testing

/// `drg compare` says how much of the data its weights cover, and stops when it cannot
/// compute the cost index.
@Suite("drg compare columns and weight coverage")
struct CompareColumnTests {
  static let grouped = """
    定点医疗机构代码,status,drg,医疗费总额,实际住院天数,离院方式
    H1,grouped,A,1000,3,1
    H1,grouped,B,2000,5,1
    H2,grouped,C,1500,4,1
    H2,ungroupable,,800,2,1

    """

  func compare(_ grouped: String, weights: String?, _ extra: [String] = []) throws -> CommandRun {
    let dir = try TemporaryDirectory()
    let input = try dir.write(grouped, name: "grouped.csv")
    var arguments = ["compare", input, "-o", dir.path + "/out"]
    if let weights {
      arguments += ["--weights", try dir.write(weights, name: "weights.csv")]
    }
    return CommandRun(arguments + extra)
  }

  /// The weights have A only: 1 of the 3 grouped cases (the ungroupable one does not count).
  @Test func lowCoverageWarnsAndCanStop() throws {
    let weights = "drg,rw\nA,1.0\n"
    let run = try compare(Self.grouped, weights: weights)
    #expect(run.status == 0, "\(run.error)")
    #expect(
      run.error.contains("weights.csv): 1 of 3 grouped cases (33.33 %) — WARNING: below 90 %"),
      "\(run.error)")
    #expect(run.error.contains("hospital_id ← 定点医疗机构代码"), "\(run.error)")
    let strict = try compare(Self.grouped, weights: weights, ["--min-weight-coverage", "90"])
    #expect(strict.status == 65)
    #expect(strict.error.contains("below --min-weight-coverage 90 %"), "\(strict.error)")
    // Full coverage: printed without a warning.
    let full = try compare(Self.grouped, weights: "drg,rw\nA,1\nB,2\nC,1.5\n")
    #expect(full.status == 0, "\(full.error)")
    #expect(full.error.contains("3 of 3 grouped cases (100.00 %)"), "\(full.error)")
    #expect(!full.error.contains("WARNING"))
  }

  @Test func noCostColumnStopsTheRun() throws {
    let run = try compare("hospital_id,status,drg\nH1,grouped,A\n", weights: nil)
    #expect(run.status == 65)
    #expect(
      run.error.contains(
        "the cost index (CEI) of drg compare needs the column total_cost (总费用), which the header lacks"
      ), "\(run.error)")
  }
}

extension CompareColumnTests {
  @Test func hospitalsFileNamesTheHospitals() throws {
    let dir = try TemporaryDirectory()
    let hospitals = try dir.write(
      "hospital_id,name,level\nH1,市第一人民医院,A\nH2,县医院,B\n", name: "hospitals.csv")
    let run = try compare(Self.grouped, weights: nil, ["--hospitals", hospitals])
    #expect(run.status == 0, "\(run.error)")
    let partial = try dir.write("hospital_id,name\nH1,一院\n", name: "partial.csv")
    let refused = try compare(Self.grouped, weights: nil, ["--hospitals", partial])
    #expect(refused.status == 65)
    #expect(
      refused.error.contains("hospital_id 'H2' not in the hospitals file"), "\(refused.error)")
  }

  @Test func theUnitsFileCarriesTheNames() throws {
    let dir = try TemporaryDirectory()
    let input = try dir.write(Self.grouped, name: "grouped.csv")
    let hospitals = try dir.write(
      "hospital_id,name,level\nH1,市第一人民医院,A\nH2,县医院,B\n", name: "hospitals.csv")
    let run = CommandRun(["compare", input, "--hospitals", hospitals, "-o", dir.path + "/out"])
    #expect(run.status == 0, "\(run.error)")
    let units = try String(contentsOfFile: dir.path + "/out/hospitals.csv", encoding: .utf8)
    let lines = units.split(separator: "\n")
    #expect(lines[0].hasSuffix(",hospital_name"), "\(lines[0])")
    #expect(
      lines.dropFirst().contains { $0.hasPrefix("H1,") && $0.hasSuffix(",市第一人民医院") }, "\(units)")
    #expect(lines.dropFirst().contains { $0.hasPrefix("H2,") && $0.hasSuffix(",县医院") }, "\(units)")
  }

  /// Every compare output that lists a DRG carries its name, and every output that lists a
  /// hospital its name when a hospitals file is given: drg_risk.csv and drg_hospitals.csv
  /// (drg_name at the end; A and B named by the grouped file's drg_name, C by the weights
  /// file's name), drg_hospitals.csv and funnel.csv (hospital_name after it), and the HTML
  /// report's charts and table (`H1 市第一人民医院`).
  @Test func perDRGFilesAndTheReportCarryTheNames() throws {
    let dir = try TemporaryDirectory()
    let input = try dir.write(
      """
      hospital_id,status,drg,drg_name,total_cost,los,leaving
      H1,grouped,A,阑尾切除术,1000,3,1
      H1,grouped,B,"Group B, major",2000,5,1
      H2,grouped,A,阑尾切除术,1200,4,1
      H2,grouped,C,,1500,4,1

      """, name: "grouped.csv")
    let weights = try dir.write("drg,name,rw\nA,Appendix,1\nB,B,2\nC,胆囊切除术,1.5\n", name: "w.csv")
    let hospitals = try dir.write(
      "hospital_id,name,level\nH1,市第一人民医院,A\nH2,县医院,B\n", name: "hospitals.csv")
    let html = dir.path + "/report.html"
    let run = CommandRun([
      "compare", input, "--weights", weights, "--hospitals", hospitals, "-o", dir.path + "/out",
      "--html", html,
    ])
    #expect(run.status == 0, "\(run.error)")
    func lines(_ name: String) throws -> [Substring] {
      try String(contentsOfFile: dir.path + "/out/" + name, encoding: .utf8).split(separator: "\n")
    }
    let risk = try lines("drg_risk.csv")
    #expect(risk[0].hasSuffix(",drg_name"), "\(risk[0])")
    #expect(risk.contains { $0.hasPrefix("A,") && $0.hasSuffix(",阑尾切除术") }, "\(risk)")
    #expect(risk.contains { $0.hasPrefix("B,") && $0.hasSuffix(",\"Group B, major\"") }, "\(risk)")
    #expect(risk.contains { $0.hasPrefix("C,") && $0.hasSuffix(",胆囊切除术") }, "\(risk)")
    let cells = try lines("drg_hospitals.csv")
    #expect(cells[0].hasSuffix(",drg_name,hospital_name"), "\(cells[0])")
    #expect(cells.contains { $0.hasPrefix("A,H2,") && $0.hasSuffix(",阑尾切除术,县医院") }, "\(cells)")
    let funnel = try lines("funnel.csv")
    #expect(funnel[0].hasSuffix(",hospital_name"), "\(funnel[0])")
    #expect(funnel.dropFirst().allSatisfy { $0.hasSuffix(",市第一人民医院") || $0.hasSuffix(",县医院") })
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.contains("<td>H1 市第一人民医院</td>"), "\(page.prefix(200))")
    #expect(page.contains(">H2 县医院<"))
  }

  /// The other grouped files compare reads (--reference, --versus) go through the same
  /// column layer and print their column line too.
  @Test func otherFilesPrintTheirColumnLine() throws {
    let dir = try TemporaryDirectory()
    let last = try dir.write(Self.grouped, name: "last.csv")
    let run = try compare(Self.grouped, weights: nil, ["--versus", last, "--reference", last])
    #expect(run.status == 0, "\(run.error)")
    for option in ["--versus", "--reference"] {
      #expect(
        run.error.contains(
          "drg compare \(option): columns: status, drg; hospital_id ← 定点医疗机构代码"),
        "\(run.error)")
    }
  }
}
