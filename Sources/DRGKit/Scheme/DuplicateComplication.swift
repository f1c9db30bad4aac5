/// A code that `cc.csv` lists again on a later row.
///
/// The scheme still loads: the code counts at the highest level of its rows, and every
/// exclusion table its rows name applies. `drg scheme check` warns with both lines.
public struct DuplicateComplication: Sendable, Equatable {
  /// The secondary diagnosis code.
  public var code: String
  /// The 1-based line of the code's first row in `cc.csv`, its level and exclusion id
  /// (empty for none).
  public var firstLine: Int
  public var firstLevel: ComplicationLevel
  public var firstExclusion: String
  /// The 1-based line of the repeat, its level and exclusion id.
  public var line: Int
  public var level: ComplicationLevel
  public var exclusion: String
}
