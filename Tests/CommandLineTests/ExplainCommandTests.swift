import DRGTestSupport
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
}
