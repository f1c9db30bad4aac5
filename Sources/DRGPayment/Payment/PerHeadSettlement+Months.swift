import DRGKit
import Foundation

/// The per-head prepayment month by month (`--period month`): every unit is prepaid
/// monthly_u = round(N⁰_u × k⁰ / 12 × prepaymentRatio) fen in each of the 12 months of the
/// settlement year, an alliance's members their share of it; the year-end true-up (in
/// `perhead.csv`, and in `trueup.csv` under pool `per_head`) is final payment − the 12
/// months.
extension PerHeadSettlement {
  /// Writes `perhead_months.csv` into `directory`: per month (`YYYY-MM` of `year`) a row
  /// with the month's total (`*`, `*`), then each unit (hospital_id `*` for an alliance) and
  /// each alliance member; columns month, unit, hospital_id, prepayment.
  /// - Throws: ``FileError`` when the file cannot be written.
  public func writeMonths(year: Int, to directory: String) throws(FileError) {
    let path = URL(fileURLWithPath: directory).appendingPathComponent("perhead_months.csv").path
    let writer = try CSVWriter(path: path)
    Self.row(["month", "unit", "hospital_id", "prepayment"], writer)
    let total = units.reduce(Int64(0)) { $0 + $1.monthlyPrepaidFen }
    for month in 1...12 {
      let key = CivilDate.monthKey(year: year, month: month)
      Self.row([key, "*", "*", Settlement.yuan(total)], writer)
      for unit in units {
        Self.row(
          [
            key, unit.name, unit.isAlliance ? "*" : unit.name,
            Settlement.yuan(unit.monthlyPrepaidFen),
          ],
          writer)
        for member in unit.members {
          Self.row(
            [key, unit.name, member.hospital, Settlement.yuan(member.monthlyPrepaidFen)], writer)
        }
      }
    }
    try writer.finish()
  }

  /// The rows of `trueup.csv` for the hospitals paid per head (pool `per_head`): final
  /// payment, prepaid (12 months), true-up.
  func appendTrueUpRows(to writer: CSVWriter) {
    for payee in payees {
      let (final, prepaid, trueUp) =
        payee.member.map {
          let member = units[payee.unit].members[$0]
          return (member.finalPaymentFen, member.prepaidFen, member.trueUpFen)
        }
        ?? (
          units[payee.unit].finalPaymentFen, units[payee.unit].prepaidFen,
          units[payee.unit].trueUpFen
        )
      Self.row(
        [
          Self.poolName, payee.hospital, Settlement.yuan(final), Settlement.yuan(prepaid),
          Settlement.yuan(trueUp),
        ], writer)
    }
  }

  /// One CSV row of `fields`.
  static func row(_ fields: [String], _ writer: CSVWriter) {
    for (index, field) in fields.enumerated() {
      if index > 0 { writer.appendByte(ASCII.comma) }
      writer.appendField(field)
    }
    writer.appendByte(ASCII.lf)
  }
}

extension Settlement {
  /// The year whose months `perhead_months.csv` lists: the settlement year, else the one
  /// calendar year of the paid cases' discharges; `nil` when there is none or several
  /// (the yearly capitation belongs to no one year: the file is not written, and the
  /// command says so).
  public var perHeadMonthsYear: Int? {
    let years = monthYears
    return years.count == 1 ? years[0] : nil
  }
}
