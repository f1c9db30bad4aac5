/// Which targets of a scheme the synthesizer found recipes for.
///
/// A DRG without a recipe is usually unreachable in the scheme itself: shadowed by an
/// earlier rule that always holds first (beijing-2022 has 8 such DRGs). It can also be a
/// path too intricate for the generator's search; the report names them either way.
public struct SynthesisCoverage: Sendable {
  /// Number of DRGs in the scheme.
  public var drgCount = 0
  /// DRG codes with a recipe, in scheme order.
  public var reachedDRGs: [String] = []
  /// DRG codes without one.
  public var unreachedDRGs: [String] = []
  /// Ambiguous groups (`…QY`) in the scheme, and those with a recipe.
  public var ambiguousGroupCount = 0
  /// The ambiguous groups with a recipe.
  public var reachedAmbiguousGroups: [String] = []
  /// Whether a recipe for ungroupable cases was found.
  public var hasUngroupableRecipe = false
  /// Mean share of test cases that grouped to their target, over the DRG recipes.
  public var meanHitRate = 0.0
  /// DRG recipes whose test cases hit their target less than half of the time.
  public var weakDRGs: [String] = []
  /// Wall-clock seconds spent finding recipes.
  public var seconds = 0.0

  /// No group reached yet.
  public init() {}

  /// One line, e.g. `recipes for 628 of 628 DRGs, 0 of 0 ambiguous groups, ungroupable: yes`.
  public var description: String {
    var text =
      "recipes for \(reachedDRGs.count) of \(drgCount) DRGs, \(reachedAmbiguousGroups.count) of \(ambiguousGroupCount) ambiguous groups, ungroupable: \(hasUngroupableRecipe ? "yes" : "no")"
    if !unreachedDRGs.isEmpty {
      text += "; no recipe (unreachable?) for \(unreachedDRGs.joined(separator: " "))"
    }
    return text
  }
}
