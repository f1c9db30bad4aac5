import Foundation

/// Headless Chromium for the tests that render the HTML reports: where the browser is, and a
/// run of one of the repository's render scripts with the `drg` built next to the tests.
public enum HeadlessBrowser {
  /// The first of `chromium`, `chromium-browser` on PATH.
  public static let path: String? = {
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
  public static var isRequired: Bool {
    ProcessInfo.processInfo.environment["DRG_REQUIRE_CHROMIUM"] == "1"
  }

  /// Whether a rendering test runs: the browser is there, or it is required.
  public static var shouldRun: Bool { path != nil || isRequired }

  /// The `drg` binary built next to the test bundle.
  public static var drg: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("drg").path
  }

  /// Runs `Scripts/<script>` with `/bin/sh`, `output` as its argument and ``drg`` as `DRG`;
  /// returns its exit status and everything it printed (standard output and error).
  public static func runScript(_ script: String, output: String) throws -> (
    status: Int32, text: String
  ) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [root.appendingPathComponent("Scripts/\(script)").path, output]
    var environment = ProcessInfo.processInfo.environment
    environment["DRG"] = drg
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }
}
