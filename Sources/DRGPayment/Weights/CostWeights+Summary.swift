import DRGKit

extension CostWeights {
  /// A human summary: cases used and left out (and why), trimming, RIV and CV before and
  /// after trimming, the `top` DRGs with the highest CV, low-volume DRGs and the base rate.
  ///
  /// ```
  /// 120000 rows read; 114870 cases used in 412 DRGs, 111212 kept after trimming (3658 trimmed, 3.18%)
  /// left out: 5130 rows — 3012 ungroupable, 415 ambiguous, 1700 invalid, 3 zero cost
  /// RIV (reduction in variance) of cost: 0.4871 untrimmed → 0.6610 trimmed; of log cost: 0.5903 → 0.6427
  /// ```
  public func summaryLines(top: Int = 5) -> [String] {
    var lines: [String] = []
    let trimmedShare = cases > 0 ? Double(casesTrimmed) / Double(cases) * 100 : 0
    lines.append(
      "\(rowsRead) rows read; \(cases) cases used in \(groups.count) DRGs, \(casesKept) kept after trimming (\(casesTrimmed) trimmed, \(Self.fixed(trimmedShare, 2))%)"
    )
    let reasons = excluded.reasons.filter { $0.count > 0 }
    if reasons.isEmpty {
      lines.append("left out: none")
    } else {
      var text =
        "left out: \(excluded.total) rows — "
        + reasons.map { "\($0.count) \($0.reason)" }.joined(separator: ", ")
      if let firstUnreadableRow { text += " (first unreadable: \(firstUnreadableRow))" }
      lines.append(text)
    }
    if casesWithoutLOS > 0 {
      lines.append(
        "no usable length of stay: \(casesWithoutLOS) case\(casesWithoutLOS == 1 ? "" : "s") (kept for cost, left out of the LOS statistics)"
      )
    }
    if let line = values.summaryLine { lines.append(line) }
    lines.append(trimmingLine)
    if let years = options.yearWeights {
      lines.append(
        "years blended: \(years.description) (mean cost = Σ w·S / Σ w·n over each DRG's kept cases)"
      )
    }
    if let meanCost {
      lines.append(
        "mean cost of the kept cases: \(Self.fixed(meanCost, 2)) yuan = RW 1; normalisation factor \(String(format: "%.6f", normalisation))"
      )
    }
    lines.append(
      "RIV (reduction in variance) of cost: \(Self.ratio(quality.rivUntrimmed)) untrimmed → \(Self.ratio(quality.rivTrimmed)) trimmed; of log cost: \(Self.ratio(quality.logRIVUntrimmed)) → \(Self.ratio(quality.logRIVTrimmed))"
    )
    lines.append(
      "DRGs with CV < 1: \(Self.percent(quality.shareCVBelowOneUntrimmed)) untrimmed → \(Self.percent(quality.shareCVBelowOneTrimmed)) trimmed"
    )
    let highest = groups.filter { $0.cv != nil }.sorted {
      ($0.cv ?? 0, $1.drg) > ($1.cv ?? 0, $0.drg)
    }
    .prefix(top)
    if !highest.isEmpty {
      lines.append(
        "highest CV after trimming: "
          + highest.map { "\($0.drg) \(Self.fixed($0.cv, 4)) (\($0.casesKept) cases)" }
          .joined(separator: ", "))
    }
    let lowVolume = groups.filter(\.isLowVolume)
    if !lowVolume.isEmpty {
      var text =
        "low volume (< \(options.minimumCases) cases): \(lowVolume.count) DRG\(lowVolume.count == 1 ? "" : "s")"
      if options.borrowFromADRG {
        text += ", \(lowVolume.count { $0.weightSource == .adrg }) given their ADRG's weight"
      }
      lines.append(text)
    }
    if let baseRate, let budget = options.budget {
      lines.append(
        "base rate: \(Self.fixed(baseRate, 2)) yuan per unit RW = budget \(Self.fixed(budget, 2)) / total weight \(Self.fixed(totalWeight, 4)) (Σ cases × RW)"
      )
    }
    return lines
  }

  private var trimmingLine: String {
    var trimmed = 0
    var reasons: [TrimmingOutcome.NotTrimmedReason: Int] = [:]
    for group in groups {
      switch group.trimming {
      case .trimmed: if group.casesKept < group.cases { trimmed += 1 }
      case .notTrimmed(let reason): reasons[reason, default: 0] += 1
      }
    }
    var text = "trimming: \(options.trimming.summary)"
    guard options.trimming != .none else { return text }
    text += "; cases removed in \(trimmed) DRGs"
    let minimum = options.minimumCasesToTrim
    let notes: [(TrimmingOutcome.NotTrimmedReason, String)] = [
      (.tooFewCases, "with fewer than \(minimum) cases"),
      (.noSpread, "with no spread (IQR or sd 0)"),
      (.wouldLeaveTooFew, "that would keep fewer than \(minimum)"),
    ]
    let untrimmed = notes.compactMap { reason, note in
      reasons[reason].map { "\($0) \(note)" }
    }
    if !untrimmed.isEmpty { text += "; not trimmed: " + untrimmed.joined(separator: ", ") }
    return text
  }

  private static func ratio(_ value: Double?) -> String {
    value.map { fixed($0, 4) } ?? "n/a"
  }

  private static func percent(_ value: Double?) -> String {
    value.map { fixed($0 * 100, 1) + "%" } ?? "n/a"
  }
}
