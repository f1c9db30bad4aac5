import Testing

@testable import DRGAnalysis

@Suite("The audit's per-diem department column")
struct AuditDepartmentColumnTests {
  static func cases(_ inside: [Bool]) -> AuditCases {
    var cases = AuditCases()
    for (index, isInside) in inside.enumerated() {
      cases.append(
        line: index + 2, hospital: "H1", drg: "GB15", adrg: "GB1", lengthOfStay: 3,
        inPerDiemDepartment: isInside)
    }
    return cases
  }

  /// The column is filled only from the first case outside the departments; every case
  /// keeps its own answer, also when that first case is the very first one.
  @Test(arguments: [
    [true, true, true], [false, true, false], [true, false, true, true], [false], [true, false],
  ])
  func everyCaseKeepsItsAnswer(_ inside: [Bool]) {
    let cases = Self.cases(inside)
    #expect((0..<cases.count).map { cases.isInPerDiemDepartment($0) } == inside)
  }
}
