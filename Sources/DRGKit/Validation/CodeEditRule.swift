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

  /// What a code in the range implies.
  public var kind: Kind
  /// Diagnoses or procedures.
  public var codes: Codes
  /// First and last prefix of the range, of equal length.
  public var from: String
  /// Last prefix of the range.
  public var to: String
  /// What the range is (shown in warnings).
  public var note: String

  /// A rule for the codes from `from` to `to`.
  public init(kind: Kind, codes: Codes, from: String, to: String, note: String) {
    self.kind = kind
    self.codes = codes
    self.from = from
    self.to = to
    self.note = note
  }

  /// Whether `code` lies in the range.
  public func matches(_ code: String) -> Bool {
    var code = code
    return code.withUTF8 { RangeBytes(self).matches($0) }
  }
}

/// A rule's range as bytes, for testing many codes without `String` work.
struct RangeBytes {
  let from: [UInt8]
  let to: [UInt8]

  init(_ rule: CodeEditRule) {
    from = Array(rule.from.utf8)
    to = Array(rule.to.utf8)
  }

  /// Whether the first `from.count` bytes of `code` lie between `from` and `to` (bytewise,
  /// which for ASCII codes is the order of the characters).
  func matches(_ code: UnsafeBufferPointer<UInt8>) -> Bool {
    guard code.count >= from.count else { return false }
    let prefix = UnsafeBufferPointer(rebasing: code[0..<from.count])
    return !prefix.lexicographicallyPrecedes(from) && !to.lexicographicallyPrecedes(prefix)
  }
}
