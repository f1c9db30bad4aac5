/// The pool of each case of a settlement, by position (−1: no pool, the case is not paid):
/// 1 byte a case while the policy has at most 127 pools (every policy seen has one to
/// three), 4 bytes beyond, instead of the 8 of an `[Int]`.
public struct CasePools: Sendable, Equatable, RandomAccessCollection, MutableCollection {
  /// Positions from 0, those of the cases.
  public typealias Index = Int
  /// A pool index, or −1.
  public typealias Element = Int

  private var narrow: [Int8] = []
  private var wide: [Int32] = []
  private let isWide: Bool

  /// `count` cases in no pool; `pools` is the number of pools they may be put in.
  init(count: Int, pools: Int) {
    isWide = pools > Int(Int8.max)
    if isWide {
      wide = [Int32](repeating: -1, count: count)
    } else {
      narrow = [Int8](repeating: -1, count: count)
    }
  }

  /// The pools of `pools`, in order.
  public init(_ pools: [Int]) {
    self.init(count: pools.count, pools: (pools.max() ?? 0) + 1)
    for (position, pool) in pools.enumerated() { self[position] = pool }
  }

  /// The first position, 0.
  public var startIndex: Int { 0 }
  /// The number of cases.
  public var endIndex: Int { isWide ? wide.count : narrow.count }

  /// The pool of the case at `position` (−1: none).
  @inline(__always)
  public subscript(position: Int) -> Int {
    get { isWide ? Int(wide[position]) : Int(narrow[position]) }
    set {
      if isWide {
        wide[position] = Int32(newValue)
      } else {
        narrow[position] = Int8(newValue)
      }
    }
  }

  /// Calls `body` with the pools as a buffer of one width, for writing them in parallel
  /// blocks (each block its own positions).
  mutating func withPools<R>(
    _ narrowBody: (UnsafeMutableBufferPointer<Int8>) -> R,
    _ wideBody: (UnsafeMutableBufferPointer<Int32>) -> R
  ) -> R {
    isWide
      ? wide.withUnsafeMutableBufferPointer { wideBody($0) }
      : narrow.withUnsafeMutableBufferPointer { narrowBody($0) }
  }

  /// Whether both hold the same pools in the same order.
  public static func == (left: Self, right: Self) -> Bool { left.elementsEqual(right) }
}
