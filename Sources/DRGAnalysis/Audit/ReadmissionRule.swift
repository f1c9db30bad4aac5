@_spi(DRGPackage) import DRGKit
import DRGPayment

/// Readmissions of the same patient within N days with a related diagnosis (分解住院
/// suspects).
///
/// The stays of each patient are put in admission order. A stay is paired with the most
/// recent earlier stay (among the 64 before it) that is related to it and was discharged
/// 0 to N days before it was admitted (gap = admission day − earlier discharge day, so a
/// same-day readmission has gap 0). Pairs where either stay is in an exempt ADRG are not
/// flagged but counted. Overlapping stays (gap < 0) are counted, not flagged.
public struct ReadmissionRule: Sendable {
  /// What the rule saw.
  public struct Tally: Sendable, Equatable {
    /// Stays with a patient id and a usable pair of dates.
    public var staysChecked = 0
    /// Distinct patients among those stays.
    public var patients = 0
    /// Readmissions flagged.
    public var flagged = 0
    /// Flagged readmissions to the same hospital.
    public var sameHospital = 0
    /// Flagged readmissions to another hospital.
    public var otherHospital = 0
    /// Related pairs within the window left out because a stay is in an exempt ADRG.
    public var exemptPairs = 0
    /// Stays admitted before the patient's previous stay was discharged.
    public var overlappingStays = 0
  }

  /// The window (``AuditOptions/readmissionDays``), the relations and the exempt ADRGs.
  public var options: AuditOptions
  /// How far back a stay looks for a related earlier stay.
  static let lookBack = 64

  /// The rule under `options`.
  public init(options: AuditOptions) { self.options = options }

  /// The flags and the tally of `cases` (``pairs(_:)`` then ``flags(_:names:)``).
  public func run(_ cases: AuditCases) -> (flags: [AuditFlag], tally: Tally) {
    let (pairs, tally) = pairs(cases)
    return (flags(pairs, names: cases), tally)
  }

  /// The flagged pairs in ids and numbers, ordered by the later stay's line, and the tally.
  /// Each pair carries what its flag says, so that the cases can be freed before the flags
  /// are written out as text.
  func pairs(_ cases: AuditCases) -> (pairs: [Pair], tally: Tally) {
    var tally = Tally()
    let buckets = StayBuckets(cases)
    tally.staysChecked = buckets.order.count
    let exempt = Set(options.exemptADRGs.compactMap { cases.adrgID($0) })
    var pairs: [Pair] = []
    var stays: [StayKey] = []
    for bucket in 0..<buckets.count {
      // The bucket's stays in the order of the whole sort: every stay of a patient is in
      // the patient's bucket, and the buckets come in the order of the hash's top bits.
      buckets.keys(bucket, of: cases, into: &stays)
      stays.sort()
      var patientStart = 0
      for position in stays.indices {
        let later = stays[position]
        if position == 0 || stays[position - 1].patient != later.patient {
          patientStart = position
          tally.patients += 1
          continue
        }
        if later.admission < stays[position - 1].discharge {
          tally.overlappingStays += 1
        }
        var back = position - 1
        while back >= max(patientStart, position - Self.lookBack) {
          let earlierStay = stays[back]
          back -= 1
          let gap = Int(later.admission) - Int(earlierStay.discharge)
          guard gap >= 0, gap <= options.readmissionDays else { continue }
          let earlier = Int(earlierStay.index)
          let laterIndex = Int(later.index)
          let relations = relations(cases, earlier, laterIndex)
          guard relations != 0 else { continue }
          if exempt.contains(cases.drgADRG[Int(cases.drgs[earlier])])
            || exempt.contains(cases.drgADRG[Int(cases.drgs[laterIndex])])
          {
            tally.exemptPairs += 1
          } else {
            let pair = Pair(
              line: cases.lines[laterIndex], earlierLine: cases.lines[earlier],
              hospital: cases.hospitals[laterIndex], earlierHospital: cases.hospitals[earlier],
              drg: cases.drgs[laterIndex], earlierDRG: cases.drgs[earlier], gap: Int32(gap),
              category: cases.diagnosisCategories[earlier], relations: relations)
            if pair.hospitalsKnown {
              if pair.hospital == pair.earlierHospital {
                tally.sameHospital += 1
              } else {
                tally.otherHospital += 1
              }
            }
            pairs.append(pair)
          }
          break
        }
      }
    }
    pairs.sort { $0.line < $1.line }
    tally.flagged = pairs.count
    return (pairs, tally)
  }

  /// A flagged pair of stays: ids into the name tables and the numbers of its flag.
  struct Pair: Sendable {
    /// Lines of the later stay (the flagged case) and of the earlier one.
    var line: UInt32
    var earlierLine: UInt32
    var hospital: UInt32
    var earlierHospital: UInt32
    var drg: Int32
    var earlierDRG: Int32
    var gap: Int32
    /// The earlier stay's principal-diagnosis category (the later one's too when `dx3`
    /// relates them).
    var category: UInt32
    /// The relations that hold, one bit per ``AuditOptions/Relation`` (``relationBit(_:)``).
    var relations: UInt8

    var hospitalsKnown: Bool {
      hospital != AuditCases.noHospital && earlierHospital != AuditCases.noHospital
    }
  }

  static func relationBit(_ relation: AuditOptions.Relation) -> UInt8 {
    switch relation {
    case .adrg: 1
    case .dx3: 2
    case .mdc: 4
    case .drg: 8
    }
  }

  /// The chosen relations that hold between two stays, as bits.
  private func relations(_ cases: AuditCases, _ first: Int, _ second: Int) -> UInt8 {
    let drgA = Int(cases.drgs[first])
    let drgB = Int(cases.drgs[second])
    var found: UInt8 = 0
    for relation in options.relations {
      let holds: Bool
      switch relation {
      case .adrg:
        let adrg = cases.drgADRG[drgA]
        holds = adrg == cases.drgADRG[drgB] && !cases.adrgCodes[Int(adrg)].isEmpty
      case .dx3:
        let category = cases.diagnosisCategories[first]
        holds = category != 0 && category == cases.diagnosisCategories[second]
      case .mdc:
        let mdc = cases.drgMDC[drgA]
        holds = mdc == cases.drgMDC[drgB] && !cases.mdcCodes[Int(mdc)].isEmpty
      case .drg:
        holds = drgA == drgB
      }
      if holds { found |= Self.relationBit(relation) }
    }
    return found
  }

  /// The flags of `pairs`, in their order; `names` gives the codes and hospital names (its
  /// cases may have been removed).
  func flags(_ pairs: [Pair], names: AuditCases) -> [AuditFlag] {
    pairs.map { flag($0, names) }
  }

  private func flag(_ pair: Pair, _ names: AuditCases) -> AuditFlag {
    let hospital = names.hospitalName(pair.hospital)
    let earlierHospital = names.hospitalName(pair.earlierHospital)
    let known = pair.hospitalsKnown
    let same = pair.hospital == pair.earlierHospital
    let labels: [AuditOptions.Relation: String] = [
      .adrg: "same ADRG", .dx3: "same principal-diagnosis category", .mdc: "same MDC",
      .drg: "same DRG",
    ]
    // The relations in the order they were asked for, each with the code it shares.
    let earlierDRG = Int(pair.earlierDRG)
    let relations = options.relations.filter { pair.relations & Self.relationBit($0) != 0 }
      .map { relation -> (AuditOptions.Relation, String) in
        switch relation {
        case .adrg: (relation, names.adrgCodes[Int(names.drgADRG[earlierDRG])])
        case .dx3: (relation, AuditHashing.categoryText(pair.category))
        case .mdc: (relation, names.mdcCodes[Int(names.drgMDC[earlierDRG])])
        case .drg: (relation, names.drgCodes[earlierDRG])
        }
      }
    let destination =
      !known
      ? "a hospital not known (no hospital_id)"
      : same
        ? "the same hospital \(hospital)" : "another hospital (\(earlierHospital) → \(hospital))"
    let related = relations.map { "\(labels[$0.0] ?? $0.0.rawValue) \($0.1)" }
      .joined(separator: " and ")
    let gap = Int(pair.gap)
    var flag = AuditFlag(
      kind: .readmission, hospital: hospital, adrg: names.adrg(ofDRG: pair.drg),
      reason:
        "readmitted \(gap) day\(gap == 1 ? "" : "s") after discharge (window \(options.readmissionDays)) to \(destination); \(related)"
    )
    flag.line = Int(pair.line)
    flag.relatedLine = Int(pair.earlierLine)
    flag.relatedHospital = earlierHospital
    flag.drg = names.drgCodes[Int(pair.drg)]
    flag.relatedDRG = names.drgCodes[earlierDRG]
    flag.relation = relations.map(\.0.rawValue).joined(separator: ";")
    flag.hospitals = !known ? "unknown" : same ? "same" : "other"
    flag.gapDays = gap
    flag.threshold = Double(options.readmissionDays)
    return flag
  }
}
