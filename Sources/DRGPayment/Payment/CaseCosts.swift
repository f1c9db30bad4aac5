@_spi(DRGPackage) import DRGKit

/// The total cost of each case, yuan: held as whole fen in 4 bytes while every cost is a
/// number of fen below 2³² (42.9 million yuan) that reads back bit for bit (`fen / 100`
/// is the very `Double` that was parsed, as it is for costs written with at most two
/// decimals); at the first cost that is not, every cost is copied once into an 8-byte
/// `Double` and the column stays that wide. Grows by pages (``PagedColumn``).
struct CaseCosts: Sendable, RandomAccessCollection {
  private var fen = PagedColumn<UInt32>()
  private var yuan = PagedColumn<Double>()
  /// Whether the costs are held as `Double`s.
  private(set) var isWide = false

  /// No costs.
  init() {}

  /// 0.
  var startIndex: Int { 0 }
  /// The number of costs.
  var endIndex: Int { isWide ? yuan.count : fen.count }

  /// Bytes held per cost.
  var width: Int { isWide ? 8 : 4 }

  /// The cost at `position`, yuan.
  @inline(__always)
  subscript(position: Int) -> Double {
    isWide ? yuan[position] : Double(fen[position]) / 100
  }

  /// The fen that hold `cost` exactly, or `nil`.
  @inline(__always)
  static func exactFen(_ cost: Double) -> UInt32? {
    guard cost >= 0, cost < 4e7 else { return nil }
    let whole = UInt32((cost * 100).rounded())
    return (Double(whole) / 100).bitPattern == cost.bitPattern ? whole : nil
  }

  /// Appends `cost`.
  @inline(__always)
  mutating func append(_ cost: Double) {
    if !isWide {
      if let whole = Self.exactFen(cost) {
        fen.append(whole)
        return
      }
      widen()
    }
    yuan.append(cost)
  }

  /// Copies the costs into `Double`s and frees the fen.
  private mutating func widen() {
    for whole in fen { yuan.append(Double(whole) / 100) }
    fen.removeAll(keepingCapacity: false)
    isWide = true
  }

  /// Appends `costs` in order, copying them a page at a time.
  mutating func append(contentsOf costs: UnsafeBufferPointer<Double>) {
    if !isWide {
      var fits = true
      let whole = costs.map { cost -> UInt32 in
        guard let whole = Self.exactFen(cost) else {
          fits = false
          return 0
        }
        return whole
      }
      if fits {
        whole.withUnsafeBufferPointer { fen.append(contentsOf: $0) }
        return
      }
      widen()
    }
    yuan.append(contentsOf: costs)
  }

  /// Removes every cost, narrowing again.
  mutating func removeAll() {
    fen.removeAll(keepingCapacity: false)
    yuan.removeAll(keepingCapacity: false)
    isWide = false
  }
}
