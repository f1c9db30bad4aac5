/// What a `drg scheme check` warning is about. Warnings never stop a scheme from loading;
/// each says what a table maintainer may want to fix.
public enum SchemeWarningKind: String, Sendable, CaseIterable, Comparable {
  /// A code listed more than once in `cc.csv` (it counts at its highest level, with every
  /// exclusion table of its rows).
  case duplicateComplication = "duplicate-cc"
  /// An ADRG no case can reach: every case its rule admits is taken by an earlier ADRG of
  /// its MDC, or its rule can never hold.
  case unreachableADRG = "unreachable-adrg"
  /// A DRG no case can reach: every case its rule admits is taken by an earlier DRG of its
  /// ADRG, or its rule can never hold.
  case unreachableDRG = "unreachable-drg"
  /// An ADRG whose DRG rules can all fail for a case it admits (the case then gets the ADRG
  /// code as DRG).
  case drgFallThrough = "drg-fall-through"
  /// An ADRG with no DRG in `drg.csv` whose rule is not `false`.
  case adrgWithoutDRG = "adrg-without-drg"
  /// A DRG code that does not start with its ADRG code.
  case drgCodePrefix = "drg-code-prefix"
  /// A list of `lists.csv` that no rule names.
  case unusedList = "unused-list"
  /// A tag named in a rule that no row of its list carries.
  case missingTag = "missing-tag"
  /// A code in `lists.csv`, `cc.csv` or `cc_exclusion.csv` with no name in `dx_names.csv` or
  /// `proc_names.csv`.
  case unnamedCode = "unnamed-code"
  /// A code in `cc_exclusion.csv` (a principal diagnosis) that is no diagnosis anywhere in
  /// the scheme: not in `dx_names.csv`, not in `cc.csv`, in no list that diagnosis
  /// predicates read.
  case exclusionCodeNotDiagnosis = "exclusion-not-diagnosis"

  /// A short plural heading, e.g. "DRGs that can never be reached".
  public var title: String {
    switch self {
    case .duplicateComplication: "codes listed more than once in cc.csv"
    case .unreachableADRG: "ADRGs that can never be reached"
    case .unreachableDRG: "DRGs that can never be reached"
    case .drgFallThrough: "ADRGs whose DRG rules can all fail"
    case .adrgWithoutDRG: "ADRGs without DRGs"
    case .drgCodePrefix: "DRG codes not starting with their ADRG code"
    case .unusedList: "lists no rule uses"
    case .missingTag: "tags named in rules that no list row carries"
    case .unnamedCode: "codes without a name"
    case .exclusionCodeNotDiagnosis: "cc_exclusion.csv codes that are no diagnosis"
    }
  }

  /// Kinds order as declared (the order `drg scheme check` prints them in).
  public static func < (lhs: Self, rhs: Self) -> Bool {
    let all = allCases
    return all.firstIndex(of: lhs) ?? 0 < all.firstIndex(of: rhs) ?? 0
  }
}

/// One warning of ``SchemeReport``: its kind, where (file and line, when there is one) and
/// what it says. Printed as `drg.csv:12: DRG AB13 can never be reached: …`.
public struct SchemeWarning: Sendable, Equatable, CustomStringConvertible {
  /// What the warning is about.
  public var kind: SchemeWarningKind
  /// The scheme file the warning is about, e.g. `drg.csv`.
  public var file: String
  /// 1-based line in ``file``, when the warning is about one row.
  public var line: Int?
  /// What is wrong and what it does to grouping, without the location.
  public var message: String

  /// A warning of `kind` about `file` (and `line`), saying `message`.
  public init(_ kind: SchemeWarningKind, file: String, line: Int? = nil, _ message: String) {
    self.kind = kind
    self.file = file
    self.line = line
    self.message = message
  }

  /// `file:line: message` (or `file: message`).
  public var description: String {
    "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
  }
}
