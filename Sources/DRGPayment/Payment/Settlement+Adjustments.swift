import DRGKit

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
/// and deducted money goes to the pool's fund or to its reserve as the policy says. With
/// ``perHead`` the deposit covers the per-head payments too when `quality.coversPerHead`
/// (``PerHeadSettlement/withholdDeposit(_:scores:)``), and a deduction may name the
/// per-head money (pool `per_head`); a hospital-level deduction without a pool is taken
/// off the hospital's total, split over the places it is paid from (DRG pools, then per
/// head) in proportion to what each pays it after the deposit (``ProportionalSplit``).
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
      let perHeadPayees =
        quality.coversPerHead ? (perHead?.payees.map(\.hospital) ?? []) : []
      let missing = Set(pools.flatMap { $0.hospitals.map(\.hospital) } + perHeadPayees).filter {
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
      if quality.coversPerHead { perHead?.withholdDeposit(quality, scores: scores) }
    }
    perHead?.deductionDestination = destination
    guard !deductions.isEmpty else { return }
    // Where each wanted case is: only the case ids the deductions name are indexed.
    let wanted = Set(deductions.map(\.caseID).filter { !$0.isEmpty })
    var caseRow: [String: Int] = [:]
    if !wanted.isEmpty {
      for index in cases.indices {
        let id = cases.caseID(at: index)
        if wanted.contains(id) { caseRow[id] = caseRow[id] ?? index }
      }
    }
    for deduction in deductions {
      let place = "\(deduction.file) line \(deduction.line)"
      if !deduction.caseID.isEmpty {
        guard let row = caseRow[deduction.caseID] else {
          throw SettlementError("\(place): case \(deduction.caseID) is not in the grouped file")
        }
        guard poolOfCase[row] >= 0, hospitalOfCase[row] >= 0 else {
          throw SettlementError(
            "\(place): case \(deduction.caseID) is not paid (\(prices[row].reason)); nothing to deduct from"
          )
        }
        if deduction.pool == PerHeadSettlement.poolName {
          throw SettlementError(
            "\(place): case \(deduction.caseID) is paid from DRG pool \(pools[poolOfCase[row]].name), not per head; leave the pool empty or name the hospital instead of the case"
          )
        }
        pools[poolOfCase[row]].hospitals[Int(hospitalOfCase[row])].deductionFen +=
          deduction.amountFen
        continue
      }
      try deductFromHospital(deduction, place: place)
    }
  }

  /// Takes a hospital-level deduction off the DRG pool or per-head money it names, or —
  /// without a pool — off the hospital's total, split in proportion to what each place
  /// pays it after the deposit.
  private mutating func deductFromHospital(_ deduction: Deduction, place: String)
    throws(SettlementError)
  {
    let hospital = deduction.hospital
    let perHeadPayee =
      deduction.pool.isEmpty || deduction.pool == PerHeadSettlement.poolName
      ? perHead?.payee(hospital) : nil
    if deduction.pool == PerHeadSettlement.poolName {
      guard perHead != nil else {
        throw SettlementError(
          "\(place): pool \(PerHeadSettlement.poolName) names the per-head money, but this settlement has none (a perHead section with --enrolment and --outpatient)"
        )
      }
      guard let perHeadPayee else {
        throw SettlementError("\(place): hospital \(hospital) is paid nothing per head")
      }
      perHead?.deduct(deduction.amountFen, from: perHeadPayee)
      return
    }
    let places = pools.indices.compactMap { pool -> (Int, Int)? in
      guard deduction.pool.isEmpty || pools[pool].name == deduction.pool,
        let slot = pools[pool].hospitals.firstIndex(where: { $0.hospital == hospital })
      else { return nil }
      return (pool, slot)
    }
    if places.isEmpty && perHeadPayee == nil {
      throw SettlementError(
        deduction.pool.isEmpty
          ? "\(place): hospital \(hospital) has no paid case and no per-head payment"
          : "\(place): hospital \(hospital) has no paid case in pool \(deduction.pool)")
    }
    var weights = places.map { place -> Int64 in
      let paid = pools[place.0].hospitals[place.1]
      return max(0, paid.paymentFen + paid.yuanPaymentFen - paid.withheldFen + paid.returnedFen)
    }
    if let perHeadPayee, let perHead {
      weights.append(max(0, perHead.beforeDeductionsFen(of: perHeadPayee)))
    }
    let shares = ProportionalSplit.fen(deduction.amountFen, weights: weights)
    for (index, place) in places.enumerated() {
      pools[place.0].hospitals[place.1].deductionFen += shares[index]
    }
    if let perHeadPayee { perHead?.deduct(shares[places.count], from: perHeadPayee) }
  }
}
