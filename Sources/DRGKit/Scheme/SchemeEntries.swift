import Foundation

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
  public var rule: RuleExpression {
    get { parsed.rule }
    set { parsed = ParsedRule(newValue) }
  }
  /// The parsed rule, or the text to parse at first use (see ``ParsedRule``).
  private var parsed: ParsedRule
  /// Root node of the compiled rule.
  var root: Int32

  /// An entry whose rule was parsed from `ruleText`.
  init(
    code: String, name: String, order: Int, file: String, line: Int, ruleText: String,
    rule: RuleExpression, root: Int32
  ) {
    self.code = code
    self.name = name
    self.order = order
    self.file = file
    self.line = line
    self.ruleText = ruleText
    parsed = ParsedRule(rule)
    self.root = root
  }

  /// An entry read from a compiled scheme, whose `ruleText` is parsed only when ``rule`` is
  /// first asked for: grouping runs on the compiled program (`root`) and never needs it.
  /// The text parsed when the scheme was compiled by this same build (``SchemeCache``
  /// checks the build and the file's checksum), so it parses again.
  init(
    code: String, name: String, order: Int, file: String, line: Int, ruleText: String,
    root: Int32
  ) {
    self.code = code
    self.name = name
    self.order = order
    self.file = file
    self.line = line
    self.ruleText = ruleText
    parsed = ParsedRule(parsing: ruleText, in: file, line: line)
    self.root = root
  }
}

/// A rule parsed now, or parsed from its text at first use and kept (thread-safe).
/// Loading a compiled scheme would otherwise spend more time parsing rules (about 5M
/// instructions for CHS-DRG 1.1's thousand) than everything else it does.
private final class ParsedRule: @unchecked Sendable {
  private let lock = NSLock()
  private var parsedRule: RuleExpression?
  private let text: String
  private let file: String
  private let line: Int

  init(_ rule: RuleExpression) {
    parsedRule = rule
    text = ""
    file = ""
    line = 0
  }

  init(parsing text: String, in file: String, line: Int) {
    self.text = text
    self.file = file
    self.line = line
  }

  var rule: RuleExpression {
    lock.lock()
    defer { lock.unlock() }
    if let parsedRule { return parsedRule }
    do {
      let rule = try RuleParser.parse(text)
      parsedRule = rule
      return rule
    } catch {
      // Unreachable: the same build parsed this checksummed text when it compiled the
      // scheme. Stop rather than answer with a wrong rule.
      preconditionFailure("the rule at \(file):\(line) no longer parses: \(error.message)")
    }
  }
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
