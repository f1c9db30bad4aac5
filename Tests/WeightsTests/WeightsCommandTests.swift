import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

@Suite("drg weights")
struct WeightsCommandTests {
  @Test func helpListsOptionsDefaultsAndExamples() {
    let run = CommandRun(["weights", "--help"])
    #expect(run.status == 0)
    for text in [
      "USAGE: drg weights", "--trim METHOD", "(default: iqr)", "--iqr-lower-k", "(default: 1.5)",
      "--sd-k", "(default: 3)", "(default: 0.5,99)", "--min-cases N", "(default: 5)",
      "--borrow-adrg", "--budget", "--year-weights", "EXAMPLES:", "payment_standard",
    ] {
      #expect(run.out.contains(text), "\(text)")
    }
    #expect(CommandRun(["--help"]).out.contains("weights"))
  }

  @Test(arguments: [
    (["--trim", "magic"], "unknown --trim method 'magic'"),
    (["--year-weights", "2021=abc"], "--year-weights: cannot read '2021=abc'"),
    (["--trim", "logsd", "--iqr-k", "2"], "--iqr-k applies to --trim iqr"),
    (["--percentiles", "99,1", "--trim", "percentile"], "--percentiles must be LO,HI"),
    (["--budget", "-5"], "--budget must be a positive amount"),
    (["--min-cases", "2.5"], "--min-cases must be a whole number"),
    (["--trim-scale", "cubic"], "--trim-scale must be log or raw"),
    (["--block-size", "inf"], "--block-size must be a number, found 'inf'"),
    (["--threads", "inf"], "--threads must be a number, found 'inf'"),
  ])
  func usageErrors(_ arguments: [String], _ message: String) throws {
    let files = TemporaryFiles()
    let input = try files.write(ExclusionTests.groupedFile)
    let run = CommandRun(["weights", input] + arguments)
    #expect(run.status == 64)
    #expect(run.error.contains(message), "\(run.error)")
    #expect(run.error.contains("drg weights --help"))
  }

  @Test func noInputIsAUsageError() {
    let run = CommandRun(["weights"])
    #expect(run.status == 64)
  }

  @Test func missingColumnExits65() throws {
    let files = TemporaryFiles()
    let input = try files.write("drg,status,los\nA,grouped,3\n")
    let run = CommandRun(["weights", input])
    #expect(run.status == 65)
    #expect(run.error.contains("\(input):1: header lacks the column total_cost"), "\(run.error)")
  }

  @Test func missingFileExits66() {
    let run = CommandRun(["weights", "/nonexistent/grouped.csv"])
    #expect(run.status == 66)
  }

  @Test func endToEnd() throws {
    // Percentile (0, 75) drops the top case of each 4-case DRG (see WeightArithmeticTests):
    // A keeps 10, 20, 30; B keeps 50, 60, 70; RW 0.5 and 1.5; budget 10000 → base rate 1250.
    // Both have 4 < 5 cases: low volume (low_volume 1), own weight without --borrow-adrg.
    let files = TemporaryFiles()
    let input = try files.write(
      """
      case_id,los,total_cost,status,adrg,drg,drg_name
      1,2,10,grouped,A1,A11,"Alpha, with CC"
      2,4,20,grouped,A1,A11,"Alpha, with CC"
      3,6,30,grouped,A1,A11,"Alpha, with CC"
      4,30,100,grouped,A1,A11,"Alpha, with CC"
      5,5,50,grouped,B1,B15,Beta
      6,6,60,grouped,B1,B15,Beta
      7,,70,grouped,B1,B15,Beta
      8,8,80,grouped,B1,B15,Beta
      9,1,99,ungroupable,00,0000,
      10,1,0,grouped,B1,B15,Beta

      """)
    let output = files.path("weights.csv")
    let run = CommandRun([
      "weights", input, "-o", output, "--trim", "percentile", "--percentiles", "0,75",
      "--min-trim-cases", "3", "--budget", "10000",
    ])
    #expect(run.status == 0, "\(run.error)")
    let lines = try String(contentsOfFile: output, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false)
    #expect(
      lines[0]
        == "drg,name,adrg,cases,cases_kept,mean_cost,median_cost,sd_cost,cv,cv_untrimmed,mean_los,median_los,rw,low_volume,rw_source,trim_lower,trim_upper,payment_standard"
    )
    #expect(
      lines[1]
        == "A11,\"Alpha, with CC\",A1,4,3,20.00,20.00,10.00,0.5000,1.0206,4.00,4.00,0.5000,1,own,10.00,30.00,625.00"
    )
    #expect(
      lines[2]
        == "B15,Beta,B1,4,3,60.00,60.00,10.00,0.1667,0.1986,5.50,5.50,1.5000,1,own,50.00,70.00,1875.00"
    )
    #expect(lines.count == 4 && lines[3].isEmpty)
    for text in [
      "drg weights: 10 rows read; 8 cases used in 2 DRGs, 6 kept after trimming (2 trimmed, 25.00%)",
      "left out: 2 rows — 1 ungroupable, 1 zero cost",
      "no usable length of stay: 1 case (kept for cost",
      "RIV (reduction in variance) of cost: 0.1852 untrimmed → 0.8571 trimmed",
      "DRGs with CV < 1: 50.0% untrimmed → 100.0% trimmed",
      "highest CV after trimming: A11 0.5000 (3 cases), B15 0.1667 (3 cases)",
      "base rate: 1250.00 yuan per unit RW",
      "wrote 2 DRGs to \(output)",
    ] {
      #expect(run.error.contains(text), "\(text)\n\(run.error)")
    }
  }

  @Test func weighsTheDemoGrouping() throws {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let files = TemporaryFiles()
    let grouped = files.path("grouped.csv")
    let group = CommandRun([
      "group", root.appendingPathComponent("grouper-tables/samples/demo-cases.csv").path, "-s",
      root.appendingPathComponent("grouper-tables/demo").path, "-o", grouped, "-q",
    ])
    #expect(group.status == 0, "\(group.error)")
    let output = files.path("weights.csv")
    let run = CommandRun(["weights", grouped, "-q", "-o", output, "--borrow-adrg"])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.isEmpty)
    let rows = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
    #expect(rows.first?.hasPrefix("drg,name,adrg,cases,cases_kept,") == true)
    #expect(rows.count > 10)
  }
}
