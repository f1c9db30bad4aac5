import DRGKit

/// Weights for blending several years of cases into one set of cost weights.
///
/// A DRG's blended mean cost is the pooled, weight-scaled formula of the payment-formulas
/// reference (§1.4): `mean_d = Σ_y w_y·S_{d,y} / Σ_y w_y·n_{d,y}`, where `S_{d,y}` and
/// `n_{d,y}` are the cost sum and count of the DRG's kept cases of year `y`. Only the ratios
/// of the weights matter; cases of years not listed are left out.
///
/// ```swift
/// let years = try YearWeights(parsing: "2021=0.2,2022=0.3,2023=0.5")
/// ```
public struct YearWeights: Sendable, Equatable {
  /// At most this many years can be blended.
  public static let maximumYears = 255

  /// The years, in the order given.
  public private(set) var years: [Int]
  /// The weight of each year in ``years``.
  public private(set) var weights: [Double]

  /// Makes year weights from pairs.
  /// - Throws: ``YearWeightsError`` for an empty list, a repeated year, a year outside
  ///   1000…9999, or a weight that is not a positive finite number.
  public init(_ pairs: [(year: Int, weight: Double)]) throws(YearWeightsError) {
    guard !pairs.isEmpty else { throw YearWeightsError("no years given") }
    guard pairs.count <= Self.maximumYears else {
      throw YearWeightsError("more than \(Self.maximumYears) years")
    }
    years = []
    weights = []
    for (year, weight) in pairs {
      guard (1000...9999).contains(year) else {
        throw YearWeightsError("year \(year) is not a four-digit year")
      }
      guard !years.contains(year) else { throw YearWeightsError("year \(year) appears twice") }
      guard weight.isFinite, weight > 0 else {
        throw YearWeightsError("the weight of \(year) must be a positive number")
      }
      years.append(year)
      weights.append(weight)
    }
  }

  /// Parses `YEAR=WEIGHT` pairs separated by commas, e.g. `2021=0.2,2022=0.3,2023=0.5` or
  /// `2022=1,2023=2`.
  /// - Throws: ``YearWeightsError`` naming the item that cannot be read.
  public init(parsing text: String) throws(YearWeightsError) {
    var pairs: [(year: Int, weight: Double)] = []
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      let parts = item.split(separator: "=", omittingEmptySubsequences: false)
      let trimmed = item.trimmingBlanks
      guard parts.count == 2,
        let year = Int(String(parts[0]).trimmingBlanks),
        let weight = NumberParsing.decimal(String(parts[1]))
      else {
        throw YearWeightsError("cannot read '\(trimmed)'; expected YEAR=WEIGHT, e.g. 2023=0.5")
      }
      pairs.append((year, weight))
    }
    try self.init(pairs)
  }

  /// The position of `year` in ``years``, or `nil` when it is not blended.
  @inline(__always)
  func index(of year: Int) -> Int? { years.firstIndex(of: year) }

  /// `2021=0.2,2022=0.3,2023=0.5`.
  public var description: String {
    zip(years, weights).map { "\($0)=\($1.weightsShortText)" }.joined(separator: ",")
  }
}

/// Year weights that cannot be used.
public struct YearWeightsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong with the year weights.
  public var message: String
  /// An error saying `message`.
  public init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}

extension Substring {
  fileprivate var trimmingBlanks: String { String(self).trimmingBlanks }
}
