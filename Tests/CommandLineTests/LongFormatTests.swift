import DRGKit
import DRGTestSupport
import Foundation
import Testing

/// Long-format exports (issue 16 item 8): a main table joined with diagnosis and procedure
/// tables by id. The stays are demo-cases.csv's D01 (AH19) and D31 (FR11), their codes
/// listed out of order with main flags and orders; expected groups from demo-expected.csv.
@Suite("drg group and explain: long-format exports")
struct LongFormatTests {
  static let main = """
    setl_id,case_id,sex,age,los,leaving,total_cost
    1,C1,1,67,24,1,186540.00
    2,C2,2,50,5,1,9000.00
    3,C3,1,79,2,5,18600.00
    10,C10,1,60,3,1,8000.00

    """
  /// Stay 1's diagnoses out of file order; stay 2 has none; id 5 has no stay.
  static let diagnoses = """
    setl_id,diag_code,maindiag_flag,diag_srt_no
    1,J18.900,0,2
    1,I50.900,0,3
    1,J96.000,1,1
    3,I21.100,1,1
    5,J18.900,1,1
    10,I21.000,1,1

    """
  static let procedures = """
    结算ID,手术操作代码,主手术标志,序号
    1,96.7200,0,2
    1,31.1x00,1,1
    1,33.2200,0,3
    3,88.5600,0,2
    3,37.2200,1,1

    """

  private func files(diagnoses: String = Self.diagnoses) throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    try directory.write(Self.main, name: "main.csv")
    try directory.write(diagnoses, name: "diag.csv")
    try directory.write(Self.procedures, name: "oper.csv")
    return directory
  }

  @Test func joinsOrdersAndGroupsTheThreeTables() throws {
    let directory = try files()
    let run = CommandRun([
      "group", directory.file("main.csv"), "--diagnoses-file", directory.file("diag.csv"),
      "--procedures-file", directory.file("oper.csv"), "-s", Repository.demoScheme, "-o",
      directory.file("out.csv"),
    ])
    #expect(run.status == 0, "\(run.error)")
    let lines = try directory.read("out.csv").split(separator: "\n").map(String.init)
    #expect(lines.count == 5)
    #expect(
      lines[0]
        == "setl_id,case_id,sex,age,los,leaving,total_cost,diagnoses,procedures,status,mdc,adrg,drg,drg_name,reason,warnings"
    )
    // Main flag first, then by order. (Ids 1, 2, 3, 10 are in numeric order, not byte order.)
    #expect(
      lines[1].hasPrefix(
        "1,C1,1,67,24,1,186540.00,J96.000|J18.900|I50.900,31.1x00|96.7200|33.2200,grouped,MDCA,AH1,AH19,"
      ))
    #expect(lines[2].hasPrefix("2,C2,2,50,5,1,9000.00,,,invalid,"))
    #expect(
      lines[3].hasPrefix("3,C3,1,79,2,5,18600.00,I21.100,37.2200|88.5600,grouped,MDCF,FR1,FR11,"))
    #expect(lines[4].hasPrefix("10,C10,1,60,3,1,8000.00,I21.000,,grouped,"))
    // 6 diagnosis rows, 5 procedure rows; stay 2 has no diagnosis (line 3), stays 2 and
    // 10 no procedure; the diagnosis of id 5 (diag.csv line 6) has no stay.
    #expect(
      run.error.contains(
        "joined 4 stays with 6 diagnosis rows and 5 procedure rows; 1 stays with no diagnosis (first: line 3, id 2), 2 with no procedure (first: line 3, id 2); 1 diagnosis rows with no stay (first: line 6, id 5), 0 procedure rows with no stay"
      ), "\(run.error)")
  }

  @Test func tablesOutOfOrderStopTheRunWithTheLine() throws {
    let directory = try files(
      diagnoses: "setl_id,diag_code\n3,I21.100\n1,J96.000\n")
    let run = CommandRun([
      "group", directory.file("main.csv"), "--diagnoses-file", directory.file("diag.csv"), "-s",
      Repository.demoScheme, "-o", directory.file("out.csv"),
    ])
    #expect(run.status == 65)
    #expect(run.error.contains("diag.csv:3: id '1' comes after '3'"), "\(run.error)")
    #expect(!FileManager.default.fileExists(atPath: directory.file("out.csv")))
  }

  @Test func aStayListedTwiceInTheMainTableIsAnError() throws {
    let directory = try TemporaryDirectory()
    try directory.write("setl_id,sex,age\n1,1,40\n1,1,40\n", name: "main.csv")
    try directory.write("setl_id,diag_code\n1,J18.900\n", name: "diag.csv")
    let run = CommandRun([
      "group", directory.file("main.csv"), "--diagnoses-file", directory.file("diag.csv"), "-s",
      Repository.demoScheme, "-o", "/dev/null",
    ])
    #expect(run.status == 65)
    #expect(run.error.contains("main.csv:3: id '1' repeats"), "\(run.error)")
  }

  @Test func explainTakesTheSameOptions() throws {
    let directory = try files()
    let run = CommandRun([
      "explain", directory.file("main.csv"), "--id", "C3", "--diagnoses-file",
      directory.file("diag.csv"), "--procedures-file", directory.file("oper.csv"), "-s",
      Repository.demoScheme,
    ])
    #expect(run.status == 0, "\(run.error)")
    #expect(run.out.contains("FR11"), "\(run.out)")
  }

  /// The three tables with headers no alias knows (a hospital's own abbreviations), joined
  /// with a column map: the same rows as `joinsOrdersAndGroupsTheThreeTables` give.
  @Test func theColumnMapNamesTheColumnsOfAllThreeFiles() throws {
    let directory = try TemporaryDirectory()
    try directory.write(
      Self.main.replacingOccurrences(of: "setl_id,", with: "JSLSH,"), name: "main.csv")
    try directory.write(
      Self.diagnoses.replacingOccurrences(
        of: "setl_id,diag_code,maindiag_flag,diag_srt_no", with: "JSH,ZDDM,ZZDBZ,ZDXH"),
      name: "diag.csv")
    try directory.write(
      Self.procedures.replacingOccurrences(of: "结算ID,手术操作代码,主手术标志,序号", with: "JSH,SSDM,ZSSBZ,SSXH"),
      name: "oper.csv")
    let map = try directory.write(
      """
      {"settlement_id": "JSLSH",
       "diagnoses_file": {"id": "JSH", "code": "ZDDM", "main_flag": "ZZDBZ", "order": "ZDXH"},
       "procedures_file": {"id": "JSH", "code": "SSDM", "main_flag": "ZSSBZ", "order": "SSXH"}}
      """, name: "map.json")
    let arguments = [
      "group", directory.file("main.csv"), "--diagnoses-file", directory.file("diag.csv"),
      "--procedures-file", directory.file("oper.csv"), "-s", Repository.demoScheme, "-o",
      directory.file("out.csv"),
    ]
    // Without the map the code tables have no id the join knows.
    let plain = CommandRun(arguments)
    #expect(plain.status == 65)
    #expect(plain.error.contains("no id to join on"), "\(plain.error)")
    let run = CommandRun(arguments + ["--columns", map])
    #expect(run.status == 0, "\(run.error)")
    let lines = try directory.read("out.csv").split(separator: "\n").map(String.init)
    #expect(
      lines[1].hasPrefix(
        "1,C1,1,67,24,1,186540.00,J96.000|J18.900|I50.900,31.1x00|96.7200|33.2200,grouped,MDCA,AH1,AH19,"
      ))
    #expect(
      lines[3].hasPrefix("3,C3,1,79,2,5,18600.00,I21.100,37.2200|88.5600,grouped,MDCF,FR1,FR11,"))
    #expect(
      run.error.contains(
        "columns of \(directory.file("diag.csv")): id ← JSH, code ← ZDDM, main_flag ← ZZDBZ, order ← ZDXH"
      ), "\(run.error)")
    // A map naming a column a code table lacks is an error naming the file and the key.
    let wrong = try directory.write(
      #"{"diagnoses_file": {"id": "JSH", "code": "NOPE"}}"#, name: "wrong.json")
    let refused = CommandRun(arguments + ["--columns", wrong])
    #expect(refused.status == 65)
    #expect(
      refused.error.contains(
        "the column map's 'diagnoses_file.code' names 'NOPE', which the header lacks"),
      "\(refused.error)")
  }
}
