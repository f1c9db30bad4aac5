import DRGKit
import Foundation

// Cases paid a price in yuan instead of points (single disease, day surgery, per-diem
// rates in yuan, the new-technology exemption), and where that money comes from.

extension SettlementPolicy {
  /// Where a yuan-priced case is paid from:
  /// - `outside`: outside the point pool — paid its price in full, from outside the pool's
  ///   budget; it has no points and stays out of the hospital's entitlement and actual
  ///   cost for the sharing bands;
  /// - `budget`: inside the pool, counted against its budget — paid its price in full; the
  ///   Σ of these prices in a pool is taken off the distributable budget before the point
  ///   value is solved, and the case stays out of the sharing bands. Without sharing bands
  ///   this is exactly converting the price to points at the pool's own point value
  ///   (PV × P + Y = B ⇔ PV = (B − Y) / P);
  /// - `points`: converted to points at the reference point value meanCostAllCases /
  ///   pointsPerAverageCase yuan per point (points = yuan / meanCostAllCases ×
  ///   pointsPerAverageCase, the cost-to-points rule), then paid like any case: its money
  ///   follows the pool's point value and the hospital's sharing band.
  public enum YuanPool: String, Sendable, Equatable, Decodable, CaseIterable {
    case outside
    case budget
    case points

    /// Reads `outside`, `budget` or `points`; another value is an error naming them.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      guard let value = Self(rawValue: text) else {
        throw DecodingError.dataCorruptedError(
          in: container,
          debugDescription:
            "unknown pool '\(text)'; use \(Self.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      self = value
    }
  }

  /// A price in yuan by hospital level: the level's price in ``byLevel``, else ``yuan``.
  public struct YuanRate: Sendable, Equatable {
    /// The price for a hospital whose level is not in ``byLevel`` (and for one without a
    /// level).
    public var yuan: Double?
    /// Price by hospital level (levels from `coefficients.levels` or `--hospitals`).
    public var byLevel: [String: Double] = [:]
    /// A price of `yuan` for every level, or of `byLevel` for the levels listed (`nil` and
    /// empty: no price).
    public init(yuan: Double? = nil, byLevel: [String: Double] = [:]) {
      self.yuan = yuan
      self.byLevel = byLevel
    }

    /// Whether a price is given at all.
    public var isGiven: Bool { yuan != nil || !byLevel.isEmpty }

    /// The price at a hospital of `level`, or `nil` when there is none for it.
    public func yuan(level: String) -> Double? { byLevel[level] ?? yuan }
  }
}

extension CasePrice {
  /// What the case's amount is: points, or yuan paid from outside the pool or against its
  /// budget (``SettlementPolicy/YuanPool``), or a price rule that could not be applied.
  public enum Basis: UInt8, Sendable, Equatable {
    /// Centipoints, paid at the pool's point value.
    case points
    /// Fen, paid in full from outside the pool's budget.
    case yuanOutside
    /// Fen, paid in full and taken off the pool's distributable budget.
    case yuanInBudget
    /// A yuan rule has no price for the hospital's level: the case is excluded and the run
    /// stops (``Settlement/problems``).
    case noPrice
  }

  /// A case paid `yuan` (rounded to fen, half away from zero), from where `pool` says;
  /// `pool` `points` converts it at `yuanPerPoint` (the reference point value).
  init(
    _ category: CaseCategory, yuan: Double, pool: SettlementPolicy.YuanPool,
    yuanPerPoint: Double, _ reason: String, rw: Double = 0
  ) {
    switch pool {
    case .points:
      self.init(category, yuan / yuanPerPoint, reason + " (converted to points)", rw: rw)
    case .outside, .budget:
      self.init(category, 0, reason, rw: rw)
      basis = pool == .outside ? .yuanOutside : .yuanInBudget
      // Held at the bound like points (``Settlement/amountBeyondLimit()`` refuses it).
      let scaled = yuan * 100
      amount = scaled > 0 ? min(WholeNumber.rounded(scaled), Self.largestCentipoints) : 0
      if scaled.isNaN { amount = Self.largestCentipoints }
    }
  }

  /// A case a yuan rule takes but cannot price: excluded, and the run stops.
  static func noPrice(_ reason: String) -> CasePrice {
    var price = CasePrice(.excluded, 0, reason)
    price.basis = .noPrice
    return price
  }
}
