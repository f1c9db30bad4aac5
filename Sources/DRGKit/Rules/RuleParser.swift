/// Parses rule text into a ``RuleExpression``.
///
/// ```
/// rule  := or
/// or    := and ("or" and)*
/// and   := unary ("and" unary)*
/// unary := "not" unary | "(" rule ")" | "true" | "false" | predicate
/// ```
/// `and` binds tighter than `or`; keywords are lowercase.
public struct RuleParser {
  /// How deep parentheses and `not` may nest. Real rules nest a few levels; the limit keeps a
  /// hostile rule from overflowing the stack here and in everything that walks the parsed
  /// tree recursively (compilation, evaluation, explanation, deallocation).
  public static let maximumNesting = 64

  private var tokens: [RuleToken]
  private var position = 0
  private var nesting = 0

  /// Parses one rule.
  /// - Throws: ``RuleSyntaxError`` naming the column and what was expected there.
  public static func parse(_ text: String) throws(RuleSyntaxError) -> RuleExpression {
    var parser = RuleParser(tokens: try RuleLexer.tokens(text))
    let expression = try parser.parseOr()
    guard case .end = parser.current.kind else {
      throw parser.unexpected("'and', 'or' or the end of the rule")
    }
    return expression
  }

  private init(tokens: [RuleToken]) { self.tokens = tokens }

  private var current: RuleToken { tokens[position] }

  private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

  private func isWord(_ word: String) -> Bool {
    if case .word(let w) = current.kind { return w == word }
    return false
  }

  private mutating func parseOr() throws(RuleSyntaxError) -> RuleExpression {
    var terms = [try parseAnd()]
    while isWord("or") {
      advance()
      terms.append(try parseAnd())
    }
    return terms.count == 1 ? terms[0] : .or(terms)
  }

  private mutating func parseAnd() throws(RuleSyntaxError) -> RuleExpression {
    var terms = [try parseUnary()]
    while isWord("and") {
      advance()
      terms.append(try parseUnary())
    }
    return terms.count == 1 ? terms[0] : .and(terms)
  }

  private mutating func parseUnary() throws(RuleSyntaxError) -> RuleExpression {
    switch current.kind {
    case .leftParen:
      try enterNesting()
      advance()
      let inner = try parseOr()
      guard case .rightParen = current.kind else { throw unexpected("')'") }
      advance()
      nesting -= 1
      return inner
    case .word(let word):
      switch word {
      case "not":
        try enterNesting()
        advance()
        let inner = try parseUnary()
        nesting -= 1
        return .not(inner)
      case "true", "false":
        advance()
        return .constant(word == "true")
      case "mcc", "cc":
        advance()
        return .complication(word == "mcc" ? .mcc : .cc)
      case "dx_tags":
        return try parseTagCount()
      default:
        if let selector = CodeSelector(rawValue: word) {
          advance()
          try expectWord("in")
          return .codeIn(selector, try parseListReference(allowTag: true))
        }
        if let field = CaseField(rawValue: word) {
          advance()
          return try parseFieldPredicate(field)
        }
        if [
          "and", "or", "not", "true", "false", "mcc", "cc", "in", "pdx", "any_dx", "other_dx",
          "main_proc", "any_proc", "other_proc", "dx_tags", "sex", "age", "age_days", "weight",
          "los", "leaving", "icu_hours", "dept",
        ].contains(word.lowercased()) {
          throw RuleSyntaxError(
            message: "keywords are lowercase: write '\(word.lowercased())'", column: current.column)
        }
        throw RuleSyntaxError(
          message:
            "unknown word '\(word)'; expected a predicate (pdx, any_dx, other_dx, main_proc, any_proc, other_proc, mcc, cc, dx_tags or a field), 'not', 'true', 'false' or '('",
          column: current.column)
      }
    default:
      throw unexpected("a predicate, 'not', 'true', 'false' or '('")
    }
  }

  /// Counts one more level of `(` or `not`; throws past ``maximumNesting``.
  private mutating func enterNesting() throws(RuleSyntaxError) {
    guard nesting < Self.maximumNesting else {
      throw RuleSyntaxError(
        message:
          "'(' and 'not' nest more than \(Self.maximumNesting) levels deep here; simplify the rule",
        column: current.column)
    }
    nesting += 1
  }

  private mutating func parseTagCount() throws(RuleSyntaxError) -> RuleExpression {
    advance()
    guard case .leftParen = current.kind else { throw unexpected("'(' after dx_tags") }
    advance()
    let list = try parseListReference(allowTag: false)
    guard case .rightParen = current.kind else { throw unexpected("')'") }
    advance()
    guard case .comparison(let comparison) = current.kind else {
      throw unexpected("a comparison (==, !=, <, <=, >, >=)")
    }
    advance()
    guard case .number(let value, _) = try parseValue() else {
      throw RuleSyntaxError(
        message: "dx_tags compares with a number", column: tokens[position - 1].column)
    }
    return .diagnosisTagCount(list, comparison, value)
  }

  private mutating func parseFieldPredicate(_ field: CaseField) throws(RuleSyntaxError)
    -> RuleExpression
  {
    if isWord("in") {
      advance()
      guard case .leftParen = current.kind else { throw unexpected("'(' to open the value list") }
      advance()
      var values = [try parseValue(for: field)]
      while case .comma = current.kind {
        advance()
        values.append(try parseValue(for: field))
      }
      guard case .rightParen = current.kind else { throw unexpected("',' or ')'") }
      advance()
      return .fieldIn(field, values)
    }
    guard case .comparison(let comparison) = current.kind else {
      throw unexpected("a comparison (==, !=, <, <=, >, >=) or 'in' after '\(field.rawValue)'")
    }
    if field.isText, comparison != .equal, comparison != .notEqual {
      throw RuleSyntaxError(
        message: "dept is text: compare it with '==', '!=' or 'in', not '\(comparison.rawValue)'",
        column: current.column)
    }
    advance()
    return .compare(field, comparison, try parseValue(for: field))
  }

  /// A value; numeric fields accept a quoted number too (`leaving == "5"`).
  private mutating func parseValue(for field: CaseField? = nil) throws(RuleSyntaxError)
    -> RuleValue
  {
    let token = current
    switch token.kind {
    case .word(let word):
      guard let number = NumberParsing.decimal(word) else {
        throw RuleSyntaxError(
          message: "expected a number or a quoted string, found '\(word)'", column: token.column)
      }
      advance()
      return .number(number, text: word)
    case .string(let text):
      advance()
      if let field, !field.isText {
        guard let number = NumberParsing.decimal(text) else {
          throw RuleSyntaxError(
            message: "'\(field.rawValue)' is a number; \"\(text)\" is not", column: token.column)
        }
        return .number(number, text: text)
      }
      return .text(text)
    default:
      throw unexpected("a value")
    }
  }

  private mutating func parseListReference(allowTag: Bool) throws(RuleSyntaxError)
    -> ListReference
  {
    guard case .word(let name) = current.kind else { throw unexpected("a list name") }
    let column = current.column
    advance()
    var tag: String?
    if allowTag, case .leftBracket = current.kind {
      advance()
      guard case .word(let word) = current.kind else { throw unexpected("a tag") }
      tag = word
      advance()
      guard case .rightBracket = current.kind else { throw unexpected("']'") }
      advance()
    }
    return ListReference(name: name, tag: tag, column: column)
  }

  private mutating func expectWord(_ word: String) throws(RuleSyntaxError) {
    guard isWord(word) else { throw unexpected("'\(word)'") }
    advance()
  }

  private func unexpected(_ expected: String) -> RuleSyntaxError {
    let found: String =
      switch current.kind {
      case .word(let w): "'\(w)'"
      case .string(let s): "\"\(s)\""
      case .comparison(let c): "'\(c.rawValue)'"
      case .leftParen: "'('"
      case .rightParen: "')'"
      case .leftBracket: "'['"
      case .rightBracket: "']'"
      case .comma: "','"
      case .end: "the end of the rule"
      }
    return RuleSyntaxError(message: "expected \(expected), found \(found)", column: current.column)
  }
}
