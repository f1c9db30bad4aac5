/// The result of grouping one case, as indices into the scheme (no strings).
public struct GroupingResult: Sendable, Equatable {
  /// Grouped, ambiguous, ungroupable or invalid.
  public var status: GroupingStatus
  /// Index into ``Scheme/mdcs`` or -1.
  public var mdc: Int32 = -1
  /// Index into ``Scheme/adrgs`` or -1.
  public var adrg: Int32 = -1
  /// Index into ``Scheme/drgs``; -1 when no DRG rule of the ADRG held (the ADRG code is
  /// then reported as the DRG), or for cases without an ADRG.
  public var drg: Int32 = -1
  /// For ``GroupingStatus/invalid`` cases: the failed check.
  public var problem: InputProblem?
  /// With `retryWithEachOtherProcedure`: the 1-based position of the procedure that was
  /// used alone to group the case; 0 when the first attempt gave the result.
  public var retriedProcedure: Int = 0

  /// A result of `status` with no MDC, ADRG or DRG.
  public init(status: GroupingStatus) { self.status = status }
}

/// A grouping result with its codes and names as text.
public struct GroupingOutcome: Sendable, Equatable {
  /// How the case came out: grouped, ambiguous, ungroupable or invalid (the `status` column).
  public var status: GroupingStatus
  /// The MDC code; empty when the case reached none.
  public var mdc: String
  /// The ADRG code; empty when the case reached none.
  public var adrg: String
  /// The DRG code (the ADRG code when no DRG rule of the ADRG held); empty without an ADRG.
  public var drg: String
  /// The DRG name (the ADRG name for an ambiguous case); empty otherwise.
  public var drgName: String
  /// Why the case is invalid or ungroupable; empty for grouped cases.
  public var reason: String
}

extension Scheme {
  /// Codes and names of a result.
  public func outcome(_ result: GroupingResult) -> GroupingOutcome {
    switch result.status {
    case .invalid:
      return GroupingOutcome(
        status: .invalid, mdc: "", adrg: "", drg: "", drgName: "",
        reason: result.problem?.description ?? "")
    case .ungroupable:
      let codes = manifest.ungroupable
      return GroupingOutcome(
        status: .ungroupable, mdc: codes.mdc, adrg: codes.adrg, drg: codes.drg, drgName: "",
        reason: "no MDC yielded an ADRG for this principal diagnosis and these procedures")
    case .ambiguous:
      let adrg = adrgs[Int(result.adrg)]
      return GroupingOutcome(
        status: .ambiguous, mdc: mdcs[Int(result.mdc)].entry.code, adrg: "QY",
        drg: adrg.entry.code, drgName: adrg.entry.name,
        reason:
          "procedure not related to the principal diagnosis of \(mdcs[Int(result.mdc)].entry.code)")
    case .grouped:
      // Only the texts are read: binding a whole entry would retain every field of it.
      let adrg = Int(result.adrg)
      let drg = Int(result.drg)
      return GroupingOutcome(
        status: .grouped, mdc: mdcs[Int(result.mdc)].entry.code, adrg: adrgs[adrg].entry.code,
        drg: drg >= 0 ? drgs[drg].entry.code : adrgs[adrg].entry.code,
        drgName: drg >= 0 ? drgs[drg].entry.name : adrgs[adrg].entry.name, reason: "")
    }
  }
}
