import DRGTestSupport
import Foundation
import Testing

@Suite("drg scheme check")
struct SchemeCheckCommandTests {
  @Test func summarisesTheDemoScheme() {
    let run = CommandRun(["scheme", "check", Repository.demoScheme])
    #expect(run.status == 0)
    #expect(run.out.contains("Scheme demo"))
    #expect(run.out.contains("5 MDCs, 14 ADRGs (1 ambiguous), 29 DRGs"))
    #expect(run.out.contains("No warnings."))
  }

  @Test func strictFailsOnWarnings() throws {
    let directory = Repository.temporary("scheme")
    try FileManager.default.copyItem(atPath: Repository.demoScheme, toPath: directory)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // An extra list that no rule names.
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/lists.csv"))
    handle.seekToEndOfFile()
    handle.write(Data("UNUSED.dx,I10.x00,\n".utf8))
    try handle.close()
    let run = CommandRun(["scheme", "check", directory, "--strict"])
    #expect(run.status == 1)
    #expect(run.out.contains("warning: lists.csv: list 'UNUSED.dx' is not used by any rule"))
  }
}
