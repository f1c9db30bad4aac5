import Foundation

/// Monthly provisional settlement of one pool ([D], §3.5):
///
/// ```
/// PV_m        = (distributable budget / 12) / points of the cases discharged in month m
/// prepaid_h,m = points_h,m × PV_m × prepayment ratio          (whole fen)
/// true-up_h   = annual payment_h − Σ_m prepaid_h,m
/// ```
/// A case's month is that of its discharge date; cases without one are left to the year-end
/// clearing.
public struct MonthlySettlement: Sendable, Equatable {
  public struct Month: Sendable, Equatable {
    /// 1…12.
    public var month: Int
    public var cases = 0
    public var centipoints: Int64 = 0
    /// Provisional yuan per point (0 without points).
    public var pointValue = 0.0
    /// Per hospital, in the pool's hospital order.
    public var centipointsByHospital: [Int64]
    public var prepaidFen: [Int64]
  }

  public var pool: String
  public var months: [Month]
  /// Σ prepayments per hospital.
  public var prepaidFen: [Int64]
  /// Annual payment − prepaid, per hospital (negative: the hospital pays back).
  public var trueUpFen: [Int64]
}

extension Settlement {
  /// Month of a day count since 1970-01-01 (civil calendar).
  static func month(ofDay day: Int) -> Int {
    let z = day + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    return mp < 10 ? mp + 3 : mp - 9
  }

  /// The monthly trajectory of every pool.
  public func monthly(prepaymentRatio: Double) -> [MonthlySettlement] {
    let totals = monthlyTotals()
    return pools.enumerated().map { poolIndex, pool in
      let count = pool.hospitals.count
      var months = (1...12).map {
        MonthlySettlement.Month(
          month: $0, centipointsByHospital: Array(repeating: 0, count: count),
          prepaidFen: Array(repeating: 0, count: count))
      }
      for m in 0..<12 {
        let cell = poolIndex * 12 + m
        months[m].cases = totals.cases[cell]
        for h in 0..<count {
          let points = totals.centipoints[cell * totals.width + h]
          months[m].centipointsByHospital[h] = points
          months[m].centipoints += points
        }
      }
      let monthlyBudget = Double(pool.distributableFen) / 12
      var prepaid = Array(repeating: Int64(0), count: count)
      for m in months.indices where months[m].centipoints > 0 {
        // fen per centipoint = yuan per point.
        let pv = monthlyBudget / Double(months[m].centipoints)
        months[m].pointValue = pv
        for h in 0..<count {
          let fen = (Double(months[m].centipointsByHospital[h]) * pv * prepaymentRatio).rounded()
          months[m].prepaidFen[h] = Int64(fen)
          prepaid[h] += Int64(fen)
        }
      }
      let trueUp = (0..<count).map { pool.hospitals[$0].paymentFen - prepaid[$0] }
      return MonthlySettlement(
        pool: pool.name, months: months, prepaidFen: prepaid, trueUpFen: trueUp)
    }
  }

  /// Cases per (pool, month) and centipoints per (pool, month, hospital) of the cases with
  /// a discharge date, summed over blocks of cases in parallel. Cell (pool × 12 + month − 1);
  /// hospital h of a cell at cell × width + h.
  func monthlyTotals() -> (cases: [Int], centipoints: [Int64], width: Int) {
    let width = max(1, pools.map(\.hospitals.count).max() ?? 1)
    let cells = pools.count * 12
    let blockSize = 262_144
    let blocks = (cases.count + blockSize - 1) / blockSize
    let parts = BlockResults<([Int], [Int64])>(count: max(blocks, 1))
    cases.withUnsafeBufferPointer { caseBuffer in
      let cases = SharedBuffer(caseBuffer)
      forEachBlock(count: caseBuffer.count, blockSize: blockSize) { block, range in
        var counts = [Int](repeating: 0, count: cells)
        var points = [Int64](repeating: 0, count: cells * width)
        for index in range where poolOfCase[index] >= 0 && hospitalOfCase[index] >= 0 {
          guard let day = cases.base[index].dischargeDay else { continue }
          let cell = poolOfCase[index] * 12 + Self.month(ofDay: day) - 1
          counts[cell] += 1
          points[cell * width + Int(hospitalOfCase[index])] += prices[index].centipoints
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

  /// Writes `months.csv` (pool, month, hospital, points, provisional point value,
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
          "\(Self.csv(pool.name)),\(month.month),*,\(month.cases),\(Self.points(month.centipoints)),\(pv),\(Self.yuan(total))\n"
        )
        for (h, hospital) in pool.hospitals.enumerated() where month.centipointsByHospital[h] > 0 {
          monthsWriter.append(
            "\(Self.csv(pool.name)),\(month.month),\(Self.csv(hospital.hospital)),,\(Self.points(month.centipointsByHospital[h])),\(pv),\(Self.yuan(month.prepaidFen[h]))\n"
          )
        }
      }
      for (h, hospital) in pool.hospitals.enumerated() {
        trueUpWriter.append(
          "\(Self.csv(pool.name)),\(Self.csv(hospital.hospital)),\(Self.yuan(hospital.paymentFen)),\(Self.yuan(trajectory.prepaidFen[h])),\(Self.yuan(trajectory.trueUpFen[h]))\n"
        )
      }
    }
    try monthsWriter.finish()
    try trueUpWriter.finish()
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
