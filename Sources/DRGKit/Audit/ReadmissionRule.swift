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
    public var patients = 0
    public var flagged = 0
    public var sameHospital = 0
    public var otherHospital = 0
    /// Related pairs within the window left out because a stay is in an exempt ADRG.
    public var exemptPairs = 0
    /// Stays admitted before the patient's previous stay was discharged.
    public var overlappingStays = 0
  }

  public var options: AuditOptions
  /// How far back a stay looks for a related earlier stay.
  static let lookBack = 64

  public init(options: AuditOptions) { self.options = options }

  public func run(_ cases: AuditCases) -> (flags: [AuditFlag], tally: Tally) {
    var tally = Tally()
    var order: [Int32] = []
    order.reserveCapacity(cases.count)
    for index in 0..<cases.count
    where cases.patients[index] != 0 && cases.admissions[index] != AuditCases.noDate {
      order.append(Int32(index))
    }
    tally.staysChecked = order.count
    cases.patients.withUnsafeBufferPointer { patients in
      cases.admissions.withUnsafeBufferPointer { admissions in
        cases.discharges.withUnsafeBufferPointer { discharges in
          order.sort { left, right in
            let l = Int(left)
            let r = Int(right)
            if patients[l] != patients[r] { return patients[l] < patients[r] }
            if admissions[l] != admissions[r] { return admissions[l] < admissions[r] }
            if discharges[l] != discharges[r] { return discharges[l] < discharges[r] }
            return left < right
          }
        }
      }
    }
    let exempt = Set(options.exemptADRGs.compactMap { cases.adrgID($0) })
    var flags: [AuditFlag] = []
    var patientStart = 0
    for position in 0..<order.count {
      let later = Int(order[position])
      if position == 0 || cases.patients[Int(order[position - 1])] != cases.patients[later] {
        patientStart = position
        tally.patients += 1
        continue
      }
      if cases.admissions[later] < cases.discharges[Int(order[position - 1])] {
        tally.overlappingStays += 1
      }
      var back = position - 1
      while back >= max(patientStart, position - Self.lookBack) {
        let earlier = Int(order[back])
        back -= 1
        let gap = Int(cases.admissions[later]) - Int(cases.discharges[earlier])
        guard gap >= 0, gap <= options.readmissionDays else { continue }
        let relations = relations(cases, earlier, later)
        guard !relations.isEmpty else { continue }
        let adrgs = [
          cases.drgADRG[Int(cases.drgs[earlier])], cases.drgADRG[Int(cases.drgs[later])],
        ]
        if adrgs.contains(where: exempt.contains) {
          tally.exemptPairs += 1
        } else {
          let flag = makeFlag(cases, earlier, later, gap: gap, relations: relations)
          if flag.hospitals == "same" { tally.sameHospital += 1 }
          if flag.hospitals == "other" { tally.otherHospital += 1 }
          flags.append(flag)
        }
        break
      }
    }
    flags.sort { ($0.line ?? 0) < ($1.line ?? 0) }
    tally.flagged = flags.count
    return (flags, tally)
  }

  /// The chosen relations that hold between two stays, with the shared code.
  private func relations(_ cases: AuditCases, _ first: Int, _ second: Int) -> [(
    AuditOptions.Relation, String
  )] {
    let drgA = Int(cases.drgs[first])
    let drgB = Int(cases.drgs[second])
    var found: [(AuditOptions.Relation, String)] = []
    for relation in options.relations {
      switch relation {
      case .adrg:
        let adrg = cases.drgADRG[drgA]
        if adrg == cases.drgADRG[drgB], !cases.adrgCodes[Int(adrg)].isEmpty {
          found.append((.adrg, cases.adrgCodes[Int(adrg)]))
        }
      case .dx3:
        let category = cases.diagnosisCategories[first]
        if category != 0, category == cases.diagnosisCategories[second] {
          found.append((.dx3, AuditHashing.categoryText(category)))
        }
      case .mdc:
        let mdc = cases.drgMDC[drgA]
        if mdc == cases.drgMDC[drgB], !cases.mdcCodes[Int(mdc)].isEmpty {
          found.append((.mdc, cases.mdcCodes[Int(mdc)]))
        }
      case .drg:
        if drgA == drgB { found.append((.drg, cases.drgCodes[drgA])) }
      }
    }
    return found
  }

  private func makeFlag(
    _ cases: AuditCases, _ earlier: Int, _ later: Int, gap: Int,
    relations: [(AuditOptions.Relation, String)]
  ) -> AuditFlag {
    let hospital = cases.hospitalName(cases.hospitals[later])
    let earlierHospital = cases.hospitalName(cases.hospitals[earlier])
    let known =
      cases.hospitals[later] != AuditCases.noHospital
      && cases.hospitals[earlier] != AuditCases.noHospital
    let same = cases.hospitals[later] == cases.hospitals[earlier]
    let names: [AuditOptions.Relation: String] = [
      .adrg: "same ADRG", .dx3: "same principal-diagnosis category", .mdc: "same MDC",
      .drg: "same DRG",
    ]
    let destination =
      !known
      ? "a hospital not known (no hospital_id)"
      : same
        ? "the same hospital \(hospital)" : "another hospital (\(earlierHospital) → \(hospital))"
    let related = relations.map { "\(names[$0.0] ?? $0.0.rawValue) \($0.1)" }
      .joined(separator: " and ")
    var flag = AuditFlag(
      kind: .readmission, hospital: hospital, adrg: cases.adrg(ofCase: later),
      reason:
        "readmitted \(gap) day\(gap == 1 ? "" : "s") after discharge (window \(options.readmissionDays)) to \(destination); \(related)"
    )
    flag.line = Int(cases.lines[later])
    flag.relatedLine = Int(cases.lines[earlier])
    flag.relatedHospital = earlierHospital
    flag.drg = cases.drgCodes[Int(cases.drgs[later])]
    flag.relatedDRG = cases.drgCodes[Int(cases.drgs[earlier])]
    flag.relation = relations.map(\.0.rawValue).joined(separator: ";")
    flag.hospitals = !known ? "unknown" : same ? "same" : "other"
    flag.gapDays = gap
    flag.threshold = Double(options.readmissionDays)
    return flag
  }
}
