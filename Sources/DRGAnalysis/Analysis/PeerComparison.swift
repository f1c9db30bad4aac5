import DRGKit
import DRGPayment
import Foundation

/// `drg compare --peers level`: hospitals compared within their level (from the hospitals
/// file), each level a region of its own.
///
/// The cases of each level's hospitals are compared exactly as a whole file is: the
/// regional means behind the indices, the trimming fences, the leave-one-out cell
/// benchmarks, the false-discovery family, the risk classes and expected deaths (unless
/// `--reference` gives them) and the funnel limits all come from that level's cases only.
/// CMI does not depend on peers. Every output row carries its `peer_group`.
public struct PeerComparison: Sendable {
  /// One level's comparison, with ``HospitalComparison/peerGroup`` set, ordered by level.
  public var groups: [HospitalComparison]
  /// The cases of each group (in the same order), for the department view.
  public var cases: [ComparisonCases]
  /// The hospitals file the levels came from.
  public var source: String

  /// - Throws: ``RecordError`` naming the hospitals file's line of a hospital of the data
  ///   whose level is empty (every hospital must be in the file: see
  ///   ``HospitalTable/checkKnown(_:in:)``).
  public init(
    cases: ComparisonCases, hospitals: HospitalTable, weights: WeightsTable?,
    trimming: IndexTrimming, options: ComparisonOptions
  ) throws(RecordError) {
    var byLevel: [String: [UInt32]] = [:]
    for (index, name) in cases.unitNames.enumerated() {
      guard let hospital = hospitals[name], !hospital.level.isEmpty else {
        throw RecordError(
          file: hospitals.file, line: hospitals[name]?.line ?? 0,
          message:
            "hospital \(name) has no level: --peers level compares each hospital with the hospitals of its own level; fill in its level"
        )
      }
      byLevel[hospital.level, default: []].append(UInt32(index))
    }
    source = hospitals.file
    var groups: [HospitalComparison] = []
    var parts: [ComparisonCases] = []
    for level in byLevel.keys.sorted() {
      let part = cases.subset(units: byLevel[level] ?? [])
      var comparison = HospitalComparison(
        cases: part, weights: weights, trimming: trimming, options: options)
      comparison.peerGroup = "level=\(level)"
      comparison.hospitalTable = hospitals
      comparison.drgNames = part.drgNames.merging(weights?.names ?? [:]) { grouped, _ in grouped }
      groups.append(comparison)
      parts.append(part)
    }
    self.groups = groups
    self.cases = parts
  }

  /// The statement of the peer basis at the head of methods.txt and the report.
  public var statement: String {
    let listed = groups.map { "\($0.peerGroup ?? "") (\($0.units.count) hospitals)" }
    return
      "Peers: hospitals are compared within their level (--peers level; levels from \((source as NSString).lastPathComponent)): \(listed.joined(separator: ", ")). Each level is a region of its own: regional means, trimming fences, cell benchmarks, Benjamini–Hochberg families, risk classes and expected deaths (unless --reference), funnel limits and shrinkage come from that level's cases only. CMI does not depend on peers."
  }

  /// Writes the compare files with a `peer_group` column and methods.txt with the peer
  /// statement, each level's methods and `extraMethods` (sections of other files).
  public func write(to directory: String, forms: [ConsumptionIndexForm], extraMethods: String = "")
    throws
  {
    var methods =
      "drg compare — peer groups\n\n\(statement)\n\n"
      + groups.map {
        "==== peer_group \($0.peerGroup ?? "") ====\n"
          + $0.methodsText(unit: .hospital, forms: forms)
      }.joined(separator: "\n\n")
    if !extraMethods.isEmpty { methods += "\n\n" + extraMethods }
    try HospitalComparison.write(
      groups, to: directory, unit: .hospital, forms: forms, methods: methods)
  }
}
