import DRGCommandLine
import DRGKit
import Foundation
import Testing

@Suite("drg synth: command")
struct SynthCommandTests {
  /// Runs `drg` in-process and captures what it prints.
  static func run(_ arguments: [String]) -> (status: Int32, out: String, error: String) {
    final class Capture: @unchecked Sendable {
      var out = ""
      var error = ""
    }
    let capture = Capture()
    let console = Console(out: { capture.out += $0 }, error: { capture.error += $0 })
    let status = DRGCommand.run(arguments, console: console)
    return (status, capture.out, capture.error)
  }

  @Test("--help explains the options and gives examples")
  func help() {
    let result = Self.run(["synth", "--help"])
    #expect(result.status == 0)
    for text in ["--scheme", "--seed", "--with-target", "-n", "EXAMPLES:", "drg synth --scheme"] {
      #expect(result.out.contains(text), "help lacks \(text)")
    }
  }

  @Test("writes the file and a summary line; same seed, same bytes as the library")
  func writesFile() throws {
    let path = SynthesisFixtures.temporary("cli.csv")
    let hospitals = SynthesisFixtures.temporary("hospitals.csv")
    defer {
      try? FileManager.default.removeItem(atPath: path)
      try? FileManager.default.removeItem(atPath: hospitals)
    }
    let result = Self.run([
      "synth", "--scheme", SynthesisFixtures.demoScheme, "-n", "300", "--seed", "4", "-o", path,
      "--hospitals", hospitals,
    ])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.error.contains("drg synth: 300 cases"))
    #expect(result.error.contains("recipes for 29 of 29 DRGs"))
    let library = SynthesisFixtures.temporary("library.csv")
    defer { try? FileManager.default.removeItem(atPath: library) }
    _ = try CaseSynthesizer(scheme: SynthesisFixtures.demo, seed: 4).write(count: 300, to: library)
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: path))
        == Data(contentsOf: URL(fileURLWithPath: library)))
    let panel = try String(contentsOfFile: hospitals, encoding: .utf8)
    #expect(panel.hasPrefix("hospital_id,level,volume,cost_factor,stay_factor\nH001,"))
    #expect(panel.split(separator: "\n").count == 41)
  }

  @Test("usage errors: missing count, bad count, missing scheme")
  func usageErrors() {
    let missing = Self.run(["synth", "--scheme", SynthesisFixtures.demoScheme])
    #expect(missing.status == 64)
    #expect(missing.error.contains("missing --count"))
    let bad = Self.run(["synth", "--scheme", SynthesisFixtures.demoScheme, "-n", "ten"])
    #expect(bad.status == 64)
    #expect(bad.error.contains("-n must be a whole number"))
    let noScheme = Self.run(["synth", "-n", "10"])
    #expect(noScheme.status == 64)
    let wrongDirectory = Self.run(["synth", "-n", "10", "--scheme", "/nonexistent/scheme"])
    #expect(wrongDirectory.status == 66)  // a missing input (README, "Files")
  }
}
