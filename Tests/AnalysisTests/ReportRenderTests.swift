import DRGTestSupport
import Foundation
import Testing

@Suite("HTML reports rendered in headless Chromium")
struct ReportRenderTests {
  /// Runs Scripts/render-report.sh with the `drg` built next to this test bundle: it builds
  /// a compare and a diff report from demo data, screenshots both, and checks that every
  /// chart is drawn and that nothing is wider than the page.
  @Test(
    .enabled(
      if: HeadlessBrowser.shouldRun,
      "chromium is not on PATH; install chromium and fonts-noto-cjk, or set DRG_REQUIRE_CHROMIUM=1 to make this a failure"
    ),
    .timeLimit(.minutes(5)))
  func compareAndDiffReportsRenderWithEveryChart() throws {
    guard HeadlessBrowser.path != nil else {
      Issue.record(
        "DRG_REQUIRE_CHROMIUM=1 but chromium (or chromium-browser) is not on PATH; install chromium and fonts-noto-cjk"
      )
      return
    }
    let drg = HeadlessBrowser.drg
    try #require(
      FileManager.default.isExecutableFile(atPath: drg),
      "no drg binary at \(drg); build the package (swift build) before the tests")
    let directory = try TemporaryDirectory()
    let (status, text) = try HeadlessBrowser.runScript(
      "render-report.sh", output: directory.file("render"))
    #expect(status == 0, "render-report.sh failed:\n\(text)")
    // Every check printed its line: four charts (quadrant, bars, box plots, funnels) and the
    // page width for compare, two charts and the page width for diff.
    #expect(text.components(separatedBy: " ok\n").count - 1 == 8, "\(text)")
    #expect(text.contains("funnel-dots"), "\(text)")
    #expect(FileManager.default.fileExists(atPath: directory.file("render/compare.png")))
    #expect(FileManager.default.fileExists(atPath: directory.file("render/diff.png")))
  }
}
