import Testing

@testable import DRGKit

@Suite("Grouping: order of MDCs, ADRGs and DRGs")
struct GroupingOrderTests {
  @Test func mdcsAreTriedInOrderNotFilePosition() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "2,MDCB,B,pdx in X\n1,MDCA,A,pdx in X\n"
    fixture.adrg += "MDCB,1,B1,b,true\nMDCA,1,A1,a,true\n"
    fixture.drg += "B1,1,B11,b,true\nA1,1,A11,a,true\n"
    fixture.lists += "X,X01,\n"
    let scheme = try fixture.load()
    #expect(scheme.group(adult(["X01"])).codes == "grouped MDCA A1 A11")
  }

  @Test func enteredMDCWithoutADRGFallsThrough() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCA,A,pdx in X\n2,MDCB,B,pdx in X\n"
    fixture.adrg += "MDCA,1,A1,a,age < 10\nMDCB,1,B1,b,true\n"
    fixture.drg += "A1,1,A11,a,true\nB1,1,B11,b,true\n"
    fixture.lists += "X,X01,\n"
    let scheme = try fixture.load()
    #expect(scheme.group(adult(["X01"], age: 5)).codes == "grouped MDCA A1 A11")
    #expect(scheme.group(adult(["X01"], age: 50)).codes == "grouped MDCB B1 B11")
  }

  @Test func firstMatchingADRGInOrderWins() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCA,A,true\n"
    fixture.adrg += "MDCA,2,A2,two,true\nMDCA,1,A1,one,age >= 18\nMDCA,3,A3,three,true\n"
    fixture.drg += "A1,1,A11,a,true\nA2,1,A21,a,true\nA3,1,A31,a,true\n"
    let scheme = try fixture.load()
    #expect(scheme.group(adult(["X01"], age: 30)).codes == "grouped MDCA A1 A11")
    #expect(scheme.group(adult(["X01"], age: 10)).codes == "grouped MDCA A2 A21")
  }

  @Test func firstMatchingDRGInOrderWins() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCA,A,true\n"
    fixture.adrg += "MDCA,1,A1,a,true\n"
    fixture.drg += "A1,3,A15,five,true\nA1,1,A11,one,los > 10\nA1,2,A13,three,los > 5\n"
    let scheme = try fixture.load()
    #expect(scheme.group(adult(["X01"], lengthOfStay: 12)).codes == "grouped MDCA A1 A11")
    #expect(scheme.group(adult(["X01"], lengthOfStay: 7)).codes == "grouped MDCA A1 A13")
    #expect(scheme.group(adult(["X01"], lengthOfStay: 2)).codes == "grouped MDCA A1 A15")
    #expect(scheme.group(adult(["X01"])).codes == "grouped MDCA A1 A15")
  }

  @Test func outcomeNamesTheDRG() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCA,A,true\n"
    fixture.adrg += "MDCA,1,A1,ADRG one,true\n"
    fixture.drg += "A1,1,A11,DRG one one,true\n"
    let outcome = try fixture.load().group(adult(["X01"]))
    #expect(outcome.drgName == "DRG one one")
    #expect(outcome.reason == "")
  }

  @Test func adrgWithoutMatchingDRGReportsItsOwnCode() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCA,A,true\n"
    fixture.adrg += "MDCA,1,A1,ADRG one,true\nMDCA,2,A2,ADRG two,true\n"
    fixture.drg += "A1,1,A11,one,los > 10\n"
    let scheme = try fixture.load()
    let outcome = scheme.group(adult(["X01"], lengthOfStay: 2))
    // The ADRG was chosen, so grouping stays in it (A2 is not tried).
    #expect(outcome.codes == "grouped MDCA A1 A1")
    #expect(outcome.drgName == "ADRG one")
  }

  @Test func adrgWithoutDRGRowsReportsItsOwnCode() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCA,A,true\n"
    fixture.adrg += "MDCA,1,A1,ADRG one,true\n"
    let scheme = try fixture.load()
    #expect(scheme.group(adult(["X01"])).codes == "grouped MDCA A1 A1")
  }

  @Test func adrgWithRuleFalseIsSkipped() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCA,A,true\n"
    fixture.adrg += "MDCA,1,A1,never,false\nMDCA,2,A2,two,true\n"
    fixture.drg += "A2,1,A21,two,true\n"
    #expect(try fixture.load().group(adult(["X01"])).codes == "grouped MDCA A2 A21")
  }
}

@Suite("Grouping: ambiguous and ungroupable cases")
struct GroupingStatusTests {
  /// MDCA holds for `pdx in X`; A1 takes main procedure P01, AQY any OR procedure, A2 the
  /// rest.
  private func ambiguousScheme(withQYDRG: Bool) -> SchemeFixture {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCA,A,pdx in X\n"
    fixture.adrg +=
      "MDCA,1,A1,surgical,main_proc in P\nMDCA,2,AQY,A ambiguous,any_proc in OR\nMDCA,3,A2,medical,true\n"
    fixture.drg += "A1,1,A11,s,true\nA2,1,A21,m,true\n"
    if withQYDRG { fixture.drg += "AQY,1,AQY,A ambiguous DRG,true\n" }
    fixture.lists += "X,X01,\nP,P01,\nOR,P01,\nOR,P02,\n"
    return fixture
  }

  @Test(arguments: [false, true])
  func ambiguousGroup(withQYDRG: Bool) throws {
    let scheme = try ambiguousScheme(withQYDRG: withQYDRG).load()
    let outcome = scheme.group(adult(["X01"], procedures: ["P09", "P02"]))
    #expect(outcome.codes == "ambiguous MDCA QY AQY")
    #expect(outcome.drgName == "A ambiguous")
    #expect(outcome.reason == "procedure not related to the principal diagnosis of MDCA")
    #expect(
      scheme.group(adult(["X01"], procedures: ["P01", "P02"])).codes == "grouped MDCA A1 A11")
    #expect(scheme.group(adult(["X01"], procedures: ["P09"])).codes == "grouped MDCA A2 A21")
  }

  @Test func ungroupableWithDefaultCodes() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCA,A,pdx in X\n"
    fixture.adrg += "MDCA,1,A1,a,true\n"
    fixture.drg += "A1,1,A11,a,true\n"
    fixture.lists += "X,X01,\n"
    let outcome = try fixture.load().group(adult(["Y01", "X01"]))
    #expect(outcome.codes == "ungroupable 0000 00 0000")
    #expect(outcome.drgName == "")
    #expect(
      outcome.reason == "no MDC yielded an ADRG for this principal diagnosis and these procedures")
  }

  @Test func ungroupableWithSchemeCodes() throws {
    var fixture = SchemeFixture()
    fixture.manifest =
      #"{"formatVersion": 1, "id": "t", "ungroupable": {"mdc": "MDC0", "adrg": "000", "drg": "0000A"}}"#
    fixture.mdc += "1,MDCA,A,pdx in X\n"
    fixture.adrg += "MDCA,1,A1,a,true\n"
    fixture.drg += "A1,1,A11,a,true\n"
    fixture.lists += "X,X01,\n"
    let scheme = try fixture.load()
    #expect(scheme.group(adult(["Y01"])).codes == "ungroupable MDC0 000 0000A")
    #expect(scheme.group(adult(["X01"])).codes == "grouped MDCA A1 A11")
  }

  @Test
  func schemeWithoutMDCsLeavesEveryCaseUngroupable() throws {
    let scheme = try SchemeFixture().load()
    #expect(scheme.group(adult(["X01"])).codes == "ungroupable 0000 00 0000")
  }
}

@Suite("Grouping: retryWithEachOtherProcedure")
struct RetryTests {
  /// MDCA is entered by a main procedure in P (P2, P3). A1 takes the cases that have no
  /// procedure of Q (so it fails while Q1 is still among the procedures) and main procedure
  /// P2; A2 takes main procedure P3.
  private func retryScheme(retry: Bool) -> SchemeFixture {
    var fixture = SchemeFixture()
    fixture.manifest =
      #"{"formatVersion": 1, "id": "t", "retryWithEachOtherProcedure": \#(retry)}"#
    fixture.mdc += "1,MDCA,A,main_proc in P\n"
    fixture.adrg +=
      "MDCA,1,A1,a,main_proc in P2L and not any_proc in Q\nMDCA,2,A2,b,main_proc in P3L\n"
    fixture.drg += "A1,1,A11,a,true\nA2,1,A21,b,true\n"
    fixture.lists += "P,P2,\nP,P3,\nP2L,P2,\nP3L,P3,\nQ,Q1,\n"
    return fixture
  }

  private func result(_ scheme: Scheme, _ procedures: [String]) -> GroupingResult {
    var observer = SilentObserver()
    return scheme.group(adult(["D01"], procedures: procedures), observer: &observer)
  }

  @Test func groupsWithTheSecondProcedureAlone() throws {
    let scheme = try retryScheme(retry: true).load()
    #expect(
      scheme.group(adult(["D01"], procedures: ["Q1", "P2", "P3"])).codes == "grouped MDCA A1 A11")
    #expect(result(scheme, ["Q1", "P2", "P3"]).retriedProcedure == 2)
  }

  @Test func triesTheProceduresInOrder() throws {
    let scheme = try retryScheme(retry: true).load()
    #expect(
      scheme.group(adult(["D01"], procedures: ["Q1", "Q2", "P3", "P2"])).codes
        == "grouped MDCA A2 A21")
    #expect(result(scheme, ["Q1", "Q2", "P3", "P2"]).retriedProcedure == 3)
  }

  @Test func firstAttemptWinsWhenItGroups() throws {
    let scheme = try retryScheme(retry: true).load()
    // P3 as main procedure groups to A2 at once; P2 alone would give A1.
    #expect(scheme.group(adult(["D01"], procedures: ["P3", "P2"])).codes == "grouped MDCA A2 A21")
    #expect(result(scheme, ["P3", "P2"]).retriedProcedure == 0)
  }

  @Test func ungroupableWhenEveryAttemptFails() throws {
    let scheme = try retryScheme(retry: true).load()
    #expect(
      scheme.group(adult(["D01"], procedures: ["Q1", "Q2"])).codes == "ungroupable 0000 00 0000")
    // MDCA entered with P2 main, but Q1 blocks A1 and P2 is not in P3L; Q1 alone enters no MDC.
    #expect(
      scheme.group(adult(["D01"], procedures: ["P2", "Q1"])).codes == "ungroupable 0000 00 0000")
    #expect(result(scheme, ["Q1", "Q2"]).retriedProcedure == 0)
  }

  @Test func noRetryWithoutTheKey() throws {
    let scheme = try retryScheme(retry: false).load()
    #expect(
      scheme.group(adult(["D01"], procedures: ["Q1", "P2", "P3"])).codes
        == "ungroupable 0000 00 0000")
  }

  @Test func anAmbiguousRetryIsAResult() throws {
    var fixture = SchemeFixture()
    fixture.manifest = #"{"formatVersion": 1, "id": "t", "retryWithEachOtherProcedure": true}"#
    fixture.mdc += "1,MDCA,A,main_proc in P\n"
    fixture.adrg += "MDCA,1,A1,a,main_proc in P2L\nMDCA,2,AQY,qy,any_proc in OR\n"
    fixture.drg += "A1,1,A11,a,true\n"
    fixture.lists += "P,O1,\nP,P2,\nP2L,P2,\nOR,O1,\n"
    let scheme = try fixture.load()
    // Q1 enters no MDC; O1 alone is ambiguous, which ends the retries before P2.
    let outcome = scheme.group(adult(["D01"], procedures: ["Q1", "O1", "P2"]))
    #expect(outcome.codes == "ambiguous MDCA QY AQY")
    #expect(result(scheme, ["Q1", "O1", "P2"]).retriedProcedure == 2)
  }

  @Test func ambiguousFirstAttemptIsNotRetried() throws {
    var fixture = SchemeFixture()
    fixture.manifest = #"{"formatVersion": 1, "id": "t", "retryWithEachOtherProcedure": true}"#
    fixture.mdc += "1,MDCA,A,true\n"
    fixture.adrg += "MDCA,1,A1,a,main_proc in P\nMDCA,2,AQY,qy,any_proc in OR\n"
    fixture.drg += "A1,1,A11,a,true\n"
    fixture.lists += "P,P1,\nOR,O1,\n"
    let scheme = try fixture.load()
    #expect(
      scheme.group(adult(["D01"], procedures: ["O1", "P1"])).codes == "ambiguous MDCA QY AQY")
  }
}

@Suite("Grouping: code predicates")
struct CodePredicateTests {
  private let lists = "L,L01,\nL,L02,\n"

  @Test func principalDiagnosis() throws {
    let probe = try RuleProbe("pdx in L", lists: lists)
    #expect(probe.holds(adult(["L01"])))
    #expect(probe.holds(adult(["L02", "X01"])))
    #expect(!probe.holds(adult(["X01", "L01"])))
  }

  @Test func anyDiagnosis() throws {
    let probe = try RuleProbe("any_dx in L", lists: lists)
    #expect(probe.holds(adult(["L01"])))
    #expect(probe.holds(adult(["X01", "X02", "L02"])))
    #expect(!probe.holds(adult(["X01", "X02"])))
  }

  @Test func otherDiagnosisCountsPositionsAfterTheFirst() throws {
    let probe = try RuleProbe("other_dx in L", lists: lists)
    #expect(!probe.holds(adult(["L01"])), "the principal itself does not count")
    #expect(probe.holds(adult(["L01", "L01"])), "a repeat of the principal counts")
    #expect(probe.holds(adult(["X01", "L02"])))
    #expect(probe.holds(adult(["X01", "X02", "L02"])))
    #expect(!probe.holds(adult(["L01", "X01"])))
  }

  @Test func mainProcedure() throws {
    let probe = try RuleProbe("main_proc in L", lists: lists)
    #expect(probe.holds(adult(["X01"], procedures: ["L01", "X02"])))
    #expect(!probe.holds(adult(["X01"], procedures: ["X02", "L01"])))
    #expect(!probe.holds(adult(["X01"])))
  }

  @Test func anyProcedure() throws {
    let probe = try RuleProbe("any_proc in L", lists: lists)
    #expect(probe.holds(adult(["X01"], procedures: ["X02", "X03", "L02"])))
    #expect(probe.holds(adult(["X01"], procedures: ["L01"])))
    #expect(!probe.holds(adult(["L01"], procedures: ["X02"])), "diagnoses are not procedures")
  }

  @Test func otherProcedure() throws {
    let probe = try RuleProbe("other_proc in L", lists: lists)
    #expect(!probe.holds(adult(["X01"], procedures: ["L01"])))
    #expect(probe.holds(adult(["X01"], procedures: ["L01", "L01"])))
    #expect(probe.holds(adult(["X01"], procedures: ["X02", "L01"])))
    #expect(!probe.holds(adult(["X01"], procedures: ["L01", "X02"])))
  }

  @Test func codesAreTrimmedAndEmptyEntriesSkipped() throws {
    let probe = try RuleProbe("other_dx in L", lists: lists)
    #expect(probe.holds(adult([" X01 ", "", "\tL01"])))
    #expect(!probe.holds(adult([" L01 ", ""])))
  }

  @Test func codesAreCaseSensitive() throws {
    let probe = try RuleProbe("pdx in L", lists: "L,I10.x00,\n")
    #expect(probe.holds(adult(["I10.x00"])))
    #expect(!probe.holds(adult(["I10.X00"])))
  }

  private let tagged = "T,P1,a\nT,P2,b\nT,P3,\nT,P4,a\n"

  @Test func taggedList() throws {
    let probe = try RuleProbe("any_proc in T[a]", lists: tagged)
    #expect(probe.holds(adult(["X01"], procedures: ["P1"])))
    #expect(probe.holds(adult(["X01"], procedures: ["P2", "P4"])))
    #expect(!probe.holds(adult(["X01"], procedures: ["P2"])))
    #expect(!probe.holds(adult(["X01"], procedures: ["P3"])))
  }

  @Test func untaggedReferenceToATaggedList() throws {
    let probe = try RuleProbe("any_proc in T", lists: tagged)
    for code in ["P1", "P2", "P3", "P4"] {
      #expect(probe.holds(adult(["X01"], procedures: [code])), "\(code)")
    }
  }

  @Test func bothTagsOfACombination() throws {
    let probe = try RuleProbe("any_proc in T[a] and any_proc in T[b]", lists: tagged)
    #expect(probe.holds(adult(["X01"], procedures: ["P2", "X9", "P1"])))
    #expect(!probe.holds(adult(["X01"], procedures: ["P1", "P4"])))
  }

  @Test func taggedDiagnosisList() throws {
    let probe = try RuleProbe("pdx in T[b]", lists: tagged)
    #expect(probe.holds(adult(["P2"])))
    #expect(!probe.holds(adult(["P1"])))
  }
}

@Suite("Grouping: dx_tags")
struct TagCountTests {
  private let sites = "Z,S1,head\nZ,S2,head\nZ,S3,chest\nZ,S4,\nZ,S5,leg\nZ,S6,躯干、脊柱创伤\n"

  @Test func countsDistinctTags() throws {
    let probe = try RuleProbe("dx_tags(Z) >= 2", lists: sites)
    #expect(!probe.holds(adult(["S1", "S2"])), "two codes with the same tag")
    #expect(probe.holds(adult(["S1", "S3"])), "the principal diagnosis counts too")
    #expect(probe.holds(adult(["X1", "S5", "S3"])))
    #expect(!probe.holds(adult(["S1", "S1"])))
    #expect(!probe.holds(adult(["S1", "X1"])))
  }

  @Test func emptyTagIsNoTag() throws {
    let probe = try RuleProbe("dx_tags(Z) >= 2", lists: sites)
    #expect(!probe.holds(adult(["S1", "S4"])))
  }

  @Test func anyTagTextCounts() throws {
    let probe = try RuleProbe("dx_tags(Z) == 3", lists: sites)
    #expect(probe.holds(adult(["S6", "S1", "S3"])))
    #expect(!probe.holds(adult(["S6", "S1", "S2"])))
  }

  @Test func exactCounts() throws {
    let probe = try RuleProbe("dx_tags(Z) == 3", lists: sites)
    #expect(probe.holds(adult(["X1", "S1", "S3", "S5", "S2"])))
    #expect(!probe.holds(adult(["S1", "S3"])))
    #expect(!probe.holds(adult(["S1", "S3", "S5", "S6"])))
  }

  @Test func zeroTags() throws {
    let probe = try RuleProbe("dx_tags(Z) < 1", lists: sites)
    #expect(probe.holds(adult(["X1", "X2"])))
    #expect(probe.holds(adult(["S4"])))
    #expect(!probe.holds(adult(["S1"])))
  }

  @Test func proceduresDoNotCount() throws {
    let probe = try RuleProbe("dx_tags(Z) >= 1", lists: sites)
    #expect(!probe.holds(adult(["X1"], procedures: ["S1"])))
  }
}

@Suite("Grouping: field comparisons")
struct FieldComparisonTests {
  static let optionalFields = ["age_days", "weight", "los", "leaving", "icu_hours"]

  @Test(arguments: optionalFields, Comparison.allCases)
  func missingFieldComparesFalse(_ field: String, _ comparison: Comparison) throws {
    let probe = try RuleProbe("\(field) \(comparison.rawValue) 5")
    #expect(!probe.holds(adult(["X01"])))
  }

  @Test(arguments: optionalFields)
  func missingFieldIsInNoValueList(_ field: String) throws {
    #expect(try !RuleProbe("\(field) in (0, 5)").holds(adult(["X01"])))
    #expect(try RuleProbe("not \(field) in (0, 5)").holds(adult(["X01"])))
    #expect(try RuleProbe("not \(field) != 5").holds(adult(["X01"])))
  }

  @Test(arguments: [
    ("los == 4", true), ("los == 4.0", true), ("los != 4", false), ("los < 4", false),
    ("los <= 4", true), ("los > 3.5", true), ("los >= 4.5", false), ("los in (1, 4)", true),
    ("los in (1, 5)", false), (#"los == "4""#, true),
  ])
  func numericComparisons(_ rule: String, _ expected: Bool) throws {
    #expect(try RuleProbe(rule).holds(adult(["X01"], lengthOfStay: 4)) == expected)
  }

  @Test func everyFieldIsRead() throws {
    let record = DischargeCase(
      sex: 2, age: 0, ageDays: 10, weight: 2400, lengthOfStay: 3, leaving: 5, icuHours: 72,
      diagnoses: ["X01"])
    for rule in [
      "sex == 2", "age == 0", "age_days == 10", "weight == 2400", "los == 3", "leaving == 5",
      "icu_hours == 72",
    ] {
      #expect(try RuleProbe(rule).holds(record), "\(rule)")
    }
  }

  @Test func weightZeroPassesTheCheckButIsUnknown() throws {
    let newborn = DischargeCase(sex: 1, age: 0, ageDays: 3, weight: 0, diagnoses: ["X01"])
    for rule in ["weight < 2500", "weight == 0", "weight != 2500", "weight in (0)"] {
      #expect(try !RuleProbe(rule).holds(newborn), "\(rule)")
    }
    #expect(try RuleProbe("not weight < 2500").holds(newborn))
  }

  @Test func departmentComparesAsText() throws {
    let equal = try RuleProbe(#"dept == "0401""#)
    #expect(equal.holds(adult(["X01"], department: "0401")))
    #expect(!equal.holds(adult(["X01"], department: "401")))
    #expect(!equal.holds(adult(["X01"], department: "04010")))
    #expect(!equal.holds(adult(["X01"])))
    let bare = try RuleProbe("dept == 0401")
    #expect(bare.holds(adult(["X01"], department: "0401")))
    #expect(!bare.holds(adult(["X01"], department: "401")))
  }

  @Test func departmentNotEqual() throws {
    let probe = try RuleProbe(#"dept != "x""#)
    #expect(probe.holds(adult(["X01"], department: "y")))
    #expect(!probe.holds(adult(["X01"], department: "x")))
    #expect(!probe.holds(adult(["X01"])), "a missing department compares false")
    #expect(!probe.holds(adult(["X01"], department: "")), "an empty department is missing")
  }

  @Test func departmentInList() throws {
    let probe = try RuleProbe(#"dept in ("07", "0701")"#)
    #expect(probe.holds(adult(["X01"], department: "07")))
    #expect(probe.holds(adult(["X01"], department: "0701")))
    #expect(!probe.holds(adult(["X01"], department: "070")))
    #expect(!probe.holds(adult(["X01"])))
    #expect(try RuleProbe(#"not dept in ("07")"#).holds(adult(["X01"])))
  }

  @Test func departmentsOfSeveralRulesStayApart() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "1,MDCA,A,true\n"
    fixture.adrg += "MDCA,1,A1,a,true\n"
    fixture.drg +=
      "A1,1,A11,a,dept == \"01\"\nA1,2,A12,b,\"dept in (\"\"02\"\", \"\"03\"\")\"\nA1,3,A13,c,dept != \"01\"\nA1,4,A14,d,true\n"
    let scheme = try fixture.load()
    #expect(scheme.group(adult(["X01"], department: "01")).drg == "A11")
    #expect(scheme.group(adult(["X01"], department: "03")).drg == "A12")
    #expect(scheme.group(adult(["X01"], department: "04")).drg == "A13")
    #expect(scheme.group(adult(["X01"])).drg == "A14")
  }

  @Test func departmentIsTrimmedLikeACSVField() throws {
    // The CSV path trims fields; a DischargeCase should read the same way.
    let notEqual = try RuleProbe(#"dept != "x""#)
    let equal = try RuleProbe(#"dept == "0401""#)
    do {
      #expect(!notEqual.holds(adult(["X01"], department: " ")), "a blank department is missing")
      #expect(equal.holds(adult(["X01"], department: " 0401 ")))
    }
  }
}
