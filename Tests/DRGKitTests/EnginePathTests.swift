import DRGTestSupport
import Testing

@testable import DRGKit

/// An observer that records nothing, but is not ``SilentObserver``: the engine then tries
/// every rule in order instead of using its candidate index.
private struct EveryRuleObserver: GroupingObserver {
  var steps = 0
  mutating func beginAttempt(procedure: Int) {}
  mutating func triedMDC(_ index: Int, entered: Bool) { steps += 1 }
  mutating func triedADRG(_ index: Int, matched: Bool) { steps += 1 }
  mutating func triedDRG(_ index: Int, matched: Bool) { steps += 1 }
}

/// Three MDCs of 70 ADRGs each, so ADRG ranges cross 64-bit words in the middle of an MDC;
/// guarded and unguarded rules of every shape; overlapping lists.
private func wideScheme(retry: Bool) throws -> Scheme {
  var fixture = SchemeFixture()
  fixture.manifest =
    #"{"formatVersion": 1, "id": "wide", "retryWithEachOtherProcedure": \#(retry)}"#
  fixture.mdc += "1,M0,m0,pdx in M0\n2,M1,m1,main_proc in MP or pdx in M1\n3,M2,m2,true\n"
  for mdc in 0..<3 {
    for offset in 0..<70 {
      let j = mdc * 70 + offset
      let rule =
        switch j % 5 {
        case 0: "pdx in D\(j)"
        case 1: "main_proc in P\(j) and age > 30"
        case 2: "any_dx in D\(j)"
        case 3: "pdx in D\(j) and other_proc in P\(j)"
        default: "not pdx in D\(j) and any_proc in P\(j)"
        }
      fixture.adrg += "M\(mdc),\(offset),A\(j),a,\(rule)\n"
      fixture.drg += "A\(j),1,A\(j)1,d,mcc\nA\(j),2,A\(j)5,d,true\n"
      fixture.lists += "D\(j),X\(j % 15),\nD\(j),Y\(j),\nP\(j),Q\(j % 7),\nP\(j),R\(j),\n"
    }
  }
  for code in 0..<10 { fixture.lists += "M0,X\(code),\n" }
  for code in 5..<15 { fixture.lists += "M1,X\(code),\n" }
  fixture.lists += "MP,Q3,\n"
  fixture.cc += "X14,MCC,\n"
  return try fixture.load()
}

private func randomCase(_ random: inout SeededGenerator) -> DischargeCase {
  func diagnosis() -> String {
    switch random.below(3) {
    case 0: "X\(random.below(15))"
    case 1: "Y\(random.below(210))"
    default: "Z\(random.below(3))"
    }
  }
  func procedure() -> String {
    switch random.below(3) {
    case 0: "Q\(random.below(7))"
    case 1: "R\(random.below(210))"
    default: "S\(random.below(3))"
    }
  }
  return DischargeCase(
    sex: 1, age: Double(20 + random.below(30)),
    diagnoses: (0...random.below(3)).map { _ in diagnosis() },
    procedures: (0..<random.below(4)).map { _ in procedure() })
}

@Suite("Engine paths")
struct EnginePathTests {
  @Test(arguments: [false, true])
  func candidateIndexAgreesWithTryingEveryRule(retry: Bool) throws {
    let scheme = try wideScheme(retry: retry)
    var random = SeededGenerator(seed: retry ? 7 : 42)
    var statuses: [GroupingStatus: Int] = [:]
    for _ in 0..<3000 {
      let record = randomCase(&random)
      var silent = SilentObserver()
      var every = EveryRuleObserver()
      let indexed = scheme.group(record, observer: &silent)
      let full = scheme.group(record, observer: &every)
      #expect(indexed == full, "\(record.diagnoses) \(record.procedures) age \(record.age ?? -1)")
      #expect(every.steps > 0)
      statuses[indexed.status, default: 0] += 1
    }
    // Both outcomes are common, so both paths are exercised.
    #expect(statuses[.grouped, default: 0] > 500)
    #expect(statuses[.ungroupable, default: 0] > 500)
  }

  @Test func wideSchemeSpotChecks() throws {
    let scheme = try wideScheme(retry: false)
    // X3 enters M0. ADRG 0 needs pdx in {X0, Y0}, 1 main_proc in {Q1, R1}, 2 a diagnosis
    // in {X2, Y2}, 3 a second procedure; 4 holds: X3 is not in D4 and R4 is in P4.
    #expect(scheme.group(adult(["X3"], procedures: ["R4"])).codes == "grouped M0 A4 A45")
    // Y65 enters neither M0 nor M1; M2's ADRGs need its own D/P codes or a procedure.
    #expect(scheme.group(adult(["Y65"])).codes == "ungroupable 0000 00 0000")
    // Y70 is not in M0; main procedure Q3 enters M1, whose first ADRG (70) is pdx in
    // {X10, Y70}; no MCC, so the `true` DRG.
    #expect(scheme.group(adult(["Y70"], procedures: ["Q3"])).codes == "grouped M1 A70 A705")
    // An MCC (X14, never excluded) as second diagnosis picks the `mcc` DRG.
    #expect(scheme.group(adult(["Y70", "X14"], procedures: ["Q3"])).codes == "grouped M1 A70 A701")
  }

  @Test func moreThan64MDCs() throws {
    var fixture = SchemeFixture()
    for mdc in 0..<70 {
      fixture.mdc += "\(mdc),MDC\(mdc),m,pdx in L\(mdc)\n"
      fixture.adrg += "MDC\(mdc),1,A\(mdc),a,true\n"
      fixture.drg += "A\(mdc),1,A\(mdc)1,d,true\n"
      fixture.lists += "L\(mdc),C\(mdc),\n"
    }
    fixture.lists += "L69,C3,\n"
    let scheme = try fixture.load()
    #expect(scheme.group(adult(["C69"])).codes == "grouped MDC69 A69 A691")
    #expect(scheme.group(adult(["C3"])).codes == "grouped MDC3 A3 A31")
    #expect(scheme.group(adult(["C70"])).codes == "ungroupable 0000 00 0000")
  }

  @Test
  func schemeWithoutMDCsThroughAnObserver() throws {
    let scheme = try SchemeFixture().load()
    var observer = EveryRuleObserver()
    let result = scheme.group(adult(["X01"]), observer: &observer)
    #expect(result.status == .ungroupable)
    #expect(observer.steps == 0)
  }
}
