import Testing

@testable import DRGKit

/// One MDC `MDCA` (`pdx in A.dx`) with ADRG `AA1` (`main_proc in P`) and its DRGs given by
/// the test, every list used and every code named: without DRG rows it warns of nothing
/// but the ADRG without DRGs, so each test sees only the warnings its rows cause.
private func lintScheme(drgs: String) -> SchemeFixture {
  var fixture = SchemeFixture()
  fixture.mdc += "1,MDCA,A,pdx in A.dx\n"
  fixture.adrg += "MDCA,1,AA1,AA1 name,main_proc in P\n"
  fixture.drg += drgs
  fixture.lists += "A.dx,A00.000,\nP,P1,\n"
  fixture.dxNames += "A00.000,cholera\nM1,an mcc\n"
  fixture.procNames += "P1,procedure one\n"
  fixture.cc += "M1,MCC,1\n"
  fixture.ccExclusion += "A00.000,1\n"
  return fixture
}

private func report(_ fixture: SchemeFixture) throws -> SchemeReport {
  SchemeReport(scheme: try fixture.load())
}

private func warnings(_ fixture: SchemeFixture) throws -> [String] {
  try report(fixture).warnings.map(\.description)
}

@Suite("Scheme lint: unreachable groups, names, exclusion codes")
struct SchemeLintTests {
  @Test func baseSchemeIsClean() throws {
    #expect(try warnings(lintScheme(drgs: "AA1,1,AA11,mcc,mcc\nAA1,2,AA13,rest,true\n")) == [])
  }

  @Test func drgAfterATrueRuleIsUnreachable() throws {
    // AA15 (true) takes every case; AA11 after it is never tried with success.
    let fixture = lintScheme(drgs: "AA1,1,AA15,rest,true\nAA1,2,AA11,mcc,mcc\n")
    #expect(
      try warnings(fixture) == [
        "drg.csv:3: DRG AA11 of ADRG AA1 can never be reached: every case its rule admits is taken by the earlier DRG AA15 (line 2, rule 'true')"
      ])
  }

  @Test func drgShadowedByTwoEarlierRulesTogether() throws {
    // Age is present in every grouped case, so `age <= 6` or `age > 6` always holds.
    let fixture = lintScheme(
      drgs: "AA1,1,AA1A,young,age <= 6\nAA1,2,AA1B,old,age > 6\nAA1,3,AA11,mcc,mcc\n")
    #expect(
      try warnings(fixture) == [
        "drg.csv:4: DRG AA11 of ADRG AA1 can never be reached: every case its rule admits is taken by the earlier DRGs AA1A (line 2), AA1B (line 3)"
      ])
  }

  @Test func missingFieldKeepsALaterDRGReachable() throws {
    // Length of stay may be missing: then both `los` rules fail and `mcc` can hold. Not
    // unreachable; but all three rules can fail (no los, no MCC): a fall-through.
    let fixture = lintScheme(
      drgs: "AA1,1,AA1A,short,los <= 6\nAA1,2,AA1B,long,los > 6\nAA1,3,AA11,mcc,mcc\n")
    #expect(
      try warnings(fixture) == [
        "drg.csv:4: the last DRG of ADRG AA1 (AA11) has rule 'mcc', not 'true'; cases failing it get the ADRG code as DRG"
      ])
  }

  @Test func ccIsNotShadowedByMCC() throws {
    let fixture = lintScheme(drgs: "AA1,1,AA11,m,mcc\nAA1,2,AA13,c,cc\nAA1,3,AA15,rest,true\n")
    #expect(try warnings(fixture) == [])
  }

  @Test func ruleThatCanNeverHold() throws {
    let fixture = lintScheme(
      drgs: "AA1,1,AA1A,never,age < 5 and age > 10\nAA1,2,AA13,rest,true\n")
    #expect(
      try warnings(fixture) == [
        "drg.csv:2: DRG AA1A of ADRG AA1 can never be reached: its rule can never hold"
      ])
  }

  @Test func adrgShadowedByAnEarlierADRG() throws {
    var fixture = lintScheme(drgs: "AA1,1,AA13,rest,true\nAB1,1,AB13,rest,true\n")
    // AB1 needs P as main procedure, and every such case already chose AA1.
    fixture.adrg += "MDCA,2,AB1,AB1 name,main_proc in P and age > 60\n"
    #expect(
      try warnings(fixture) == [
        "adrg.csv:3: ADRG AB1 can never be reached: every case its rule admits is taken by the earlier ADRG AA1 (line 2, rule 'main_proc in P')"
      ])
  }

  @Test func adrgReadingOtherFactsIsNotShadowed() throws {
    var fixture = lintScheme(drgs: "AA1,1,AA13,rest,true\nAB1,1,AB13,rest,true\n")
    fixture.adrg += "MDCA,2,AB1,AB1 name,any_proc in P\n"
    #expect(try warnings(fixture) == [])
  }

  @Test func fallThroughSilencedWhenTheADRGRuleRepeatsItsDRGRules() throws {
    // The converter folds "no DRG holds: next ADRG" into the ADRG rule; then no case of
    // the ADRG fails every DRG rule.
    var fixture = lintScheme(drgs: "AA1,1,AA11,m,mcc\nAA1,2,AA13,c,cc\n")
    #expect(
      try warnings(fixture) == [
        "drg.csv:3: the last DRG of ADRG AA1 (AA13) has rule 'cc', not 'true'; cases failing it get the ADRG code as DRG"
      ])
    fixture.adrg = "mdc,order,adrg,name,rule\nMDCA,1,AA1,AA1 name,main_proc in P and (mcc or cc)\n"
    #expect(try warnings(fixture) == [])
  }

  @Test func unnamedCodesInListsAndCCTables() throws {
    var fixture = lintScheme(drgs: "AA1,1,AA13,rest,true\n")
    fixture.lists += "A.dx,A01.000,\n"
    fixture.cc += "C9,CC,1\n"
    fixture.ccExclusion += "A01.000,1\n"
    #expect(
      try warnings(fixture) == [
        "lists.csv: code A01.000 has no name in dx_names.csv or proc_names.csv; it is in list A.dx, cc_exclusion.csv",
        "cc.csv: code C9 has no name in dx_names.csv or proc_names.csv; it is in cc.csv",
      ])
  }

  @Test func exclusionCodesThatAreNoDiagnosis() throws {
    var fixture = lintScheme(drgs: "AA1,1,AA13,rest,true\n")
    // Line 3: a code nowhere else; line 4: a procedure code; line 5: M1, a named diagnosis.
    fixture.ccExclusion += "常R83.300,1\nP1,1\nM1,1\n"
    #expect(
      try warnings(fixture) == [
        "cc_exclusion.csv:3: code '常R83.300' is not a diagnosis anywhere in the scheme (not in dx_names.csv, cc.csv or a list that diagnosis predicates read); no principal diagnosis of a case can match it unless the input has the same code: check it for a typo",
        "cc_exclusion.csv:4: code 'P1' is a procedure code (proc_names.csv), not a diagnosis; no principal diagnosis of a case can match it unless the input has the same code: check it for a typo",
      ])
  }

  @Test func listsOfNeverMatchingADRGsAreCountedNotWarned() throws {
    var fixture = lintScheme(drgs: "AA1,1,AA13,rest,true\n")
    fixture.adrg += "MDCA,2,AC1,kept,false\n"
    fixture.lists += "AC1.proc,P1,\nStray,P1,\n"
    let report = try report(fixture)
    #expect(
      report.warnings.map(\.description) == ["lists.csv: list 'Stray' is not used by any rule"])
    #expect(
      report.summaryLines.last
        == "  1 list kept for ADRGs whose rule is 'false' (no rule uses them; the format allows this)"
    )
  }

  @Test func countsPerKindAndSummarisedLines() throws {
    var fixture = lintScheme(drgs: "AA1,1,AA15,rest,true\nAA1,2,AA11,mcc,mcc\n")
    // Seven unnamed codes X1 … X7 in list A.dx.
    fixture.lists += (1...7).map { "A.dx,X\($0),\n" }.joined()
    let report = try report(fixture)
    #expect(report.warningCounts == [.unreachableDRG: 1, .unnamedCode: 7])
    let lines = report.warningLines(examplesPerKind: 2)
    #expect(
      lines == [
        "DRGs that can never be reached (unreachable-drg): 1",
        "  warning: drg.csv:3: DRG AA11 of ADRG AA1 can never be reached: every case its rule admits is taken by the earlier DRG AA15 (line 2, rule 'true')",
        "codes without a name (unnamed-code): 7",
        "  warning: lists.csv: code X1 has no name in dx_names.csv or proc_names.csv; it is in list A.dx",
        "  warning: lists.csv: code X2 has no name in dx_names.csv or proc_names.csv; it is in list A.dx",
        "  … 5 more",
      ])
    #expect(report.warningLines(examplesPerKind: nil).count == 2 + 1 + 7)
  }
}

@Suite("Scheme lint: DRGs whose rule is false")
struct SchemeLintFalseDRGTests {
  @Test func drgWithRuleFalseIsNamedAsSuch() throws {
    let fixture = lintScheme(drgs: "AA1,1,AA1X,kept,false\nAA1,2,AA13,rest,true\n")
    #expect(
      try warnings(fixture) == [
        "drg.csv:2: DRG AA1X of ADRG AA1 can never be reached: its rule is 'false' (it is listed, but no case gets it)"
      ])
  }
}

@Suite("Scheme lint: long warnings stay short")
struct SchemeLintLengthTests {
  @Test func aCodeInManyListsNamesTheFirstFive() throws {
    var fixture = lintScheme(drgs: "AA1,1,AA13,rest,true\n")
    // X1 in seven lists L1 … L7 (unused lists warn too; only the code's warning is checked).
    fixture.lists += (1...7).map { "L\($0),X1,\n" }.joined()
    let unnamed = try report(fixture).warnings.filter { $0.kind == .unnamedCode }
    #expect(
      unnamed.map(\.description) == [
        "lists.csv: code X1 has no name in dx_names.csv or proc_names.csv; it is in list L1, list L2, list L3, list L4, list L5 and 2 more"
      ])
  }
}
