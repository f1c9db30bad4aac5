/// A row of `mdc.csv`, `adrg.csv` or `drg.csv`: a code, its name and its rule.
public struct SchemeEntry: Sendable {
  /// The group code, e.g. `MDCF`, `FM1` or `FM11`.
  public var code: String
  /// The group's name.
  public var name: String
  /// The position in which the group is tried.
  public var order: Int
  /// The file and 1-based line the entry was read from.
  public var file: String
  /// The 1-based line.
  public var line: Int
  /// The rule as written.
  public var ruleText: String
  /// The rule as parsed.
  public var rule: RuleExpression
  /// Root node of the compiled rule.
  var root: Int32
}

/// A major diagnostic category and the ADRGs it holds.
public struct MDC: Sendable {
  /// The group's code, name, order and place in the scheme.
  public var entry: SchemeEntry
  /// Indices into ``Scheme/adrgs``, in the order they are tried.
  public var adrgs: Range<Int>
}

/// An adjacent DRG and the DRGs it splits into.
public struct ADRG: Sendable {
  /// The group's code, name, order and place in the scheme.
  public var entry: SchemeEntry
  /// Index into ``Scheme/mdcs``.
  public var mdc: Int
  /// Indices into ``Scheme/drgs``, in the order they are tried.
  public var drgs: Range<Int>
  /// `true` for the MDC's ambiguous group (code ending in `QY`).
  public var isAmbiguous: Bool
}

/// A final DRG.
public struct DRG: Sendable {
  /// The group's code, name, order and place in the scheme.
  public var entry: SchemeEntry
  /// Index into ``Scheme/adrgs``.
  public var adrg: Int
}

/// A code list as rules see it: a list of `lists.csv`, or its codes with one tag.
public struct CodeList: Sendable {
  /// The list's name.
  public var name: String
  /// The tag selecting some of its codes, if any.
  public var tag: String?
  /// How many codes the list (with its tag) holds.
  public var codeCount: Int

  /// `NAME` or `NAME[TAG]`.
  public var label: String { tag.map { "\(name)[\($0)]" } ?? name }
}
