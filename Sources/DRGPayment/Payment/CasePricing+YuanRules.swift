import DRGKit
import Foundation

// The rules that may pay a case in yuan: new-technology exemption, per-diem (points or
// yuan per day, by hospital level), day surgery and single disease (points or a yuan price
// by hospital level).

extension CasePricing {
  /// Yuan per point used to convert a yuan amount into points (`pool: points`): the mean
  /// cost of all cases / points per average case.
  public var referencePointValue: Double { meanCostAllCases / policy.pointsPerAverageCase }

  /// The price of a rule with fixed `points` or a yuan `price` by level, at `hospital`.
  func fixedPrice(
    _ category: CaseCategory, rule: String, points: Double?, price: SettlementPolicy.YuanRate,
    pool: SettlementPolicy.YuanPool, hospital: String, rw: Double
  ) -> CasePrice {
    if let points { return CasePrice(category, points, rule, rw: rw) }
    let level = level(hospital)
    guard let yuan = price.yuan(level: level) else {
      return .noPrice(
        "\(rule): no yuan price for \(level.isEmpty ? "a hospital without a level" : "level '\(level)'") (hospital \(hospital)); give \"yuan\" or this level in \"yuanByLevel\""
      )
    }
    return CasePrice(
      category, yuan: yuan, pool: pool, yuanPerPoint: referencePointValue,
      "\(rule), \(level.isEmpty ? "" : "level \(level), ")\(Self.format(yuan)) yuan", rw: rw)
  }

  /// Points or yuan of a per-diem case: Σ over segments (in the order listed) of the days
  /// of the stay in the segment × the segment's rate at the hospital's level.
  func perDiemPrice(
    _ category: SettlementPolicy.PerDiemCategory, _ item: SettlementCase, rw: Double
  ) -> CasePrice {
    let days = max(item.los ?? 1, 1)
    let byLevel = category.segments.contains {
      !$0.pointsPerDayByLevel.isEmpty || !$0.yuanPerDayByLevel.isEmpty
    }
    let level = byLevel ? level(item.hospital) : ""
    var amount = 0.0
    for segment in category.segments {
      let last = min(days, segment.toDay ?? Int.max)
      guard last >= segment.fromDay else { continue }
      guard let rate = segment.rate(level: level) else {
        return .noPrice(
          "per diem \(category.name): the segment from day \(segment.fromDay) has no rate for \(level.isEmpty ? "a hospital without a level" : "level '\(level)'") (hospital \(item.hospital))"
        )
      }
      amount += Double(last - segment.fromDay + 1) * rate
    }
    let reason =
      "per diem \(category.name), \(days) days"
      + (byLevel && !level.isEmpty ? ", level \(level)" : "")
    guard category.segments.first?.inYuan ?? false else {
      return CasePrice(.perDiem, amount, reason, rw: rw)
    }
    return CasePrice(
      .perDiem, yuan: amount, pool: category.pool, yuanPerPoint: referencePointValue, reason,
      rw: rw)
  }

  /// The rules tried after special review and before per-diem: the new-technology
  /// exemption (cost × share in yuan, from where its pool says).
  func newTechnologyPrice(_ item: SettlementCase, rw: Double) -> CasePrice? {
    guard !policy.newTechnology.isEmpty, !item.mainProcedure.isEmpty else { return nil }
    for rule in policy.newTechnology {
      guard let code = rule.matchingCode(item.mainProcedure[...]) else { continue }
      return CasePrice(
        .newTechnology, yuan: item.cost * rule.costShare, pool: rule.pool,
        yuanPerPoint: referencePointValue,
        "new technology \(rule.name) (\(code)): cost × \(Self.format(rule.costShare))",
        rw: rw)
    }
    return nil
  }

  /// Day surgery, tried after per-diem and before single disease.
  func daySurgeryPrice(_ item: SettlementCase, rw: Double) -> CasePrice? {
    for rule in policy.daySurgery
    where rule.matches(
      drg: item.drg, adrg: item.adrg, procedures: item.mainProcedure[...], los: item.los)
    {
      return fixedPrice(
        .daySurgery, rule: "day surgery \(rule.name)", points: rule.points, price: rule.price,
        pool: rule.pool, hospital: item.hospital, rw: rw)
    }
    return nil
  }
}
