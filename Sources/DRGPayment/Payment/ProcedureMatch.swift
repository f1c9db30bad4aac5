import DRGKit
import Foundation

extension SettlementPolicy {
  /// Which procedures of a case a day-surgery or new-technology rule looks at
  /// (`procedureMatch`):
  /// - `main`: the main procedure only — the first code of the `procedures` column;
  /// - `any`: every code of the `procedures` column (`|`-separated), the main one first:
  ///   the rule takes the case when any of them starts with one of its `procedures`.
  public enum ProcedureMatch: String, Sendable, Equatable, Decodable, CaseIterable {
    case main
    case any

    /// Reads `"main"` or `"any"`; any other text is refused with a message that names the
    /// accepted values.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      guard let value = Self(rawValue: text) else {
        throw DecodingError.dataCorruptedError(
          in: container,
          debugDescription:
            "unknown procedureMatch '\(text)'; use \(Self.allCases.map(\.rawValue).joined(separator: " or "))"
        )
      }
      self = value
    }

    /// The first code of `codes` (a case's procedure list, main first; only the main one
    /// unless the policy matches any procedure) that this match looks at and that starts
    /// with one of `prefixes`, blanks trimmed; `nil` when none does. No allocation.
    func firstMatch(in codes: Substring, prefixes: [String]) -> Substring? {
      var rest = codes
      while true {
        let end = rest.firstIndex(of: "|") ?? rest.endIndex
        let code = SettlementCase.firstCode(of: rest[rest.startIndex..<end])
        if !code.isEmpty && prefixes.contains(where: { !$0.isEmpty && code.hasPrefix($0) }) {
          return code
        }
        if self == .main || end == rest.endIndex { return nil }
        rest = rest[rest.index(after: end)...]
      }
    }

    /// Whether ``firstMatch(in:prefixes:)`` finds a code.
    func matches(_ codes: Substring, prefixes: [String]) -> Bool {
      firstMatch(in: codes, prefixes: prefixes) != nil
    }
  }

  /// Whether a day-surgery or new-technology rule matches any procedure of a case, so that
  /// the whole `procedures` column must be kept (else only its first code is).
  public var matchesAnyProcedure: Bool {
    daySurgery.contains { $0.procedureMatch == .any }
      || newTechnology.contains { $0.procedureMatch == .any }
  }
}

extension SettlementCase {
  /// The first code of a `|`-separated procedure list, blanks trimmed.
  static func firstCode(of codes: Substring) -> Substring {
    let end = codes.firstIndex(of: "|") ?? codes.endIndex
    var first = codes[codes.startIndex..<end]
    while first.first == " " || first.first == "\t" { first = first.dropFirst() }
    while first.last == " " || first.last == "\t" { first = first.dropLast() }
    return first
  }

  /// The main procedure: the first code of ``mainProcedure`` (which holds the whole
  /// `procedures` column when the policy matches any procedure).
  public var mainProcedureCode: Substring { Self.firstCode(of: mainProcedure[...]) }
}
