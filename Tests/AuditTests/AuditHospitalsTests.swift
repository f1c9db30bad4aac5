import DRGTestSupport
import Foundation
import Testing

/// `drg audit --hospitals` names the hospitals of the flags.
@Suite("drg audit hospitals file")
struct AuditHospitalsTests {
  /// L11's long stay is at H1 (AuditCommandTests): its flag carries H1's name.
  @Test func flagsCarryHospitalNames() throws {
    let directory = try TemporaryDirectory()
    // The grouped rows with a drg_name column (ES15 named 肺炎 by hand).
    let named =
      LongStayTests.grouped.split(separator: "\n").enumerated().map { index, line in
        line + (index == 0 ? ",drg_name" : ",肺炎")
      }.joined(separator: "\n") + "\n"
    let input = try directory.write(named, name: "grouped.csv")
    let hospitals = try directory.write(
      "hospital_id,name,level\nH1,市第一人民医院,A\nH2,县医院,B\n", name: "hospitals.csv")
    let output = directory.file("flags.csv")
    let run = CommandRun([
      "audit", input, "-q", "--rules", "long_stay", "--hospitals", hospitals, "-o", output,
    ])
    #expect(run.status == 0, "\(run.error)")
    let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
    try #require(lines.count == 2)
    #expect(
      lines[0].hasSuffix(",reason,hospital_name,related_hospital_name,drg_name,related_drg_name"),
      "\(lines[0])")
    // hospital_name, related_hospital_name (none), drg_name, related_drg_name (none).
    #expect(lines[1].hasSuffix(",市第一人民医院,,肺炎,"), "\(lines[1])")
    let partial = try directory.write("hospital_id,name\nH2,县医院\n", name: "partial.csv")
    let refused = CommandRun([
      "audit", input, "-q", "--rules", "long_stay", "--hospitals", partial, "-o", output,
    ])
    #expect(refused.status == 65)
    #expect(
      refused.error.contains("hospital_id 'H1' not in the hospitals file"), "\(refused.error)")
  }
}
