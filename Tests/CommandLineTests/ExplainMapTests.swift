import DRGTestSupport
import Foundation
import Testing

/// `drg explain --map`, as the other case-reading commands have it (before: no such
/// option). Beijing 2022's dx_map.csv has the line `A02.100x004,A02.100`, and its
/// dx_names.csv lists A02.100 but not A02.100x004.
@Suite("drg explain --map")
struct ExplainMapTests {
  static let scheme = Repository.root.appendingPathComponent("grouper-tables/beijing-2022").path
  static let inline = ["explain", "-s", scheme, "--sex", "1", "--age", "40", "--dx"]

  @Test func aMappedCodeIsExplainedAsTheCodeItTranslatesTo() throws {
    let map = try String(contentsOfFile: Self.scheme + "/dx_map.csv", encoding: .utf8)
    #expect(map.contains("\nA02.100x004,A02.100\n"))
    let direct = CommandRun(Self.inline + ["A02.100"])
    let mapped = CommandRun(Self.inline + ["A02.100x004", "--map"])
    let plain = CommandRun(Self.inline + ["A02.100x004"])
    #expect(direct.status == 0 && mapped.status == 0 && plain.status == 0, "\(mapped.error)")
    // The explanation is the one of A02.100 itself, then the translation is listed.
    #expect(mapped.out.hasPrefix(direct.out), "\(mapped.out)")
    #expect(mapped.out.contains("  diagnosis A02.100x004 → A02.100"), "\(mapped.out)")
    // Without --map the code is not the scheme's: another explanation.
    #expect(plain.out != direct.out)
  }

  /// A `from` code the scheme also lists is still read as its `to` code, as group --map
  /// reads it (the README: "a code listed under `from` is grouped … as its `to` code"):
  /// dx_map.csv has `A20.900x002,A20.900`, and dx_names.csv lists both codes.
  @Test func theMapWinsOverACodeTheSchemeAlsoHas() throws {
    let map = try String(contentsOfFile: Self.scheme + "/dx_map.csv", encoding: .utf8)
    let names = try String(contentsOfFile: Self.scheme + "/dx_names.csv", encoding: .utf8)
    #expect(map.contains("\nA20.900x002,A20.900\n"))
    #expect(names.contains("\nA20.900x002,") && names.contains("\nA20.900,"))
    let run = CommandRun(Self.inline + ["A20.900x002", "--map"])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.out.contains("  diagnosis A20.900x002 → A20.900"), "\(run.out)")
  }

  @Test func aCodeInNeitherTheSchemeNorItsMapIsReportedUnmapped() {
    let run = CommandRun(Self.inline + ["A02.100x004|Q99.999x999", "--map"])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.out.contains("  diagnosis A02.100x004 → A02.100"), "\(run.out)")
    #expect(
      run.out.contains("  diagnosis Q99.999x999 → unmapped (in neither the scheme nor its map)"),
      "\(run.out)")
  }

  @Test func aSchemeWithoutMapsIsAUsageError() {
    let run = CommandRun([
      "explain", "-s", Repository.demoScheme, "--sex", "1", "--age", "40", "--dx", "I21.000",
      "--map",
    ])
    #expect(run.status == 64)
    #expect(run.error.contains("has no dx_map.csv or proc_map.csv"), "\(run.error)")
  }
}
