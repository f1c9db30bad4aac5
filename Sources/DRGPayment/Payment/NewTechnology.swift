import DRGKit
import Foundation

extension SettlementPolicy {
  /// New-technology exemption (新技术除外支付): cases whose main procedure (first code of
  /// `procedures`; any of their procedures with ``procedureMatch`` `any`) starts with one of
  /// ``procedures`` are taken out of DRG pricing and paid
  /// by item — their total cost × ``costShare`` in yuan — from where ``pool`` says
  /// (`points`: that amount converted to points, cost / meanCostAllCases ×
  /// pointsPerAverageCase × costShare, as fee-for-service is).
  public struct NewTechnology: Sendable, Equatable, Decodable {
    /// The rule's name, written as the reason of its cases (default `new_technology`).
    public var name: String
    /// ICD-9-CM-3 codes or prefixes of the main procedure.
    public var procedures: [String] = []
    /// Whether ``procedures`` are matched against the main procedure only (default) or
    /// against every procedure of the case.
    public var procedureMatch = ProcedureMatch.main
    /// Share of the case's total cost paid (default 1 [U]).
    public var costShare = 1.0
    /// Where the money comes from (default `outside`).
    public var pool = YuanPool.outside

    /// An exemption for the cases whose main procedure starts with one of `procedures`, paid
    /// `costShare` × their cost from `pool`.
    public init(
      name: String, procedures: [String], costShare: Double = 1, pool: YuanPool = .outside,
      procedureMatch: ProcedureMatch = .main
    ) {
      self.name = name
      self.procedures = procedures
      self.costShare = costShare
      self.pool = pool
      self.procedureMatch = procedureMatch
    }

    /// The first code of `codes` (the case's procedure list, main first; only the main one
    /// unless the policy matches any procedure) that the rule takes, or `nil`.
    func matchingCode(_ codes: Substring) -> Substring? {
      procedureMatch.firstMatch(in: codes, prefixes: procedures)
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
      case name, procedures, procedureMatch, costShare, pool
    }

    /// Reads one `newTechnology` entry; a missing field keeps its default.
    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
      let c = try decoder.container(keyedBy: CodingKeys.self)
      name = try c.decodeIfPresent(String.self, forKey: .name) ?? "new_technology"
      procedures = try c.decodeIfPresent([String].self, forKey: .procedures) ?? []
      procedureMatch =
        try c.decodeIfPresent(ProcedureMatch.self, forKey: .procedureMatch) ?? .main
      costShare = try c.decodeIfPresent(Double.self, forKey: .costShare) ?? 1
      pool = try c.decodeIfPresent(YuanPool.self, forKey: .pool) ?? .outside
    }
  }
}
