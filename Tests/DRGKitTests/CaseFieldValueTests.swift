import Testing

@testable import DRGKit

/// Compiled rules store a `CaseField` or `CodeSelector` itself, and the engine switches on
/// its cases: each field reads its own attribute whatever the order of declaration, and the
/// raw values are the words of the rule grammar (`grouper-tables/README.md`).
@Suite("Case fields and code selectors")
struct CaseFieldValueTests {
  @Test func eachFieldReadsItsOwnAttribute() {
    var fields = CaseFields()
    fields.sex = 1
    fields.age = 2
    fields.ageDays = 3
    fields.weight = 4
    fields.los = 5
    fields.leaving = 6
    fields.icuHours = 7
    fields.department = 8
    #expect(fields.value(.sex) == 1)
    #expect(fields.value(.age) == 2)
    #expect(fields.value(.ageDays) == 3)
    #expect(fields.value(.weight) == 4)
    #expect(fields.value(.los) == 5)
    #expect(fields.value(.leaving) == 6)
    #expect(fields.value(.icuHours) == 7)
    // The department is no number; rules on it compile to department nodes.
    #expect(fields.value(.dept).isNaN)
  }

  @Test func rawValuesAreTheRuleWords() {
    #expect(
      CaseField.allCases.map(\.rawValue) == [
        "sex", "age", "age_days", "weight", "los", "leaving", "icu_hours", "dept",
      ])
    #expect(
      CodeSelector.allCases.map(\.rawValue) == [
        "pdx", "any_dx", "other_dx", "main_proc", "any_proc", "other_proc",
      ])
  }

  /// Each selector, compiled, tests the codes it names: a case whose principal diagnosis
  /// is `A`, second diagnosis `B`, main procedure `P` and second procedure `Q`, against
  /// one-code lists.
  @Test func eachSelectorTestsItsCodes() throws {
    let lists = "LA,A01,\nLB,B01,\nLP,P01,\nLQ,Q01,\n"
    let record = adult(["A01", "B01"], procedures: ["P01", "Q01"])
    // Expected by hand: list → the selectors that see its code.
    let expected: [(list: String, selectors: Set<CodeSelector>)] = [
      ("LA", [.pdx, .anyDiagnosis]),
      ("LB", [.anyDiagnosis, .otherDiagnosis]),
      ("LP", [.mainProcedure, .anyProcedure]),
      ("LQ", [.anyProcedure, .otherProcedure]),
    ]
    for (list, selectors) in expected {
      for selector in CodeSelector.allCases {
        let probe = try RuleProbe("\(selector.rawValue) in \(list)", lists: lists)
        #expect(
          probe.holds(record) == selectors.contains(selector), "\(selector.rawValue) in \(list)")
      }
    }
  }
}
