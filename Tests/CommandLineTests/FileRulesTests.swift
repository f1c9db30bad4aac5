import DRGKit
import DRGTestSupport
import Foundation
import Testing

/// The file-level rules every command shares (README, "Files and exit codes"): no rows,
/// repeated columns, repeated keys, missing inputs, outputs that cannot be created, and
/// messages in plain words.
@Suite("File rules shared by every command")
struct FileRulesTests {
  /// A directory with the demo cases grouped (`g.csv`), their weights (`w.csv`), a policy
  /// (`p.json`), an empty file and the header of each kind of file alone.
  final class Workspace {
    let directory: TemporaryDirectory
    init() throws {
      directory = try TemporaryDirectory()
      #expect(
        CommandRun([
          "group", Repository.demoCases, "-s", Repository.demoScheme, "-o", file("g.csv"), "-q",
        ]).status == 0)
      #expect(CommandRun(["weights", file("g.csv"), "-o", file("w.csv"), "-q"]).status == 0)
      try directory.write(
        #"{"name": "t", "budget": 100000, "readmission": {"enabled": false}}"#, name: "p.json")
      try directory.write("", name: "empty.csv")
      let cases = try String(contentsOfFile: Repository.demoCases, encoding: .utf8)
      try directory.write(String(cases.prefix { $0 != "\n" }) + "\n", name: "cases-header.csv")
      let grouped = try directory.read("g.csv")
      try directory.write(String(grouped.prefix { $0 != "\n" }) + "\n", name: "g-header.csv")
      let weights = try directory.read("w.csv")
      try directory.write(String(weights.prefix { $0 != "\n" }) + "\n", name: "w-header.csv")
    }
    func file(_ name: String) -> String { directory.file(name) }

    /// A command line of `command` reading `input` as its main file.
    func line(_ command: String, input: String) -> [String] {
      let scheme = Repository.demoScheme
      switch command {
      case "group": return ["group", input, "-s", scheme, "-o", file("o.csv")]
      case "explain": return ["explain", input, "--id", "D01", "-s", scheme]
      case "diff": return ["diff", input, "--from", scheme, "--to", scheme, "-o", file("diff")]
      case "weights": return ["weights", input, "-o", file("w2.csv")]
      case "settle":
        return [
          "settle", input, "--policy", file("p.json"), "--weights", file("w.csv"), "-o",
          file("settle"),
        ]
      case "compare": return ["compare", input, "--weights", file("w.csv"), "-o", file("compare")]
      case "audit": return ["audit", input, "-o", file("flags.csv"), "--rules", "upcoding"]
      default: return []
      }
    }
  }

  static let caseCommands = ["group", "explain", "diff"]
  static let groupedCommands = ["weights", "settle", "compare", "audit"]

  /// Before: settle took an empty file as 0 cases (exit 0) and every command took a header
  /// alone as 0 rows (exit 0), while an empty file was exit 65 elsewhere.
  @Test(arguments: caseCommands + groupedCommands)
  func emptyAndHeaderOnlyFilesAreRefusedAlike(command: String) throws {
    let work = try Workspace()
    let header = Self.caseCommands.contains(command) ? "cases-header.csv" : "g-header.csv"
    let empty = CommandRun(work.line(command, input: work.file("empty.csv")))
    let headerOnly = CommandRun(work.line(command, input: work.file(header)))
    #expect(empty.status == 65, "drg \(command), empty file: \(empty.error)")
    #expect(headerOnly.status == 65, "drg \(command), header only: \(headerOnly.error)")
    #expect(
      empty.error.contains("empty.csv:1: the file is empty; expected a header row"),
      "drg \(command): \(empty.error)")
    #expect(
      headerOnly.error.contains("\(header):2: the file has a header but no rows"),
      "drg \(command): \(headerOnly.error)")
  }

  @Test func sideFilesWithoutRowsAreRefusedToo() throws {
    let work = try Workspace()
    for weights in ["empty.csv", "w-header.csv"] {
      var line = work.line("compare", input: work.file("g.csv"))
      line[line.firstIndex(of: work.file("w.csv"))!] = work.file(weights)
      let run = CommandRun(line)
      #expect(run.status == 65, "\(weights): \(run.error)")
      #expect(run.error.contains(weights), "\(run.error)")
    }
    try work.directory.write("hospital_id,hospital_name\n", name: "h.csv")
    let run = CommandRun(
      work.line("settle", input: work.file("g.csv")) + ["--hospitals", work.file("h.csv")])
    #expect(run.status == 65)
    #expect(run.error.contains("h.csv:2: the file has a header but no rows"), "\(run.error)")
  }

  /// Before: group refused any repeated header name ("column 'note' appears twice").
  @Test func repeatedPassThroughColumnsAreKeptByEveryCommand() throws {
    let work = try Workspace()
    func doubled(_ name: String, _ text: String) throws -> String {
      let lines = text.split(separator: "\n").enumerated().map { index, line in
        line + (index == 0 ? ",note,note" : ",a,b")
      }
      return try work.directory.write(lines.joined(separator: "\n") + "\n", name: name)
    }
    let cases = try doubled(
      "cases2.csv", try String(contentsOfFile: Repository.demoCases, encoding: .utf8))
    let grouped = try doubled("g2.csv", try work.directory.read("g.csv"))
    for command in Self.caseCommands + Self.groupedCommands {
      let input = Self.caseCommands.contains(command) ? cases : grouped
      let run = CommandRun(work.line(command, input: input) + (command == "explain" ? [] : ["-q"]))
      #expect(run.status == 0, "drg \(command): \(run.error)")
    }
    let output = try work.directory.read("o.csv")
    #expect(output.hasPrefix("case_id,") && output.contains(",total_cost,note,note,status,"))
    #expect(output.contains(",a,b,grouped,"))
  }

  /// A repeated column that feeds a field is an error naming both columns: `age` is column
  /// 4 of the demo header and the appended one is column 14.
  @Test func aRepeatedColumnFeedingAFieldNamesBoth() throws {
    let work = try Workspace()
    let text = try String(contentsOfFile: Repository.demoCases, encoding: .utf8)
    let lines = text.split(separator: "\n").enumerated().map { index, line in
      line + (index == 0 ? ",age" : ",50")
    }
    let input = try work.directory.write(lines.joined(separator: "\n") + "\n", name: "c.csv")
    let run = CommandRun(work.line("group", input: input))
    #expect(run.status == 65)
    #expect(
      run.error.contains("column 'age' appears twice in the header (columns 4 and 14)"),
      "\(run.error)")
  }

  /// Before: the last row silently won (one bad row moved a hospital's CMI from 1.31 to
  /// 5.79). Line 1 is the header, so the first DRG row is line 2.
  @Test func aWeightsFileListingADRGTwiceIsRefusedWithBothLines() throws {
    let work = try Workspace()
    var rows = try work.directory.read("w.csv").split(separator: "\n").map(String.init)
    rows.append(rows[1])  // the first DRG again, as line rows.count + 1
    let twice = try work.directory.write(rows.joined(separator: "\n") + "\n", name: "w2x.csv")
    let drg = String(rows[1].prefix { $0 != "," })
    for command in ["settle", "compare"] {
      var line = work.line(command, input: work.file("g.csv"))
      line[line.firstIndex(of: work.file("w.csv"))!] = twice
      let run = CommandRun(line)
      #expect(run.status == 65, "drg \(command): \(run.error)")
      #expect(
        run.error.contains("DRG \(drg) is listed twice, on lines 2 and \(rows.count)"),
        "drg \(command): \(run.error)")
    }
  }

  @Test func aSecondAssessmentScoreNamesTheFirstLine() throws {
    let work = try Workspace()
    let scores = try work.directory.write(
      "hospital_id,score\nH01,90\nH02,80\nH01,70\n", name: "scores.csv")
    try work.directory.write(
      #"{"budget": 100000, "readmission": {"enabled": false}, "quality": {"withholdShare": 0.1}}"#,
      name: "q.json")
    var line = work.line("settle", input: work.file("g.csv"))
    line[line.firstIndex(of: work.file("p.json"))!] = work.file("q.json")
    let run = CommandRun(line + ["--assessment", scores])
    #expect(run.status == 65)
    #expect(
      run.error.contains("scores.csv:4: hospital H01 has a second score (first on line 2)"),
      "\(run.error)")
  }

  /// Before: a missing policy, column map, edit table or scheme directory exited 65.
  @Test func everyMissingInputExits66() throws {
    let work = try Workspace()
    let missing = work.file("missing")
    let scheme = Repository.demoScheme
    let withoutTable = work.file("scheme")
    try FileManager.default.copyItem(atPath: scheme, toPath: withoutTable)
    try FileManager.default.removeItem(atPath: withoutTable + "/drg.csv")
    let lines: [[String]] = [
      ["group", missing + ".csv", "-s", scheme, "-o", work.file("o.csv")],
      ["group", Repository.demoCases, "-s", missing, "-o", work.file("o.csv")],
      ["group", Repository.demoCases, "-s", withoutTable, "-o", work.file("o.csv")],
      [
        "group", Repository.demoCases, "-s", scheme, "--columns", missing + ".json", "-o",
        "/dev/null",
      ],
      [
        "group", Repository.demoCases, "-s", scheme, "--edits", missing + ".csv", "-o", "/dev/null",
      ],
      ["scheme", "check", missing],
      ["synth", "-s", missing, "-n", "5", "-o", work.file("s.csv")],
      work.line("settle", input: work.file("g.csv")).map {
        $0 == work.file("p.json") ? missing : $0
      },
      work.line("compare", input: work.file("g.csv")).map {
        $0 == work.file("w.csv") ? missing : $0
      },
      work.line("compare", input: work.file("g.csv")) + ["--hospitals", missing],
      work.line("audit", input: missing),
    ]
    for line in lines {
      let run = CommandRun(line)
      #expect(run.status == 66, "drg \(line.joined(separator: " ")): \(run.error)")
      #expect(
        run.error.contains(missing) || run.error.contains("drg.csv: file is missing"),
        "\(run.error)")
    }
  }

  /// Before: compare and diff printed `Error Domain=NSCocoaErrorDomain Code=512 …` and
  /// exited 1 when their output directory could not be made.
  @Test func everyOutputThatCannotBeCreatedExits73InPlainWords() throws {
    let work = try Workspace()
    // A directory under a file cannot be created.
    let blocked = work.file("p.json") + "/sub"
    let scheme = Repository.demoScheme
    let lines: [[String]] = [
      ["group", Repository.demoCases, "-s", scheme, "-o", blocked + "/o.csv"],
      ["synth", "-s", scheme, "-n", "5", "-o", blocked + "/s.csv"],
      ["weights", work.file("g.csv"), "-o", blocked + "/w.csv"],
      [
        "settle", work.file("g.csv"), "--policy", work.file("p.json"), "--weights",
        work.file("w.csv"), "-o", blocked,
      ],
      ["compare", work.file("g.csv"), "--weights", work.file("w.csv"), "-o", blocked],
      ["diff", Repository.demoCases, "--from", scheme, "--to", scheme, "-o", blocked],
      ["audit", work.file("g.csv"), "--rules", "upcoding", "-o", blocked + "/f.csv"],
    ]
    for line in lines {
      let run = CommandRun(line + ["-q"])
      #expect(run.status == 73, "drg \(line[0]): \(run.error)")
      #expect(run.error.contains("Not a directory"), "drg \(line[0]): \(run.error)")
      #expect(!run.error.contains("NSCocoaErrorDomain"), "drg \(line[0]): \(run.error)")
      #expect(!run.error.contains("Error Domain"), "drg \(line[0]): \(run.error)")
    }
  }

  /// Before: `p.json:0: : The given data was not valid JSON.` for both.
  @Test func policyJSONErrorsGiveLineAndColumn() throws {
    let work = try Workspace()
    func settle(_ policy: String) throws -> CommandRun {
      try work.directory.write(policy, name: "bad.json")
      var line = work.line("settle", input: work.file("g.csv"))
      line[line.firstIndex(of: work.file("p.json"))!] = work.file("bad.json")
      return CommandRun(line)
    }
    // After the trailing comma of line 3, the } on line 4, column 1 ends the object.
    let comma = try settle(
      "{\n  \"readmission\": {\"enabled\": false},\n  \"budget\": 100000,\n}\n")
    #expect(comma.status == 65)
    #expect(
      comma.error.contains("bad.json:4: column 1: a comma before } (remove the last comma)"),
      "\(comma.error)")
    // `year` on line 2 at column 11: a valid JSON number out of range, not "not valid JSON".
    let year = try settle(
      "{\"budget\": 1, \"readmission\": {\"enabled\": false},\n  \"year\": 1e+20}")
    #expect(year.status == 65)
    #expect(
      year.error.contains("bad.json:2: column 11: .year: must be a whole number"), "\(year.error)")
    #expect(!year.error.contains("not valid JSON"), "\(year.error)")
    // A budget beyond 10^15 is a range error naming the field.
    let budget = try settle(#"{"budget": 1e+20, "readmission": {"enabled": false}}"#)
    #expect(budget.status == 65)
    #expect(budget.error.contains("budget must be at most 10^15, found 1e+20"), "\(budget.error)")
    let twice = try settle("{\"budget\": 1,\n \"budget\": 2}")
    #expect(twice.status == 65)
    #expect(
      twice.error.contains("bad.json:2: column 2: the field \"budget\" is given twice"),
      "\(twice.error)")
  }

  @Test func columnMapJSONErrorsGiveLineAndColumn() throws {
    let work = try Workspace()
    let map = try work.directory.write("{\"sex\": \"XB\"\n \"age\": \"NL\"}", name: "map.json")
    let run = CommandRun([
      "group", Repository.demoCases, "-s", Repository.demoScheme, "--columns", map, "-o",
      "/dev/null",
    ])
    #expect(run.status == 65)
    #expect(
      run.error.contains("map.json:2: column 2: expected , or } after a field, found '\"'"),
      "\(run.error)")
    let unknown = try work.directory.write("{\"sex\": \"XB\",\n  \"agee\": \"NL\"}", name: "u.json")
    let second = CommandRun([
      "group", Repository.demoCases, "-s", Repository.demoScheme, "--columns", unknown, "-o",
      "/dev/null",
    ])
    #expect(second.status == 65)
    #expect(second.error.contains("u.json:2: column 11: unknown key 'agee'"), "\(second.error)")
  }
}

@Suite("Options that cannot apply")
struct InapplicableOptionTests {
  /// Before: `drg diff --min-weight-coverage 95` without weights ran and ignored it.
  @Test func diffMinWeightCoverageWithoutWeightsIsAUsageError() throws {
    let directory = try TemporaryDirectory()
    let run = CommandRun([
      "diff", Repository.demoCases, "--from", Repository.demoScheme, "--to",
      Repository.demoScheme, "-o", directory.file("diff"), "--min-weight-coverage", "95",
    ])
    #expect(run.status == 64)
    #expect(run.error.contains("--min-weight-coverage needs --weights-a and --weights-b"))
    #expect(!FileManager.default.fileExists(atPath: directory.file("diff")))
  }
}
