import DRGTestSupport
import Foundation
import Testing

/// `drg explain --dx … --proc …` reads inline codes exactly as a file's `diagnoses` and
/// `procedures` fields are read (``CaseFile``): before, `i21.000` and full-width
/// `Ｊ９６.０００` given inline were looked up as written, unknown, and the case came out
/// ungroupable with exit 0, while the same row in a file grouped to FM11.
@Suite("drg explain: inline codes cleaned like a file's")
struct ExplainInlineCodeTests {
  /// The demo scheme's worked case: I21.000 (acute MI) with J96.000 (an MCC) and PCI
  /// 36.0600 → FM11 (grouper-tables/demo, as in the --help example). Written in lower
  /// case, with a full-width J96 after ", " and the procedure behind an Excel apostrophe.
  @Test func inlineCodesAreCleanedAndTheChangesListed() {
    let run = CommandRun([
      "explain", "-s", Repository.demoScheme, "--sex", "1", "--age", "67", "--los", "6",
      "--dx", "i21.000, Ｊ９６.０００", "--proc", "'36.0600",
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.out.contains("DRG FM11"), "\(run.out)")
    #expect(run.out.contains("Codes (--dx, --proc), read as exports write them:"), "\(run.out)")
    #expect(
      run.out.contains("  - diagnosis code 'i21.000' read as I21.000 (code case or x/X folded)"),
      "\(run.out)")
    #expect(
      run.out.contains("  - diagnosis code 'Ｊ９６.０００' read as J96.000 (full-width characters)"),
      "\(run.out)")
    #expect(
      run.out.contains("  - procedure code ''36.0600' read as 36.0600 (Excel wrapper removed)"),
      "\(run.out)")
  }

  /// The same codes given inline and in a file's row explain alike: the same result line
  /// and the same notes (the file's under "Values (line 2)").
  @Test func inlineAndFileReadTheSameCodesAlike() throws {
    let dir = try TemporaryDirectory()
    let file = try dir.write(
      "case_id,sex,age,los,diagnoses,procedures\nX1,1,67,6,i21.000|Ｊ９６.０００,36.0600\n",
      name: "cases.csv")
    let fromFile = CommandRun(["explain", file, "--id", "X1", "-s", Repository.demoScheme, "-q"])
    let inline = CommandRun([
      "explain", "-s", Repository.demoScheme, "--sex", "1", "--age", "67", "--los", "6",
      "--dx", "i21.000|Ｊ９６.０００", "--proc", "36.0600",
    ])
    #expect(fromFile.status == 0 && inline.status == 0, "\(fromFile.error) \(inline.error)")
    func result(_ text: String) -> String? {
      text.split(separator: "\n").first { $0.hasPrefix("Result:") }.map(String.init)
    }
    func notes(_ text: String) -> [String] {
      text.split(separator: "\n").filter { $0.hasPrefix("  - ") }.map(String.init)
    }
    #expect(result(inline.out) != nil)
    #expect(result(inline.out) == result(fromFile.out), "\(inline.out)\n\(fromFile.out)")
    #expect(notes(inline.out).count == 2, "\(inline.out)")
    #expect(notes(inline.out) == notes(fromFile.out), "\(inline.out)\n\(fromFile.out)")
  }

  /// Codes the scheme knows as written are not touched, and the report says so.
  @Test func cleanCodesAreReadAsWritten() {
    let run = CommandRun([
      "explain", "-s", Repository.demoScheme, "--sex", "1", "--age", "67", "--los", "6",
      "--dx", "I21.000|J96.000", "--proc", "36.0600",
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.out.contains("DRG FM11"), "\(run.out)")
    #expect(
      run.out.contains("Codes (--dx, --proc): read as written, nothing normalised."), "\(run.out)")
  }
}
