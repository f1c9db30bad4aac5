import DRGKit
import Foundation
import Testing

@testable import DRGCommandLine

/// `-o d` crashed every command that checks its output directory first: Foundation's
/// `deletingLastPathComponent` traps on a one-character path (Swift 6.3, Linux).
/// `PathText.parent(of:)` replaces it; the expected parents are written by hand.
@Suite("Output directories: the parent of a path")
struct OutputParentPathTests {
  @Test func parentsByHand() {
    #expect(PathText.parent(of: "d") == "")
    #expect(PathText.parent(of: "out") == "")
    #expect(PathText.parent(of: "a/b") == "a")
    #expect(PathText.parent(of: "a/b/") == "a")
    #expect(PathText.parent(of: "/d") == "/")
    #expect(PathText.parent(of: "/tmp/x/y") == "/tmp/x")
    #expect(PathText.parent(of: "目录/子") == "目录")
  }

  /// A one-character directory that does not exist yet, relative to the working directory
  /// (which the tests can write): accepted, and nothing is created.
  @Test func aOneCharacterRelativeDirectoryIsAccepted() throws {
    let name = "q"
    #expect(!FileManager.default.fileExists(atPath: name))
    try OutputPlan.checkCreatable(directory: name)
    #expect(!FileManager.default.fileExists(atPath: name))
  }
}
