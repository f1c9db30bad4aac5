import Foundation
import Testing

@testable import DRGKit

/// A small valid scheme: MDCA (`pdx in A.dx`) → AA1 → AA11.
private func validScheme() -> SchemeFixture {
  var fixture = SchemeFixture()
  fixture.mdc += "1,MDCA,A,pdx in A.dx\n"
  fixture.adrg += "MDCA,1,AA1,AA1 name,true\n"
  fixture.drg += "AA1,1,AA11,AA11 name,true\n"
  fixture.lists += "A.dx,A00.000,\n"
  return fixture
}

@Suite("Scheme loading: files and CSV")
struct SchemeFileTests {
  @Test func validSchemeLoads() throws {
    let scheme = try validScheme().load()
    #expect(scheme.mdcs.map(\.entry.code) == ["MDCA"])
    #expect(scheme.adrgs.map(\.entry.code) == ["AA1"])
    #expect(scheme.drgs.map(\.entry.code) == ["AA11"])
    #expect(scheme.manifest.id == "test")
    #expect(scheme.manifest.name == "Test scheme")
  }

  static let files = [
    "scheme.json", "mdc.csv", "adrg.csv", "drg.csv", "lists.csv", "cc.csv", "cc_exclusion.csv",
    "dx_names.csv", "proc_names.csv",
  ]

  @Test(arguments: files)
  func missingFileIsNamed(_ file: String) throws {
    var fixture = validScheme()
    fixture.omitted = [file]
    let error = try #require(try fixture.loadError())
    #expect(error.kind == .missingFile)
    #expect(error.file == file)
    #expect(error.line == nil)
    #expect(
      error.description
        == "\(file): file is missing; every scheme directory needs it (see grouper-tables/README.md)"
    )
  }

  @Test func notADirectory() throws {
    let path = "/nonexistent/DRGKitTests/scheme"
    #expect(throws: SchemeError(.manifest("is not a scheme directory"), file: path)) {
      try Scheme(directory: path)
    }
  }

  @Test func missingColumn() throws {
    var fixture = validScheme()
    fixture.mdc = "order,mdc,name\n1,MDCA,A\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.missingColumn("rule"), file: "mdc.csv", line: 1))
    #expect(error.description == "mdc.csv:1: header lacks the column 'rule'")
  }

  @Test func missingTagColumn() throws {
    var fixture = validScheme()
    fixture.lists = "list,code\nA.dx,A00.000\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.missingColumn("tag"), file: "lists.csv", line: 1))
  }

  @Test func rowWithTooFewFields() throws {
    var fixture = validScheme()
    fixture.adrg += "MDCA,2,AA2,true\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error.description == "adrg.csv:3: malformed CSV row: 4 fields where the header has 5")
  }

  @Test func rowWithUnterminatedQuote() throws {
    var fixture = validScheme()
    fixture.adrg += "MDCA,2,AA2,\"name,true\n"
    let error = try #require(try fixture.loadError())
    #expect(error.file == "adrg.csv")
    #expect(error.line == 3)
    #expect(
      error.message
        == "malformed CSV row: line 3: unterminated quoted field starting at column 12; close the quote"
    )
  }

  @Test func rowWithTextAfterClosingQuote() throws {
    var fixture = validScheme()
    fixture.adrg += "MDCA,2,AA2,\"name\"x,true\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error.description
        == "adrg.csv:3: malformed CSV row: line 3, column 18: text after a closing quote; quote the whole field"
    )
  }

  @Test func orderMustBeAWholeNumber() throws {
    var fixture = validScheme()
    fixture.adrg += "MDCA,2.5,AA2,name,true\n"
    let error = try #require(try fixture.loadError())
    #expect(error.description == "adrg.csv:3: 'order' must be a whole number, found '2.5'")
  }

  @Test func emptyCode() throws {
    var fixture = validScheme()
    fixture.drg += "AA1,2,,name,true\n"
    let error = try #require(try fixture.loadError())
    #expect(error.description == "drg.csv:3: 'drg' is empty")
  }

  @Test func emptyRule() throws {
    var fixture = validScheme()
    fixture.drg += "AA1,2,AA12,name,\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error
        == SchemeError(
          .syntax("the rule is empty; write 'true' for always"), file: "drg.csv", line: 3))
  }

  @Test func byteOrderMarkCRLFAndBlankLinesAreAccepted() throws {
    var fixture = validScheme()
    fixture.mdc = "\u{FEFF}order,mdc,name,rule\r\n\r\n1,MDCA,A,pdx in A.dx\r\n"
    // A quoted rule with "" escapes and a line break inside a quoted name.
    fixture.adrg =
      "mdc,order,adrg,name,rule\n\nMDCA,1,AA1,\"two\nlines\",\"dept in (\"\"07\"\", \"\"0701\"\")\"\n"
    let scheme = try fixture.load()
    #expect(scheme.mdcs.map(\.entry.code) == ["MDCA"])
    #expect(scheme.mdcs[0].entry.line == 3)
    let adrg = try #require(scheme.adrgs.first)
    #expect(adrg.entry.name == "two\nlines")
    #expect(adrg.entry.ruleText == #"dept in ("07", "0701")"#)
    #expect(adrg.entry.line == 3)
  }

  @Test func lineNumbersCountBlankLinesAndQuotedLineBreaks() throws {
    var fixture = validScheme()
    fixture.adrg =
      "mdc,order,adrg,name,rule\nMDCA,1,AA1,\"a\nb\",true\n\nMDCA,1,AA2,dup,true\n"
    let error = try #require(try fixture.loadError())
    #expect(error.line == 5)
  }

  @Test func valuesAreTrimmed() throws {
    var fixture = validScheme()
    fixture.adrg = "mdc,order,adrg,name,rule\n MDCA , 1 , AA1 ,name,  true  \n"
    let scheme = try fixture.load()
    #expect(scheme.adrgs.map(\.entry.code) == ["AA1"])
    #expect(scheme.adrgs[0].entry.ruleText == "true")
  }
}

@Suite("Scheme loading: rules")
struct SchemeRuleLoadingTests {
  @Test func unknownListNamesFileLineAndColumn() throws {
    var fixture = validScheme()
    // p1 d2 x3 _4 i5 n6 _7 A8 .9 d10 x11 _12 a13 n14 d15 _16 any_proc17-24 _25 i26 n27 _28 N29
    fixture.adrg += "MDCA,2,AA2,name,pdx in A.dx and any_proc in NOPE\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.unknownList("NOPE"), file: "adrg.csv", line: 3, column: 29))
    #expect(
      error.description == "adrg.csv:3:29: unknown list 'NOPE' in rule; lists.csv has no such list")
  }

  @Test func unknownTaggedList() throws {
    var fixture = validScheme()
    fixture.drg += "AA1,2,AA12,name,any_proc in P[1]\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.unknownList("P"), file: "drg.csv", line: 3, column: 13))
  }

  @Test func unknownTagCountList() throws {
    var fixture = validScheme()
    fixture.mdc += "2,MDCB,B,dx_tags(Z) >= 2\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.unknownList("Z"), file: "mdc.csv", line: 3, column: 9))
  }

  @Test func listNamesAreCaseSensitive() throws {
    var fixture = validScheme()
    fixture.mdc = "order,mdc,name,rule\n1,MDCA,A,pdx in a.dx\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.unknownList("a.dx"), file: "mdc.csv", line: 2, column: 8))
  }

  @Test func syntaxErrorWithColumn() throws {
    var fixture = validScheme()
    fixture.mdc += "2,MDCB,B,age = 1\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error
        == SchemeError(.syntax("use '==' to compare, not '='"), file: "mdc.csv", line: 3, column: 5)
    )
    #expect(error.description == "mdc.csv:3:5: rule syntax: use '==' to compare, not '='")
  }

  @Test func syntaxErrorInQuotedRule() throws {
    var fixture = validScheme()
    fixture.drg += "AA1,2,AA12,name,\"dept in (\"\"07\"\", 08\"\n"
    let error = try #require(try fixture.loadError())
    // d1 e2 p3 t4 _5 i6 n7 _8 (9 "10 0 7 "13 ,14 _15 0 16 8 17 end 18
    #expect(
      error
        == SchemeError(
          .syntax("expected ',' or ')', found the end of the rule"), file: "drg.csv", line: 3,
          column: 18))
  }
}

@Suite("Scheme loading: structure")
struct SchemeStructureTests {
  @Test func duplicateOrderInMDCFile() throws {
    var fixture = validScheme()
    fixture.mdc += "1,MDCB,B,true\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error.description
        == "mdc.csv:3: order 1 is used twice in mdc.csv (first on line 2); orders must be unique")
  }

  @Test func duplicateOrderWithinAnMDC() throws {
    var fixture = validScheme()
    fixture.adrg += "MDCA,1,AA2,name,true\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error
        == SchemeError(
          .duplicateOrder(parent: "MDCA", order: 1, firstLine: 2), file: "adrg.csv", line: 3))
    #expect(
      error.description
        == "adrg.csv:3: order 1 is used twice in MDCA (first on line 2); orders must be unique")
  }

  @Test func sameOrderInDifferentMDCsIsFine() throws {
    var fixture = validScheme()
    fixture.mdc += "2,MDCB,B,true\n"
    fixture.adrg += "MDCB,1,BB1,name,true\n"
    fixture.drg += "BB1,1,BB11,name,true\n"
    let scheme = try fixture.load()
    #expect(scheme.adrgs.map(\.entry.code) == ["AA1", "BB1"])
  }

  @Test func duplicateOrderWithinAnADRG() throws {
    var fixture = validScheme()
    fixture.drg += "AA1,1,AA13,name,true\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error
        == SchemeError(
          .duplicateOrder(parent: "AA1", order: 1, firstLine: 2), file: "drg.csv", line: 3))
  }

  @Test func duplicateMDCCode() throws {
    var fixture = validScheme()
    fixture.mdc += "2,MDCA,again,true\n"
    let error = try #require(try fixture.loadError())
    #expect(error.description == "mdc.csv:3: 'MDCA' is defined twice (first on line 2)")
  }

  @Test func duplicateADRGCodeAcrossMDCs() throws {
    var fixture = validScheme()
    fixture.mdc += "2,MDCB,B,true\n"
    fixture.adrg += "MDCB,1,AA1,again,true\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.duplicateCode("AA1", firstLine: 2), file: "adrg.csv", line: 3))
  }

  @Test func duplicateDRGCode() throws {
    var fixture = validScheme()
    fixture.drg += "AA1,2,AA11,again,true\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.duplicateCode("AA11", firstLine: 2), file: "drg.csv", line: 3))
  }

  @Test func duplicateCCCodeLoads() throws {
    // The format's rule (Clarifications, last item): no error; see DuplicateComplicationTests.
    var fixture = validScheme()
    fixture.cc += "J96.000,MCC,1\nE87.200,CC,\nJ96.000,CC,2\n"
    let scheme = try fixture.load()
    #expect(scheme.duplicateComplications.map(\.line) == [4])
    #expect(scheme.complications.level(of: scheme.row(of: "J96.000")) == .mcc)
  }

  @Test func duplicateCodeInAList() throws {
    var fixture = validScheme()
    fixture.lists += "B.dx,A00.000,\nA.dx,A00.000,x\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error
        == SchemeError(
          .duplicateCode("A00.000 in list A.dx", firstLine: 2), file: "lists.csv", line: 4))
  }

  @Test func unknownParentMDC() throws {
    var fixture = validScheme()
    fixture.adrg += "MDCZ,1,ZZ1,name,true\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error == SchemeError(.unknownParent(kind: "MDC", code: "MDCZ"), file: "adrg.csv", line: 3))
    #expect(error.description == "adrg.csv:3: MDC 'MDCZ' is not defined")
  }

  @Test func unknownParentADRG() throws {
    var fixture = validScheme()
    fixture.drg += "ZZ1,1,ZZ11,name,true\n"
    let error = try #require(try fixture.loadError())
    #expect(error.description == "drg.csv:3: ADRG 'ZZ1' is not defined")
  }

  @Test(arguments: ["mcc", "Cc", "", "MCC1"])
  func badComplicationLevel(_ level: String) throws {
    var fixture = validScheme()
    fixture.cc += "E87.200,CC,\nA41.900,\(level),5\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.badLevel(level), file: "cc.csv", line: 3))
    #expect(error.description == "cc.csv:3: level must be MCC or CC, found '\(level)'")
  }

  @Test func orderDecidesNotFilePosition() throws {
    var fixture = SchemeFixture()
    fixture.mdc += "20,MDCB,B,true\n10,MDCA,A,true\n"
    fixture.adrg += "MDCA,3,A3,n,true\nMDCB,1,B1,n,true\nMDCA,-1,A0,n,true\n"
    fixture.drg += "A3,2,A32,n,true\nA3,1,A31,n,true\nB1,1,B11,n,true\nA0,1,A01,n,true\n"
    let scheme = try fixture.load()
    #expect(scheme.mdcs.map(\.entry.code) == ["MDCA", "MDCB"])
    #expect(scheme.adrgs.map(\.entry.code) == ["A0", "A3", "B1"])
    #expect(scheme.drgs.map(\.entry.code) == ["A01", "A31", "A32", "B11"])
    #expect(scheme.mdcs.map(\.adrgs) == [0..<2, 2..<3])
    #expect(scheme.adrgs.map(\.drgs) == [0..<1, 1..<3, 3..<4])
  }

  @Test func qyADRGsAreAmbiguous() throws {
    var fixture = validScheme()
    fixture.adrg += "MDCA,2,AQY,A ambiguous,true\n"
    let scheme = try fixture.load()
    #expect(scheme.adrgs.map(\.isAmbiguous) == [false, true])
  }
}

@Suite("Scheme loading: scheme.json")
struct SchemeManifestTests {
  private func manifestError(_ json: String) throws -> SchemeError? {
    var fixture = validScheme()
    fixture.manifest = json
    return try fixture.loadError()
  }

  private func manifest(_ json: String) throws -> SchemeManifest {
    var fixture = validScheme()
    fixture.manifest = json
    return try fixture.load().manifest
  }

  @Test func unknownKeyIsRejected() throws {
    let error = try #require(
      try manifestError(#"{"formatVersion": 1, "id": "t", "colour": "red"}"#))
    #expect(
      error.description
        == "scheme.json: unknown key 'colour': this version implements diagnosisCoding, formatVersion, id, name, procedureCoding, retryWithEachOtherProcedure, source, ungroupable"
    )
  }

  @Test func formatVersion2IsRejected() throws {
    let error = try #require(try manifestError(#"{"formatVersion": 2, "id": "t"}"#))
    #expect(error.description == "scheme.json: formatVersion 2 is not supported (only 1)")
  }

  @Test(arguments: [
    #"{"id": "t"}"#, #"{"formatVersion": "1", "id": "t"}"#, #"{"formatVersion": 1.5, "id": "t"}"#,
  ])
  func formatVersionMissingOrNotANumber(_ json: String) throws {
    let error = try #require(try manifestError(json))
    #expect(error.description == "scheme.json: 'formatVersion' is missing or not a number")
  }

  @Test func idIsRequired() throws {
    let error = try #require(try manifestError(#"{"formatVersion": 1, "name": "x"}"#))
    #expect(error.description == "scheme.json: 'id' is missing")
  }

  @Test func stringsMustBeStrings() throws {
    let error = try #require(try manifestError(#"{"formatVersion": 1, "id": "t", "name": 3}"#))
    #expect(error.description == "scheme.json: 'name' must be a string")
  }

  @Test(arguments: [#"{"formatVersion": 1, "id": "t""#, "[1, 2]"])
  func notAJSONObject(_ json: String) throws {
    let error = try #require(try manifestError(json))
    #expect(error.file == "scheme.json")
    // Bad JSON is placed: the text ends at column 31 where , or } should follow.
    #expect(error.line == (json.hasPrefix("[") ? nil : 1))
    if !json.hasPrefix("[") {
      #expect(
        error.description
          == "scheme.json:1:31: is not valid JSON: the text ends inside {; close it with }")
    }
  }

  @Test func allKeysAreRead() throws {
    let manifest = try manifest(
      #"""
      {"formatVersion": 1, "id": "yn", "name": "Yunnan", "diagnosisCoding": "ICD-10 2.0",
       "procedureCoding": "ICD-9-CM-3 2.0", "source": "converted",
       "ungroupable": {"mdc": "0000", "adrg": "00", "drg": "0000A"},
       "retryWithEachOtherProcedure": true}
      """#)
    #expect(manifest.id == "yn")
    #expect(manifest.name == "Yunnan")
    #expect(manifest.diagnosisCoding == "ICD-10 2.0")
    #expect(manifest.procedureCoding == "ICD-9-CM-3 2.0")
    #expect(manifest.source == "converted")
    #expect(manifest.ungroupable == .init(mdc: "0000", adrg: "00", drg: "0000A"))
    #expect(manifest.retryWithEachOtherProcedure)
  }

  @Test func extensionsDefaultWhenAbsent() throws {
    let manifest = try manifest(#"{"formatVersion": 1, "id": "t"}"#)
    #expect(manifest.ungroupable == .init(mdc: "0000", adrg: "00", drg: "0000"))
    #expect(!manifest.retryWithEachOtherProcedure)
    #expect(manifest.name == "")
  }

  @Test func retryFalseIsRead() throws {
    let manifest = try manifest(
      #"{"formatVersion": 1, "id": "t", "retryWithEachOtherProcedure": false}"#)
    #expect(!manifest.retryWithEachOtherProcedure)
  }

  @Test(arguments: [
    #"{"mdc": "0000", "adrg": "00"}"#, #"{"mdc": "0000", "adrg": "00", "drg": 0}"#, #""0000A""#,
  ])
  func malformedUngroupable(_ value: String) throws {
    let error = try #require(
      try manifestError(#"{"formatVersion": 1, "id": "t", "ungroupable": \#(value)}"#))
    #expect(
      error.description
        == #"scheme.json: 'ungroupable' must be {"mdc": …, "adrg": …, "drg": …} with strings"#)
  }

  @Test func retryMustBeABoolean() throws {
    let error = try #require(
      try manifestError(#"{"formatVersion": 1, "id": "t", "retryWithEachOtherProcedure": "yes"}"#))
    #expect(error.description == "scheme.json: 'retryWithEachOtherProcedure' must be true or false")
  }

  /// JSON numbers bridge to `Bool` (and `true` to `Int`) through Foundation on Linux, so
  /// `1` passes as `true` and `true` as format version 1.
  @Test func numbersAreNotBooleans() throws {
    do {
      let error = try manifestError(
        #"{"formatVersion": 1, "id": "t", "retryWithEachOtherProcedure": 1}"#)
      #expect(
        error?.description == "scheme.json: 'retryWithEachOtherProcedure' must be true or false")
      let version = try manifestError(#"{"formatVersion": true, "id": "t"}"#)
      #expect(version?.description == "scheme.json: 'formatVersion' is missing or not a number")
    }
  }
}
