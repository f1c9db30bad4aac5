import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

@Suite("Hospitals file")
struct HospitalTableTests {
  @Test func readsIDsNamesLevelsAndRegions() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "医疗机构编码,医院名称,医院等级,医共体\r\nH1,市第一人民医院,A,城区\r\nH2,县医院,B,东部医共体\r\nH3,乡镇卫生院,,\r\n",
      name: "hospitals.csv")
    let table = try HospitalTable(path: path)
    #expect(table.hospitals.map(\.id) == ["H1", "H2", "H3"])
    #expect(table.name(of: "H2") == "县医院")
    #expect(table["H1"]?.region == "城区")
    #expect(table["H3"]?.line == 4)
    #expect(table.levels == ["H1": "A", "H2": "B"])
    #expect(table.name(of: "H9") == "")
  }

  @Test func duplicateIDsNameBothLines() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "hospital_id,name,level\nH1,A,A\nH2,B,B\nH1,C,C\n", name: "hospitals.csv")
    #expect(throws: RecordError.self) { try HospitalTable(path: path) }
    do {
      _ = try HospitalTable(path: path)
    } catch let error as RecordError {
      #expect(error.line == 4)
      #expect(error.message.contains("'H1' appears twice (also on line 2)"))
    }
  }

  @Test func missingColumnsAndEmptyIDsAreRefused() throws {
    let directory = try TemporaryDirectory()
    let noName = try directory.write("hospital_id,level\nH1,A\n", name: "a.csv")
    #expect(throws: RecordError.self) { try HospitalTable(path: noName) }
    let emptyID = try directory.write("hospital_id,name\nH1,A\n,B\n", name: "b.csv")
    do {
      _ = try HospitalTable(path: emptyID)
      Issue.record("an empty id was accepted")
    } catch let error as RecordError {
      #expect(error.line == 3)
    }
  }

  @Test func unknownIDsOfTheDataAreNamed() throws {
    let table = try HospitalTable(hospitals: [
      .init(id: "H1", name: "一院", level: "A", region: "", line: 2)
    ])
    try table.checkKnown([("H1", 2)], in: "g.csv")
    do {
      try table.checkKnown([("H1", 2), ("H7", 5)], in: "g.csv")
      Issue.record("an unknown id was accepted")
    } catch {
      #expect(error.file == "g.csv" && error.line == 5)
      #expect(error.message.contains("hospital_id 'H7' not in the hospitals file"))
    }
  }
}
