/// A rule that does not follow the grammar, with the 1-based character column at fault.
public struct RuleSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong with the rule.
  public var message: String
  /// The 1-based column in the rule text.
  public var column: Int

  /// `column C: message`.
  public var description: String { "column \(column): \(message)" }
}
