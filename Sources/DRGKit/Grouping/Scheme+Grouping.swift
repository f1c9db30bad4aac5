extension Scheme {
  /// Groups one case given as rows and fields (the allocation-free path).
  ///
  /// Runs the input checks, then tries the MDCs, their ADRGs and the chosen ADRG's DRGs in
  /// order, as `grouper-tables/README.md` describes; with `retryWithEachOtherProcedure` an
  /// ungroupable case is tried again with each later procedure alone.
  ///
  /// - Complexity: O(rules tried × codes of the case); no allocation.
  @inline(__always)
  public func group(_ fields: CaseFields, _ codes: CaseCodes, principalEmpty: Bool = false)
    -> GroupingResult
  {
    var observer = SilentObserver()
    return group(fields, codes, principalEmpty: principalEmpty, observer: &observer)
  }

  /// Groups one case and reports each step to `observer`.
  public func group<Observer: GroupingObserver>(
    _ fields: CaseFields, _ codes: CaseCodes, principalEmpty: Bool = false,
    observer: inout Observer
  ) -> GroupingResult {
    tables.group(fields, codes, principalEmpty: principalEmpty, observer: &observer)
  }
}

extension GroupingTables {
  @inline(__always)
  func group<Observer: GroupingObserver>(
    _ fields: CaseFields, _ codes: CaseCodes, principalEmpty: Bool, observer: inout Observer
  ) -> GroupingResult {
    if let problem = InputProblem.check(
      fields, diagnosisCount: codes.diagnoses.count, principalEmpty: principalEmpty)
    {
      var result = GroupingResult(status: .invalid)
      result.problem = problem
      return result
    }
    observer.beginAttempt(procedure: 0)
    var context = RuleContext(fields: fields, codes: codes)
    let result = attempt(&context, observer: &observer)
    guard result.status == .ungroupable, retryWithEachOtherProcedure, codes.procedures.count > 1
    else { return result }
    for position in 1..<codes.procedures.count {
      observer.beginAttempt(procedure: position + 1)
      let single = UnsafeBufferPointer(rebasing: codes.procedures[position..<(position + 1)])
      var retry = RuleContext(
        fields: fields, codes: CaseCodes(diagnoses: codes.diagnoses, procedures: single))
      var retried = attempt(&retry, observer: &observer)
      if retried.status != .ungroupable {
        retried.retriedProcedure = position + 1
        return retried
      }
    }
    return result
  }

  /// One pass over the MDCs.
  @inline(__always)
  private func attempt<Observer: GroupingObserver>(
    _ context: inout RuleContext, observer: inout Observer
  ) -> GroupingResult {
    for mdcIndex in 0..<mdcRoot.count {
      let entered =
        passes(mdcGuard[mdcIndex], context.codes) && evaluate(mdcRoot[mdcIndex], &context)
      observer.triedMDC(mdcIndex, entered: entered)
      guard entered else { continue }
      for adrgIndex in mdcADRGs[mdcIndex] {
        let matched =
          passes(adrgGuard[Int(adrgIndex)], context.codes)
          && evaluate(adrgRoot[Int(adrgIndex)], &context)
        observer.triedADRG(Int(adrgIndex), matched: matched)
        guard matched else { continue }
        let ambiguous = adrgAmbiguous[Int(adrgIndex)]
        var result = GroupingResult(status: ambiguous ? .ambiguous : .grouped)
        result.mdc = Int32(mdcIndex)
        result.adrg = adrgIndex
        if ambiguous { return result }
        for drgIndex in adrgDRGs[Int(adrgIndex)] {
          let holds = evaluate(drgRoot[Int(drgIndex)], &context)
          observer.triedDRG(Int(drgIndex), matched: holds)
          if holds {
            result.drg = drgIndex
            return result
          }
        }
        return result
      }
    }
    return GroupingResult(status: .ungroupable)
  }
}
