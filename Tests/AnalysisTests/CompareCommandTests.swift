import DRGAnalysis
import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

@Suite("drg compare command")
struct CompareCommandTests {
  /// The tiny data set of ``ComparisonIndexTests`` as the output of `drg group`.
  static let grouped = """
    case_id,hospital_id,dept,los,leaving,total_cost,status,mdc,adrg,drg,drg_name,reason
    1,A,10,2,1,100,grouped,M,XA,X,,
    2,A,10,4,1,200,grouped,M,XA,X,,
    3,A,10,6,5,300,grouped,M,XA,X,,
    4,A,10,10,1,1000,grouped,M,YA,Y,,
    5,A,20,1,1,50,grouped,M,ZA,Z,,
    6,A,20,1,1,80,ungroupable,,,0000,,no ADRG
    7,B,10,6,1,300,grouped,M,XA,X,,
    8,B,10,8,1,500,grouped,M,XA,X,,
    9,B,10,20,5,3000,grouped,M,YA,Y,,
    10,B,10,10,1,2000,grouped,M,YA,Y,,
    11,B,20,6,5,1000,grouped,M,YA,Y,,
    12,B,20,2,1,90,ambiguous,M,YA,,,two DRGs

    """

  static let weights = """
    drg,name,adrg,cases,rw
    X,,XA,5,1.0000
    Y,,YA,4,2.0000

    """

  @Test func writesHospitalIndicesWithUnitsInColumnNames() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.grouped, name: "grouped.csv")
    let weights = try directory.write(Self.weights, name: "weights.csv")
    let out = directory.file("out")
    let run = CommandRun([
      "compare", input, "--weights", weights, "-o", out, "--index-form", "both", "-j", "3",
      "--trim", "none",
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.contains("12 cases, 2 hospitals, 3 DRGs"))
    #expect(run.error.contains("mean_of_ratios"))
    let rows = try directory.rows("out/hospitals.csv")
    let header = rows[0]
    func value(_ row: Int, _ column: String) throws -> String {
      rows[row][try #require(header.firstIndex(of: column), "\(column)")]
    }
    // Hand-worked in ComparisonIndexTests.
    #expect(try value(1, "hospital") == "A")
    #expect(try value(1, "cmi_rw") == "1.2500")
    #expect(try value(2, "cmi_rw") == "1.6000")
    #expect(try value(1, "cost_index_mean_of_ratios") == "0.7429")
    #expect(try value(1, "cost_index_ratio_of_sums") == "0.6250")
    #expect(try value(2, "time_index_mean_of_ratios") == "1.1645")
    #expect(try value(1, "ungroupable_pct") == "16.67")
    #expect(try value(2, "ambiguous_pct") == "16.67")
    #expect(try value(2, "mortality_pct") == "33.3333")
    #expect(try value(1, "mid_low_risk_expected_deaths") == "0.6000")
    #expect(try value(1, "mid_low_risk_observed_to_expected") == "1.6667")
    #expect(try value(1, "index_basis") == "untrimmed")
    #expect(try value(1, "index_cases_trimmed") == "0")
    #expect(run.error.contains("untrimmed"))
    let risk = try directory.rows("out/drg_risk.csv")
    // Z's one case without a death is classed by its upper bound 0.975: high.
    let riskClass = try #require(risk[0].firstIndex(of: "risk_class"))
    #expect(risk.map { $0[riskClass] } == ["risk_class", "mid_low", "mid_high", "high"])
    // The DRG's name ends the row (this input has no drg_name column: empty).
    #expect(risk.dropFirst().allSatisfy { $0.suffix(2) == ["this_file", ""] })
    let cells = try directory.rows("out/drg_hospitals.csv")
    #expect(cells[0].contains("cost_ratio_ci95_low") && cells[0].contains("median_los_days"))
    #expect(cells.count == 1 + 5)
    // Every cell row states its benchmark basis and interval method.
    #expect(cells[0].suffix(3) == ["benchmark", "cost_interval", "drg_name"])
    #expect(cells.dropFirst().allSatisfy { $0.suffix(3) == ["leave_one_out", "log", ""] })
    #expect(run.error.contains("benchmark leave_one_out"))
    let methods = try String(contentsOfFile: directory.file("out/methods.txt"), encoding: .utf8)
    #expect(methods.contains("Clopper–Pearson") && methods.contains("Garwood"))
    for statistic in [
      "CMI =", "mean_of_ratios =", "ratio_of_sums", "z_d =", "expected =", "Welch", "q(i) =",
      "tau2 =", "phi =", "Shrunken", "winsorised", "(r_p − α)/E",
    ] {
      #expect(methods.contains(statistic), "methods.txt lacks \(statistic)")
    }
    let funnel = try directory.rows("out/funnel.csv")
    #expect(funnel[0] == HospitalComparison.funnelColumns)
  }

  @Test func byDepartmentAndDefaultForm() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.grouped, name: "grouped.csv")
    let run = CommandRun(["compare", input, "--by", "dept", "-o", directory.file("d"), "-q"])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.isEmpty)
    let rows = try directory.rows("d/depts.csv")
    #expect(rows[0].first == "dept" && rows.count == 3)
    #expect(rows[0].contains("cost_index_mean_of_ratios"))
    #expect(!rows[0].contains("cost_index_ratio_of_sums"))
  }

  @Test(arguments: [
    (["--by", "ward"], "--by must be hospital or dept"),
    (["--index-form", "median"], "--index-form must be"),
    (["--threads", "0"], "--threads must be a whole number"),
    (["--trim", "winsor"], "--trim must be iqr, logsd, percentile or none"),
    (["--min-trim-cases", "0"], "--min-trim-cases must be a whole number ≥ 1"),
    (["--interval", "wald"], "--interval must be log, bootstrap or t"),
    (["--benchmark", "region"], "--benchmark must be leave-one-out or pooled"),
    (["--min-cases", "1"], "--min-cases must be a whole number ≥ 2"),
    (["--fdr", "1.5"], "--fdr must be above 0 and below 1"),
  ])
  func usageErrors(_ arguments: [String], _ message: String) throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.grouped, name: "grouped.csv")
    let run = CommandRun(["compare", input, "-o", directory.file("o")] + arguments)
    #expect(run.status == 64)
    #expect(run.error.contains(message), "\(run.error)")
  }

  @Test func missingColumnIsADataError() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write("case_id,drg\n1,X\n", name: "grouped.csv")
    let run = CommandRun(["compare", input, "-o", directory.file("o")])
    #expect(run.status == 65)
    #expect(run.error.contains("hospital_id"))
  }

  @Test func helpHasExamples() {
    let run = CommandRun(["compare", "--help"])
    #expect(run.status == 0)
    #expect(run.out.contains("EXAMPLES:") && run.out.contains("--index-form"))
  }

  @Test func runsOnTheDemoScheme() throws {
    let directory = try TemporaryDirectory()
    let (grouped, weights) = DemoFiles.groupedAndWeights(in: directory)
    let run = CommandRun(["compare", grouped, "--weights", weights, "-o", directory.file("c")])
    #expect(run.status == 0, "\(run.error)")
    let rows = try directory.rows("c/hospitals.csv")
    #expect(rows.count == 5)
  }
}
