import DRGTestSupport
import Foundation
import Testing

/// `drg serve --stdio`, driven through pipes by the built `drg` binary: each line must be
/// answered before the next is sent (a server that buffered its answers would leave the
/// test waiting, which fails after a timeout instead of hanging).
@Suite("drg serve --stdio")
struct ServeCommandTests {
  /// The `drg` binary built beside the test bundle (`swift build --build-tests` builds it).
  private static var drg: String {
    let bundle =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: bundle).deletingLastPathComponent()
    // macOS runs the tests from inside DRGKitPackageTests.xctest/Contents/MacOS.
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("drg").path),
      directory.pathComponents.count > 1
    {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("drg").path
  }

  /// A running `drg serve` with pipes to its standard input and output.
  private final class Server {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    private var pending: [UInt8] = []

    init(_ arguments: [String]) throws {
      process.executableURL = URL(fileURLWithPath: ServeCommandTests.drg)
      process.arguments = ["serve", "--stdio", "-q"] + arguments
      process.standardInput = input
      process.standardOutput = output
      try process.run()
    }

    func send(_ line: String) {
      input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// The next answer line, or nil when none comes within ten seconds.
    func answer() -> String? {
      let descriptor = output.fileHandleForReading.fileDescriptor
      while true {
        if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
          let line = String(decoding: pending[..<end], as: UTF8.self)
          pending.removeFirst(end + 1)
          return line
        }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 10_000) == 1 else { return nil }
        var block = [UInt8](repeating: 0, count: 4096)
        let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        guard count > 0 else { return nil }
        pending.append(contentsOf: block[..<count])
      }
    }

    /// Closes the input and waits for the exit status.
    func finish() -> Int32 {
      input.fileHandleForWriting.closeFile()
      process.waitUntilExit()
      return process.terminationStatus
    }
  }

  @Test func csvLinesAreAnsweredOneByOneAsDrgGroupWritesThem() throws {
    #expect(FileManager.default.isExecutableFile(atPath: Self.drg), "build drg first")
    let grouped = Repository.temporary("grouped.csv")
    defer { try? FileManager.default.removeItem(atPath: grouped) }
    let run = CommandRun([
      "group", Repository.demoCases, "-s", Repository.demoScheme, "-o", grouped,
    ])
    #expect(run.status == 0, "\(run.error)")
    let expected = try String(contentsOfFile: grouped, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let lines = try String(contentsOfFile: Repository.demoCases, encoding: .utf8)
      .split(separator: "\n").map(String.init)

    let server = try Server(["-s", Repository.demoScheme])
    var answers: [String] = []
    for line in lines {
      server.send(line)
      answers.append(try #require(server.answer(), "no answer to: \(line)"))
    }
    // A blank line is answered with a blank line, a broken one as an invalid row.
    server.send("")
    #expect(server.answer() == "")
    server.send("X1,H01,1,\"50")
    let broken = try #require(server.answer())
    #expect(broken.contains(",invalid,"))
    #expect(broken.contains("unterminated quoted field"))
    #expect(server.finish() == 0)
    // The header and every row exactly as `drg group` wrote them (51 cases).
    #expect(answers.count == 52)
    #expect(answers == Array(expected.prefix(answers.count)))
  }

  /// The explanation of a JSON line reads the case as its answer did: `i21.000` and a
  /// full-width `Ｊ９６.０００`, age "67岁" (the demo scheme's FM11 case of `drg explain
  /// --help`: I21.000 + MCC J96.000 + PCI 36.0600). Before, the explanation looked the
  /// codes up as written and said ungroupable while the answer said FM11.
  @Test func theExplanationReadsTheCaseAsTheAnswerDid() throws {
    let server = try Server(["--json", "--explain", "-s", Repository.demoScheme])
    server.send(
      #"{"case_id": "X1", "sex": 1, "age": "67岁", "los": 6, "#
        + #""diagnoses": ["i21.000", "Ｊ９６.０００"], "procedures": "36.0600"}"#)
    let answer = try #require(server.answer())
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any])
    #expect(object["drg"] as? String == "FM11", "\(answer)")
    let explanation = try #require(object["explanation"] as? String)
    #expect(
      explanation.contains("Result: grouped — MDC MDCF, ADRG FM1, DRG FM11"), "\(explanation)")
  }

  @Test func jsonLinesGiveTheExpectedGroups() throws {
    let server = try Server(["--json", "--explain", "-s", Repository.demoScheme])
    // D01 of demo-cases.csv; demo-expected.csv (derived by hand from the scheme's rules)
    // has it grouped in MDCA, AH1, AH19.
    server.send(
      #"{"case_id": "D01", "hospital_id": "H01", "sex": 1, "age": 67, "dept": "28", "los": 24, "#
        + #""leaving": 1, "icu_hours": 410, "diagnoses": ["J96.000", "J18.900", "I50.900"], "#
        + #""procedures": "31.1x00|96.7200|33.2200", "total_cost": 186540.00}"#)
    let first = try #require(server.answer())
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
    #expect(object["case_id"] as? String == "D01")
    #expect(object["status"] as? String == "grouped")
    #expect(object["mdc"] as? String == "MDCA")
    #expect(object["adrg"] as? String == "AH1")
    #expect(object["drg"] as? String == "AH19")
    #expect(object["line"] as? Int == 1)
    #expect((object["explanation"] as? String)?.contains("AH19") == true)
    // A key that is not a column, and a line that is not JSON, are answered with an error.
    server.send(#"{"case_id": "D02", "sexe": 2}"#)
    let unknown = try #require(server.answer())
    // The value of "sexe" starts at column 28 of the line.
    #expect(unknown.contains(#""error":"column 28: unknown key 'sexe'"#), "\(unknown)")
    #expect(unknown.contains(#""line":2"#))
    server.send("not json")
    let notJSON = try #require(server.answer())
    #expect(notJSON.contains(#""error":"column 1: expected a value"#), "\(notJSON)")
    server.send(#"{"case_id": "D03",}"#)
    let comma = try #require(server.answer())
    #expect(
      comma.contains(#""error":"column 19: a comma before } (remove the last comma)""#), "\(comma)")
    server.send("[1, 2]")
    #expect(server.answer()?.contains(#""error":"the line is not a JSON object""#) == true)
    #expect(server.finish() == 0)
  }

  @Test func explainWithoutJSONIsAUsageError() {
    let run = CommandRun(["serve", "--stdio", "--explain", "-s", Repository.demoScheme])
    #expect(run.status == 64)
    #expect(run.error.contains("--explain needs --json"))
  }

  /// Like every command that reads cases, serve prints the column line when the CSV header
  /// arrives (on stderr, apart from the answers) and the mapping with --show-columns, and
  /// takes --ignore-column.
  @Test func printsTheColumnLineOfTheHeader() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "病案号,性别,年龄,主要诊断编码,门诊诊断编码\nA,1,40,I10.x00,J18.900\n", name: "in.csv")
    func serve(_ extra: [String]) throws -> (status: Int32, error: String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Self.drg)
      process.arguments = ["serve", "--stdio", "-s", Repository.demoScheme] + extra
      process.standardInput = FileHandle(forReadingAtPath: input)
      process.standardOutput = FileHandle.nullDevice
      let errors = Pipe()
      process.standardError = errors
      try process.run()
      let data = errors.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
    // 门诊诊断编码 looks like codes and feeds nothing: named, or left alone when ignored.
    let plain = try serve([])
    #expect(plain.status == 0, "\(plain.error)")
    #expect(
      plain.error.contains(
        "drg serve: columns: case_id ← 病案号, sex ← 性别, age ← 年龄, diagnoses ← 主要诊断编码"),
      "\(plain.error)")
    #expect(plain.error.contains("unused: 门诊诊断编码 (codes)"), "\(plain.error)")
    let ignoring = try serve(["--ignore-column", "门诊诊断编码"])
    #expect(ignoring.status == 0, "\(ignoring.error)")
    #expect(ignoring.error.contains("ignored: 门诊诊断编码"), "\(ignoring.error)")
    let shown = try serve(["--ignore-column", "门诊诊断编码", "--show-columns"])
    #expect(shown.error.contains("columns of <stdin> (5 in the header):"), "\(shown.error)")
  }
}
