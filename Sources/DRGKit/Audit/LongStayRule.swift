import Foundation

/// Stays far beyond the norm of their DRG (stretched stays under per-diem payment): the
/// "GM + k SD" rule of the payment-formulas reference (§1.3, Cots et al. 2004).
///
/// Per DRG, over its cases with a LOS of at least 1 day: m and s, the mean and sample
/// standard deviation (n − 1) of ln LOS. A case is flagged when LOS > e^(m + k·s), the
/// geometric mean × e^(k·s) (k = 2 by default). DRGs with fewer cases than the minimum,
/// or with s = 0, get no norm. The norm is over all cases of the DRG, the long stays
/// included; with per-diem categories chosen, only cases of those ADRGs or departments are
/// flagged.
public struct LongStayRule: Sendable {
  public struct Tally: Sendable, Equatable {
    /// Cases with a LOS of at least 1 day in a DRG with a norm, checked against it.
    public var staysChecked = 0
    /// DRGs with a norm.
    public var drgsWithNorm = 0
    /// DRGs with too few cases (or no spread) for a norm.
    public var drgsWithoutNorm = 0
    /// Cases with a LOS below 1 day (not in any norm, never flagged).
    public var shortStays = 0
    public var flagged = 0
  }

  public var options: AuditOptions

  public init(options: AuditOptions) { self.options = options }

  public func run(_ cases: AuditCases) -> (flags: [AuditFlag], tally: Tally) {
    var tally = Tally()
    let drgCount = cases.drgCodes.count
    var counts = [Int](repeating: 0, count: drgCount)
    var sums = [Double](repeating: 0, count: drgCount)
    for index in 0..<cases.count {
      let stay = cases.lengthsOfStay[index]
      guard !stay.isNaN else { continue }
      guard stay >= 1 else {
        tally.shortStays += 1
        continue
      }
      counts[Int(cases.drgs[index])] += 1
      sums[Int(cases.drgs[index])] += log(Double(stay))
    }
    let means = (0..<drgCount).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : 0 }
    var squares = [Double](repeating: 0, count: drgCount)
    for index in 0..<cases.count {
      let stay = cases.lengthsOfStay[index]
      guard stay >= 1 else { continue }
      let drg = Int(cases.drgs[index])
      let deviation = log(Double(stay)) - means[drg]
      squares[drg] += deviation * deviation
    }
    var deviations = [Double](repeating: 0, count: drgCount)
    var thresholds = [Double](repeating: .infinity, count: drgCount)
    for drg in 0..<drgCount where counts[drg] > 0 {
      let n = counts[drg]
      let sd = n > 1 ? (squares[drg] / Double(n - 1)).squareRoot() : 0
      deviations[drg] = sd
      if n >= options.longStayMinimumCases && sd > 0 {
        thresholds[drg] = exp(means[drg] + options.longStaySDs * sd)
        tally.drgsWithNorm += 1
      } else {
        tally.drgsWithoutNorm += 1
      }
    }
    let chosenADRGs = Set(options.perDiemADRGs.compactMap { cases.adrgID($0) })
    var flags: [AuditFlag] = []
    for index in 0..<cases.count {
      let stay = cases.lengthsOfStay[index]
      let drg = Int(cases.drgs[index])
      guard stay >= 1, thresholds[drg].isFinite else { continue }
      if options.longStayIsRestricted {
        let inADRG = chosenADRGs.contains(cases.drgADRG[drg])
        let inDepartment = !options.perDiemDepartments.isEmpty && cases.inPerDiemDepartment[index]
        guard inADRG || inDepartment else { continue }
      }
      tally.staysChecked += 1
      guard Double(stay) > thresholds[drg] else { continue }
      let code = cases.drgCodes[drg]
      let mean = exp(means[drg])
      var flag = AuditFlag(
        kind: .longStay, hospital: cases.hospitalName(cases.hospitals[index]),
        adrg: cases.adrg(ofCase: index),
        reason:
          "LOS \(Self.days(Double(stay))) days > \(Self.days(thresholds[drg])) = geometric mean \(Self.days(mean)) × e^(\(Self.days(options.longStaySDs))·\(AuditNumber.fixed(deviations[drg], 4))) of ln LOS in DRG \(code) (\(counts[drg]) cases)"
      )
      flag.line = Int(cases.lines[index])
      flag.drg = code
      flag.lengthOfStay = Double(stay)
      flag.cases = counts[drg]
      flag.expected = mean
      flag.statistic = (log(Double(stay)) - means[drg]) / deviations[drg]
      flag.threshold = thresholds[drg]
      flags.append(flag)
    }
    tally.flagged = flags.count
    return (flags, tally)
  }

  static func days(_ value: Double) -> String { AuditNumber.days(value) }
}
