import Testing

@testable import DRGKit

/// `cc.csv` with a code on two rows, as a published table may have it (the format's
/// Clarifications, last item). Line numbers count the header as line 1:
///   line 2: D1 MCC, exclusion table 1
///   line 3: S1 MCC, exclusion table 1   (control: on one row only)
///   line 4: S2 CC,  exclusion table 2   (control)
///   line 5: D1 CC,  exclusion table 2   (the repeat)
///   line 6: D2 CC,  exclusion table 2   (D2: CC first, MCC later)
///   line 7: D2 MCC, exclusion table 1
/// So D1 and D2 both count as MCC (the higher level, whichever row comes first) and
/// belong to exclusion tables 1 and 2.
private let duplicateLevels = "D1,MCC,1\nS1,MCC,1\nS2,CC,2\nD1,CC,2\nD2,CC,2\nD2,MCC,1\n"

/// `cc_exclusion.csv`: P1 excludes table 1, P2 table 2; P0 is on no row.
private let duplicateExclusions = "P1,1\nP2,2\n"

private func probe(_ rule: String) throws -> RuleProbe {
  try RuleProbe(rule, cc: duplicateLevels, exclusions: duplicateExclusions)
}

@Suite("Codes listed twice in cc.csv")
struct DuplicateComplicationTests {
  @Test func loadsInsteadOfFailing() throws {
    let scheme = try SchemeFixture.probe(
      "mcc", cc: duplicateLevels, exclusions: duplicateExclusions
    )
    .load()
    // Four codes: D1, S1, D2 are MCC (D1 and D2 at their highest level), S2 is CC.
    #expect(scheme.mccCount == 3)
    #expect(scheme.ccCount == 1)
    #expect(
      scheme.duplicateComplications == [
        DuplicateComplication(
          code: "D1", firstLine: 2, firstLevel: .mcc, firstExclusion: "1", line: 5, level: .cc,
          exclusion: "2"),
        DuplicateComplication(
          code: "D2", firstLine: 6, firstLevel: .cc, firstExclusion: "2", line: 7, level: .mcc,
          exclusion: "1"),
      ])
  }

  @Test func countsAtTheHighestLevel() throws {
    let mcc = try probe("mcc")
    #expect(mcc.holds(adult(["P0", "D1"])), "MCC row first")
    #expect(mcc.holds(adult(["P0", "D2"])), "MCC row last")
    let cc = try probe("cc")
    #expect(!cc.holds(adult(["P0", "D1"])), "an MCC is no CC")
    #expect(!cc.holds(adult(["P0", "D2"])))
  }

  @Test func everyExclusionTableApplies() throws {
    let any = try probe("mcc or cc")
    // D1 is excluded by a principal of table 1 (its MCC row) and of table 2 (its CC row).
    #expect(!any.holds(adult(["P1", "D1"])))
    #expect(!any.holds(adult(["P2", "D1"])))
    #expect(!any.holds(adult(["P1", "D2"])))
    #expect(!any.holds(adult(["P2", "D2"])))
    // Controls: codes on one row are excluded by their own table only.
    #expect(any.holds(adult(["P2", "S1"])))
    #expect(!any.holds(adult(["P1", "S1"])))
    #expect(any.holds(adult(["P1", "S2"])))
    #expect(!any.holds(adult(["P2", "S2"])))
  }

  @Test func tablesOfTheCodeAndOfThePrincipal() throws {
    let scheme = try SchemeFixture.probe(
      "mcc", cc: duplicateLevels, exclusions: duplicateExclusions
    )
    .load()
    let table = scheme.complications
    func names(_ ids: some Sequence<Int32>) -> [String] {
      ids.map { scheme.exclusionNames[Int($0)] }
    }
    #expect(names(table.exclusionTables(of: scheme.row(of: "D1"))) == ["1", "2"])
    #expect(names(table.exclusionTables(of: scheme.row(of: "D2"))) == ["1", "2"])
    #expect(names(table.exclusionTables(of: scheme.row(of: "S1"))) == ["1"])
    // A principal's own tables, without the engine's keys for sets of tables.
    #expect(names(table.excludedTables(by: scheme.row(of: "P1"))) == ["1"])
    #expect(names(table.excludedTables(by: scheme.row(of: "P2"))) == ["2"])
    #expect(table.excludedTables(by: scheme.row(of: "P0")).isEmpty)
  }

  @Test func explainShowsTheLevelAndEveryTable() throws {
    let scheme = try SchemeFixture.probe(
      "mcc", cc: duplicateLevels, exclusions: duplicateExclusions
    )
    .load()
    let counting = scheme.explain(adult(["P0", "D1"])).lines
    #expect(
      counting.contains(
        "  D1: MCC, exclusion tables 1, 2 (cc.csv lists it on lines 2, 5; the highest level and every exclusion table count) — counts"
      ), "\(counting)")
    let excluded = scheme.explain(adult(["P2", "D1"])).lines
    #expect(
      excluded.contains(
        "  D1: MCC, exclusion tables 1, 2 (cc.csv lists it on lines 2, 5; the highest level and every exclusion table count) — EXCLUDED by the principal diagnosis, does not count"
      ), "\(excluded)")
  }

  @Test func synthesisPutsTheCodeInEveryTable() throws {
    let scheme = try SchemeFixture.probe(
      "mcc", cc: duplicateLevels, exclusions: duplicateExclusions
    )
    .load()
    let index = SynthesisCodeIndex(scheme: scheme)
    let table1 = try #require(scheme.exclusionNames.firstIndex(of: "1"))
    let table2 = try #require(scheme.exclusionNames.firstIndex(of: "2"))
    let d1 = scheme.row(of: "D1")
    let d2 = scheme.row(of: "D2")
    #expect(index.exclusionMembers[table1].contains(d1))
    #expect(index.exclusionMembers[table2].contains(d1))
    #expect(index.exclusionMembers[table2].contains(d2))
    #expect(!index.exclusionMembers[table2].contains(scheme.row(of: "S1")))
    // At the highest level only: in the MCC pool, not the CC pool.
    #expect(index.mccCodes.contains(d1) && !index.ccCodes.contains(d1))
    #expect(index.mccCodes.contains(d2) && !index.ccCodes.contains(d2))
  }

  @Test func schemeCheckWarnsNamingBothLines() throws {
    let scheme = try SchemeFixture.probe(
      "mcc", cc: duplicateLevels, exclusions: duplicateExclusions
    )
    .load()
    let report = SchemeReport(scheme: scheme)
    let duplicates = report.warnings.filter { $0.kind == .duplicateComplication }
    #expect(
      duplicates.map(\.description) == [
        "cc.csv:5: code D1 is listed again (line 2: MCC, exclusion 1; line 5: CC, exclusion 2); it counts as MCC with exclusion tables 1, 2",
        "cc.csv:7: code D2 is listed again (line 6: CC, exclusion 2; line 7: MCC, exclusion 1); it counts as MCC with exclusion tables 1, 2",
      ])
    #expect(report.warningCounts[.duplicateComplication] == 2)
  }
}
