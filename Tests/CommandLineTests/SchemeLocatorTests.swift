import DRGKit
import DRGTestSupport
import Foundation
import Testing

/// `--scheme ID`: a bare id is looked for in $DRG_TABLES, ./grouper-tables, then the
/// package's grouper-tables; a path is taken as it is.
@Suite("Schemes by name")
struct SchemeLocatorTests {
  /// Three places, each holding a copy of the demo scheme under some names, so which place
  /// answered is visible from the returned path.
  private func places() throws -> (
    directory: TemporaryDirectory, environment: [String: String], current: String
  ) {
    let directory = try TemporaryDirectory()
    let manager = FileManager.default
    for (place, ids) in [("env", ["demo-a"]), ("cwd/grouper-tables", ["demo-a", "demo-b"])] {
      try manager.createDirectory(
        atPath: directory.file(place), withIntermediateDirectories: true)
      for id in ids {
        try manager.copyItem(
          atPath: Repository.demoScheme, toPath: directory.file("\(place)/\(id)"))
      }
    }
    return (directory, ["DRG_TABLES": directory.file("env")], directory.file("cwd"))
  }

  @Test func bareIDsAreFoundInOrderOfPlaces() throws {
    let (directory, environment, current) = try places()
    let locator = SchemeLocator.standard(environment: environment, currentDirectory: current)
    // demo-a is in both $DRG_TABLES and ./grouper-tables: $DRG_TABLES comes first.
    #expect(try locator.directory(for: "demo-a") == directory.file("env/demo-a"))
    // demo-b is only in ./grouper-tables.
    #expect(try locator.directory(for: "demo-b") == directory.file("cwd/grouper-tables/demo-b"))
    // demo is in neither: the package's grouper-tables answers.
    #expect(try locator.directory(for: "demo") == SchemeLocator.packageTables + "/demo")
    #expect(locator.places.map(\.label) == ["$DRG_TABLES", "./grouper-tables", "package"])
  }

  @Test func pathsAreTakenAsTheyAre() throws {
    let (directory, environment, current) = try places()
    let locator = SchemeLocator.standard(environment: environment, currentDirectory: current)
    let path = directory.file("cwd/grouper-tables/demo-b")
    #expect(try locator.directory(for: path) == path)
    #expect(try locator.directory(for: "some/where") == "some/where")
  }

  @Test func anUnknownIDListsTheIDsAndThePlaces() throws {
    let (directory, environment, current) = try places()
    let locator = SchemeLocator.standard(environment: environment, currentDirectory: current)
    do {
      _ = try locator.directory(for: "nanjing-2031")
      Issue.record("an unknown id must throw")
    } catch {
      let text = error.description
      #expect(text.contains("no scheme named 'nanjing-2031'"))
      #expect(text.contains("$DRG_TABLES: \(directory.file("env"))"))
      #expect(text.contains("./grouper-tables: \(directory.file("cwd/grouper-tables"))"))
      #expect(text.contains("package: \(SchemeLocator.packageTables)"))
      // The ids of all three places, each once.
      for id in ["demo-a", "demo-b", "demo", "chs-drg-1.1"] {
        #expect(error.available.filter { $0 == id }.count == 1, "\(id)")
      }
    }
  }

  @Test func commandsTakeAnID() throws {
    let directory = try TemporaryDirectory()
    let output = directory.file("grouped.csv")
    let run = CommandRun(["group", Repository.demoCases, "--scheme", "demo", "-o", output])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.error.contains("51 rows read, 51 written"))
    let check = CommandRun(["scheme", "check", "chs-drg-1.1"])
    #expect(check.status == 0)
    #expect(check.out.contains("Scheme chs-drg-1.1: CHS-DRG 1.1"))
  }

  @Test func anUnknownIDIsAMissingInput() {
    let run = CommandRun([
      "explain", "--scheme", "no-such-scheme", "--sex", "1", "--age", "40", "--dx", "I10.x00",
    ])
    #expect(run.status == 66)
    #expect(run.error.contains("no scheme named 'no-such-scheme'"))
    #expect(run.error.contains("Available: "))
  }
}
