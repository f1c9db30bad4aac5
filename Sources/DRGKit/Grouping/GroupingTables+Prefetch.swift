extension GroupingTables {
  /// Starts loading the table entries that grouping `codes` will read: candidate masks,
  /// list membership of the principal diagnosis and procedures, and CC/MCC levels of the
  /// secondary diagnoses. Call it a few cases ahead; the loads then overlap the grouping of
  /// the cases in between.
  @inline(__always)
  func prefetch(_ codes: CaseCodes) {
    guard let principal = codes.diagnoses.first else { return }
    let mainProcedure = Int(codes.procedures.first ?? 0)
    let pdx = Int(principal)
    Prefetch.read(candidates.mdcByPrincipal, pdx)
    Prefetch.read(candidates.mdcByMainProcedure, mainProcedure)
    Prefetch.read(candidates.adrgByPrincipal, pdx &* candidates.adrgWords)
    Prefetch.read(candidates.adrgByMainProcedure, mainProcedure &* candidates.adrgWords)
    Prefetch.read(membership, pdx &* wordsPerRow)
    Prefetch.read(excludedStart, pdx)
    for row in codes.procedures {
      Prefetch.read(membership, Int(row) &* wordsPerRow)
    }
    var index = 1
    while index < codes.diagnoses.count {
      let row = Int(codes.diagnoses[index])
      Prefetch.read(complicationOf, row)
      Prefetch.read(membership, row &* wordsPerRow)
      index &+= 1
    }
  }
}
