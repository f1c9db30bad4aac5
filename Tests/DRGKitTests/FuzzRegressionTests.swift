import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit
@testable import DRGPayment

/// Inputs found while fuzzing (see `Fuzz/README.md`), kept so that the fixes stay fixed.
///
/// Deeply nested rules: `(((…true…)))` or `not not … true` nested 100,000 levels deep made
/// ``RuleParser`` recurse until the stack overflowed (AddressSanitizer: stack-overflow in
/// `RuleParser.parseUnary` / `parseOr`), so one hostile `rule` cell in `mdc.csv`, `adrg.csv`
/// or `drg.csv` crashed every command that loads the scheme. The parser now stops at
/// ``RuleParser/maximumNesting`` (64) levels of `(` and `not` with a syntax error.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
  /// 100,000 levels: the size of the input that overflowed the stack.
  static let depth = 100_000

  @Test func deeplyNestedParenthesesAreASyntaxErrorNotACrash() {
    let text =
      String(repeating: "(", count: Self.depth) + "true" + String(repeating: ")", count: Self.depth)
    #expect {
      try RuleParser.parse(text)
    } throws: { error in
      // Parentheses 1 to 64 open levels 1 to 64; the 65th, at column 65, is one too many.
      let error = error as? RuleSyntaxError
      return error?.column == 65 && error?.message.contains("64 levels") == true
    }
  }

  @Test func deeplyNestedNotIsASyntaxErrorNotACrash() {
    let text = String(repeating: "not ", count: Self.depth) + "true"
    #expect {
      try RuleParser.parse(text)
    } throws: { error in
      // Each "not " is 4 characters: the 65th starts at column 4 × 64 + 1 = 257.
      (error as? RuleSyntaxError)?.column == 257
    }
  }

  @Test func parenthesesAndNotCountTogether() {
    // "(not " is 5 characters and 2 levels: 32 of them reach 64 levels, the 33rd '(' at
    // column 5 × 32 + 1 = 161 is level 65.
    let text = String(repeating: "(not ", count: 40) + "true" + String(repeating: ")", count: 40)
    #expect {
      try RuleParser.parse(text)
    } throws: { error in
      (error as? RuleSyntaxError)?.column == 161
    }
  }

  @Test func sixtyFourLevelsStillParse() throws {
    let parenthesised =
      String(repeating: "(", count: 64) + "age < 6" + String(repeating: ")", count: 64)
    #expect(try RuleParser.parse(parenthesised) == .compare(.age, .less, .number(6, text: "6")))

    var expected = RuleExpression.constant(true)
    for _ in 0..<64 { expected = .not(expected) }
    let negated = String(repeating: "not ", count: 64) + "true"
    #expect(try RuleParser.parse(negated) == expected)
    // An even number (64) of negations of true is true, so the rule holds for every case;
    // an odd number (63) is false.
    let probe = try RuleProbe(negated, lists: "L,L01,\n")
    #expect(probe.holds(adult(["L01"])))
    let odd = try RuleProbe(String(negated.dropFirst(4)), lists: "L,L01,\n")
    #expect(!odd.holds(adult(["L01"])))
  }

  @Test func aSchemeWithADeeplyNestedRuleFailsWithFileLineAndColumn() throws {
    var fixture = SchemeFixture.catchAll
    // Line 1 is the header, line 2 the catch-all DRG, line 3 the nested rule.
    fixture.drg +=
      "X1,2,X12,nested,\(String(repeating: "(", count: Self.depth))true"
      + "\(String(repeating: ")", count: Self.depth))\n"
    let error = try #require(try fixture.loadError())
    #expect(error.file == "drg.csv")
    #expect(error.line == 3)
    #expect(error.column == 65)
  }

  /// `grouped` harness: a case costing 999999999999999999 yuan (18 digits, the most a
  /// grouped file's number may have) made `drg weights` write `mean_cost`
  /// 1000000000000000000.00, 19 digits, which `drg settle --weights` and `drg compare
  /// --weights` then refused ("mean_cost … is not a number ≥ 0"): the weights file could
  /// not be read back. A cost above 10^10 yuan is now left out of the weights and counted.
  @Test func aCostBeyondTenToTheTenIsLeftOutAndTheWeightsFileReadsBack() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "drg,total_cost,los\nA,999999999999999999,3\nB,100,2\nB,300,4\nC,10000000000,1\n",
      name: "grouped.csv")
    let weights = try FileWeighting().run(input: input)
    #expect(weights.rowsRead == 4)
    #expect(weights.excluded.costBeyondLimit == 1)
    #expect(weights.excluded.total == 1)
    // B's mean is (100 + 300) / 2 = 200; C's single case costs exactly 10^10, the limit.
    #expect(weights.groups.map(\.drg) == ["B", "C"])
    #expect(weights["B"]?.meanCost == 200)
    #expect(weights["C"]?.meanCost == 1e10)
    let path = directory.file("weights.csv")
    try weights.write(to: path)
    let table = try PaymentWeights(path: path)
    #expect(table.groups["B"]?.meanCost == 200)
    #expect(table.groups["C"]?.meanCost == 1e10)
  }
}
