import Testing

@testable import DRGKit

private let mcc = RuleExpression.complication(.mcc)
private let cc = RuleExpression.complication(.cc)
private let numericFields = CaseField.allCases.filter { $0 != .dept }

private func list(_ name: String, at column: Int, tag: String? = nil) -> ListReference {
  ListReference(name: name, tag: tag, column: column)
}

private func number(_ text: String) -> RuleValue {
  .number(NumberParsing.decimal(text)!, text: text)
}

/// The error `RuleParser.parse` throws for `text`, or `nil` (recorded as an issue).
private func syntaxError(
  _ text: String, sourceLocation: SourceLocation = #_sourceLocation
) -> RuleSyntaxError? {
  do {
    let rule = try RuleParser.parse(text)
    Issue.record("parsed as \(rule), expected a syntax error", sourceLocation: sourceLocation)
  } catch {
    return error
  }
  return nil
}

@Suite("Rule parser: precedence")
struct RulePrecedenceTests {
  @Test func andBindsTighterThanOr() throws {
    #expect(try RuleParser.parse("mcc or cc and true") == .or([mcc, .and([cc, .constant(true)])]))
    #expect(try RuleParser.parse("mcc and cc or true") == .or([.and([mcc, cc]), .constant(true)]))
  }

  @Test func listPredicatesFollowTheSamePrecedence() throws {
    // p1 d2 x3 _4 i5 n6 _7 A8 … B20 … C33
    let expected = RuleExpression.or([
      .codeIn(.pdx, list("A", at: 8)),
      .and([.codeIn(.pdx, list("B", at: 20)), .codeIn(.pdx, list("C", at: 33))]),
    ])
    #expect(try RuleParser.parse("pdx in A or pdx in B and pdx in C") == expected)
  }

  @Test func notBindsTighterThanAnd() throws {
    #expect(try RuleParser.parse("not mcc and cc") == .and([.not(mcc), cc]))
    #expect(try RuleParser.parse("cc or not mcc") == .or([cc, .not(mcc)]))
    #expect(try RuleParser.parse("not not mcc") == .not(.not(mcc)))
  }

  @Test func parenthesesGroup() throws {
    #expect(
      try RuleParser.parse("(mcc or cc) and true") == .and([.or([mcc, cc]), .constant(true)]))
    #expect(try RuleParser.parse("not (mcc and cc)") == .not(.and([mcc, cc])))
    #expect(try RuleParser.parse("((true))") == .constant(true))
  }

  @Test func chainsAreFlat() throws {
    #expect(try RuleParser.parse("mcc or cc or false") == .or([mcc, cc, .constant(false)]))
    #expect(try RuleParser.parse("mcc and cc and true") == .and([mcc, cc, .constant(true)]))
  }

  @Test func constantsAndBlanks() throws {
    #expect(try RuleParser.parse("true") == .constant(true))
    #expect(try RuleParser.parse("false") == .constant(false))
    #expect(try RuleParser.parse(" \tmcc\t or  cc ") == .or([mcc, cc]))
  }
}

@Suite("Rule parser: predicates")
struct RulePredicateTests {
  @Test(arguments: CodeSelector.allCases)
  func codeSelectors(_ selector: CodeSelector) throws {
    let text = "\(selector.rawValue) in EB1.dx"
    let column = selector.rawValue.count + 5
    #expect(try RuleParser.parse(text) == .codeIn(selector, list("EB1.dx", at: column)))
  }

  @Test func taggedList() throws {
    #expect(
      try RuleParser.parse("any_proc in AH1.proc[1]")
        == .codeIn(.anyProcedure, list("AH1.proc", at: 13, tag: "1")))
    #expect(
      try RuleParser.parse("pdx in Z_body[head2]")
        == .codeIn(.pdx, list("Z_body", at: 8, tag: "head2")))
  }

  @Test func complications() throws {
    #expect(try RuleParser.parse("mcc") == mcc)
    #expect(try RuleParser.parse("cc") == cc)
  }

  @Test(arguments: Comparison.allCases)
  func tagCount(_ comparison: Comparison) throws {
    #expect(
      try RuleParser.parse("dx_tags(MDCZ.site) \(comparison.rawValue) 2")
        == .diagnosisTagCount(list("MDCZ.site", at: 9), comparison, 2))
  }

  @Test func tagCountWithDecimal() throws {
    #expect(
      try RuleParser.parse("dx_tags(L) >= 2.0")
        == .diagnosisTagCount(list("L", at: 9), .greaterOrEqual, 2))
  }

  @Test(arguments: numericFields, Comparison.allCases)
  func fieldComparisons(_ field: CaseField, _ comparison: Comparison) throws {
    #expect(
      try RuleParser.parse("\(field.rawValue) \(comparison.rawValue) 4.0")
        == .compare(field, comparison, .number(4, text: "4.0")))
    // No blanks around the operator.
    #expect(
      try RuleParser.parse("\(field.rawValue)\(comparison.rawValue)12")
        == .compare(field, comparison, .number(12, text: "12")))
  }

  @Test(arguments: numericFields)
  func fieldInList(_ field: CaseField) throws {
    #expect(
      try RuleParser.parse("\(field.rawValue) in (1, 2.5,\"3\")")
        == .fieldIn(field, [number("1"), number("2.5"), number("3")]))
    #expect(try RuleParser.parse("\(field.rawValue) in (7)") == .fieldIn(field, [number("7")]))
  }

  @Test func quotedNumberForNumericField() throws {
    #expect(try RuleParser.parse(#"leaving == "5""#) == .compare(.leaving, .equal, number("5")))
  }

  @Test func departmentIsText() throws {
    #expect(try RuleParser.parse(#"dept == "0401""#) == .compare(.dept, .equal, .text("0401")))
    #expect(try RuleParser.parse(#"dept != "x""#) == .compare(.dept, .notEqual, .text("x")))
    #expect(
      try RuleParser.parse(#"dept in ("07", "0701")"#)
        == .fieldIn(.dept, [.text("07"), .text("0701")]))
    // A bare number is kept with its text, so it still compares as text.
    #expect(
      try RuleParser.parse("dept == 0401") == .compare(.dept, .equal, .number(401, text: "0401")))
  }

  @Test func quotedStringsKeepBlanksAndUnicode() throws {
    #expect(try RuleParser.parse(#"dept == "内科 1""#) == .compare(.dept, .equal, .text("内科 1")))
    #expect(try RuleParser.parse(#"dept == """#) == .compare(.dept, .equal, .text("")))
  }

  @Test func columnsCountCharactersNotBytes() throws {
    // d1 e2 p3 t4 _5 =6 =7 _8 "9 内10 科11 "12 _13 a14 n15 d16 _17 p18 d19 x20 _21 i22 n23 _24 L25
    #expect(
      try RuleParser.parse(#"dept == "内科" and pdx in L"#)
        == .and([.compare(.dept, .equal, .text("内科")), .codeIn(.pdx, list("L", at: 25))]))
  }

  @Test func aComplexRule() throws {
    let rule = "mcc or leaving == 5 and los <= 3"
    #expect(
      try RuleParser.parse(rule)
        == .or([
          mcc,
          .and([
            .compare(.leaving, .equal, number("5")), .compare(.los, .lessOrEqual, number("3")),
          ]),
        ]))
  }
}

@Suite("Rule parser: syntax errors")
struct RuleSyntaxErrorTests {
  static let predicateList =
    "a predicate (pdx, any_dx, other_dx, main_proc, any_proc, other_proc, mcc, cc, dx_tags or a field), 'not', 'true', 'false' or '('"

  struct Case: Sendable, CustomTestStringConvertible {
    var rule: String
    var column: Int
    var message: String
    var testDescription: String { rule }
  }

  static let cases: [Case] = [
    Case(rule: "foo in L", column: 1, message: "unknown word 'foo'; expected \(predicateList)"),
    Case(
      rule: "mcc or dx in L", column: 8, message: "unknown word 'dx'; expected \(predicateList)"),
    Case(rule: "PDX in L", column: 1, message: "keywords are lowercase: write 'pdx'"),
    Case(rule: "NOT mcc", column: 1, message: "keywords are lowercase: write 'not'"),
    Case(rule: "mcc or True", column: 8, message: "keywords are lowercase: write 'true'"),
    Case(rule: "Age > 3", column: 1, message: "keywords are lowercase: write 'age'"),
    // An upper-case connective after a complete predicate ends the rule early.
    Case(
      rule: "mcc AND cc", column: 5,
      message: "expected 'and', 'or' or the end of the rule, found 'AND'"),
    Case(rule: "pdx IN L", column: 5, message: "expected 'in', found 'IN'"),
    Case(rule: "age = 5", column: 5, message: "use '==' to compare, not '='"),
    Case(rule: "age ! 5", column: 5, message: "expected '!=' after '!'"),
    Case(rule: #"dept == "0401"#, column: 9, message: "unterminated string"),
    Case(rule: "(mcc or cc", column: 11, message: "expected ')', found the end of the rule"),
    Case(rule: "(mcc or cc]", column: 11, message: "expected ')', found ']'"),
    Case(rule: "pdx in", column: 7, message: "expected a list name, found the end of the rule"),
    Case(rule: "pdx in (L)", column: 8, message: "expected a list name, found '('"),
    Case(rule: "pdx L", column: 5, message: "expected 'in', found 'L'"),
    Case(
      rule: "dept < 3", column: 6,
      message: "dept is text: compare it with '==', '!=' or 'in', not '<'"),
    Case(
      rule: #"dept >= "0401""#, column: 6,
      message: "dept is text: compare it with '==', '!=' or 'in', not '>='"),
    Case(
      rule: "mcc cc", column: 5,
      message: "expected 'and', 'or' or the end of the rule, found 'cc'"),
    Case(
      rule: "true)", column: 5,
      message: "expected 'and', 'or' or the end of the rule, found ')'"),
    Case(
      rule: "", column: 1,
      message: "expected a predicate, 'not', 'true', 'false' or '(', found the end of the rule"),
    Case(
      rule: "   ", column: 4,
      message: "expected a predicate, 'not', 'true', 'false' or '(', found the end of the rule"),
    Case(
      rule: "mcc or", column: 7,
      message: "expected a predicate, 'not', 'true', 'false' or '(', found the end of the rule"),
    Case(
      rule: "not", column: 4,
      message: "expected a predicate, 'not', 'true', 'false' or '(', found the end of the rule"),
    Case(
      rule: ")", column: 1,
      message: "expected a predicate, 'not', 'true', 'false' or '(', found ')'"),
    Case(
      rule: "age", column: 4,
      message:
        "expected a comparison (==, !=, <, <=, >, >=) or 'in' after 'age', found the end of the rule"
    ),
    Case(rule: "age >= x", column: 8, message: "expected a number or a quoted string, found 'x'"),
    Case(
      rule: "age >= 4.0.1", column: 8,
      message: "expected a number or a quoted string, found '4.0.1'"),
    Case(rule: #"age == "x""#, column: 8, message: #"'age' is a number; "x" is not"#),
    Case(rule: "los <", column: 6, message: "expected a value, found the end of the rule"),
    Case(rule: "age in 1", column: 8, message: "expected '(' to open the value list, found '1'"),
    Case(rule: "age in (1 2)", column: 11, message: "expected ',' or ')', found '2'"),
    Case(rule: "age in ()", column: 9, message: "expected a value, found ')'"),
    Case(rule: "dx_tags L >= 2", column: 9, message: "expected '(' after dx_tags, found 'L'"),
    Case(rule: "dx_tags(L[1]) > 0", column: 10, message: "expected ')', found '['"),
    Case(
      rule: "dx_tags(L) 2", column: 12,
      message: "expected a comparison (==, !=, <, <=, >, >=), found '2'"),
    Case(rule: #"dx_tags(L) >= "2""#, column: 15, message: "dx_tags compares with a number"),
    Case(rule: "any_proc in L[", column: 15, message: "expected a tag, found the end of the rule"),
    Case(rule: "any_proc in L[1", column: 16, message: "expected ']', found the end of the rule"),
    Case(rule: "pdx in L;", column: 9, message: "unexpected character ';'"),
    Case(rule: "age >= -1", column: 8, message: "unexpected character '-'"),
  ]

  @Test(arguments: cases)
  func messageAndColumn(_ item: Case) throws {
    let error = try #require(syntaxError(item.rule))
    #expect(error.message == item.message)
    #expect(error.column == item.column)
  }

  @Test func descriptionNamesTheColumn() throws {
    let error = try #require(syntaxError("age = 5"))
    #expect(error.description == "column 5: use '==' to compare, not '='")
  }
}
