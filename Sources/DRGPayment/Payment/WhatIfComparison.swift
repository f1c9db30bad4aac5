import DRGKit
import Foundation

/// One hospital in one pool settled two ways: the base policy and a what-if (a second
/// policy and/or a changed budget). A side is `nil` when the hospital has no cases in that
/// pool under it (e.g. the what-if policy has other pools).
public struct WhatIfRow: Sendable, Equatable {
  /// The pool's name.
  public var pool: String
  /// The hospital's code.
  public var hospital: String
  /// The hospital under the base policy (`nil`: no cases in this pool under it).
  public var base: HospitalSettlement?
  /// The hospital under the what-if (`nil`: no cases in this pool under it).
  public var whatIf: HospitalSettlement?
  /// Yuan per point of the pool under the base policy (`nil`: no such pool).
  public var basePointValue: Double?
  /// Yuan per point of the pool under the what-if (`nil`: no such pool).
  public var whatIfPointValue: Double?

  /// What-if payment − base payment, fen (a missing side counts 0): after the sharing
  /// bands, before the quality deposit and the deductions.
  public var paymentChangeFen: Int64 { (whatIf?.paymentFen ?? 0) - (base?.paymentFen ?? 0) }
  /// What-if final payment − base final payment, fen (a missing side counts 0): after the
  /// quality deposit and the deductions, when both settlements had them applied
  /// (``Settlement/applyAdjustments(quality:scores:deductions:destination:)``).
  public var finalPaymentChangeFen: Int64 {
    (whatIf?.finalPaymentFen ?? 0) - (base?.finalPaymentFen ?? 0)
  }
  /// Change of payment − actual cost (surplus kept or overspend borne), fen.
  public var balanceChangeFen: Int64 { Self.balance(whatIf) - Self.balance(base) }

  static func balance(_ side: HospitalSettlement?) -> Int64 {
    side.map { $0.paymentFen - $0.actualFen } ?? 0
  }
}

extension Settlement {
  /// Pairs every pool and hospital of `base` and `whatIf` by pool name and hospital id, in
  /// the order of the base pools (then pools only the what-if has), hospitals sorted by id.
  public static func compare(base: Settlement, whatIf: Settlement) -> [WhatIfRow] {
    var names = base.pools.map(\.name)
    for pool in whatIf.pools where !names.contains(pool.name) { names.append(pool.name) }
    var rows: [WhatIfRow] = []
    for name in names {
      let left = base.pools.first { $0.name == name }
      let right = whatIf.pools.first { $0.name == name }
      var byHospital: [String: (HospitalSettlement?, HospitalSettlement?)] = [:]
      for hospital in left?.hospitals ?? [] { byHospital[hospital.hospital] = (hospital, nil) }
      for hospital in right?.hospitals ?? [] {
        byHospital[hospital.hospital, default: (nil, nil)].1 = hospital
      }
      for hospital in byHospital.keys.sorted() {
        let pair = byHospital[hospital]!
        rows.append(
          WhatIfRow(
            pool: name, hospital: hospital, base: pair.0, whatIf: pair.1,
            basePointValue: left?.solution.pointValue,
            whatIfPointValue: right?.solution.pointValue))
      }
    }
    return rows
  }

  /// Writes `whatif.csv` into `directory`: per pool and hospital, points, point value,
  /// payment (after the sharing bands, before the deposit and deductions, as `payment` in
  /// hospitals.csv), balance (that payment − actual cost: surplus kept if positive,
  /// overspend borne if negative) and final payment (after the quality deposit and the
  /// deductions, as `final_payment` in hospitals.csv) under the base and the what-if, and
  /// the changes.
  public static func writeWhatIf(_ rows: [WhatIfRow], to directory: String) throws(FileError) {
    let path = URL(fileURLWithPath: directory).appendingPathComponent("whatif.csv").path
    let writer = try CSVWriter(path: path)
    var lines =
      "pool,hospital_id,points_base,points_whatif,points_change,point_value_base,point_value_whatif,payment_base,payment_whatif,payment_change,balance_base,balance_whatif,balance_change,final_payment_base,final_payment_whatif,final_payment_change\n"
    func value(_ number: Double?) -> String { number.map { String(format: "%.6f", $0) } ?? "" }
    for row in rows {
      let fields: [String] = [
        csvField(row.pool), csvField(row.hospital),
        row.base.map { points($0.centipoints) } ?? "",
        row.whatIf.map { points($0.centipoints) } ?? "",
        points((row.whatIf?.centipoints ?? 0) - (row.base?.centipoints ?? 0)),
        value(row.basePointValue), value(row.whatIfPointValue),
        row.base.map { yuan($0.paymentFen) } ?? "", row.whatIf.map { yuan($0.paymentFen) } ?? "",
        yuan(row.paymentChangeFen),
        row.base.map { yuan(WhatIfRow.balance($0)) } ?? "",
        row.whatIf.map { yuan(WhatIfRow.balance($0)) } ?? "",
        yuan(row.balanceChangeFen),
        row.base.map { yuan($0.finalPaymentFen) } ?? "",
        row.whatIf.map { yuan($0.finalPaymentFen) } ?? "",
        yuan(row.finalPaymentChangeFen),
      ]
      lines += fields.joined(separator: ",") + "\n"
    }
    var text = lines
    text.withUTF8 { writer.append($0) }
    try writer.finish()
  }

  /// Summary lines: per pool, the point values and the hospitals whose final payment
  /// (after the deposit and the deductions) gains and loses most.
  public static func whatIfSummary(_ rows: [WhatIfRow]) -> [String] {
    var lines: [String] = []
    var pools: [String] = []
    for row in rows where !pools.contains(row.pool) { pools.append(row.pool) }
    for pool in pools {
      let members = rows.filter { $0.pool == pool }
      let first = members[0]
      func value(_ number: Double?) -> String { number.map { String(format: "%.4f", $0) } ?? "–" }
      var line =
        "what-if pool \(pool): point value \(value(first.basePointValue)) → \(value(first.whatIfPointValue)); "
      let gains = members.filter { $0.finalPaymentChangeFen > 0 }.count
      let losses = members.filter { $0.finalPaymentChangeFen < 0 }.count
      line += "\(gains) hospitals paid more, \(losses) less (final payment)"
      if let most = members.max(by: { $0.finalPaymentChangeFen < $1.finalPaymentChangeFen }),
        most.finalPaymentChangeFen > 0
      {
        line += "; most +\(yuan(most.finalPaymentChangeFen)) \(most.hospital)"
      }
      if let least = members.min(by: { $0.finalPaymentChangeFen < $1.finalPaymentChangeFen }),
        least.finalPaymentChangeFen < 0
      {
        line += "; least \(yuan(least.finalPaymentChangeFen)) \(least.hospital)"
      }
      lines.append(line)
    }
    return lines
  }

  static func csvField(_ text: String) -> String {
    var buffer: [UInt8] = []
    var text = text
    text.withUTF8 { CSVWriter.appendField($0, to: &buffer) }
    return String(decoding: buffer, as: UTF8.self)
  }
}
