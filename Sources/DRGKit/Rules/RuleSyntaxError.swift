/// A rule that does not follow the grammar, with the 1-based character column at fault.
public struct RuleSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public var column: Int

  public var description: String { "column \(column): \(message)" }
}
