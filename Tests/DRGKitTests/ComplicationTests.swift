import Testing

@testable import DRGKit

/// `cc.csv`: M1 (MCC, table m), M2 (MCC, no table), C1 (CC, table c), C2 (CC, no table),
/// C3 (CC, table c2).
private let levels = "M1,MCC,m\nM2,MCC,\nC1,CC,c\nC2,CC,\nC3,CC,c2\n"

/// `cc_exclusion.csv`: P1 excludes x and c (on two rows), P2 excludes m, P3 excludes c2 and
/// m, the CC C1 as principal excludes its own table c. P0 is on no row.
private let exclusions = "P1,x\nP1,c\nP2,m\nP3,c2\nP3,m\nC1,c\n"

private func probe(_ rule: String) throws -> RuleProbe {
  try RuleProbe(rule, cc: levels, exclusions: exclusions)
}

@Suite("CC and MCC")
struct ComplicationTests {
  @Test func ccHoldsForANonExcludedCC() throws {
    let cc = try probe("cc")
    #expect(cc.holds(adult(["P0", "C1"])), "P0 excludes nothing")
    #expect(cc.holds(adult(["P0", "X1", "C3"])))
    #expect(!cc.holds(adult(["P0", "X1"])))
    #expect(!cc.holds(adult(["P0"])))
  }

  @Test func ccExcludedByAnyExclusionRowOfThePrincipal() throws {
    let cc = try probe("cc")
    #expect(!cc.holds(adult(["P1", "C1"])), "second row of P1 names table c")
    #expect(!cc.holds(adult(["P3", "C3"])), "first row of P3 names table c2")
    #expect(cc.holds(adult(["P1", "C3"])), "P1 does not exclude c2")
    #expect(cc.holds(adult(["P2", "C1"])), "P2 excludes m only")
  }

  @Test func ccWithoutExclusionTableIsNeverExcluded() throws {
    let cc = try probe("cc")
    for principal in ["P0", "P1", "P2", "P3", "C1"] {
      #expect(cc.holds(adult([principal, "C2"])), "\(principal)")
    }
  }

  @Test func oneExcludedAndOneCountingCC() throws {
    let cc = try probe("cc")
    #expect(cc.holds(adult(["P1", "C1", "C3"])))
    #expect(cc.holds(adult(["P3", "C3", "C1"])), "C3 excluded by P3, C1 not")
  }

  @Test func mccWithExclusions() throws {
    let mcc = try probe("mcc")
    #expect(mcc.holds(adult(["P0", "M1"])))
    #expect(!mcc.holds(adult(["P2", "M1"])))
    #expect(!mcc.holds(adult(["P3", "M1"])), "second row of P3 names table m")
    #expect(mcc.holds(adult(["P2", "M2"])))
    #expect(mcc.holds(adult(["P2", "M1", "M2"])))
  }

  @Test func ccDoesNotHoldForAnMCCOnlyCase() throws {
    #expect(try !probe("cc").holds(adult(["P0", "M1"])))
    #expect(try probe("mcc or cc").holds(adult(["P0", "M1"])))
  }

  @Test func mccDoesNotHoldForACCOnlyCase() throws {
    #expect(try !probe("mcc").holds(adult(["P0", "C1"])))
    #expect(try probe("mcc or cc").holds(adult(["P0", "C1"])))
  }

  @Test func bothLevels() throws {
    let both = try probe("mcc and cc")
    #expect(both.holds(adult(["P0", "M1", "C1"])))
    #expect(!both.holds(adult(["P2", "M1", "C1"])), "M1 excluded by P2")
    #expect(!both.holds(adult(["P1", "M1", "C1"])), "C1 excluded by P1")
  }

  @Test func principalIsNotASecondaryDiagnosis() throws {
    #expect(try !probe("cc").holds(adult(["C2"])))
    #expect(try !probe("cc").holds(adult(["C2", "X1"])))
    #expect(try !probe("mcc").holds(adult(["M2"])))
    #expect(try !probe("mcc").holds(adult(["M1", "P1"])))
  }

  @Test func repeatOfThePrincipalInSecondPlaceCounts() throws {
    #expect(try probe("cc").holds(adult(["C2", "C2"])))
    #expect(try probe("mcc").holds(adult(["M1", "M1"])))
    // …and is subject to the principal's exclusions like any secondary diagnosis.
    #expect(try !probe("cc").holds(adult(["C1", "C1"])))
  }

  @Test func unknownCodesAreNoComplication() throws {
    #expect(try !probe("mcc or cc").holds(adult(["Q99", "Q98", "m", "c"])))
  }

  @Test func splitByLevel() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCX,X,true\n"
    fixture.adrg += "MDCX,1,X1,x,true\n"
    fixture.drg += "X1,1,X11,mcc,mcc\nX1,2,X13,cc,mcc or cc\nX1,3,X15,none,true\n"
    fixture.cc += levels
    fixture.ccExclusion += exclusions
    let scheme = try fixture.load()
    #expect(scheme.group(adult(["P0", "M1", "C1"])).drg == "X11")
    #expect(scheme.group(adult(["P2", "M1", "C1"])).drg == "X13")
    #expect(scheme.group(adult(["P0", "C3"])).drg == "X13")
    #expect(scheme.group(adult(["P3", "C3", "M1"])).drg == "X15")
    #expect(scheme.group(adult(["P0"])).drg == "X15")
  }

  @Test func demoExclusionExample() throws {
    // From the format document: J96.100 (CC, table 2) is cancelled by pneumonia J18.900
    // (tables 2 and 6) but not by an unrelated principal.
    let scheme = try Scheme(
      directory: packageRoot.appendingPathComponent("grouper-tables/demo").path)
    #expect(scheme.group(adult(["J18.900", "J96.100"])).drg == "ES15")
    #expect(scheme.group(adult(["J20.900", "J96.100"])).drg == "ES13")
  }
}
