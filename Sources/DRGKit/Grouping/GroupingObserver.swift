/// Receives each step the grouping engine takes. The engine is generic over its observer,
/// so the silent observer of ordinary grouping compiles away; ``Explanation`` records the
/// steps to show a coder the path taken.
public protocol GroupingObserver {
  /// A grouping attempt starts; `procedure` is 0 for the case as given, or the 1-based
  /// position of the procedure used alone (`retryWithEachOtherProcedure`).
  mutating func beginAttempt(procedure: Int)
  mutating func triedMDC(_ index: Int, entered: Bool)
  mutating func triedADRG(_ index: Int, matched: Bool)
  mutating func triedDRG(_ index: Int, matched: Bool)
}

/// The observer of ordinary grouping: it records nothing.
public struct SilentObserver: GroupingObserver {
  /// The silent observer.
  public init() {}
  /// Records nothing.
  @inline(__always) public mutating func beginAttempt(procedure: Int) {}
  /// Records nothing.
  @inline(__always) public mutating func triedMDC(_ index: Int, entered: Bool) {}
  /// Records nothing.
  @inline(__always) public mutating func triedADRG(_ index: Int, matched: Bool) {}
  /// Records nothing.
  @inline(__always) public mutating func triedDRG(_ index: Int, matched: Bool) {}
}
