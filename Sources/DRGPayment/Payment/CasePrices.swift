@_spi(DRGPackage) import DRGKit

/// The prices of a settlement's cases held as columns: 22 bytes a case instead of the 40 of
/// an array of ``CasePrice``. Most cases have no reason and the others share a few texts,
/// so each reason is held once and referred to by a 4-byte id. The columns grow by pages
/// (``PagedColumn``), so the prices are never held twice (or three times while an array
/// doubles). Reading a position gives the ``CasePrice``; writing one stores it back.
public struct CasePrices: Sendable, RandomAccessCollection, MutableCollection, Equatable {
  /// Positions from 0, those of the cases.
  public typealias Index = Int
  /// A price built from the columns.
  public typealias Element = CasePrice

  var category = PagedColumn<UInt8>()
  var basis = PagedColumn<UInt8>()
  /// ``CasePrice/amount``.
  var amount = PagedColumn<Int64>()
  var relativeWeight = PagedColumn<Double>()
  var reasonID = PagedColumn<UInt32>()
  /// The reasons by id; id 0 is the empty reason.
  var reasons: [String] = [""]
  /// The id of each reason, told apart by its bytes.
  private var reasonIDs = SettlementCases.textIDs()

  private static let categories = CaseCategory.allCases

  /// No prices.
  public init() {}

  /// The prices of `prices`, in order.
  public init(_ prices: some Sequence<CasePrice>) { append(contentsOf: prices) }

  /// The first position, 0.
  public var startIndex: Int { 0 }
  /// The number of prices.
  public var endIndex: Int { amount.count }

  /// The price at `position`, built from the columns; setting it stores it back.
  public subscript(position: Int) -> CasePrice {
    get {
      var price = CasePrice(
        Self.categories[Int(category[position])], 0, reasons[Int(reasonID[position])],
        rw: relativeWeight[position])
      price.basis = CasePrice.Basis(rawValue: basis[position]) ?? .points
      price.amount = amount[position]
      return price
    }
    set {
      category.set(UInt8(newValue.category.ordinal), at: position)
      basis.set(newValue.basis.rawValue, at: position)
      amount.set(newValue.amount, at: position)
      relativeWeight.set(newValue.relativeWeight, at: position)
      reasonID.set(id(of: newValue.reason), at: position)
    }
  }

  /// Appends `prices` in order, each column a page at a time.
  public mutating func append(contentsOf prices: some Sequence<CasePrice>) {
    var categories: [UInt8] = []
    var bases: [UInt8] = []
    var amounts: [Int64] = []
    var weights: [Double] = []
    var reasons: [UInt32] = []
    let expected = prices.underestimatedCount
    categories.reserveCapacity(expected)
    bases.reserveCapacity(expected)
    amounts.reserveCapacity(expected)
    weights.reserveCapacity(expected)
    reasons.reserveCapacity(expected)
    for price in prices {
      categories.append(UInt8(price.category.ordinal))
      bases.append(price.basis.rawValue)
      amounts.append(price.amount)
      weights.append(price.relativeWeight)
      reasons.append(id(of: price.reason))
    }
    categories.withUnsafeBufferPointer { category.append(contentsOf: $0) }
    bases.withUnsafeBufferPointer { basis.append(contentsOf: $0) }
    amounts.withUnsafeBufferPointer { amount.append(contentsOf: $0) }
    weights.withUnsafeBufferPointer { relativeWeight.append(contentsOf: $0) }
    reasons.withUnsafeBufferPointer { reasonID.append(contentsOf: $0) }
  }

  /// The category of the case at `position`, without building its price.
  @inline(__always)
  public func category(at position: Int) -> CaseCategory {
    Self.categories[Int(category[position])]
  }

  /// ``CasePrice/centipoints`` of the case at `position`.
  @inline(__always)
  public func centipoints(at position: Int) -> Int64 {
    basis[position] == CasePrice.Basis.points.rawValue ? amount[position] : 0
  }

  /// Whether the case at `position` is priced in yuan (``CasePrice/isYuan``).
  @inline(__always)
  public func isYuan(at position: Int) -> Bool {
    basis[position] == CasePrice.Basis.yuanOutside.rawValue
      || basis[position] == CasePrice.Basis.yuanInBudget.rawValue
  }

  /// ``CasePrice/fen`` of the case at `position`.
  @inline(__always)
  public func fen(at position: Int) -> Int64 { isYuan(at: position) ? amount[position] : 0 }

  /// ``CasePrice/reason`` of the case at `position`.
  public func reason(at position: Int) -> String { reasons[Int(reasonID[position])] }

  private mutating func id(of reason: String) -> UInt32 {
    reason.isEmpty ? 0 : SettlementCases.id(of: reason, in: &reasonIDs, texts: &reasons)
  }

  /// Whether both hold the same prices in the same order (reasons compared as texts).
  public static func == (left: Self, right: Self) -> Bool { left.elementsEqual(right) }
}
