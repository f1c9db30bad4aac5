import DRGTestSupport
import Foundation
import Testing

/// `drg settle -` reads the grouped cases from standard input. The case store keeps the
/// case and patient ids it read (nothing is read back from the input), so a run on
/// standard input writes the same files as a run on the file, ids and readmission included.
@Suite("drg settle on standard input", .serialized)
struct SettleStandardInputTests {
  static let weights = """
    drg,name,adrg,cases,cases_kept,mean_cost,median_cost,sd_cost,cv,cv_untrimmed,mean_los,median_los,rw,low_volume,rw_source,trim_lower,trim_upper
    A,Group A,AA1,2,2,1000.00,1000.00,,,,,,1.0000,0,own,,
    B,Group B,BB1,1,1,2000.00,2000.00,,,,,,2.0000,0,own,,

    """

  /// P1 leaves H1 on 2024-01-04 (c1) and comes back on 2024-01-10 (c3), 6 days later with
  /// the same DRG A: c1 is a readmission (default rule: 15 days, × 0.5), 100 → 50 points.
  static let grouped = """
    case_id,hospital_id,total_cost,los,leaving,status,drg,patient_id,admit_date,discharge_date
    c1,H1,1000,3,1,grouped,A,P1,2024-01-01,2024-01-04
    c2,H1,2000,5,1,grouped,B,P2,2024-01-02,2024-01-07
    c3,H2,1000,3,1,grouped,A,P1,2024-01-10,2024-01-13

    """

  @Test func standardInputSettlesAsTheFileDoes() throws {
    let dir = try TemporaryDirectory()
    let grouped = try dir.write(Self.grouped, name: "grouped.csv")
    let weights = try dir.write(Self.weights, name: "weights.csv")
    let policy = try dir.write(
      #"{"name": "stdin", "budget": 4000, "reserveShare": 0, "sharing": null}"#, name: "p.json")
    let fromFile = dir.path + "/file"
    let file = CommandRun([
      "settle", grouped, "--policy", policy, "--weights", weights, "-o", fromFile, "-q",
    ])
    #expect(file.status == 0, "\(file.error)")

    let fromInput = dir.path + "/stdin"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try InterruptTests.drg())
    process.arguments = [
      "settle", "-", "--policy", policy, "--weights", weights, "-o", fromInput, "-q",
    ]
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: grouped))
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(message)")

    let names = try FileManager.default.contentsOfDirectory(atPath: fromFile).sorted()
    #expect(names.contains("cases.csv"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: fromInput).sorted() == names)
    for name in names {
      let expected = try Data(contentsOf: URL(fileURLWithPath: fromFile + "/" + name))
      let actual = try Data(contentsOf: URL(fileURLWithPath: fromInput + "/" + name))
      #expect(actual == expected, "\(name) differs")
    }
    // The ids came through: rows in input order, c1 halved by c3's readmission.
    let rows = try String(contentsOfFile: fromInput + "/cases.csv", encoding: .utf8)
      .split(separator: "\n").dropFirst()
    #expect(rows.map { $0.prefix(3) } == ["c1,", "c2,", "c3,"])
    #expect(rows.first?.contains("50.00") == true)
    #expect(rows.first?.contains("(case c3)") == true)
  }
}
