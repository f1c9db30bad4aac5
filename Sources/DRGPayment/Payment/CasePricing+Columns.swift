import DRGKit

/// Prices the cases of a ``SettlementCases`` straight from its columns, giving the same
/// price as ``CasePricing/price(_:)`` on the whole case.
///
/// What the rules need of a DRG (relative weight, base points, mean cost, thresholds), a
/// hospital (coefficient, level), a leaving code or a status is worked out once per distinct
/// text, so that a plain case costs a few array reads and no text is hashed. A case that a
/// code-listing rule could take (special review, new technology, per-diem, day surgery,
/// single disease: its DRG, ADRG, diagnosis or procedure is listed, or holds a listed code
/// prefix), or an `invalid` one, is built whole and priced by ``CasePricing/price(_:)``.
struct ColumnPricer: Sendable {
  private let pricing: CasePricing
  private let cases: SettlementCases

  /// Per text id: a code-listing rule could take a case with this text in one of its code
  /// columns (conservative: such cases take the general path).
  private let listed: [Bool]
  /// Per text id: the text as a status (``StatusKind``).
  private let statusKind: [StatusKind]
  /// Per text id: whether the text, as a leaving code, marks an incomplete stay.
  private let incomplete: [Bool]
  /// Per text id: whether ``SettlementPolicy/feeForService`` lists it as a DRG / an ADRG.
  private let feeForServiceDRG: [Bool]
  private let feeForServiceADRG: [Bool]
  /// Per text id used as a DRG: its slot in ``drgs`` (−1: not a DRG of these cases).
  private let drgSlot: [Int32]
  private let drgs: [DRGFacts]
  /// Per text id used as a hospital id: its slot in ``hospitals``.
  private let hospitalSlot: [Int32]
  private let hospitals: [HospitalFacts]
  /// High and low thresholds by DRG slot × level slot.
  private let highThresholds: [Double]
  private let lowThresholds: [Double]
  private let levelCount: Int
  private let hasSpecialReview: Bool

  enum StatusKind: UInt8, Sendable {
    /// Priced as grouped (`grouped`, or another status).
    case grouped
    /// `invalid`: excluded, with the row's problem.
    case invalid
    /// `ungroupable` or `ambiguous`: no DRG.
    case noDRG
  }

  struct DRGFacts: Sendable {
    var isEmpty: Bool
    var relativeWeight: Double
    var basePoints: Double?
    var meanCost: Double?
  }

  struct HospitalFacts: Sendable {
    /// The coefficient, when the policy gives it (method `given`): it then does not depend
    /// on the DRG.
    var coefficient: Double
    var levelSlot: Int
  }

  init(pricing: CasePricing, cases: SettlementCases) {
    self.pricing = pricing
    self.cases = cases
    let policy = pricing.policy
    let texts = cases.texts
    hasSpecialReview = !policy.specialReview.isEmpty
    listed = Self.listedTexts(texts, policy: policy)
    let incompleteLeaving = Set(policy.incompleteStay.leaving)
    statusKind = texts.map { text in
      text == "invalid"
        ? .invalid : text == "ungroupable" || text == "ambiguous" ? .noDRG : .grouped
    }
    incomplete = texts.map { incompleteLeaving.contains($0) }
    let feeForService = policy.feeForService
    feeForServiceDRG = texts.map { feeForService.matches(drg: $0, adrg: "") }
    feeForServiceADRG = texts.map { feeForService.matches(drg: "", adrg: $0) }

    var drgSlot = [Int32](repeating: -1, count: texts.count)
    var drgs: [DRGFacts] = []
    var drgNames: [String] = []
    for id in cases.drgID where drgSlot[Int(id)] < 0 {
      let drg = texts[Int(id)]
      drgSlot[Int(id)] = Int32(drgs.count)
      drgNames.append(drg)
      drgs.append(
        DRGFacts(
          isEmpty: drg.isEmpty, relativeWeight: pricing.weights?.groups[drg]?.relativeWeight ?? 0,
          basePoints: pricing.basePoints(drg), meanCost: pricing.meanCost(drg)))
    }
    var hospitalSlot = [Int32](repeating: -1, count: texts.count)
    var hospitals: [HospitalFacts] = []
    var levels: [String] = []
    for id in cases.hospitalID where hospitalSlot[Int(id)] < 0 {
      let hospital = texts[Int(id)]
      let level = pricing.level(hospital)
      let levelSlot = levels.firstIndex(of: level) ?? levels.count
      if levelSlot == levels.count { levels.append(level) }
      hospitalSlot[Int(id)] = Int32(hospitals.count)
      hospitals.append(
        HospitalFacts(coefficient: pricing.coefficient(hospital), levelSlot: levelSlot))
    }
    // Without high-outlier brackets (a policy built in code; a loaded one has one at least)
    // the table stays empty and the general path's threshold is used.
    let hasBrackets = !pricing.policy.highOutlier.brackets.isEmpty
    var high = [Double](repeating: 0, count: hasBrackets ? drgs.count * levels.count : 0)
    var low = [Double](repeating: 0, count: drgs.count * levels.count)
    for (slot, facts) in drgs.enumerated() {
      guard let bp = facts.basePoints else { continue }
      for (levelSlot, level) in levels.enumerated() {
        if hasBrackets {
          high[slot * levels.count + levelSlot] = pricing.highThreshold(
            basePoints: bp, level: level)
        }
        low[slot * levels.count + levelSlot] = pricing.lowThreshold(basePoints: bp, level: level)
      }
    }
    self.drgSlot = drgSlot
    self.drgs = drgs
    self.hospitalSlot = hospitalSlot
    self.hospitals = hospitals
    highThresholds = high
    lowThresholds = low
    levelCount = levels.count
  }

  /// Marks the texts that a code-listing rule could take: listed as a DRG or ADRG by a
  /// per-diem, day-surgery or single-disease rule, or (not empty and) holding one of the
  /// code prefixes of a single-disease, day-surgery or new-technology rule anywhere in its
  /// bytes. A text that is not ASCII, or any text when a prefix is not ASCII, is marked, so
  /// that Unicode equivalence never lets a case slip past the mark.
  static func listedTexts(_ texts: [String], policy: SettlementPolicy) -> [Bool] {
    var codes = Set<String>()
    var prefixes: [[UInt8]] = []
    for category in policy.perDiem {
      codes.formUnion(category.selector.drgs)
      codes.formUnion(category.selector.adrgs)
    }
    for rule in policy.daySurgery {
      codes.formUnion(rule.drgs)
      codes.formUnion(rule.adrgs)
      prefixes += rule.procedures.map { Array($0.utf8) }
    }
    for disease in policy.singleDisease {
      codes.formUnion(disease.drgs)
      codes.formUnion(disease.adrgs)
      prefixes += disease.diagnoses.map { Array($0.utf8) }
      prefixes += disease.procedures.map { Array($0.utf8) }
    }
    for rule in policy.newTechnology { prefixes += rule.procedures.map { Array($0.utf8) } }
    prefixes.removeAll { $0.isEmpty }
    let prefixesASCII = prefixes.allSatisfy { $0.allSatisfy { $0 < 0x80 } }
    return texts.map { text in
      if text.isEmpty { return false }
      if codes.contains(text) { return true }
      if prefixes.isEmpty { return false }
      if !prefixesASCII { return true }
      var text = text
      return text.withUTF8 { bytes in
        if bytes.contains(where: { $0 >= 0x80 }) { return true }
        return prefixes.contains { Self.bytes(bytes, contain: $0) }
      }
    }
  }

  /// Whether `pattern` (not empty) occurs in `bytes`.
  private static func bytes(_ bytes: UnsafeBufferPointer<UInt8>, contain pattern: [UInt8]) -> Bool {
    guard pattern.count <= bytes.count else { return false }
    let first = pattern[0]
    var start = 0
    while start + pattern.count <= bytes.count {
      if bytes[start] == first {
        var offset = 1
        while offset < pattern.count && bytes[start + offset] == pattern[offset] { offset += 1 }
        if offset == pattern.count { return true }
      }
      start += 1
    }
    return false
  }

  /// The price of the case at `index`, before the readmission rule: the same as
  /// ``CasePricing/price(_:)`` of `cases[index]`.
  func price(at index: Int) -> CasePrice {
    let drgText = Int(cases.drgID[index])
    let adrgText = Int(cases.adrgID[index])
    let status = statusKind[Int(cases.statusID[index])]
    if status == .invalid || listed[drgText] || listed[adrgText]
      || listed[Int(cases.diagnosisID[index])] || listed[Int(cases.procedureID[index])]
      || (hasSpecialReview && pricing.policy.specialReview[cases.caseID(at: index)] != nil)
    {
      return pricing.price(cases[index])
    }
    let drg = drgs[Int(drgSlot[drgText])]
    let rw = drg.relativeWeight
    let cost = cases.cost[index]
    if feeForServiceDRG[drgText] || feeForServiceADRG[adrgText] {
      return CasePrice(.feeForService, pricing.costPoints(cost), "fee for service", rw: rw)
    }
    let policy = pricing.policy
    if drg.isEmpty || status == .noDRG {
      let status = cases.texts[Int(cases.statusID[index])]
      if let points = policy.ungroupable.points {
        return CasePrice(.ungroupable, points, "no DRG (\(status)), fixed points")
      }
      return CasePrice(
        .ungroupable, pricing.costPoints(cost) * policy.ungroupable.factor,
        "no DRG (\(status)), cost / mean of all")
    }
    guard let bp = drg.basePoints, let mean = drg.meanCost, mean > 0 else {
      return CasePrice(
        .unpriced, pricing.costPoints(cost),
        "DRG \(cases.texts[drgText]) has no base points; paid by cost")
    }
    let hospitalText = Int(cases.hospitalID[index])
    let hospital = hospitals[Int(hospitalSlot[hospitalText])]
    let coefficient =
      pricing.needsCoefficientData
      ? pricing.coefficient(cases.texts[hospitalText], drg: cases.texts[drgText])
      : hospital.coefficient
    let ratio = cost / mean
    let leavingText = Int(cases.leavingID[index])
    if incomplete[leavingText] {
      return CasePrice(
        .incomplete, min(bp * coefficient * ratio, bp),
        "incomplete stay (leaving \(cases.texts[leavingText]))", rw: rw)
    }
    let thresholdSlot = Int(drgSlot[drgText]) * levelCount + hospital.levelSlot
    if policy.highOutlier.enabled {
      let threshold =
        highThresholds.isEmpty
        ? pricing.highThreshold(basePoints: bp, level: pricing.level(cases.texts[hospitalText]))
        : highThresholds[thresholdSlot]
      if ratio > threshold {
        let points = bp * coefficient + (ratio - threshold) * bp * policy.highOutlier.addOnShare
        return CasePrice(
          .high, points,
          "cost \(CasePricing.format(ratio))× mean > \(CasePricing.format(threshold))×", rw: rw)
      }
    }
    if policy.lowOutlier.enabled {
      let threshold = lowThresholds[thresholdSlot]
      if ratio < threshold {
        return CasePrice(
          .low, bp * coefficient * ratio,
          "cost \(CasePricing.format(ratio))× mean < \(CasePricing.format(threshold))×", rw: rw)
      }
    }
    return CasePrice(.normal, bp * coefficient, "", rw: rw)
  }
}
