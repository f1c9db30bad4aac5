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
    "N", "K", "A", "MB", "S", "YEARS", "DAYS", "GRAMS", "HOURS", "AMOUNT", "PCT", "Q", "SIZE",
    "YYYY", "LO,HI", "1|2",
  ]
  /// Placeholders of options whose value is not a number (still given the hostile values,
  /// which must not trap).
  static let otherPlaceholders: Set<String> = [
    "FILE", "LIST", "ID|DIR", "DIR", "METHOD", "TEXT", "NAME", "CODES", "UNIT", "SCALE",
    "PERIOD", "NAMES", "FORM", "CODE", "CASE_ID", "BASIS", "MAP.json", "GROUPED.csv", "LAST.csv",
  ]

  /// A new option with a new placeholder must be classified above, so that a numeric one
  /// cannot escape the range checks of ``everyOptionSurvivesHostileNumbers(command:)``.
  @Test func everyPlaceholderIsClassified() {
    for command in DRGCommand.subcommands {
      for option in command.spec.options {
        guard let placeholder = option.value else { continue }
        #expect(
          Self.numericPlaceholders.contains(placeholder)
            || Self.otherPlaceholders.contains(placeholder),
          "drg \(command.spec.name) \(option.names.last ?? ""): is \(placeholder) a number? add it to numericPlaceholders or otherPlaceholders"
        )
      }
    }
  }

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

/// Hostile numbers inside files: every numeric field of every example policy, and every
/// numeric column of a case file and of a grouped file, replaced by each hostile value.
/// No run may trap; a policy value out of range is refused (65) naming its field and place.
@Suite("Hostile numbers in policies and input files")
struct HostileFileNumberTests {
  static let policies = Repository.root.appendingPathComponent("examples/policies").path

  /// Paths (keys and indices) of the numeric leaves of a JSON value.
  static func numericPaths(_ value: Any, _ path: [Any] = []) -> [[Any]] {
    if let object = value as? [String: Any] {
      return object.keys.sorted().flatMap { numericPaths(object[$0]!, path + [$0]) }
    }
    if let array = value as? [Any] {
      return array.indices.flatMap { numericPaths(array[$0], path + [$0]) }
    }
    if type(of: value) == Bool.self { return [] }
    if let number = value as? NSNumber {
      return String(cString: number.objCType) == "c" ? [] : [path]
    }
    return value is Int || value is Double ? [path] : []
  }

  /// `value` with the leaf at `path` replaced by `replacement`.
  static func replacing(_ value: Any, at path: ArraySlice<Any>, with replacement: Any) -> Any {
    guard let first = path.first else { return replacement }
    if var object = value as? [String: Any], let key = first as? String {
      object[key] = replacing(object[key]!, at: path.dropFirst(), with: replacement)
      return object
    }
    if var array = value as? [Any], let index = first as? Int {
      array[index] = replacing(array[index], at: path.dropFirst(), with: replacement)
      return array
    }
    return value
  }

  @Test func everyPolicyFieldSurvivesHostileNumbers() throws {
    let fixture = try HostileNumberTests.Fixture()
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.policies)
      .filter { $0.hasSuffix(".json") }.sorted()
    #expect(files.count >= 5)
    var tried = 0
    for file in files {
      let data = try #require(FileManager.default.contents(atPath: Self.policies + "/" + file))
      var policy = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      // Weights paths are relative to the example's directory.
      policy["weights"] = nil
      for path in Self.numericPaths(policy) {
        let field = path.map { "\($0)" }.joined(separator: ".")
        for value in ["1e19", "1e308", "-0", "-1", String(repeating: "9", count: 400)] {
          let marked = Self.replacing(policy, at: path[...], with: "@HOSTILE@")
          let text = String(
            decoding: try JSONSerialization.data(withJSONObject: marked, options: [.sortedKeys]),
            as: UTF8.self
          ).replacingOccurrences(of: "\"@HOSTILE@\"", with: value)
          let policyPath = try fixture.directory.write(text, name: "hostile.json")
          let run = CommandRun([
            "settle", fixture.file("g.csv"), "--policy", policyPath, "--weights",
            fixture.file("w.csv"), "-o", fixture.file("settle"), "-q",
          ])
          tried += 1
          let shown = value.count > 12 ? "a 400-digit number" : value
          #expect(
            [0, 65].contains(run.status),
            "\(file) \(field) = \(shown): exit \(run.status): \(run.error)")
          if ["1e19", "1e308"].contains(value) {
            #expect(run.status == 65, "\(file) \(field) = \(shown) was accepted")
            let leaf = path.last.map { "\($0)" } ?? ""
            #expect(
              run.error.contains(leaf) || run.error.contains("column"),
              "\(file) \(field) = \(shown): the message names neither field nor place: \(run.error)"
            )
          }
          if value.count > 12 {
            #expect(run.status == 65, "\(file) \(field) = \(shown) was accepted")
            #expect(run.error.contains("hostile.json:1: column"), "\(run.error)")
          }
          #expect(!run.error.contains("not valid JSON."), "\(file) \(field): \(run.error)")
        }
      }
    }
    #expect(tried > 100)
  }

  /// Every numeric column of the demo cases (for group and diff) and of their grouped file
  /// (for weights, settle, compare and audit) set to each hostile value in every row: no
  /// trap, and the row count still reconciles for group.
  @Test func everyNumericInputFieldSurvivesHostileNumbers() throws {
    let fixture = try HostileNumberTests.Fixture()
    let cases = try String(contentsOfFile: Repository.demoCases, encoding: .utf8)
    let grouped = try String(contentsOfFile: fixture.file("g.csv"), encoding: .utf8)
    let hostile = HostileNumberTests.hostile + ["1e+20", "-9223372036854775809", "0x10"]
    func replaced(_ text: String, column name: String, by value: String) -> String {
      let lines = text.split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false)
      }
      guard let column = lines[0].firstIndex(of: Substring(name)) else { return text }
      return lines.enumerated().map { index, fields in
        var fields = fields
        if index > 0, column < fields.count { fields[column] = Substring(value) }
        return fields.joined(separator: ",")
      }.joined(separator: "\n") + "\n"
    }
    let scheme = Repository.demoScheme
    for column in ["sex", "age", "age_days", "weight", "los", "leaving", "icu_hours", "total_cost"]
    {
      for value in hostile {
        let input = try fixture.directory.write(
          replaced(cases, column: column, by: value), name: "hostile-cases.csv")
        let group = CommandRun(["group", input, "-s", scheme, "-o", fixture.file("hg.csv")])
        #expect(group.status == 0, "group, \(column) = \(value): \(group.error)")
        #expect(group.error.contains("51 rows read, 51 written"), "\(group.error)")
        let diff = CommandRun([
          "diff", input, "--from", scheme, "--to", scheme, "-o", fixture.file("hdiff"), "-q",
        ])
        #expect(diff.status == 0, "diff, \(column) = \(value): \(diff.error)")
        let explain = CommandRun(["explain", input, "--id", "D01", "-s", scheme])
        #expect(
          [0, 65].contains(explain.status), "explain, \(column) = \(value): \(explain.error)")
      }
    }
    for column in ["total_cost", "los", "leaving", "age"] {
      for value in hostile {
        let input = try fixture.directory.write(
          replaced(grouped, column: column, by: value), name: "hostile-grouped.csv")
        let lines: [[String]] = [
          ["weights", input, "-o", fixture.file("hw.csv")],
          [
            "settle", input, "--policy", fixture.file("p.json"), "--weights", fixture.file("w.csv"),
            "-o", fixture.file("hsettle"),
          ],
          ["compare", input, "--weights", fixture.file("w.csv"), "-o", fixture.file("hcompare")],
          ["audit", input, "-o", fixture.file("hflags.csv"), "--rules", "upcoding,long_stay"],
        ]
        for line in lines {
          let run = CommandRun(line + ["-q"])
          #expect(
            [0, 65].contains(run.status), "\(line[0]), \(column) = \(value): \(run.error)")
        }
      }
    }
  }
}
