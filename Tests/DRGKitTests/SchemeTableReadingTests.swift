import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// A small valid scheme: MDCA (`pdx in A.dx`) → AA1 → AA11, with two named diagnoses.
private func scheme() -> SchemeFixture {
  var fixture = SchemeFixture()
  fixture.mdc += "1,MDCA,A,pdx in A.dx\n"
  fixture.adrg += "MDCA,1,AA1,AA1 name,true\n"
  fixture.drg += "AA1,1,AA11,AA11 name,true\n"
  fixture.lists += "A.dx,A00.000,\n"
  fixture.dxNames += "A00.000,霍乱\nA01.000,伤寒\n"
  return fixture
}

/// The scheme tables read as bytes (issue 20): optional maps are checked like every other
/// table, quoted and padded fields read as before, and duplicates are found wherever the
/// rows of a list are.
@Suite("Scheme loading: tables read as bytes")
struct SchemeTableReadingTests {
  @Test func mapsAreRead() throws {
    var fixture = scheme()
    fixture.extraFiles["dx_map.csv"] = "from,to\nA00.900,A00.000\n A01.9 , A01.000 \n"
    fixture.extraFiles["proc_map.csv"] = "from,to\n"
    let loaded = try fixture.load()
    #expect(loaded.diagnosisMap == ["A00.900": "A00.000", "A01.9": "A01.000"])
    #expect(loaded.procedureMap.isEmpty)
  }

  @Test func mapWithoutColumnIsAnError() throws {
    // Before, a dx_map.csv that could not be read was skipped without a word, and
    // `--map` then translated nothing.
    var fixture = scheme()
    fixture.extraFiles["dx_map.csv"] = "source,target\nA00.900,A00.000\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.missingColumn("from"), file: "dx_map.csv", line: 1))
  }

  @Test func malformedMapRowIsNamed() throws {
    var fixture = scheme()
    fixture.extraFiles["dx_map.csv"] = "from,to\nA00.900,A00.000\nA01.9,A01.000,extra\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error.description == "dx_map.csv:3: malformed CSV row: 3 fields where the header has 2")
  }

  @Test func unterminatedQuoteInMapIsNamed() throws {
    var fixture = scheme()
    fixture.extraFiles["proc_map.csv"] = "from,to\n\"81.0,81.01\n"
    let error = try #require(try fixture.loadError())
    #expect(error.file == "proc_map.csv")
    #expect(error.line == 2)
  }

  @Test func emptyMapCodeIsNamed() throws {
    var fixture = scheme()
    fixture.extraFiles["dx_map.csv"] = "from,to\nA00.900,A00.000\nA01.9,\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.emptyField(column: "to"), file: "dx_map.csv", line: 3))
  }

  @Test func conflictingMapRowsAreNamed() throws {
    var fixture = scheme()
    fixture.extraFiles["dx_map.csv"] =
      "from,to\nA00.900,A00.000\nB00,A01.000\nA00.900,A00.000\nA00.900,A01.000\n"
    let error = try #require(try fixture.loadError())
    // Line 4 repeats line 2 with the same target (harmless); line 5 contradicts it.
    #expect(
      error.description
        == "dx_map.csv:5: 'A00.900 (mapped to A00.000 there, to A01.000 here)' is defined twice (first on line 2)"
    )
  }

  @Test func mapFileNotUTF8IsNamed() throws {
    let directory = try TemporaryDirectory()
    try scheme().write(to: directory)
    // "霍乱" in GBK: B0 F4 C2 D2, which is no UTF-8.
    let bytes: [UInt8] = Array("from,to\nA00.900,".utf8) + [0xB0, 0xF4, 0xC2, 0xD2, 0x0A]
    try Data(bytes).write(to: URL(fileURLWithPath: directory.path + "/dx_map.csv"))
    #expect(throws: SchemeError(.notUTF8, file: "dx_map.csv")) {
      try Scheme(directory: directory.path)
    }
  }

  @Test func quotedAndPaddedFieldsReadAsText() throws {
    var fixture = scheme()
    fixture.dxNames += "B00.000,\"疱疹, \"\"单纯\"\"\"\n C00.000 ,\t唇恶性肿瘤 \n"
    let loaded = try fixture.load()
    #expect(loaded.name(ofCode: "B00.000") == "疱疹, \"单纯\"")
    #expect(loaded.name(ofCode: "C00.000") == "唇恶性肿瘤")
    #expect(loaded.name(ofCode: "A01.000") == "伤寒")
    #expect(loaded.name(ofCode: "Z99.999") == nil)
  }

  @Test func procedureNameReplacesDiagnosisName() throws {
    var fixture = scheme()
    fixture.procNames += "A01.000,手术名\n"
    #expect(try fixture.load().name(ofCode: "A01.000") == "手术名")
  }

  @Test func duplicateInContiguousListIsNamed() throws {
    var fixture = scheme()
    fixture.lists += "B.dx,B01,\nB.dx,B02,\nB.dx,B01,\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error
        == SchemeError(.duplicateCode("B01 in list B.dx", firstLine: 3), file: "lists.csv", line: 5)
    )
  }

  @Test func duplicateInListThatComesBackIsNamed() throws {
    // B.dx, then C.dx, then B.dx again repeating B01 of line 3.
    var fixture = scheme()
    fixture.lists += "B.dx,B01,\nC.dx,B01,\nB.dx,B02,\nB.dx,B01,\n"
    let error = try #require(try fixture.loadError())
    #expect(
      error
        == SchemeError(.duplicateCode("B01 in list B.dx", firstLine: 3), file: "lists.csv", line: 6)
    )
  }

  @Test func listsThatComeBackKeepTheirCodes() throws {
    var fixture = scheme()
    fixture.lists += "B.dx,B01,x\nC.dx,B01,\nB.dx,B02,\nA.dx,B02,\n"
    let loaded = try fixture.load()
    #expect(loaded.listRowCounts == ["A.dx": 2, "B.dx": 2, "C.dx": 1])
    // The scheme keeps each list's codes in file order (tags serve the tagged lists rules
    // name, checked by GroupingTests and SchemeLoadDigestTests).
    let members = Dictionary(
      uniqueKeysWithValues: zip(
        loaded.listNames, loaded.listMembers.map { $0.map { loaded.code(ofRow: $0 + 1) } }))
    #expect(members["B.dx"] == ["B01", "B02"])
    #expect(members["A.dx"] == ["A00.000", "B02"])
  }

  @Test func badLevelIsNamed() throws {
    var fixture = scheme()
    fixture.cc += "A01.000,CC,1\nA02.000,mcc,1\n"
    let error = try #require(try fixture.loadError())
    #expect(error == SchemeError(.badLevel("mcc"), file: "cc.csv", line: 3))
  }
}
