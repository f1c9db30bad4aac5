import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

@Suite("Rejected rows (--rejects)")
struct RejectsTests {
  @Test func everyInvalidRowIsRejectedWithItsLineReasonAndRecord() throws {
    let scheme = try Scheme(
      directory: packageRoot.appendingPathComponent("grouper-tables/demo").path)
    let directory = try TemporaryDirectory()
    // Line 2 is fine, line 3 has no sex, line 4 is short, line 5 is fine, line 6 opens a
    // quote it never closes (so it runs to the end of its line), line 7 is fine.
    let text = """
      case_id,sex,age,diagnoses
      A,1,40,I10.x00
      B,,40,I10.x00
      C,1
      D,2,30,O80.000
      E,1,"40,I10.x00
      F,1,50,J18.900

      """
    let input = try directory.write(text, name: "cases.csv")
    for threads in [1, 2] {
      var grouping = FileGrouping(scheme: scheme)
      grouping.threads = threads
      grouping.blockSize = 16
      grouping.rejectsPath = directory.file("rejects.csv")
      let summary = try grouping.run(input: input, output: directory.file("out.csv"))
      let rejects = try readAll(path: directory.file("rejects.csv")).records
      #expect(rejects.first?.fields == ["line", "reason", "record"])
      #expect(rejects.count - 1 == summary.count(.invalid))
      #expect(rejects.dropFirst().map(\.fields[0]) == ["3", "4", "6"])
      #expect(rejects[1].fields[1] == InputProblem.sexInvalid.description)
      #expect(rejects[1].fields[2] == "B,,40,I10.x00")
      #expect(rejects[2].fields[1] == "line 4: 2 fields where the header has 4")
      #expect(rejects[3].fields[2] == "E,1,\"40,I10.x00")
      #expect(rejects[3].fields[1].contains("unterminated quoted field"))
    }
  }
}
