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
    guard result.status == .ungroupable, manifest.retryWithEachOtherProcedure,
      codes.procedures.count > 1
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
    for mdcIndex in mdcs.indices {
      let mdc = mdcs[mdcIndex]
      let entered = evaluate(mdc.entry.root, &context)
      observer.triedMDC(mdcIndex, entered: entered)
      guard entered else { continue }
      for adrgIndex in mdc.adrgs {
        let matched = evaluate(adrgs[adrgIndex].entry.root, &context)
        observer.triedADRG(adrgIndex, matched: matched)
        guard matched else { continue }
        let adrg = adrgs[adrgIndex]
        var result = GroupingResult(status: adrg.isAmbiguous ? .ambiguous : .grouped)
        result.mdc = Int32(mdcIndex)
        result.adrg = Int32(adrgIndex)
        if adrg.isAmbiguous { return result }
        for drgIndex in adrg.drgs {
          let holds = evaluate(drgs[drgIndex].entry.root, &context)
          observer.triedDRG(drgIndex, matched: holds)
          if holds {
            result.drg = Int32(drgIndex)
            return result
          }
        }
        return result
      }
    }
    return GroupingResult(status: .ungroupable)
  }
}
