/// How a command finds its columns beyond the alias table: a column map (`--columns
/// map.json`) and the columns to leave alone (`--ignore-column NAME`).
public struct ColumnOptions: Sendable, Equatable {
  /// Names for fields the header calls otherwise; wins over the alias table.
  public var map: ColumnMap?
  /// Header names that feed nothing and are not reported (compared after
  /// ``ColumnAliases/normalized(_:)``). A diagnosis or procedure lookalike must be listed
  /// here to be accepted without feeding a field.
  public var ignored: [String]

  /// Options from a column map and the columns to ignore.
  public init(map: ColumnMap? = nil, ignored: [String] = []) {
    self.map = map
    self.ignored = ignored
  }
}
