/// The path the grouper took for one case, in words a coder understands: each MDC tried and
/// why it was entered or skipped, the ADRG and DRG rules tried, every secondary diagnosis
/// with its CC/MCC level and exclusion, and the result. Every rule is named with its file and
/// line in the scheme directory.
///
/// ```swift
/// print(scheme.explain(record).text)
/// ```
public struct Explanation: Sendable {
  /// One rule the engine evaluated.
  public struct Step: Sendable, Equatable {
    /// The level of the rule: an MDC, an ADRG or a DRG.
    public enum Level: Sendable, Equatable { case mdc, adrg, drg }
    /// The level of the rule.
    public var level: Level
    /// The rule's index among the scheme's MDCs, ADRGs or DRGs.
    public var index: Int
    /// Whether the rule held (for an MDC: whether the case entered it).
    public var matched: Bool
    /// 0 for the case as given; with `retryWithEachOtherProcedure`, the 1-based position of
    /// the procedure used alone.
    public var attempt: Int
  }

  /// The result with codes and names as text.
  public var outcome: GroupingOutcome
  /// The result as indices into the scheme.
  public var result: GroupingResult
  /// Every rule evaluated, in order.
  public var steps: [Step]
  /// The report as text lines.
  public var lines: [String]

  /// The report as one text, a line per entry.
  public var text: String { lines.joined(separator: "\n") }
}

/// Records the engine's steps for ``Explanation``.
struct StepRecorder: GroupingObserver {
  var steps: [Explanation.Step] = []
  var attempt = 0

  mutating func beginAttempt(procedure: Int) { attempt = procedure }
  mutating func triedMDC(_ index: Int, entered: Bool) {
    steps.append(.init(level: .mdc, index: index, matched: entered, attempt: attempt))
  }
  mutating func triedADRG(_ index: Int, matched: Bool) {
    steps.append(.init(level: .adrg, index: index, matched: matched, attempt: attempt))
  }
  mutating func triedDRG(_ index: Int, matched: Bool) {
    steps.append(.init(level: .drg, index: index, matched: matched, attempt: attempt))
  }
}

extension Scheme {
  /// Groups `record` and explains how.
  public func explain(_ record: DischargeCase) -> Explanation {
    var recorder = StepRecorder()
    let result = group(record, observer: &recorder)
    return explanation(record, result: result, recorder: recorder)
  }

  /// Groups `record` with its codes looked up through `lookup` (as `drg group --map` does
  /// with ``translatingCodeLookup``) and explains how, with the case's codes shown as the
  /// scheme's codes they were grouped as; also returns how each code not read as written
  /// was read (see ``group(_:lookup:observer:)``).
  package func explain(_ record: DischargeCase, lookup: CodeLookup)
    -> (explanation: Explanation, readings: [CodeReading])
  {
    var recorder = StepRecorder()
    let (result, read, readings) = group(record, lookup: lookup, observer: &recorder)
    return (explanation(read, result: result, recorder: recorder), readings)
  }

  /// The explanation of `record`, grouped as `result` with the steps of `recorder`.
  private func explanation(
    _ record: DischargeCase, result: GroupingResult, recorder: StepRecorder
  ) -> Explanation {
    let outcome = outcome(result)
    var lines: [String] = []
    let explainer = RuleExplainer(scheme: self, record: record)
    let title = record.id.isEmpty ? "Case" : "Case \(record.id)"
    lines.append("\(title) under scheme \(manifest.id) (\(manifest.name))")
    lines.append(contentsOf: explainer.caseSummary())
    if result.status == .invalid {
      lines.append("")
      lines.append("Input check failed: \(outcome.reason)")
      lines.append("Result: invalid (not grouped)")
      return Explanation(outcome: outcome, result: result, steps: recorder.steps, lines: lines)
    }
    lines.append("")
    lines.append(contentsOf: explainer.complicationReport())
    var currentAttempt = -1
    // An entered MDC whose ADRGs all failed: grouping goes on with the next MDC.
    var enteredWithoutADRG: Int?
    func noteFallThrough() {
      if let mdc = enteredWithoutADRG {
        lines.append(
          "      → no ADRG of \(mdcs[mdc].entry.code) matched; going on with the next MDC")
        enteredWithoutADRG = nil
      }
    }
    for step in recorder.steps {
      if step.level == .mdc { noteFallThrough() }
      if step.level == .mdc && step.matched { enteredWithoutADRG = step.index }
      if step.level == .adrg && step.matched { enteredWithoutADRG = nil }
      if step.attempt != currentAttempt {
        currentAttempt = step.attempt
        lines.append("")
        if step.attempt == 0 {
          lines.append("MDCs tried in order:")
        } else {
          let code = record.procedures[step.attempt - 1]
          lines.append(
            "Ungroupable with all procedures; retrying with procedure \(step.attempt) (\(code)) alone (retryWithEachOtherProcedure):"
          )
        }
      }
      let procedures = step.attempt == 0 ? nil : [record.procedures[step.attempt - 1]]
      let entry: SchemeEntry
      let indent: String
      switch step.level {
      case .mdc:
        entry = mdcs[step.index].entry
        indent = "  "
      case .adrg:
        entry = adrgs[step.index].entry
        indent = "      "
      case .drg:
        entry = drgs[step.index].entry
        indent = "          "
      }
      let verb =
        switch step.level {
        case .mdc: step.matched ? "entered" : "skipped"
        case .adrg: step.matched ? "chosen" : "not matched"
        case .drg: step.matched ? "chosen" : "not matched"
        }
      let kind =
        switch step.level {
        case .mdc: "MDC"
        case .adrg: adrgs[step.index].isAmbiguous ? "ADRG (ambiguous group)" : "ADRG"
        case .drg: "DRG"
        }
      lines.append(
        "\(indent)\(step.matched ? "✓" : "✗") \(kind) \(entry.code) \(entry.name) — \(verb) (\(entry.file):\(entry.line))"
      )
      lines.append("\(indent)    rule: \(entry.ruleText)")
      for reason in explainer.reasons(for: entry.rule, procedures: procedures) {
        lines.append("\(indent)    · \(reason)")
      }
    }
    noteFallThrough()
    lines.append("")
    if result.status == .grouped, result.drg < 0, result.adrg >= 0 {
      lines.append(
        "No DRG rule of \(adrgs[Int(result.adrg)].entry.code) held; the ADRG code is reported as the DRG."
      )
    }
    switch result.status {
    case .grouped, .ambiguous:
      lines.append(
        "Result: \(outcome.status) — MDC \(outcome.mdc), ADRG \(outcome.adrg), DRG \(outcome.drg) \(outcome.drgName)"
      )
    case .ungroupable:
      lines.append(
        "Result: ungroupable (\(outcome.mdc)/\(outcome.adrg)/\(outcome.drg)) — \(outcome.reason)")
    case .invalid:
      break
    }
    return Explanation(outcome: outcome, result: result, steps: recorder.steps, lines: lines)
  }
}
