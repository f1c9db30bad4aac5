import DRGTestSupport
import Foundation
import Testing

/// README: "an interrupted run leaves no half file behind". A real `drg` process (the one
/// built beside the tests) groups standard input into an existing file; while it waits for
/// more input it gets SIGINT or SIGTERM, and must remove its `<out>.partial-PID` file, leave
/// the existing output as it was, say so, and exit with 128 + the signal.
@Suite("Interrupted runs", .serialized)
struct InterruptTests {
  /// The `drg` executable built with the tests.
  static func drg() throws -> String {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("drg").path
    let candidates = [beside, Repository.root.appendingPathComponent(".build/debug/drg").path]
    return try #require(
      candidates.first { FileManager.default.isExecutableFile(atPath: $0) },
      "build drg first (swift build --build-tests): looked in \(candidates)")
  }

  @Test(arguments: [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")])
  func anInterruptRemovesTheUnfinishedOutput(signal: Int32, name: String) throws {
    let directory = try TemporaryDirectory()
    let output = try directory.write("an earlier output\n", name: "grouped.csv")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try Self.drg())
    // Small chunks: the first ones are grouped and written while the run waits for more.
    process.arguments = [
      "group", "-", "-s", Repository.demoScheme, "-o", output, "--block-size", "0.001",
    ]
    let input = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    defer { if process.isRunning { process.terminate() } }
    // The header and the demo cases; standard input stays open, so the run waits for more.
    input.fileHandleForWriting.write(
      try Data(contentsOf: URL(fileURLWithPath: Repository.demoCases)))
    let partial = output + ".partial-\(process.processIdentifier)"
    // The output is opened once the header and a row were read, and standard input stays
    // open: the partial file must appear, and the run then waits for more input with it
    // open (a debug build on a busy machine may take seconds to start).
    let deadline = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: partial) && Date() < deadline && process.isRunning
    {
      usleep(20_000)
    }
    let opened = FileManager.default.fileExists(atPath: partial)
    #expect(opened, "the run never opened \(partial)")
    #expect(
      try directory.fileNames().sorted()
        == ["grouped.csv", (partial as NSString).lastPathComponent].sorted())
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
    try? input.fileHandleForWriting.close()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 128 + signal, "\(message)")
    #expect(!FileManager.default.fileExists(atPath: partial))
    #expect(try directory.read("grouped.csv") == "an earlier output\n")
    #expect(try directory.fileNames() == ["grouped.csv"])
    #expect(
      message.contains(
        "drg: interrupted (\(name)); removed the unfinished \(partial): \(output) is as before the run"
      ),
      "\(message)")
  }
}
