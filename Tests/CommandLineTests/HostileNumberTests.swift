import DRGKit
import DRGTestSupport
import Foundation
import Testing

@testable import DRGCommandLine

/// Every option of every command, from the command specs (so a new option is covered
/// without touching this file), given values that have crashed or fooled the tool: huge,
/// negative zero, not a number, infinite, negative, and a 400-digit number. No run may trap
/// (a trap would end the test process), and a numeric option must refuse the hostile values
/// with exit 64 or 65 and a message naming the option.
@Suite("Hostile numbers in every option")
struct HostileNumberTests {
  static let hostile = [
    "1e19", "1e308", "-0", "nan", "inf", "-1", String(repeating: "9", count: 400),
  ]
  /// Values no numeric option may accept: beyond any sane range, or not numbers.
  static let refused: Set<String> = [
    "1e19", "1e308", "nan", "inf", String(repeating: "9", count: 400),
  ]
  /// Placeholders of options whose value is a number.
  static let numericPlaceholders: Set<String> = [
    "N", "K", "A", "MB", "S", "YEARS", "DAYS", "GRAMS", "HOURS", "AMOUNT", "PCT",
  ]

  /// Files every command can run on: the demo cases, their grouped output, weights and a
  /// policy.
  final class Fixture {
    let directory: TemporaryDirectory
    init() throws {
      directory = try TemporaryDirectory()
      let grouped = directory.file("g.csv")
      #expect(
        CommandRun([
          "group", Repository.demoCases, "-s", Repository.demoScheme, "-o", grouped, "-q",
        ])
        .status == 0)
      #expect(CommandRun(["weights", grouped, "-o", directory.file("w.csv"), "-q"]).status == 0)
      try directory.write(
        #"{"name": "t", "budget": 100000, "readmission": {"enabled": false}}"#, name: "p.json")
      try FileManager.default.createDirectory(
        atPath: file("tables"), withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(
        atPath: file("tables/demo"), withDestinationPath: Repository.demoScheme)
    }
    func file(_ name: String) -> String { directory.file(name) }

    /// A command line of `command` that succeeds, writing into the fixture's directory.
    func base(_ command: String) -> [String]? {
      let scheme = Repository.demoScheme
      switch command {
      case "group": return ["group", Repository.demoCases, "-s", scheme, "-o", file("o.csv"), "-q"]
      case "explain":
        return ["explain", "-s", scheme, "--sex", "1", "--age", "60", "--dx", "I21.000"]
      case "scheme check": return ["scheme", "check", scheme]
      case "synth": return ["synth", "-s", scheme, "-n", "20", "-o", file("s.csv"), "-q"]
      case "weights": return ["weights", file("g.csv"), "-o", file("w2.csv"), "-q"]
      case "settle":
        return [
          "settle", file("g.csv"), "--policy", file("p.json"), "--weights", file("w.csv"), "-o",
          file("settle"), "-q",
        ]
      case "compare":
        return ["compare", file("g.csv"), "--weights", file("w.csv"), "-o", file("compare"), "-q"]
      case "diff":
        return [
          "diff", Repository.demoCases, "--from", scheme, "--to", scheme, "--weights-a",
          file("w.csv"), "--weights-b", file("w.csv"), "-o", file("diff"), "-q",
        ]
      case "audit":
        return [
          "audit", file("g.csv"), "-o", file("flags.csv"), "--rules", "upcoding,long_stay", "-q",
        ]
      case "schemes": return ["schemes", "--tables", file("tables")]
      case "columns": return ["columns"]
      default: return nil
      }
    }
  }

  @Test(arguments: DRGCommand.subcommands.map { $0.spec.name })
  func everyOptionSurvivesHostileNumbers(command: String) throws {
    let fixture = try Fixture()
    // drg serve answers standard input line by line; in-process it would read the test's.
    if command == "serve" { return }
    let base = try #require(fixture.base(command), "give base arguments for drg \(command)")
    let plain = CommandRun(base)
    #expect(plain.status == 0, "the base command line fails: \(plain.error)")
    let spec = try #require(DRGCommand.find(command)?.spec)
    for option in spec.options where option.writes == nil {
      guard let placeholder = option.value, let name = option.names.last else { continue }
      let numeric = Self.numericPlaceholders.contains(placeholder)
      for value in Self.hostile {
        let values = placeholder == "PCT" ? [value, value + "%"] : [value]
        for given in values {
          let run = CommandRun(base + [name, given])
          let shown = given.count > 12 ? "a 400-digit number" : given
          if numeric && Self.refused.contains(value) {
            #expect(
              run.status == 64 || run.status == 65,
              "drg \(command) \(name) \(shown) exited \(run.status): \(run.error)")
            #expect(
              option.names.contains { run.error.contains($0) },
              "drg \(command) \(name) \(shown): the message does not name the option: \(run.error)")
          } else {
            #expect(
              [0, 1, 64, 65, 66, 73].contains(run.status),
              "drg \(command) \(name) \(shown) exited \(run.status): \(run.error)")
          }
        }
      }
    }
  }

  @Test func threadsAreCappedAtFourPerCore() {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let run = CommandRun([
      "group", Repository.demoCases, "-s", Repository.demoScheme, "-o", "/dev/null", "-j", "5000",
      "-q",
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(
      run.error.contains(
        "-j 5000 is more than 4 threads for each of the \(cores) cores; using \(4 * cores) threads"),
      "\(run.error)")
    // Absurd counts are usage errors, not capped.
    #expect(
      CommandRun(["group", Repository.demoCases, "-s", Repository.demoScheme, "-j", "1e19"]).status
        == 64)
  }

  @Test func explainRefusesASexItCannotRead() {
    let run = CommandRun([
      "explain", "-s", Repository.demoScheme, "--sex", "3", "--age", "60", "--dx", "I21.000",
    ])
    #expect(run.status == 64)
    #expect(run.error.contains("--sex must be 1, 2, 男 or 女, found '3'"), "\(run.error)")
  }

  @Test func explainOfAHugeAgeInAFileDoesNotTrap() throws {
    // The age is read from the file by the case parser, not checked as an option: the
    // explanation prints it without converting it to a whole number.
    let directory = try TemporaryDirectory()
    let cases = try directory.write(
      "case_id,sex,age,los,diagnoses\nX1,1,1e19,1e300,I21.000\n", name: "cases.csv")
    let run = CommandRun(["explain", cases, "--id", "X1", "-s", Repository.demoScheme])
    #expect(run.status == 0 || run.status == 65, "\(run.error)")
  }
}
