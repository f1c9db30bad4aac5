@_spi(DRGPackage) import DRGKit
import DRGPayment
import Foundation

/// Hospitals whose share of MCC/CC cases within an ADRG is far above their peers'
/// (高编高套 / 诊断升级 signal).
///
/// Only ADRGs split by complications count: those with a DRG ending in 5 (without CC) and
/// one ending in 1 (with MCC) or 3 (with CC) among the cases. In such an ADRG, hospital h
/// has n cases in DRGs ending 1, 3 or 5, x of them in 1 or 3. Its peers are all other
/// hospitals pooled: p₀ = (X − x)/(N − n). The statistic is the one-sided exact binomial
/// test p = P(Bin(n, p₀) ≥ x). Cells with n or N − n below the minimum are not tested. A
/// cell is flagged when x/n > p₀ and p ≤ α/m, with m the number of cells tested
/// (Bonferroni: at most α chance of any false flag when no hospital differs).
public struct UpcodingRule: Sendable {
  /// What the rule saw.
  public struct Tally: Sendable, Equatable {
    /// ADRGs split by complications.
    public var splitADRGs = 0
    /// Hospital × ADRG cells tested.
    public var cellsTested = 0
    /// Cells with too few cases (own or peers') to test.
    public var cellsTooSmall = 0
    /// Hospital × ADRG cells flagged.
    public var flagged = 0
    /// The per-cell p threshold α/m.
    public var threshold = 0.0
  }

  /// The significance level and the minimum cases of a cell.
  public var options: AuditOptions

  /// The rule under `options`.
  public init(options: AuditOptions) { self.options = options }

  /// The complication level a DRG code's last character spells: 1 MCC, 3 CC, 5 none.
  static func severity(_ code: String) -> UInt8? {
    switch code.utf8.last {
    case UInt8(ascii: "1"): 1
    case UInt8(ascii: "3"): 3
    case UInt8(ascii: "5"): 5
    default: nil
    }
  }

  /// The flags and the tally of `cases`: one flag per hospital × ADRG cell flagged.
  public func run(_ cases: AuditCases) -> (flags: [AuditFlag], tally: Tally) {
    var tally = Tally()
    let adrgCount = cases.adrgCodes.count
    let hospitalCount = cases.hospitalNames.count
    let severities = cases.drgCodes.map(Self.severity)
    // Which ADRGs are split: a DRG ending 5 and one ending 1 or 3 among the cases.
    var hasPlain = [Bool](repeating: false, count: adrgCount)
    var hasComplicated = [Bool](repeating: false, count: adrgCount)
    var drgUsed = [Bool](repeating: false, count: cases.drgCodes.count)
    for drg in cases.drgs { drgUsed[Int(drg)] = true }
    for (drg, severity) in severities.enumerated() where drgUsed[drg] {
      let adrg = Int(cases.drgADRG[drg])
      if severity == 5 { hasPlain[adrg] = true }
      if severity == 1 || severity == 3 { hasComplicated[adrg] = true }
    }
    let split = (0..<adrgCount).map { hasPlain[$0] && hasComplicated[$0] }
    tally.splitADRGs = split.filter { $0 }.count
    // Cases and MCC/CC cases per (split ADRG, hospital), in flat arrays.
    var splitIndex = [Int](repeating: -1, count: adrgCount)
    var splitCodes: [Int] = []
    for adrg in 0..<adrgCount where split[adrg] {
      splitIndex[adrg] = splitCodes.count
      splitCodes.append(adrg)
    }
    var cellCases = [Int32](repeating: 0, count: splitCodes.count * hospitalCount)
    var cellEvents = [Int32](repeating: 0, count: splitCodes.count * hospitalCount)
    for index in 0..<cases.count {
      let hospital = cases.hospitals[index]
      let drg = Int(cases.drgs[index])
      guard hospital != AuditCases.noHospital, let severity = severities[drg] else { continue }
      let row = splitIndex[Int(cases.drgADRG[drg])]
      guard row >= 0 else { continue }
      cellCases[row * hospitalCount + Int(hospital)] += 1
      if severity != 5 { cellEvents[row * hospitalCount + Int(hospital)] += 1 }
    }
    var totals = [(cases: Int, events: Int)](repeating: (0, 0), count: splitCodes.count)
    for key in 0..<cellCases.count {
      totals[key / hospitalCount].cases += Int(cellCases[key])
      totals[key / hospitalCount].events += Int(cellEvents[key])
    }
    // Test every cell with enough cases on both sides.
    var tested: [(key: Int, p: Double, peerRate: Double)] = []
    for key in 0..<cellCases.count where cellCases[key] > 0 {
      let cell = (cases: Int(cellCases[key]), events: Int(cellEvents[key]))
      let total = totals[key / hospitalCount]
      let peerCases = total.cases - cell.cases
      guard cell.cases >= options.upcodingMinimumCases, peerCases >= options.upcodingMinimumCases
      else {
        tally.cellsTooSmall += 1
        continue
      }
      let peerRate = Double(total.events - cell.events) / Double(peerCases)
      let p = BinomialTest.upperTail(cell.events, trials: cell.cases, probability: peerRate)
      tested.append((key, p, peerRate))
    }
    tally.cellsTested = tested.count
    tally.threshold = tested.isEmpty ? 0 : options.upcodingAlpha / Double(tested.count)
    var flags: [AuditFlag] = []
    for test in tested {
      let cell = (cases: Int(cellCases[test.key]), events: Int(cellEvents[test.key]))
      let rate = Double(cell.events) / Double(cell.cases)
      guard rate > test.peerRate, test.p <= tally.threshold else { continue }
      let row = test.key / hospitalCount
      let hospital = cases.hospitalNames[test.key % hospitalCount]
      let peerCases = totals[row].cases - cell.cases
      let expected = Double(cell.cases) * test.peerRate
      let variance = expected * (1 - test.peerRate)
      let code = cases.adrgCodes[splitCodes[row]]
      var flag = AuditFlag(
        kind: .upcoding, hospital: hospital, adrg: code,
        reason:
          "\(cell.events) of \(cell.cases) cases (\(Self.percent(rate))) of ADRG \(code) in the MCC/CC DRGs (ending 1 or 3) against \(Self.percent(test.peerRate)) at the other hospitals (\(peerCases) cases); one-sided exact binomial p = \(Self.scientific(test.p)) ≤ \(Self.scientific(tally.threshold)) (α \(options.upcodingAlpha) / \(tested.count) cells, Bonferroni)"
      )
      flag.cases = cell.cases
      flag.events = cell.events
      flag.rate = rate
      flag.peerCases = peerCases
      flag.peerRate = test.peerRate
      flag.expected = expected
      flag.statistic = variance > 0 ? (Double(cell.events) - expected) / variance.squareRoot() : nil
      flag.pValue = test.p
      flag.threshold = tally.threshold
      flags.append(flag)
    }
    flags.sort { ($0.adrg, $0.hospital) < ($1.adrg, $1.hospital) }
    tally.flagged = flags.count
    return (flags, tally)
  }

  static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
  static func scientific(_ value: Double) -> String { String(format: "%.3g", value) }
}
