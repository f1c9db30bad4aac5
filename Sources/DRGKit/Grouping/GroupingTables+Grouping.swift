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

  /// One pass over the MDCs: through the candidate index when nobody watches, rule by
  /// rule when an observer records the path.
  @inline(__always)
  private func attempt<Observer: GroupingObserver>(
    _ context: inout RuleContext, observer: inout Observer
  ) -> GroupingResult {
    if Observer.self == SilentObserver.self && candidates.isUsable {
      return attemptIndexed(&context)
    }
    return attemptEveryRule(&context, observer: &observer)
  }

  /// Evaluates only the MDCs and ADRGs the case's codes admit (see ``CandidateIndex``).
  @inline(__always)
  private func attemptIndexed(_ context: inout RuleContext) -> GroupingResult {
    let principal = context.codes.diagnoses[0]
    let mainProcedure = context.codes.procedures.first ?? 0
    var mdcMask = candidates.mdcs(principal: principal, mainProcedure: mainProcedure)
    while mdcMask != 0 {
      let mdcIndex = mdcMask.trailingZeroBitCount
      mdcMask &= mdcMask &- 1
      guard holds(mdcRoot[mdcIndex], &context) else { continue }
      let range = mdcADRGs[mdcIndex]
      var word = Int(range.lowerBound) >> 6
      let lastWord = (Int(range.upperBound) &- 1) >> 6
      while range.lowerBound < range.upperBound && word <= lastWord {
        var mask = candidates.adrgs(word: word, principal: principal, mainProcedure: mainProcedure)
        // Keep only this MDC's ADRGs.
        let base = word &<< 6
        if base < Int(range.lowerBound) { mask &= ~0 &<< UInt64(Int(range.lowerBound) &- base) }
        if base &+ 64 > Int(range.upperBound) {
          mask &= (1 &<< UInt64(Int(range.upperBound) &- base)) &- 1
        }
        while mask != 0 {
          let adrgIndex = base &+ mask.trailingZeroBitCount
          mask &= mask &- 1
          guard holds(adrgRoot[adrgIndex], &context) else { continue }
          return chooseDRG(mdc: mdcIndex, adrg: adrgIndex, &context)
        }
        word &+= 1
      }
    }
    return GroupingResult(status: .ungroupable)
  }

  /// The result for a chosen ADRG: ambiguous, or its first DRG whose rule holds.
  @inline(__always)
  private func chooseDRG(mdc: Int, adrg: Int, _ context: inout RuleContext) -> GroupingResult {
    let ambiguous = adrgAmbiguous[adrg]
    var result = GroupingResult(status: ambiguous ? .ambiguous : .grouped)
    result.mdc = Int32(mdc)
    result.adrg = Int32(adrg)
    if ambiguous { return result }
    for drgIndex in adrgDRGs[adrg] where holds(drgRoot[Int(drgIndex)], &context) {
      result.drg = drgIndex
      return result
    }
    return result
  }

  /// Tries every MDC, ADRG and DRG rule in order, telling the observer about each.
  private func attemptEveryRule<Observer: GroupingObserver>(
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

extension GroupingTables {
  /// Whether a case passes a rule's guard; a rule whose guard fails is false.
  @inline(__always)
  func passes(_ guardFact: RuleGuard, _ codes: CaseCodes) -> Bool {
    switch guardFact.kind {
    case .none: return true
    case .principalDiagnosis:
      return contains(row: codes.diagnoses[0], list: guardFact.list)
    case .mainProcedure:
      return codes.procedures.count > 0 && contains(row: codes.procedures[0], list: guardFact.list)
    }
  }
}
