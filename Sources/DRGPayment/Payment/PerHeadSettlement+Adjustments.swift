import DRGKit

/// The quality deposit and review deductions on per-head money (``SettlementPolicy/Quality``
/// with `coversPerHead`, `--deductions` rows with pool `per_head` or none), per hospital
/// paid per head — a unit outside every alliance, or a member of an alliance (its split
/// payment):
///
/// ```
/// withheld_h = round(payment_h × withholdShare)                          fen
/// returned_h = round(withheld_h × returned share of the hospital's score)
/// final_h    = payment_h − withheld_h + returned_h − deductions_h
/// ```
/// An alliance's row sums its members'. Like the DRG pools, the factor does not change:
/// what is withheld and not returned stays with the fund, deducted money goes where
/// `deductions.destination` says.
extension PerHeadSettlement {
  /// The value of the `pool` column of `--deductions` that names the per-head money.
  public static let poolName = "per_head"

  /// A hospital paid per head.
  package struct Payee: Sendable, Equatable {
    /// The hospital's id.
    package var hospital: String
    /// Its unit's position in ``PerHeadSettlement/units``.
    package var unit: Int
    /// Its position among the unit's members, or `nil` for a unit outside every alliance.
    package var member: Int?
  }

  /// The hospitals paid per head, in the order of `perhead.csv`.
  package var payees: [Payee] {
    units.indices.flatMap { unit -> [Payee] in
      guard units[unit].isAlliance else {
        return [Payee(hospital: units[unit].name, unit: unit, member: nil)]
      }
      return units[unit].members.indices.map {
        Payee(hospital: units[unit].members[$0].hospital, unit: unit, member: $0)
      }
    }
  }

  /// The payee of `hospital`, or `nil` when it is paid nothing per head.
  package func payee(_ hospital: String) -> Payee? {
    payees.first { $0.hospital == hospital }
  }

  /// The payee's payment after the bands, fen.
  package func paymentFen(of payee: Payee) -> Int64 {
    payee.member.map { units[payee.unit].members[$0].paymentFen } ?? units[payee.unit].paymentFen
  }

  /// The payee's payment after the deposit and before deductions, fen.
  func beforeDeductionsFen(of payee: Payee) -> Int64 {
    if let member = payee.member {
      let row = units[payee.unit].members[member]
      return row.paymentFen - row.withheldFen + row.returnedFen
    }
    let row = units[payee.unit]
    return row.paymentFen - row.withheldFen + row.returnedFen
  }

  /// Holds back round(payment × `withholdShare`) from every payee and returns the share of
  /// it its score gives.
  /// - Parameter scores: assessment score by hospital id; a payee without one gets none
  ///   back (the caller checks that every payee has one).
  mutating func withholdDeposit(_ quality: SettlementPolicy.Quality, scores: [String: Double]) {
    for payee in payees {
      let withheld = Int64((Double(paymentFen(of: payee)) * quality.withholdShare).rounded())
      let share = quality.returnedShare(score: scores[payee.hospital] ?? 0)
      let returned = Int64((Double(withheld) * share).rounded())
      units[payee.unit].withheldFen += withheld
      units[payee.unit].returnedFen += returned
      if let member = payee.member {
        units[payee.unit].members[member].withheldFen += withheld
        units[payee.unit].members[member].returnedFen += returned
      }
    }
  }

  /// Takes `fen` off the payee's per-head payment.
  mutating func deduct(_ fen: Int64, from payee: Payee) {
    units[payee.unit].deductionFen += fen
    if let member = payee.member { units[payee.unit].members[member].deductionFen += fen }
  }
}
