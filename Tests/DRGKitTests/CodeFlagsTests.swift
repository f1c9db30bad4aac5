import Testing

@testable import DRGKit

/// ``CodeFlags`` compares most ranges as packed integers; every flag must be what
/// ``CodeEditRule/matches(_:)`` (bytewise comparison of the code's prefix) says.
@Suite("Code flags")
struct CodeFlagsTests {
  /// Codes at and around the edges of the standard ranges, short codes, and longer ones.
  static let codes = [
    "N39.9", "N40", "N40.x00", "N51.801", "N52", "N5", "O00.000", "O99.9", "P00", "P96.900",
    "P97", "Z38.000", "Z39.000", "Z37", "V01.000", "Y98.x00", "Y99", "C51.0", "C58", "C59.0",
    "D06.9", "D25.900", "D28.0", "D29", "E28.000", "E29.1", "Q50.0", "Q55.9", "R86", "R87.0",
    "60.0", "64.99", "65.0100", "71.9", "72.0", "75.99", "76.0", "6", "59.99", "A01.000",
    "G01*", "A17.0+G01*", "躯干", "Z32.000x001", "n40.x00",
  ]

  /// Edits with a range longer than eight bytes and one with ranges of unequal length.
  static let edits = CodeEditTable(
    rules: CodeEditTable.standard.rules + [
      CodeEditRule(
        kind: .newbornOnly, codes: .diagnoses, from: "Z32.000x00", to: "Z32.000x01",
        note: "long"),
      CodeEditRule(kind: .maleOnly, codes: .procedures, from: "6", to: "65", note: "uneven"),
    ])

  @Test func flagsAgreeWithTheRules() throws {
    var fixture = SchemeFixture.catchAll
    fixture.dxNames += Self.codes.map { "\(csvField($0)),name\n" }.joined()
    let scheme = try fixture.load()
    let flags = CodeFlags(scheme: scheme, edits: Self.edits)
    var checked = 0
    for code in Self.codes {
      let row = scheme.row(of: code)
      try #require(row != 0)
      var diagnosis: UInt8 = CodeFlags.knownDiagnosis
      var procedure: UInt8 = 0
      if code.hasSuffix("*") && !code.contains("+") { diagnosis |= CodeFlags.manifestation }
      for rule in Self.edits.rules where rule.matches(code) {
        if rule.codes == .diagnoses {
          diagnosis |= CodeFlags.flag(rule.kind)
        } else {
          procedure |= CodeFlags.flag(rule.kind)
        }
      }
      #expect(flags.diagnosis[Int(row)] == diagnosis, "\(code)")
      #expect(flags.procedure[Int(row)] == procedure, "\(code)")
      checked += 1
    }
    #expect(checked == Self.codes.count)
    // Spot checks by hand: O99.9 is female only (O00–O99); the procedure 6 is too short
    // for the two-byte ranges and only the uneven 6–65 holds it; 65.0100 is in 65–71,
    // female only; Y98.x00 is never principal (V01–Y98).
    #expect(flags.diagnosis[Int(scheme.row(of: "O99.9"))] & CodeFlags.femaleOnly != 0)
    #expect(flags.procedure[Int(scheme.row(of: "6"))] & ~CodeFlags.maleOnly == 0)
    #expect(flags.procedure[Int(scheme.row(of: "65.0100"))] & CodeFlags.femaleOnly != 0)
    #expect(flags.diagnosis[Int(scheme.row(of: "Y98.x00"))] & CodeFlags.notPrincipal != 0)
  }

  @Test func copyHasTheSameFlags() throws {
    var fixture = SchemeFixture.catchAll
    fixture.dxNames += "N40,name\nO00.000,name\n"
    let flags = CodeFlags(scheme: try fixture.load(), edits: .standard)
    let copy = flags.copy()
    #expect(copy.diagnosis == flags.diagnosis)
    #expect(copy.procedure == flags.procedure)
  }
}
