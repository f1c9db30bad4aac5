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
  /// The level the first row gives.
  public var firstLevel: ComplicationLevel
  /// The exclusion id the first row gives (empty for none).
  public var firstExclusion: String
  /// The 1-based line of the repeat, its level and exclusion id.
  public var line: Int
  /// The level the repeat gives.
  public var level: ComplicationLevel
  /// The exclusion id the repeat gives (empty for none).
  public var exclusion: String
}
