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

  /// `a20.900x002` folds both ways: in capitals it is the scheme's own `A20.900x002` (鼠疫菌病)
  /// and the map's `from` code `A20.900x002` (dx_map.csv `A20.900x002,A20.900`), two rows,
  /// so `drg group --map` reads neither (CodeFolding: a capitalised form of two rows matches
  /// none) and the case is ungroupable with `unmapped diagnosis code a20.900x002`. The old
  /// re-implementation in explain folded the file's code to `A20.900x002` first and then
  /// translated it to A20.900 (鼠疫), explaining a grouped case. Now both say ungroupable.
  @Test func aCodeThatFoldsBothWaysIsUnmappedAsInGroup() throws {
    let directory = try TemporaryDirectory()
    let cases = try directory.write(
      "case_id,sex,age,los,diagnoses\nC1,1,40,5,a20.900x002\n", name: "cases.csv")
    let grouped = directory.file("grouped.csv")
    let group = CommandRun(["group", "-s", Self.scheme, "--map", cases, "-o", grouped])
    #expect(group.status == 0, "\(group.error)")
    let rows = try String(contentsOfFile: grouped, encoding: .utf8)
    #expect(rows.contains("\nC1,1,40,5,a20.900x002,ungroupable,0000,00,0000,"), "\(rows)")
    #expect(rows.contains("unmapped diagnosis code a20.900x002"), "\(rows)")
    let explain = CommandRun(["explain", "-s", Self.scheme, "--map", cases, "--id", "C1"])
    #expect(explain.status == 0, "\(explain.error)")
    #expect(explain.out.contains("\nResult: ungroupable (0000/00/0000)"), "\(explain.out)")
    #expect(
      explain.out.contains(
        "  diagnosis a20.900x002 → unmapped (in neither the scheme nor its map)"),
      "\(explain.out)")
    // Inline, the same code reads the same way.
    let inline = CommandRun(Self.inline + ["a20.900x002", "--map"])
    #expect(inline.out.contains("\nResult: ungroupable (0000/00/0000)"), "\(inline.out)")
  }

  /// A code in another case that only the scheme has (A02.100, not a `from` code of the
  /// map) is read in the scheme's spelling by group --map (CodeFolding), so explain too.
  @Test func aSchemeCodeInSmallLettersIsReadAsTheSchemesCode() {
    let direct = CommandRun(Self.inline + ["A02.100", "--map"])
    let lower = CommandRun(Self.inline + ["a02.100", "--map"])
    #expect(direct.status == 0 && lower.status == 0, "\(lower.error)")
    // Inline codes are cleaned as a file's are (case folded before the map is asked), so
    // the fold is listed with the normalised values, as for a file's row with --map.
    #expect(
      lower.out.contains("  - diagnosis code 'a02.100' read as A02.100 (code case or x/X folded)"),
      "\(lower.out)")
    #expect(lower.out.hasPrefix(direct.out.components(separatedBy: "\nCodes (--dx")[0]))
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
