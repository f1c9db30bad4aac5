import DRGKit
import DRGTestSupport
import Foundation
import Testing

@testable import DRGCommandLine

/// No output ever overwrites an input (README: "no output ever overwrites an input"): every
/// command's outputs are compared with its inputs by device and inode before anything is
/// written (``OutputPlan``), and clashing outputs are refused with exit 64.
@Suite("Outputs never overwrite inputs")
struct OutputPlanTests {
  /// A temporary directory holding a grouped file `g.csv` (from the demo cases) and a copy of
  /// the demo cases `cases.csv`.
  static func workspace() throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    try FileManager.default.copyItem(
      atPath: Repository.demoCases, toPath: directory.file("cases.csv"))
    let run = CommandRun([
      "group", Repository.demoCases, "-s", Repository.demoScheme, "-o", directory.file("g.csv"),
      "-q",
    ])
    #expect(run.status == 0, "\(run.error)")
    return directory
  }

  static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

  /// Runs `arguments`, expects exit `status` with `message` in stderr, and that `input`
  /// still holds the bytes it held before.
  static func expectRefused(
    _ arguments: [String], keeps input: String, status: Int32 = 64, message: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let before = bytes(input)
    let run = CommandRun(arguments)
    #expect(run.status == status, "\(run.error)", sourceLocation: sourceLocation)
    #expect(run.error.contains(message), "\(run.error)", sourceLocation: sourceLocation)
    #expect(bytes(input) == before, "the input \(input) changed", sourceLocation: sourceLocation)
    #expect(before != nil, sourceLocation: sourceLocation)
  }

  @Test func groupRejectsOnTheInputIsRefused() throws {
    let directory = try Self.workspace()
    let input = directory.file("cases.csv")
    Self.expectRefused(
      [
        "group", input, "-s", Repository.demoScheme, "-o", directory.file("out.csv"),
        "--rejects", input,
      ], keeps: input, message: "--rejects \(input) would overwrite the input \(input)")
    #expect(!FileManager.default.fileExists(atPath: directory.file("out.csv")))
  }

  @Test func rejectsOnTheOutputIsRefusedBeforeWriting() throws {
    let directory = try Self.workspace()
    let output = directory.file("out.csv")
    let run = CommandRun([
      "group", directory.file("cases.csv"), "-s", Repository.demoScheme, "-o", output,
      "--rejects", output,
    ])
    #expect(run.status == 64)
    #expect(run.error.contains("-o/--output and --rejects both write \(output)"), "\(run.error)")
    #expect(!FileManager.default.fileExists(atPath: output))
    // Both on standard output clash too; a device may be written twice.
    #expect(
      CommandRun([
        "group", directory.file("cases.csv"), "-s", Repository.demoScheme, "--rejects", "-",
      ]).status == 64)
    let devices = CommandRun([
      "group", directory.file("cases.csv"), "-s", Repository.demoScheme, "-o", "/dev/null",
      "--rejects", "/dev/null", "-q",
    ])
    #expect(devices.status == 0, "\(devices.error)")
  }

  @Test func anOutputThatIsTheInputByAnotherNameIsRefused() throws {
    let directory = try Self.workspace()
    let input = directory.file("cases.csv")
    // A hard link, a symbolic link and a roundabout spelling all name the input.
    try FileManager.default.linkItem(atPath: input, toPath: directory.file("hard.csv"))
    try FileManager.default.createSymbolicLink(
      atPath: directory.file("soft.csv"), withDestinationPath: input)
    for output in [
      directory.file("hard.csv"), directory.file("soft.csv"), directory.path + "/./cases.csv",
    ] {
      Self.expectRefused(
        ["group", input, "-s", Repository.demoScheme, "-o", output], keeps: input,
        message: "would overwrite the input \(input)")
    }
  }

  @Test func auditAndWeightsOutputOnTheInputAreRefused() throws {
    let directory = try Self.workspace()
    let grouped = directory.file("g.csv")
    Self.expectRefused(
      ["audit", grouped, "-o", grouped], keeps: grouped, message: "would overwrite the input")
    Self.expectRefused(
      ["weights", grouped, "-o", grouped], keeps: grouped, message: "would overwrite the input")
  }

  @Test func settleIntoTheDirectoryOfItsInputIsRefused() throws {
    let directory = try Self.workspace()
    let input = directory.file("cases.csv")
    try FileManager.default.removeItem(atPath: input)
    try FileManager.default.copyItem(atPath: directory.file("g.csv"), toPath: input)
    let policy = try directory.write(#"{"name": "t", "budget": 1000}"#, name: "p.json")
    Self.expectRefused(
      ["settle", input, "--policy", policy, "-o", directory.path], keeps: input,
      message: "\(directory.path)/cases.csv would overwrite the input")
    // The weights file a policy names is an input as well.
    #expect(
      CommandRun(["weights", directory.file("g.csv"), "-o", directory.file("w.csv"), "-q"]).status
        == 0)
    let out = directory.file("out")
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    try FileManager.default.moveItem(
      atPath: directory.file("w.csv"), toPath: out + "/hospitals.csv")
    let named = try directory.write(
      #"{"name": "t", "budget": 1000, "weights": "out/hospitals.csv"}"#, name: "named.json")
    Self.expectRefused(
      ["settle", directory.file("g.csv"), "--policy", named, "-o", out],
      keeps: out + "/hospitals.csv", message: "would overwrite the input")
  }

  @Test func compareIntoTheDirectoryOfItsInputOrHTMLOnItIsRefused() throws {
    let directory = try Self.workspace()
    let input = directory.file("hospitals.csv")
    try FileManager.default.copyItem(atPath: directory.file("g.csv"), toPath: input)
    Self.expectRefused(
      ["compare", input, "-o", directory.path], keeps: input, message: "would overwrite the input")
    Self.expectRefused(
      ["compare", input, "-o", directory.file("c"), "--html", input], keeps: input,
      message: "--html \(input) would overwrite the input")
    #expect(!FileManager.default.fileExists(atPath: directory.file("c")))
  }

  @Test func diffIntoTheDirectoryOfItsInputIsRefused() throws {
    let directory = try Self.workspace()
    let input = directory.file("migration.csv")
    try FileManager.default.copyItem(atPath: directory.file("cases.csv"), toPath: input)
    Self.expectRefused(
      [
        "diff", input, "--from", Repository.demoScheme, "--to", Repository.demoScheme, "-o",
        directory.path,
      ], keeps: input, message: "would overwrite the input")
  }

  @Test func synthIntoTheSchemeItReadsIsRefused() throws {
    let directory = try TemporaryDirectory()
    let scheme = directory.file("scheme")
    try FileManager.default.copyItem(atPath: Repository.demoScheme, toPath: scheme)
    Self.expectRefused(
      ["synth", "-s", scheme, "-n", "5", "-o", scheme + "/drg.csv"], keeps: scheme + "/drg.csv",
      message: "would overwrite the input \(scheme)/drg.csv")
  }

  @Test func anOutputDirectoryThatIsAFileIsSaidInPlainWords() throws {
    let directory = try Self.workspace()
    let file = try directory.write("not a directory\n", name: "taken")
    let run = CommandRun(["compare", directory.file("g.csv"), "-o", file])
    #expect(run.status == 73)
    #expect(
      run.error.contains("\(file): cannot create the output directory: a file of that name exists"),
      "\(run.error)")
    #expect(!run.error.contains("NSCocoaErrorDomain"))
    // Named as the input itself, it is a usage error.
    Self.expectRefused(
      ["settle", directory.file("g.csv"), "--policy", "p.json", "-o", directory.file("g.csv")],
      keeps: directory.file("g.csv"), message: "is the input file")
  }

  /// Before: `-s demo` (a bare id) added no input, so `-o` onto one of its tables passed the
  /// check. Only the plan is checked here: nothing is written into the shipped scheme.
  @Test func aBareSchemeIdCountsEveryTableAsAnInput() throws {
    let spec = try #require(DRGCommand.find("group")?.spec)
    let table = Repository.root.appendingPathComponent("grouper-tables/demo/drg.csv").path
    let arguments = try spec.parse([Repository.demoCases, "-s", "demo", "-o", table])
    let plan = OutputPlan(spec: spec, arguments: arguments)
    #expect(plan.inputs.contains { $0.hasSuffix("demo/drg.csv") }, "\(plan.inputs)")
    #expect {
      try plan.check()
    } throws: { error in
      "\(error)".contains("would overwrite the input")
    }
  }
}
