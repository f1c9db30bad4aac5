import Testing

@testable import DRGKit

/// `DischargeCase` from the texts of its fields (`DischargeCase+Text.swift`): the values
/// below are written by hand from the rules in its documentation.
@Suite struct DischargeCaseTextTests {
  @Test func codeListsSplitAtPipesAndTrimEachEntry() {
    #expect(DischargeCase.codes(inList: "I21.000| E11.900 ") == ["I21.000", "E11.900"])
    #expect(DischargeCase.codes(inList: "I21.000") == ["I21.000"])
    // An empty first entry stays: it is an empty principal diagnosis.
    #expect(DischargeCase.codes(inList: "|E11.900") == ["", "E11.900"])
    #expect(DischargeCase.codes(inList: "A||B|") == ["A", "", "B", ""])
    #expect(DischargeCase.codes(inList: "") == [])
    #expect(DischargeCase.codes(inList: " \t ") == [])
    // Bytes beyond ASCII pass through whole.
    #expect(DischargeCase.codes(inList: "甲|乙") == ["甲", "乙"])
  }

  @Test func fieldsAreReadAsACaseFileReadsThem() {
    let record = DischargeCase(
      id: "C1", sex: "女", age: " 68 ", ageDays: "", weight: "3200.5", department: " 0501 ",
      lengthOfStay: "5", leaving: "1", icuHours: "12.25", diagnoses: "B17.900x006|S30.800x004",
      procedures: "94.2100|99.9900x011")
    #expect(
      record
        == DischargeCase(
          id: "C1", sex: 2, age: 68, ageDays: nil, weight: 3200.5, department: "0501",
          lengthOfStay: 5, leaving: 1, icuHours: 12.25,
          diagnoses: ["B17.900x006", "S30.800x004"], procedures: ["94.2100", "99.9900x011"]))
  }

  @Test func valuesThatAreNotNumbersAreMissing() {
    let record = DischargeCase(
      sex: "3", age: "abc", weight: "1e3", department: "  ", lengthOfStay: "5天", diagnoses: "")
    #expect(record.sex == nil)
    #expect(record.age == nil)
    #expect(record.weight == nil)
    #expect(record.department == nil)
    #expect(record.lengthOfStay == nil)
    #expect(record.diagnoses == [])
    #expect(record.procedures == [])
    #expect(DischargeCase(sex: "1.0", age: nil, diagnoses: "X").sex == 1)
    #expect(DischargeCase(sex: "男", age: nil, diagnoses: "X").sex == 1)
    #expect(DischargeCase(sex: nil, age: nil, diagnoses: "X").sex == nil)
  }
}
