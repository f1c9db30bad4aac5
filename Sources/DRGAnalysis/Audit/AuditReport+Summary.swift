@_spi(DRGPackage) import DRGKit
import DRGPayment

extension AuditReport {
  /// The summary `drg audit` prints on stderr: rows read, used and skipped by reason (which
  /// add up), what each rule checked and left out, and the flags by kind.
  public func summaryLines(options: AuditOptions) -> [String] {
    var lines: [String] = []
    let skipped = counts.skippedByReason.map { "\($0.rows) \($0.reason)" }
    var first = "drg audit: \(counts.rowsRead) rows read; \(counts.rowsUsed) grouped cases used"
    first +=
      counts.rowsSkipped > 0
      ? "; \(counts.rowsSkipped) skipped — " + skipped.joined(separator: ", ") : "; none skipped"
    if let problem = counts.firstUnreadable { first += " (first unreadable: \(problem))" }
    lines.append(first)
    if let line = counts.values.summaryLine { lines.append("  " + line) }
    for (rule, reason) in skippedRules { lines.append("  \(rule.rawValue): \(reason)") }
    if let tally = readmission {
      let relations = options.relations.map(\.rawValue).joined(separator: " or ")
      let exempt =
        options.exemptADRGs.isEmpty ? "none" : options.exemptADRGs.sorted().joined(separator: ",")
      lines.append(
        "  readmission: gap ≤ \(options.readmissionDays) days, related by \(relations), exempt ADRGs \(exempt): \(tally.staysChecked) stays of \(tally.patients) patients checked; \(tally.flagged) flagged (\(tally.sameHospital) same hospital, \(tally.otherHospital) other), \(tally.exemptPairs) exempt pairs, \(tally.overlappingStays) overlapping stays"
      )
      var left: [String] = []
      if counts.missingPatient > 0 { left.append("\(counts.missingPatient) without patient_id") }
      if counts.missingDate > 0 { left.append("\(counts.missingDate) with an empty date") }
      if counts.unreadableDate > 0 {
        var text = "\(counts.unreadableDate) with an unreadable date"
        if let date = counts.firstUnreadableDate {
          text +=
            " (first: line \(date.line), \(date.field) '\(date.text)'; use 2024-04-11, 2024/04/11 or 20240411)"
        }
        left.append(text)
      }
      if counts.dischargeBeforeAdmission > 0 {
        left.append(
          "\(counts.dischargeBeforeAdmission) discharged before admitted"
            + (counts.firstDischargeBeforeAdmission.map { " (first: line \($0))" } ?? ""))
      }
      if patientHashCollisions > 0 {
        left.append("\(patientHashCollisions) pairs dropped: different patient ids with one hash")
      }
      if !left.isEmpty { lines.append("    stays left out: " + left.joined(separator: ", ")) }
    }
    if let tally = upcoding {
      let rule =
        tally.cellsTested == 0
        ? "no cell has enough cases to test"
        : "flag when p ≤ \(options.upcodingAlpha)/\(tally.cellsTested) = \(String(format: "%.3g", tally.threshold)) (Bonferroni)"
      lines.append(
        "  upcoding: one-sided exact binomial test of each hospital's MCC/CC share (DRGs ending 1 or 3) in \(tally.splitADRGs) split ADRGs against the other hospitals pooled; \(tally.cellsTested) hospital × ADRG cells tested (\(tally.cellsTooSmall) with fewer than \(options.upcodingMinimumCases) own or peer cases not tested), \(rule): \(tally.flagged) flagged"
      )
    }
    if let tally = longStay {
      let scope =
        options.longStayIsRestricted
        ? "per-diem categories"
          + (options.perDiemADRGs.isEmpty
            ? "" : " ADRG \(options.perDiemADRGs.sorted().joined(separator: ","))")
          + (options.perDiemDepartments.isEmpty
            ? "" : " dept \(options.perDiemDepartments.sorted().joined(separator: ","))")
        : "all DRGs"
      lines.append(
        "  long stay: LOS > geometric mean × e^(\(LongStayRule.days(options.longStaySDs))·sd of ln LOS) of the DRG (\(tally.drgsWithNorm) DRGs with ≥ \(options.longStayMinimumCases) cases; \(tally.drgsWithoutNorm) without a norm), \(scope): \(tally.staysChecked) stays checked, \(tally.flagged) flagged"
      )
      var left: [String] = []
      if counts.missingLengthOfStay > 0 {
        left.append("\(counts.missingLengthOfStay) without a usable los")
      }
      if tally.shortStays > 0 { left.append("\(tally.shortStays) with los < 1 day") }
      if !left.isEmpty { lines.append("    stays left out: " + left.joined(separator: ", ")) }
    }
    let kinds = AuditFlag.Kind.allCases.map { "\(count($0)) \($0.rawValue)" }
    lines.append("  flags: \(flags.count) — " + kinds.joined(separator: ", "))
    return lines
  }
}
