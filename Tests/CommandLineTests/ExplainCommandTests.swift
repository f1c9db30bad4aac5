import DRGTestSupport
import Foundation
import Testing

@Suite("drg explain")
struct ExplainCommandTests {
  /// Demo case D21 (grouper-tables/samples): pneumonia J18.900 as principal with chronic
  /// respiratory failure J96.100 (a CC the principal excludes), so it lands in ES15.
  @Test func showsExcludedComplicationAndResult() {
    let run = CommandRun([
      "explain", Repository.demoCases, "--id", "D21", "-s", Repository.demoScheme,
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.out.contains("Case D21 under scheme demo"))
    #expect(run.out.contains("J96.100"))
    #expect(run.out.contains("EXCLUDED by the principal diagnosis"))
    #expect(run.out.contains("✓ MDC MDCE"))
    #expect(run.out.contains("(mdc.csv:"))
    #expect(run.out.contains("DRG ES15"))
  }

  @Test func inlineCaseNamesSkippedMDCs() {
    let run = CommandRun([
      "explain", "-s", Repository.demoScheme, "--sex", "2", "--age", "30", "--dx", "O80.000",
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.out.contains("✗ MDC MDCA"))
    #expect(run.out.contains("skipped"))
    #expect(run.out.contains("principal diagnosis O80.000"))
  }

  @Test func invalidCaseSaysWhichCheckFailed() {
    let run = CommandRun(["explain", "-s", Repository.demoScheme, "--age", "30", "--dx", "I10.x00"])
    #expect(run.status == 0)
    #expect(run.out.contains("Input check failed: sex must be 1 (male) or 2 (female)"))
  }

  @Test func unknownCaseIDIsADataError() {
    let run = CommandRun([
      "explain", Repository.demoCases, "--id", "NOPE", "-s", Repository.demoScheme,
    ])
    #expect(run.status == 65)
    #expect(run.error.contains("no case with case_id 'NOPE'"))
  }

  /// A 病案首页-style row with export spellings: `j96.000` (lower case), `31.1X00` (X for
  /// the demo scheme's x), `男性`, `67岁`, `24天`, `医嘱离院`. Its canonical twin
  /// (1,67,24,1,J96.000|J18.900|I50.900,31.1x00|96.7200|33.2200) is AH19 in the demo scheme
  /// (as in ExportSpellingGroupingTests); read as written (j96.000 unknown, age and sex
  /// missing) it would be invalid.
  static let exportRow = """
    病案号,性别,年龄,住院天数,离院方式,主要诊断编码,其他诊断编码1,其他诊断编码2,主要手术操作编码,其他手术操作编码1,其他手术操作编码2,总费用
    E1,男性,67岁,24天,医嘱离院,j96.000,J18.900,I50.900,31.1X00,96.7200,33.2200,"186,540.00"

    """

  @Test func caseFromAFileIsReadAsGroupReadsIt() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.exportRow, name: "cases.csv")
    let explain = CommandRun(["explain", input, "--id", "E1", "-s", Repository.demoScheme])
    #expect(explain.status == 0, "\(explain.error)")
    #expect(explain.out.contains("DRG AH19"), "\(explain.out)")
    #expect(!explain.out.contains("Result: invalid"))
    // drg group puts the same row in the same DRG.
    let output = directory.file("grouped.csv")
    let group = CommandRun(["group", input, "-s", Repository.demoScheme, "-o", output, "-q"])
    #expect(group.status == 0, "\(group.error)")
    #expect(try directory.read("grouped.csv").contains(",AH19,"))
    // The normalisations are reported: the two codes, sex, age, los, 离院方式 and the cost.
    #expect(explain.out.contains("Values (line 2), read as exports write them:"))
    #expect(
      explain.out.contains("diagnosis code 'j96.000' read as J96.000 (code case or x/X folded)"))
    #expect(explain.out.contains("procedure code '31.1X00' read as 31.1x00"))
    #expect(explain.out.contains("age '67岁' read as 67 (unit removed)"))
    #expect(explain.out.contains("sex '男性' read as 1 (sex in words)"))
    #expect(explain.out.contains("2 code case or x/X folded"))
  }

  @Test func aCaseWrittenAsReadSaysNothingWasNormalised() {
    let run = CommandRun([
      "explain", Repository.demoCases, "--id", "D21", "-s", Repository.demoScheme,
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.out.contains("read as written, nothing normalised"))
  }

  @Test func printsTheColumnLineAndTheMappingWithShowColumns() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.exportRow, name: "cases.csv")
    let plain = CommandRun(["explain", input, "--id", "E1", "-s", Repository.demoScheme])
    #expect(plain.error.contains("drg explain: columns: "), "\(plain.error)")
    #expect(plain.error.contains("sex ← 性别"))
    #expect(plain.error.contains("diagnoses ← 主要诊断编码 + 其他诊断编码1…其他诊断编码2 (3 columns)"))
    let shown = CommandRun([
      "explain", input, "--id", "E1", "-s", Repository.demoScheme, "--show-columns",
    ])
    #expect(shown.status == 0, "\(shown.error)")
    #expect(shown.error.contains("columns of \(input) (12 in the header):"))
    #expect(shown.error.contains("性别 (column 2)  [alias]"))
    let quiet = CommandRun(["explain", input, "--id", "E1", "-s", Repository.demoScheme, "-q"])
    #expect(quiet.error.isEmpty, "\(quiet.error)")
  }
}
