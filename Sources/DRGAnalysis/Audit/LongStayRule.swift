@_spi(DRGPackage) import DRGKit
import DRGPayment
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
  /// What the rule saw.
  public struct Tally: Sendable, Equatable {
    /// Cases with a LOS of at least 1 day in a DRG with a norm, checked against it.
    public var staysChecked = 0
    /// DRGs with a norm.
    public var drgsWithNorm = 0
    /// DRGs with too few cases (or no spread) for a norm.
    public var drgsWithoutNorm = 0
    /// Cases with a LOS below 1 day (not in any norm, never flagged).
    public var shortStays = 0
    /// Cases flagged as long stays.
    public var flagged = 0
  }

  /// The thresholds (``AuditOptions/longStaySDs``, the minimum cases, per-diem categories).
  public var options: AuditOptions

  /// The rule under `options`.
  public init(options: AuditOptions) { self.options = options }

  /// The flags and the tally of `cases` (``stays(_:)`` then ``flags(_:names:)``).
  public func run(_ cases: AuditCases) -> (flags: [AuditFlag], tally: Tally) {
    let (stays, tally) = stays(cases)
    return (flags(stays, names: cases), tally)
  }

  /// The flagged stays in ids and numbers, in case order, with the norms of their DRGs, and
  /// the tally; enough for the flags without the cases.
  func stays(_ cases: AuditCases) -> (stays: LongStays, tally: Tally) {
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
    var found = LongStays(
      counts: counts, means: means, deviations: deviations, thresholds: thresholds)
    for index in 0..<cases.count {
      let stay = cases.lengthsOfStay[index]
      let drg = Int(cases.drgs[index])
      guard stay >= 1, thresholds[drg].isFinite else { continue }
      if options.longStayIsRestricted {
        let inADRG = chosenADRGs.contains(cases.drgADRG[drg])
        let inDepartment =
          !options.perDiemDepartments.isEmpty && cases.isInPerDiemDepartment(index)
        guard inADRG || inDepartment else { continue }
      }
      tally.staysChecked += 1
      guard Double(stay) > thresholds[drg] else { continue }
      found.stays.append(
        .init(
          line: cases.lines[index], hospital: cases.hospitals[index], drg: Int32(drg),
          lengthOfStay: stay))
    }
    tally.flagged = found.stays.count
    return (found, tally)
  }

  /// The stays flagged and the norms of the DRGs, by DRG id.
  struct LongStays: Sendable {
    var counts: [Int]
    /// Mean and sample standard deviation of ln LOS.
    var means: [Double]
    var deviations: [Double]
    var thresholds: [Double]
    var stays: [Stay] = []

    /// One flagged stay.
    struct Stay: Sendable {
      var line: UInt32
      var hospital: UInt32
      var drg: Int32
      var lengthOfStay: Float
    }
  }

  /// The flags of `found`, in its order; `names` gives the codes and hospital names (its
  /// cases may have been removed).
  func flags(_ found: LongStays, names: AuditCases) -> [AuditFlag] {
    found.stays.map { stay in
      let drg = Int(stay.drg)
      let code = names.drgCodes[drg]
      let mean = exp(found.means[drg])
      let days = Double(stay.lengthOfStay)
      var flag = AuditFlag(
        kind: .longStay, hospital: names.hospitalName(stay.hospital),
        adrg: names.adrg(ofDRG: stay.drg),
        reason:
          "LOS \(Self.days(days)) days > \(Self.days(found.thresholds[drg])) = geometric mean \(Self.days(mean)) × e^(\(Self.days(options.longStaySDs))·\(AuditNumber.fixed(found.deviations[drg], 4))) of ln LOS in DRG \(code) (\(found.counts[drg]) cases)"
      )
      flag.line = Int(stay.line)
      flag.drg = code
      flag.lengthOfStay = days
      flag.cases = found.counts[drg]
      flag.expected = mean
      flag.statistic = (log(days) - found.means[drg]) / found.deviations[drg]
      flag.threshold = found.thresholds[drg]
      return flag
    }
  }

  static func days(_ value: Double) -> String { AuditNumber.days(value) }
}
