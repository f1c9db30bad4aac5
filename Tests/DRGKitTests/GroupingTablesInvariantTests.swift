import Foundation
import Testing

@testable import DRGKit

/// `GroupingTables.invariantViolations()` finds tables the engine could not read safely,
/// and `checkInvariants()` (run after every load in debug builds) stops on them. Each broken
/// table below is the demo scheme's, rebuilt with one input changed by hand.
@Suite("Grouping tables: invariants")
struct GroupingTablesInvariantTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func demo() throws -> Scheme {
    try Scheme(directory: root.appendingPathComponent("grouper-tables/demo").path)
  }

  /// The demo scheme's tables rebuilt from its parts, some replaced.
  static func tables(
    of scheme: Scheme, membership: ListMembership? = nil,
    complications: ComplicationTable? = nil, mdcs: [MDC]? = nil
  ) -> GroupingTables {
    GroupingTables(
      program: scheme.program, membership: membership ?? scheme.membership,
      complications: complications ?? scheme.complications, mdcs: mdcs ?? scheme.mdcs,
      adrgs: scheme.adrgs, drgs: scheme.drgs, tagTables: scheme.tagTables,
      retryWithEachOtherProcedure: scheme.manifest.retryWithEachOtherProcedure,
      codes: scheme.codes, departmentCodes: scheme.departments)
  }

  @Test func loadedSchemesHaveNone() throws {
    let scheme = try Self.demo()
    #expect(scheme.tables.invariantViolations() == [])
    #expect(Self.tables(of: scheme).invariantViolations() == [])
    let fixture = try SchemeFixture.probe(
      "pdx in L and dept in (\"0401\", \"0402\") and los > 3 and leaving in (1, 5) and mcc",
      lists: "L,A01,\n", cc: "B01,MCC,T1\n", exclusions: "A01,T1\n"
    ).load()
    #expect(fixture.tables.invariantViolations() == [])
  }

  /// A membership bitmap one list short: the rules testing the last list now name a list
  /// the bitmap lacks.
  @Test func listMissingFromTheBitmap() throws {
    let scheme = try Self.demo()
    let lists = scheme.lists.count
    try #require(lists >= 2)
    let short = ListMembership(rows: scheme.codes.count + 1, listCount: lists - 1)
    let violations = Self.tables(of: scheme, membership: short).invariantViolations()
    #expect(violations.contains { $0.hasSuffix("(codeIn): list \(lists - 1) of \(lists - 1)") })
  }

  /// The last MDC claims one ADRG past the end of the ADRG table.
  @Test func adrgRangePastTheEnd() throws {
    let scheme = try Self.demo()
    var mdcs = scheme.mdcs
    let last = mdcs.count - 1
    let range = mdcs[last].adrgs
    mdcs[last].adrgs = range.lowerBound..<range.upperBound + 1
    let adrgs = scheme.adrgs.count
    let violations = Self.tables(of: scheme, mdcs: mdcs).invariantViolations()
    #expect(violations.contains("the MDCs hold \(adrgs + 1) ADRGs of \(adrgs)"))
  }

  /// A CC whose exclusion key names table 5 of a table with only one.
  @Test func exclusionKeyOutOfRange() throws {
    let scheme = try Self.demo()
    let complications = ComplicationTable(
      rows: scheme.codes.count + 1, levels: [(row: 1, level: .cc, exclusion: 5)],
      exclusions: [], tableCount: 1)
    let violations = Self.tables(of: scheme, complications: complications)
      .invariantViolations()
    #expect(violations == ["row 1: CC/MCC entry with level 1, exclusion key 5"])
  }

  /// `checkInvariants()` stops the process on a broken table.
  @Test func checkInvariantsStops() async throws {
    await #expect(processExitsWith: .failure) {
      let scheme = try GroupingTablesInvariantTests.demo()
      let complications = ComplicationTable(
        rows: scheme.codes.count + 1, levels: [(row: 1, level: .cc, exclusion: 5)],
        exclusions: [], tableCount: 1)
      GroupingTablesInvariantTests.tables(of: scheme, complications: complications)
        .checkInvariants()
    }
  }
}
