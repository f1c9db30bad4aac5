import Testing

@testable import DRGKit

/// MDCA → AA1 → AA11 (`true`), every list used, every code named: a scheme with no
/// warnings.
private func cleanScheme() -> SchemeFixture {
  var fixture = SchemeFixture()
  fixture.mdc += "1,MDCA,A,pdx in A.dx\n"
  fixture.adrg += "MDCA,1,AA1,AA1 name,main_proc in P[2]\nMDCA,2,AQY,ambiguous,any_proc in P\n"
  fixture.drg += "AA1,1,AA11,with mcc,mcc\nAA1,2,AA13,rest,true\n"
  fixture.lists += "A.dx,A00.000,\nP,P1,2\n"
  fixture.dxNames += "A00.000,cholera\nB00.000,herpes\nB01.000,varicella\nS1,site one\n"
  fixture.procNames += "P1,procedure one\n"
  return fixture
}

private func warnings(_ fixture: SchemeFixture) throws -> [String] {
  SchemeReport(scheme: try fixture.load()).warnings.map(\.description)
}

@Suite("Scheme report")
struct SchemeReportTests {
  @Test func cleanSchemeHasNoWarnings() throws {
    #expect(try warnings(cleanScheme()) == [])
  }

  @Test func lastDRGRuleNotTrue() throws {
    var fixture = cleanScheme()
    fixture.drg = "adrg,order,drg,name,rule\nAA1,1,AA11,with mcc,mcc\nAA1,2,AA13,cc,mcc or cc\n"
    #expect(
      try warnings(fixture) == [
        "drg.csv:3: the last DRG of ADRG AA1 (AA13) has rule 'mcc or cc', not 'true'; cases failing it get the ADRG code as DRG"
      ])
  }

  @Test func unusedList() throws {
    var fixture = cleanScheme()
    fixture.lists += "Unused,B00.000,\nAlsoUnused,B01.000,\n"
    #expect(
      try warnings(fixture) == [
        "lists.csv: list 'AlsoUnused' is not used by any rule",
        "lists.csv: list 'Unused' is not used by any rule",
      ])
  }

  @Test func listUsedOnlyByDxTagsIsUsed() throws {
    var fixture = cleanScheme()
    fixture.lists += "Z,S1,head\n"
    fixture.drg =
      "adrg,order,drg,name,rule\nAA1,1,AA11,two sites,dx_tags(Z) >= 2\nAA1,2,AA13,rest,true\n"
    #expect(try warnings(fixture) == [])
  }

  @Test func drgCodeNotStartingWithItsADRG() throws {
    var fixture = cleanScheme()
    fixture.drg = "adrg,order,drg,name,rule\nAA1,1,AB11,with mcc,mcc\nAA1,2,AA13,rest,true\n"
    #expect(
      try warnings(fixture) == ["drg.csv:2: DRG code AB11 does not start with its ADRG code AA1"])
  }

  @Test func adrgWithoutDRGs() throws {
    var fixture = cleanScheme()
    fixture.adrg += "MDCA,3,AB1,no drgs,true\nMDCA,4,AC1,never,false\n"
    #expect(
      try warnings(fixture) == [
        "adrg.csv:4: ADRG AB1 has no DRG in drg.csv; its cases get the ADRG code as DRG"
      ])
  }

  @Test func tagThatNoRowCarries() throws {
    var fixture = cleanScheme()
    fixture.adrg =
      "mdc,order,adrg,name,rule\nMDCA,1,AA1,AA1 name,main_proc in P[9]\nMDCA,2,AQY,ambiguous,any_proc in P\n"
    #expect(
      try warnings(fixture) == [
        "adrg.csv:2: tag '9' of list 'P' is named in a rule, but no row of the list carries it; the predicate never holds"
      ])
  }

  @Test func summary() throws {
    var fixture = cleanScheme()
    fixture.cc += "M1,MCC,1\nC1,CC,\nC2,CC,2\n"
    fixture.ccExclusion += "A00.000,1\nA00.000,2\nB00.000,1\n"
    let lines = SchemeReport(scheme: try fixture.load()).summaryLines
    #expect(
      lines == [
        "Scheme test: Test scheme",
        "  coding:  / ",
        "  1 MDCs, 2 ADRGs (1 ambiguous), 2 DRGs",
        "  2 lists with 2 rows; 3 list references compiled",
        "  cc.csv: 1 MCC + 2 CC codes; cc_exclusion.csv: 3 rows in 2 exclusion tables",
        "  names: 4 diagnoses, 1 procedures; maps: 0 diagnosis, 0 procedure",
        "  extensions: ungroupable = 0000/00/0000, retryWithEachOtherProcedure = false",
      ])
  }
}
