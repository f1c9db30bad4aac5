import DRGKit

/// Final payments below zero. The year-end settlement is
/// `年度清算_h = PV × points_h − 已预付 − 扣款` (§3.5 of payment-formulas.md): nothing bounds
/// it below, so deductions (and a kept deposit) larger than what a hospital is paid leave a
/// negative final payment — an amount the hospital owes back to the fund. It is kept as
/// it is (clamping it at 0 would silently forgive the rest of the deduction and break the
/// pool's sums), and named in a warning.
extension Settlement {
  /// One place a hospital's final payment is below zero.
  public struct NegativeFinalPayment: Sendable, Equatable {
    /// The DRG pool's name, or ``PerHeadSettlement/poolName`` for the per-head money.
    public var pool: String
    /// The hospital's id.
    public var hospital: String
    /// The final payment, fen (below zero).
    public var finalPaymentFen: Int64
  }

  /// Every hospital whose final payment in a pool (`hospitals.csv`) or per head
  /// (`perhead.csv`, a unit outside an alliance or an alliance's member) is below zero, in
  /// the order of those files.
  public var negativeFinalPayments: [NegativeFinalPayment] {
    var found: [NegativeFinalPayment] = []
    for pool in pools {
      for hospital in pool.hospitals where hospital.finalPaymentFen < 0 {
        found.append(
          NegativeFinalPayment(
            pool: pool.name, hospital: hospital.hospital,
            finalPaymentFen: hospital.finalPaymentFen))
      }
    }
    for unit in perHead?.units ?? [] {
      if unit.isAlliance {
        for member in unit.members where member.finalPaymentFen < 0 {
          found.append(
            NegativeFinalPayment(
              pool: PerHeadSettlement.poolName, hospital: member.hospital,
              finalPaymentFen: member.finalPaymentFen))
        }
      } else if unit.finalPaymentFen < 0 {
        found.append(
          NegativeFinalPayment(
            pool: PerHeadSettlement.poolName, hospital: unit.name,
            finalPaymentFen: unit.finalPaymentFen))
      }
    }
    return found
  }

  /// The warning naming the hospitals with a negative final payment (at most 10, then
  /// `…`), or none.
  package func negativeFinalLines() -> [String] {
    let found = negativeFinalPayments
    guard !found.isEmpty else { return [] }
    let named = found.prefix(10).map {
      "\($0.hospital) (pool \($0.pool)) \(Self.yuan($0.finalPaymentFen))"
    }
    let count = found.count
    return [
      "WARNING: \(count) final payment\(count > 1 ? "s are" : " is") negative: deductions (and the deposit kept) exceed what the hospital is paid: \(named.joined(separator: ", "))\(count > 10 ? " …" : ""); the hospital owes the amount back (final_payment in hospitals.csv or perhead.csv); check the deductions file if that is not meant"
    ]
  }
}
