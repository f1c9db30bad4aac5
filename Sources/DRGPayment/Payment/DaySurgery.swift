import DRGKit
import Foundation

extension SettlementPolicy {
  /// Day surgery (日间手术): a case category with its own fixed points or a yuan price by
  /// hospital level. A case is day surgery when its DRG or ADRG is in ``drgs`` / ``adrgs``
  /// or its main procedure (first code of `procedures`; any of its procedures with
  /// ``procedureMatch`` `any`) starts with one of ``procedures`` — and, when ``maxDays`` is
  /// set (default 1), its length of stay is known and at most that many days.
  public struct DaySurgery: Sendable, Equatable, Decodable {
    /// The rule's name, written as the reason of its cases (default `day_surgery`).
    public var name: String
    /// DRG codes paid as day surgery (exact match).
    public var drgs: [String] = []
    /// ADRG codes paid as day surgery (every DRG of them).
    public var adrgs: [String] = []
    /// ICD-9-CM-3 codes or prefixes of the main procedure (e.g. `"13.4"`).
    public var procedures: [String] = []
    /// Whether ``procedures`` are matched against the main procedure only (default) or
    /// against every procedure of the case.
    public var procedureMatch = ProcedureMatch.main
    /// The longest stay, in days, that still counts (default 1 [U]: admitted and
    /// discharged within 24 hours); `null`: any stay.
    public var maxDays: Int? = 1
    /// Fixed points (exclusive with ``price``).
    public var points: Double?
    /// A yuan price by hospital level (exclusive with ``points``).
    public var price = YuanRate()
    /// Where the yuan price is paid from (default `outside`).
    public var pool = YuanPool.outside

    /// A day-surgery rule: its cases (codes, procedure prefixes, longest stay in days) and a
    /// price in points or in yuan.
    public init(
      name: String, drgs: [String] = [], adrgs: [String] = [], procedures: [String] = [],
      maxDays: Int? = 1, points: Double? = nil, price: YuanRate = YuanRate(),
      pool: YuanPool = .outside, procedureMatch: ProcedureMatch = .main
    ) {
      self.name = name
      self.drgs = drgs
      self.adrgs = adrgs
      self.procedures = procedures
      self.maxDays = maxDays
      self.points = points
      self.price = price
      self.pool = pool
      self.procedureMatch = procedureMatch
    }

    /// Whether the rule takes a case with these codes and length of stay; `procedures` is
    /// the case's procedure list, main first (only the main one unless the policy matches
    /// any procedure).
    func matches(drg: String, adrg: String, procedures codes: Substring, los: Int?) -> Bool {
      let listed =
        CaseSelector(drgs: drgs, adrgs: adrgs).matches(drg: drg, adrg: adrg)
        || procedureMatch.matches(codes, prefixes: procedures)
      guard listed else { return false }
      guard let maxDays else { return true }
      guard let los else { return false }
      return los <= maxDays
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
      case name, drgs, adrgs, procedures, procedureMatch, maxDays, points, yuan, yuanByLevel
      case pool
    }

    /// Reads one `daySurgery` entry; `maxDays: null` takes any stay, a missing `maxDays` is 1.
    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
      let c = try decoder.container(keyedBy: CodingKeys.self)
      name = try c.decodeIfPresent(String.self, forKey: .name) ?? "day_surgery"
      drgs = try c.decodeIfPresent([String].self, forKey: .drgs) ?? []
      adrgs = try c.decodeIfPresent([String].self, forKey: .adrgs) ?? []
      procedures = try c.decodeIfPresent([String].self, forKey: .procedures) ?? []
      procedureMatch =
        try c.decodeIfPresent(ProcedureMatch.self, forKey: .procedureMatch) ?? .main
      // An explicit null means any stay; a missing key keeps the default 1. Read as any
      // JSON number, so that 1e19 is refused naming the field, not as "not valid JSON".
      if c.contains(.maxDays) {
        maxDays = try c.wholeNumber(.maxDays, in: -1_000_000_000...1_000_000_000)
      }
      points = try c.decodeIfPresent(Double.self, forKey: .points)
      price = YuanRate(
        yuan: try c.decodeIfPresent(Double.self, forKey: .yuan),
        byLevel: try c.decodeIfPresent([String: Double].self, forKey: .yuanByLevel) ?? [:])
      pool = try c.decodeIfPresent(YuanPool.self, forKey: .pool) ?? .outside
    }
  }
}
