import Testing

@testable import DRGKit

private enum Reason {
  static let sex = "sex must be 1 (male) or 2 (female)"
  static let age = "age is missing or not a number"
  static let ageDays = "age is 0 but age in days (age_days) is missing"
  static let weight =
    "newborn (age 0, at most 28 days) without birth weight (weight); give the weight in grams"
  static let noDiagnosis = "no diagnosis: the diagnoses field is empty"
  static let principalEmpty = "the principal diagnosis (first in diagnoses) is empty"
}

@Suite("Input checks of DischargeCase")
struct InputCheckTests {
  let scheme: Scheme

  init() throws { scheme = try SchemeFixture.catchAll.load() }

  private func expectInvalid(
    _ record: DischargeCase, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let outcome = scheme.group(record)
    #expect(outcome.codes == "invalid   ", sourceLocation: sourceLocation)
    #expect(outcome.drgName == "", sourceLocation: sourceLocation)
    #expect(outcome.reason == reason, sourceLocation: sourceLocation)
  }

  private func expectGrouped(
    _ record: DischargeCase, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(scheme.group(record).codes == "grouped MDCX X1 X11", sourceLocation: sourceLocation)
  }

  @Test func sexMustBeOneOrTwo() {
    expectGrouped(DischargeCase(sex: 1, age: 40, diagnoses: ["L01"]))
    expectGrouped(DischargeCase(sex: 2, age: 40, diagnoses: ["L01"]))
    for sex in [nil, 0, 3, -1] {
      expectInvalid(DischargeCase(sex: sex, age: 40, diagnoses: ["L01"]), Reason.sex)
    }
  }

  @Test func ageMustBePresent() {
    expectInvalid(DischargeCase(sex: 1, age: nil, diagnoses: ["L01"]), Reason.age)
    expectInvalid(DischargeCase(sex: 1, age: .nan, diagnoses: ["L01"]), Reason.age)
    expectGrouped(DischargeCase(sex: 1, age: 1, diagnoses: ["L01"]))
  }

  @Test func ageZeroNeedsAgeInDays() {
    expectInvalid(DischargeCase(sex: 1, age: 0, weight: 3000, diagnoses: ["L01"]), Reason.ageDays)
    expectGrouped(DischargeCase(sex: 1, age: 0, ageDays: 100, diagnoses: ["L01"]))
  }

  @Test(arguments: [0.0, 1, 28])
  func newbornNeedsBirthWeight(_ days: Double) {
    expectInvalid(DischargeCase(sex: 2, age: 0, ageDays: days, diagnoses: ["L01"]), Reason.weight)
    expectGrouped(DischargeCase(sex: 2, age: 0, ageDays: days, weight: 3100, diagnoses: ["L01"]))
  }

  @Test func infantOlderThan28DaysNeedsNoWeight() {
    expectGrouped(DischargeCase(sex: 1, age: 0, ageDays: 29, diagnoses: ["L01"]))
  }

  @Test func weightZeroPasses() {
    expectGrouped(DischargeCase(sex: 1, age: 0, ageDays: 3, weight: 0, diagnoses: ["L01"]))
  }

  @Test func atLeastOneDiagnosis() {
    expectInvalid(DischargeCase(sex: 1, age: 40, diagnoses: []), Reason.noDiagnosis)
    // Unknown codes are still diagnoses.
    let outcome = scheme.group(DischargeCase(sex: 1, age: 40, diagnoses: ["Q99"]))
    #expect(outcome.status == .grouped)
  }

  @Test func emptyPrincipalDiagnosis() {
    expectInvalid(DischargeCase(sex: 1, age: 40, diagnoses: ["", "L01"]), Reason.principalEmpty)
    expectInvalid(DischargeCase(sex: 1, age: 40, diagnoses: [" ", "L01"]), Reason.principalEmpty)
  }

  @Test func onlyEmptyEntriesMeanNoDiagnosis() {
    // The CSV path reads an empty diagnoses field (and `|`) as "no diagnosis"; the
    // principal is "empty" only when later entries are not (see CaseRecordParser.packCodes).
    do {
      expectInvalid(DischargeCase(sex: 1, age: 40, diagnoses: [""]), Reason.noDiagnosis)
      expectInvalid(DischargeCase(sex: 1, age: 40, diagnoses: ["", " "]), Reason.noDiagnosis)
    }
  }

  @Test func checksRunInTheDocumentedOrder() {
    expectInvalid(DischargeCase(sex: nil, age: nil, diagnoses: []), Reason.sex)
    expectInvalid(DischargeCase(sex: 1, age: nil, diagnoses: []), Reason.age)
    expectInvalid(DischargeCase(sex: 1, age: 0, diagnoses: []), Reason.ageDays)
    expectInvalid(DischargeCase(sex: 1, age: 0, ageDays: 5, diagnoses: []), Reason.weight)
  }

  @Test func everyProblemHasAMessage() {
    #expect(
      InputProblem.allCases.map(\.description) == [
        Reason.sex, Reason.age, Reason.ageDays, Reason.weight, Reason.noDiagnosis,
        Reason.principalEmpty,
      ])
  }
}

@Suite("Input checks of CSV records")
struct CSVInputCheckTests {
  static let header = ["sex", "age", "age_days", "weight", "dept", "diagnoses", "procedures"]

  /// Groups one CSV data row in the columns of `header`.
  private func group(_ row: String, scheme: Scheme) throws -> GroupingOutcome {
    try groupCSVRow(row, header: Self.header, scheme: scheme)
  }

  @Test(arguments: [
    ("1", true), ("2", false), ("1.0", true), (" 2 ", false), ("男", true), ("女", false),
  ])
  func sexValues(_ sex: String, _ male: Bool) throws {
    let scheme = try SchemeFixture.probe("sex == 1").load()
    let outcome = try group("\(sex),40,,,,L01,", scheme: scheme)
    #expect(outcome.codes == (male ? "grouped MDCX X1 X1Y" : "grouped MDCX X1 X1N"))
  }

  // `M`, `男性` and full-width `１` are read as exports write sex (see ExportValueTests).
  @Test(arguments: ["", "3", "0", "1.5", "X", "男女", "３"])
  func invalidSex(_ sex: String) throws {
    let outcome = try group("\(sex),40,,,,L01,", scheme: SchemeFixture.catchAll.load())
    #expect(outcome.status == .invalid)
    #expect(outcome.reason == Reason.sex)
  }

  @Test(arguments: ["", "unknown", "4O", "1e2"])
  func ageNotANumberIsMissing(_ age: String) throws {
    let outcome = try group("1,\(age),,,,L01,", scheme: SchemeFixture.catchAll.load())
    #expect(outcome.reason == Reason.age)
  }

  @Test func ageWrittenAsDecimal() throws {
    let scheme = try SchemeFixture.probe("age == 58").load()
    #expect(try group("1,58.0,,,,L01,", scheme: scheme).drg == "X1Y")
  }

  @Test func newbornChecks() throws {
    let scheme = try SchemeFixture.catchAll.load()
    #expect(try group("1,0,,3100,,L01,", scheme: scheme).reason == Reason.ageDays)
    #expect(try group("1,0,28,,,L01,", scheme: scheme).reason == Reason.weight)
    #expect(try group("1,0,28,abc,,L01,", scheme: scheme).reason == Reason.weight)
    #expect(try group("1,0,28,0,,L01,", scheme: scheme).status == .grouped)
    #expect(try group("1,0,28.0,0.0,,L01,", scheme: scheme).status == .grouped)
    #expect(try group("1,0,29,,,L01,", scheme: scheme).status == .grouped)
  }

  @Test func weightZeroComparesAsUnknown() throws {
    let scheme = try SchemeFixture.probe("weight < 2500").load()
    #expect(try group("1,0,3,0,,L01,", scheme: scheme).drg == "X1N")
    #expect(try group("1,0,3,2400,,L01,", scheme: scheme).drg == "X1Y")
  }

  @Test func diagnoses() throws {
    let scheme = try SchemeFixture.catchAll.load()
    #expect(try group("1,40,,,,,", scheme: scheme).reason == Reason.noDiagnosis)
    #expect(try group("1,40,,,,|,", scheme: scheme).reason == Reason.noDiagnosis)
    #expect(try group("1,40,,,,|L01,", scheme: scheme).reason == Reason.principalEmpty)
    #expect(try group("1,40,,,, |L01,", scheme: scheme).reason == Reason.principalEmpty)
    #expect(try group("1,40,,,,\"L01|L02\",", scheme: scheme).status == .grouped)
  }

  @Test func blankDepartmentIsMissing() throws {
    let scheme = try SchemeFixture.probe(#"dept != "x""#).load()
    #expect(try group("1,40,,,  ,L01,", scheme: scheme).drg == "X1N")
    #expect(try group("1,40,,, y ,L01,", scheme: scheme).drg == "X1Y")
    let equal = try SchemeFixture.probe(#"dept == "0401""#).load()
    #expect(try group("1,40,,, 0401 ,L01,", scheme: equal).drg == "X1Y")
  }

  @Test func secondaryCodesAreTrimmedAndEmptyEntriesSkipped() throws {
    let scheme = try SchemeFixture.probe("other_dx in L", lists: "L,L01,\n").load()
    #expect(try group("1,40,,,,X01|| L01 ,", scheme: scheme).drg == "X1Y")
    #expect(try group("1,40,,,,L01|,", scheme: scheme).drg == "X1N")
  }
}
