import DRGTestSupport
import Foundation
import Testing

/// Where headless Chromium is, and whether the render check must run.
enum Browser {
  /// The first of `chromium`, `chromium-browser` on PATH.
  static let path: String? = {
    let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    for name in ["chromium", "chromium-browser"] {
      for directory in directories {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
    }
    return nil
  }()

  /// `DRG_REQUIRE_CHROMIUM=1`: a missing browser is a failure, not a skip.
  static var isRequired: Bool {
    ProcessInfo.processInfo.environment["DRG_REQUIRE_CHROMIUM"] == "1"
  }

  static var shouldRun: Bool { path != nil || isRequired }
}

@Suite("HTML reports rendered in headless Chromium")
struct ReportRenderTests {
  /// Runs Scripts/render-report.sh with the `drg` built next to this test bundle: it builds
  /// a compare and a diff report from demo data, screenshots both, and checks that every
  /// chart is drawn and that nothing is wider than the page.
  @Test(
    .enabled(
      if: Browser.shouldRun,
      "chromium is not on PATH; install chromium and fonts-noto-cjk, or set DRG_REQUIRE_CHROMIUM=1 to make this a failure"
    ),
    .timeLimit(.minutes(5)))
  func compareAndDiffReportsRenderWithEveryChart() throws {
    guard Browser.path != nil else {
      Issue.record(
        "DRG_REQUIRE_CHROMIUM=1 but chromium (or chromium-browser) is not on PATH; install chromium and fonts-noto-cjk"
      )
      return
    }
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let drg = products.appendingPathComponent("drg").path
    try #require(
      FileManager.default.isExecutableFile(atPath: drg),
      "no drg binary at \(drg); build the package (swift build) before the tests")
    let directory = try TemporaryDirectory()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [
      Repository.root.appendingPathComponent("Scripts/render-report.sh").path,
      directory.file("render"),
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["DRG"] = drg
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "render-report.sh failed:\n\(text)")
    // Every check printed its line: four charts (quadrant, bars, box plots, funnels) and the
    // page width for compare, two charts and the page width for diff.
    #expect(text.components(separatedBy: " ok\n").count - 1 == 8, "\(text)")
    #expect(text.contains("funnel-dots"), "\(text)")
    #expect(FileManager.default.fileExists(atPath: directory.file("render/compare.png")))
    #expect(FileManager.default.fileExists(atPath: directory.file("render/diff.png")))
  }
}
