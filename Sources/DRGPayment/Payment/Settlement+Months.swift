import DRGKit
import Foundation

/// Monthly provisional settlement of one pool ([D], §3.5):
///
/// ```
/// PV_m        = (point budget / 12) / points of the cases discharged in month m
/// prepaid_h,m = points_h,m × PV_m × prepayment ratio          (whole fen)
/// true-up_h   = annual final payment_h − Σ_m prepaid_h,m
/// ```
/// The point budget is the distributable budget less the yuan prices counted against it
/// (``PoolSettlement/pointBudgetFen``); cases paid in yuan are not prepaid: they are paid
/// with the true-up.
/// A case's month is the year-month of its discharge date (`2024-01`); cases without one are
/// left to the year-end clearing. The months listed are the 12 of the settlement year, or,
/// without one, the 12 of every calendar year from the earliest to the latest discharge
/// year of the paid cases (each month's budget is the distributable budget / 12 however
/// many years there are: give a settlement year).
public struct MonthlySettlement: Sendable, Equatable {
  /// One month of the pool: its cases, points, provisional point value and prepayments.
  public struct Month: Sendable, Equatable {
    /// Calendar year.
    public var year: Int
    /// 1…12.
    public var month: Int
    /// `YYYY-MM`.
    public var key: String { CivilDate.monthKey(year: year, month: month) }
    /// Cases of the pool discharged in the month, of every category (those priced in yuan
    /// add no points).
    public var cases = 0
    /// Σ points of those cases, in hundredths (cases paid in yuan count 0).
    public var centipoints: Int64 = 0
    /// Provisional yuan per point (0 without points).
    public var pointValue = 0.0
    /// Per hospital, in the pool's hospital order.
    public var centipointsByHospital: [Int64]
    /// Prepayment per hospital, in the pool's hospital order: points × PV_m × prepayment
    /// ratio, whole fen.
    public var prepaidFen: [Int64]
  }

  /// The pool's name.
  public var pool: String
  /// The months of the settlement year (or of every year with discharges), in order.
  public var months: [Month]
  /// Σ prepayments per hospital.
  public var prepaidFen: [Int64]
  /// Annual final payment (after quality and deductions) − prepaid, per hospital
  /// (negative: the hospital pays back).
  public var trueUpFen: [Int64]
}

extension Settlement {
  /// The calendar years whose months `months.csv` lists: the settlement year, else every
  /// year from the earliest to the latest discharge year of the paid cases.
  var monthYears: [Int] {
    if let year { return [year] }
    guard let first = dischargeYears.first, let last = dischargeYears.last else { return [] }
    return Array(first...last)
  }

  /// The monthly trajectory of every pool.
  public func monthly(prepaymentRatio: Double) -> [MonthlySettlement] {
    let years = monthYears
    let totals = monthlyTotals(firstYear: years.first ?? 0, monthCount: years.count * 12)
    let monthCount = years.count * 12
    return pools.enumerated().map { poolIndex, pool in
      let count = pool.hospitals.count
      var months = (0..<monthCount).map {
        MonthlySettlement.Month(
          year: years[$0 / 12], month: $0 % 12 + 1,
          centipointsByHospital: Array(repeating: 0, count: count),
          prepaidFen: Array(repeating: 0, count: count))
      }
      for m in 0..<monthCount {
        let cell = poolIndex * monthCount + m
        months[m].cases = totals.cases[cell]
        for h in 0..<count {
          let points = totals.centipoints[cell * totals.width + h]
          months[m].centipointsByHospital[h] = points
          months[m].centipoints += points
        }
      }
      let monthlyBudget = Double(pool.pointBudgetFen) / 12
      var prepaid = Array(repeating: Int64(0), count: count)
      for m in months.indices where months[m].centipoints > 0 {
        // fen per centipoint = yuan per point.
        let pv = monthlyBudget / Double(months[m].centipoints)
        months[m].pointValue = pv
        for h in 0..<count {
          let fen = WholeNumber.rounded(
            Double(months[m].centipointsByHospital[h]) * pv * prepaymentRatio)
          months[m].prepaidFen[h] = fen
          prepaid[h] += fen
        }
      }
      let trueUp = (0..<count).map { pool.hospitals[$0].finalPaymentFen - prepaid[$0] }
      return MonthlySettlement(
        pool: pool.name, months: months, prepaidFen: prepaid, trueUpFen: trueUp)
    }
  }

  /// Cases per (pool, month) and centipoints per (pool, month, hospital) of the cases with
  /// a discharge date, summed over blocks of cases in parallel. Month m counts from January
  /// of `firstYear`; cell (pool × monthCount + m); hospital h of a cell at cell × width + h.
  func monthlyTotals(firstYear: Int, monthCount: Int) -> (
    cases: [Int], centipoints: [Int64], width: Int
  ) {
    let width = max(1, pools.map(\.hospitals.count).max() ?? 1)
    let cells = pools.count * monthCount
    let blockSize = 262_144
    let blocks = (cases.count + blockSize - 1) / blockSize
    let parts = BlockResults<([Int], [Int64])>(count: max(blocks, 1))
    // The month of every day of the months listed, from the first day of the first.
    let firstDay = CivilDate.firstDay(year: firstYear, month: 1)
    var monthOfDay: [Int32] = []
    for m in 0..<monthCount {
      let start = CivilDate.firstDay(year: firstYear + m / 12, month: m % 12 + 1)
      let end = CivilDate.firstDay(year: firstYear + (m + 1) / 12, month: (m + 1) % 12 + 1)
      monthOfDay.append(contentsOf: repeatElement(Int32(m), count: end - start))
    }
    do {
      let monthOfDay = monthOfDay
      forEachBlock(count: cases.count, blockSize: blockSize) { block, range in
        var counts = [Int](repeating: 0, count: cells)
        var points = [Int64](repeating: 0, count: cells * width)
        for index in range where poolOfCase[index] >= 0 && hospitalOfCase[index] >= 0 {
          guard let day = cases.dischargeDay(at: index) else { continue }
          // A day outside the months listed is in none of them.
          let offset = day - firstDay
          guard offset >= 0 && offset < monthOfDay.count else { continue }
          let m = Int(monthOfDay[offset])
          let cell = poolOfCase[index] * monthCount + m
          counts[cell] += 1
          points[cell * width + Int(hospitalOfCase[index])] += prices.centipoints(at: index)
        }
        parts.set(block, (counts, points))
      }
    }
    var counts = [Int](repeating: 0, count: cells)
    var points = [Int64](repeating: 0, count: cells * width)
    for block in 0..<blocks {
      guard let part = parts.take(block) else { continue }
      for cell in 0..<cells { counts[cell] += part.0[cell] }
      for slot in points.indices { points[slot] += part.1[slot] }
    }
    return (counts, points, width)
  }

  /// Writes `months.csv` (pool, month `YYYY-MM`, hospital, points, provisional point value,
  /// prepayment; a row with hospital `*` per pool and month) and `trueup.csv` (pool,
  /// hospital, annual payment, prepaid, true-up) into `directory`.
  public func writeMonthly(prepaymentRatio: Double, to directory: String) throws(FileError) {
    let base = URL(fileURLWithPath: directory)
    let trajectories = monthly(prepaymentRatio: prepaymentRatio)
    let monthsWriter = try CSVWriter(path: base.appendingPathComponent("months.csv").path)
    monthsWriter.append(
      "pool,month,hospital_id,cases,points,provisional_point_value,prepayment\n")
    let trueUpWriter = try CSVWriter(path: base.appendingPathComponent("trueup.csv").path)
    trueUpWriter.append("pool,hospital_id,payment,prepaid,true_up\n")
    for (pool, trajectory) in zip(pools, trajectories) {
      for month in trajectory.months {
        let pv = String(format: "%.6f", month.pointValue)
        let total = month.prepaidFen.reduce(0, +)
        monthsWriter.append(
          "\(Self.csv(pool.name)),\(month.key),*,\(month.cases),\(Self.points(month.centipoints)),\(pv),\(Self.yuan(total))\n"
        )
        for (h, hospital) in pool.hospitals.enumerated() where month.centipointsByHospital[h] > 0 {
          monthsWriter.append(
            "\(Self.csv(pool.name)),\(month.key),\(Self.csv(hospital.hospital)),,\(Self.points(month.centipointsByHospital[h])),\(pv),\(Self.yuan(month.prepaidFen[h]))\n"
          )
        }
      }
      for (h, hospital) in pool.hospitals.enumerated() {
        trueUpWriter.append(
          "\(Self.csv(pool.name)),\(Self.csv(hospital.hospital)),\(Self.yuan(hospital.finalPaymentFen)),\(Self.yuan(trajectory.prepaidFen[h])),\(Self.yuan(trajectory.trueUpFen[h]))\n"
        )
      }
    }
    perHead?.appendTrueUpRows(to: trueUpWriter)
    try monthsWriter.finish()
    try trueUpWriter.finish()
    if let perHead, let year = perHeadMonthsYear {
      try perHead.writeMonths(year: year, to: directory)
    }
  }

  private static func csv(_ text: String) -> String {
    var buffer: [UInt8] = []
    var text = text
    text.withUTF8 { CSVWriter.appendField($0, to: &buffer) }
    return String(decoding: buffer, as: UTF8.self)
  }
}

extension CSVWriter {
  fileprivate func append(_ text: String) {
    var text = text
    text.withUTF8 { append($0) }
  }
}
