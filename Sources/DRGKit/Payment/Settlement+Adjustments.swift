/// Quality deposit (考核) and review deductions (违规扣款), applied per hospital after the
/// point value and the sharing bands, in this order:
///
/// ```
/// withheld_h  = round((payment_h + yuan_h) × withholdShare)              fen
/// returned_h  = round(withheld_h × returned share of the hospital's score)
/// final_h     = payment_h + yuan_h − withheld_h + returned_h − deductions_h
/// fund_h      = final_h − patients' payments_h
/// ```
/// The point value does not change: what is withheld and not returned stays with the fund,
/// and deducted money goes to the pool's fund or to its reserve as the policy says.
extension Settlement {
  /// Applies the quality deposit and the deductions.
  /// - Parameters:
  ///   - scores: assessment score by hospital id (`--assessment`); required when
  ///     `quality.withholdShare` > 0, and then every paid hospital needs one.
  ///   - deductions: rows of `--deductions`.
  /// - Throws: ``SettlementError`` naming the hospital, case or line that cannot be applied.
  public mutating func applyAdjustments(
    quality: SettlementPolicy.Quality, scores: [String: Double]?, deductions: [Deduction],
    destination: SettlementPolicy.Deductions.Destination
  ) throws(SettlementError) {
    deductionDestination = destination
    if quality.withholdShare > 0 {
      guard let scores else {
        throw SettlementError(
          "quality.withholdShare is \(quality.withholdShare): give the assessment scores with --assessment FILE (hospital_id,score)"
        )
      }
      let missing = Set(pools.flatMap { $0.hospitals.map(\.hospital) }).filter {
        scores[$0] == nil
      }.sorted()
      guard missing.isEmpty else {
        throw SettlementError(
          "the assessment file has no score for hospital\(missing.count > 1 ? "s" : "") \(missing.prefix(10).joined(separator: ", "))\(missing.count > 10 ? " …" : ""); every paid hospital needs one"
        )
      }
      for pool in pools.indices {
        for slot in pools[pool].hospitals.indices {
          let hospital = pools[pool].hospitals[slot]
          let withheld = Int64(
            (Double(hospital.paymentFen + hospital.yuanPaymentFen) * quality.withholdShare)
              .rounded())
          let share = quality.returnedShare(score: scores[hospital.hospital] ?? 0)
          pools[pool].hospitals[slot].withheldFen = withheld
          pools[pool].hospitals[slot].returnedFen = Int64((Double(withheld) * share).rounded())
        }
      }
    }
    guard !deductions.isEmpty else { return }
    // Where each wanted case is: only the case ids the deductions name are indexed.
    let wanted = Set(deductions.map(\.caseID).filter { !$0.isEmpty })
    var caseRow: [String: Int] = [:]
    if !wanted.isEmpty {
      for index in cases.indices where wanted.contains(cases[index].caseID) {
        caseRow[cases[index].caseID] = caseRow[cases[index].caseID] ?? index
      }
    }
    for deduction in deductions {
      let place = "\(deduction.file) line \(deduction.line)"
      var target: (pool: Int, slot: Int)?
      if !deduction.caseID.isEmpty {
        guard let row = caseRow[deduction.caseID] else {
          throw SettlementError("\(place): case \(deduction.caseID) is not in the grouped file")
        }
        guard poolOfCase[row] >= 0, hospitalOfCase[row] >= 0 else {
          throw SettlementError(
            "\(place): case \(deduction.caseID) is not paid (\(prices[row].reason)); nothing to deduct from"
          )
        }
        target = (poolOfCase[row], Int(hospitalOfCase[row]))
      } else {
        let places = pools.indices.compactMap { pool -> (Int, Int)? in
          guard deduction.pool.isEmpty || pools[pool].name == deduction.pool,
            let slot = pools[pool].hospitals.firstIndex(where: { $0.hospital == deduction.hospital }
            )
          else { return nil }
          return (pool, slot)
        }
        guard places.count == 1 else {
          throw SettlementError(
            places.isEmpty
              ? "\(place): hospital \(deduction.hospital) has no paid case\(deduction.pool.isEmpty ? "" : " in pool \(deduction.pool)")"
              : "\(place): hospital \(deduction.hospital) is paid from \(places.count) pools; give the pool in a pool column"
          )
        }
        target = places[0]
      }
      if let target {
        pools[target.pool].hospitals[target.slot].deductionFen += deduction.amountFen
      }
    }
  }
}
