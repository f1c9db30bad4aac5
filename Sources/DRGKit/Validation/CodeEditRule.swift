/// One row of a code edit table: codes in a range that are only plausible for some cases
/// (female or male patients, newborns) or never as the principal diagnosis.
///
/// A range compares code prefixes: `N40`–`N51` holds every code whose first three characters
/// lie between `N40` and `N51` (so `N40.x00` and `N51.801`); `60`–`64` holds the procedures
/// whose first two characters do.
public struct CodeEditRule: Sendable, Equatable {
  /// What a code in the range implies.
  public enum Kind: String, Sendable, CaseIterable {
    /// For female patients only.
    case femaleOnly = "female_only"
    /// For male patients only.
    case maleOnly = "male_only"
    /// For newborns (at most 28 days old) only.
    case newbornOnly = "newborn_only"
    /// Never the principal diagnosis (e.g. external causes V01–Y98).
    case notPrincipal = "not_principal"
  }

  /// Which codes a rule applies to.
  public enum Codes: String, Sendable {
    case diagnoses = "dx"
    case procedures = "proc"
  }

  public var kind: Kind
  public var codes: Codes
  /// First and last prefix of the range, of equal length.
  public var from: String
  public var to: String
  /// What the range is (shown in warnings).
  public var note: String

  public init(kind: Kind, codes: Codes, from: String, to: String, note: String) {
    self.kind = kind
    self.codes = codes
    self.from = from
    self.to = to
    self.note = note
  }

  /// Whether `code` lies in the range.
  public func matches(_ code: String) -> Bool {
    let prefix = String(code.utf8.prefix(from.utf8.count)) ?? ""
    return prefix.utf8.count == from.utf8.count && from <= prefix && prefix <= to
  }
}
