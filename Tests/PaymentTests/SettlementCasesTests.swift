import DRGKit
import DRGPayment
import DRGTestSupport
import Foundation
import Testing

/// Cases held as columns (``SettlementCases``): the two ways to fill them — reading a grouped
/// file in chunks, and building them from ``SettlementCase`` values — give back the same
/// cases, field by field, with the values worked out by hand from the file.
@Suite("Settlement cases held as columns")
struct SettlementCasesTests {
  /// Seven rows covering every field, a bad cost, a status `invalid`, a short row, and one
  /// hospital id spelled two ways (é as one code point and as e + U+0301).
  static let file = """
    case_id,hospital_id,total_cost,status,drg,adrg,leaving,insurance,patient_id,admit_date,discharge_date,los,self_pay,diagnoses,procedures
    c1, H1 ,100.5,grouped,A,A1,1,employee,P1,2024-01-02,2024-01-05,3,10.25,K35.800|K36,47.0900|54.1
    "c,2",H2,200,ambiguous,,,5,resident,,2024-02-01,,,,,
    c3,H1,abc,grouped,B,B1,1,employee,P2,,,,,,
    c4,H1,300,invalid,A,A1,1,employee,P3,,,,x,,
    bad,H1
    c6,Hé,400,grouped,A,A1,1,employee,P1,2024-03-01,2024-03-02,1,,,
    c7,He\u{301},400,grouped,A,A1,1,employee,P1,2024-03-01,2024-03-02,1,,,

    """

  /// The cases of ``file`` worked out by hand. Days count from 1970-01-01: 2024-01-01 is
  /// day 54 × 365 + 13 leap days = 19 723, so 2024-01-02 = 19 724, 01-05 = 19 727,
  /// 02-01 = 19 754, 03-01 = 19 723 + 31 + 29 = 19 783, 03-02 = 19 784.
  static var expected: [SettlementCase] {
    var c1 = SettlementCase(
      caseID: "c1", hospital: "H1", drg: "A", adrg: "A1", cost: 100.5, los: 3,
      status: "grouped", leaving: "1", insurance: "employee", principalDiagnosis: "K35.800",
      mainProcedure: "47.0900")
    c1.patientID = "P1"
    c1.admitDay = 19_724
    c1.dischargeDay = 19_727
    c1.selfPayFen = 1_025
    var c2 = SettlementCase(
      caseID: "c,2", hospital: "H2", drg: "", cost: 200, status: "ambiguous", leaving: "5",
      insurance: "resident")
    c2.admitDay = 19_754
    var c3 = SettlementCase(
      caseID: "c3", hospital: "H1", drg: "B", adrg: "B1", cost: 0, status: "invalid",
      insurance: "employee")
    c3.patientID = "P2"
    c3.problem = "line 4: total_cost 'abc' is not a number ≥ 0 (yuan, digits and one point)"
    var c4 = SettlementCase(
      caseID: "c4", hospital: "H1", drg: "A", adrg: "A1", cost: 300, status: "invalid",
      insurance: "employee")
    c4.patientID = "P3"
    c4.problem = "line 5: status invalid"
    c4.selfPayFen = SettlementCase.unreadableSelfPay
    var bad = SettlementCase(hospital: "", drg: "", cost: 0, status: "invalid", leaving: "")
    bad.problem = "unreadable row: line 6: 2 fields where the header has 15"
    func stay(_ id: String, _ hospital: String) -> SettlementCase {
      var item = SettlementCase(
        caseID: id, hospital: hospital, drg: "A", adrg: "A1", cost: 400, los: 1,
        insurance: "employee")
      item.patientID = "P1"
      item.admitDay = 19_783
      item.dischargeDay = 19_784
      return item
    }
    return [c1, c2, c3, c4, bad, stay("c6", "H\u{E9}"), stay("c7", "He\u{301}")]
  }

  @Test func readingGivesTheCasesWorkedOutByHand() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write(Self.file, name: "g.csv")
    for (threads, blockSize) in [(1, 1 << 20), (2, 64), (2, 200)] {
      let cases = try SettlementCase.read(path: path, threads: threads, blockSize: blockSize)
      #expect(Array(cases) == Self.expected, "threads \(threads), block \(blockSize)")
    }
  }

  /// Building from values and reading back gives the same values, each text in its own
  /// bytes (the two spellings of Hé stay apart, though Swift calls them equal).
  @Test func buildingFromValuesGivesThemBack() throws {
    let built = SettlementCases(Self.expected)
    #expect(Array(built) == Self.expected)
    #expect(Array(built[5].hospital.utf8) == [0x48, 0xC3, 0xA9])
    #expect(Array(built[6].hospital.utf8) == [0x48, 0x65, 0xCC, 0x81])
    // Hospitals once each by String equality, in order of first appearance.
    #expect(built.hospitals == ["H1", "H2", "", "H\u{E9}"])
  }

  /// The single-field accessors agree with the cases built from the columns.
  @Test func fieldAccessorsAgreeWithTheCases() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write(Self.file, name: "g.csv")
    let cases = try SettlementCase.read(path: path, threads: 2, blockSize: 64)
    for index in cases.indices {
      let item = cases[index]
      #expect(cases.caseID(at: index) == item.caseID)
      #expect(cases.patientID(at: index) == item.patientID)
      #expect(cases.hospital(at: index) == item.hospital)
      #expect(cases.drg(at: index) == item.drg && cases.adrg(at: index) == item.adrg)
      #expect(cases.status(at: index) == item.status)
      #expect(cases.insurance(at: index) == item.insurance)
      #expect(cases.cost(at: index) == item.cost)
      #expect(cases.selfPayFen(at: index) == item.selfPayFen)
      #expect(cases.patientFen(at: index) == item.patientFen)
      #expect(cases.admitDay(at: index) == item.admitDay)
      #expect(cases.dischargeDay(at: index) == item.dischargeDay)
    }
  }

  /// Settling the cases read from the file and the same cases as values gives the same
  /// prices, pools and hospital sums. The paid cases are c1 (H1), c2 (H2), c6 and c7 (Hé in
  /// its two spellings, one hospital as String keys always made it, named by the first);
  /// c3, c4 and the short row are invalid and excluded.
  @Test func settlingReadAndBuiltCasesAgrees() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write(Self.file, name: "g.csv")
    let read = try SettlementCase.read(path: path, threads: 2, blockSize: 64)
    let pricing = try Example.pricing()
    let fromFile = Settlement.run(cases: read, pricing: pricing)
    let fromValues = Settlement.run(cases: Self.expected, pricing: pricing)
    #expect(fromFile.prices == fromValues.prices)
    #expect(fromFile.poolOfCase == fromValues.poolOfCase)
    #expect(fromFile.pools == fromValues.pools)
    #expect(fromFile.pools.flatMap(\.hospitals).map(\.hospital) == ["H1", "H2", "H\u{E9}"])
  }
}
