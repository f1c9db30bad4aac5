import Foundation

/// How much worse a stage may get before a comparison with a baseline fails.
public struct BaselineThresholds: Sendable, Equatable {
  /// Allowed growth of the time per record, as a fraction (0.10 is 10%).
  public var time: Double
  /// Allowed growth of a stage's peak memory, as a fraction.
  public var memory: Double
  /// Memory growth below this many megabytes never fails (allocator noise).
  public var memorySlackMB: Double

  /// Thresholds; by default 10% for time, 10% (and at least 8 MB) for memory.
  ///
  /// The memory slack covers the allocator: a command's threads each take a `malloc`
  /// arena, and small runs of the pipeline were seen to differ by 4 MB run to run.
  public init(time: Double = 0.10, memory: Double = 0.10, memorySlackMB: Double = 8) {
    self.time = time
    self.memory = memory
    self.memorySlackMB = memorySlackMB
  }
}

/// One stage of a run set against the same stage of a baseline.
public struct StageComparison: Sendable, Equatable {
  /// The stage and its thread count.
  public var key: String
  /// The baseline's measurement, nil for a stage the baseline lacks.
  public var baseline: StageMeasurement?
  /// This run's measurement, nil for a stage not run this time.
  public var current: StageMeasurement?
  /// Median time per record now over the baseline's.
  public var timeRatio: Double?
  /// Best run's time per record now over the baseline's best.
  public var bestTimeRatio: Double?
  /// Peak memory now over the baseline's (compared only for equal record counts).
  public var memoryRatio: Double?
  /// Slower by more than the threshold in the median and in the best run.
  public var isSlower: Bool
  /// More memory by more than the threshold and the slack.
  public var usesMoreMemory: Bool

  /// Whether this stage fails the comparison.
  public var isRegression: Bool { isSlower || usesMoreMemory }

  /// A word for the table: `slower`, `more memory`, `new`, `not run` or `ok`.
  public var verdict: String {
    if isSlower && usesMoreMemory { return "SLOWER, MORE MEMORY" }
    if isSlower { return "SLOWER" }
    if usesMoreMemory { return "MORE MEMORY" }
    if baseline == nil { return "new" }
    if current == nil { return "not run" }
    return "ok"
  }
}

/// A run compared stage by stage with a baseline record (`drg-bench --baseline FILE`).
///
/// Stages are matched by name and thread count. Time is compared per record, so runs of
/// different sizes compare; a stage counts as slower only when both its median and its
/// best run are slower than the baseline's median and best by more than the threshold,
/// so that one run disturbed by another tenant of a shared machine does not fail a
/// nightly run. Peak memory is compared when both records measured it for the same
/// number of records.
public struct BaselineComparison: Sendable, Equatable {
  /// Every stage of either record: this run's order first, then stages only the
  /// baseline has.
  public var stages: [StageComparison]
  /// Differences between the records that affect how far the figures compare (other
  /// machine, other record count, changed scheme tables, uncommitted changes).
  public var notes: [String]
  /// The thresholds applied.
  public var thresholds: BaselineThresholds

  /// The stages that fail.
  public var regressions: [StageComparison] { stages.filter(\.isRegression) }

  /// Compares `current` with `baseline`.
  ///
  /// - Throws: ``BaselineMismatch`` when the records are of different schemes (their
  ///   stages measure different work) or share no stage.
  public init(
    current: BenchmarkRecord, baseline: BenchmarkRecord,
    thresholds: BaselineThresholds = BaselineThresholds()
  ) throws(BaselineMismatch) {
    guard current.scheme == baseline.scheme else {
      throw BaselineMismatch(
        message:
          "the baseline measured scheme \(baseline.scheme) and this run \(current.scheme)")
    }
    self.thresholds = thresholds
    var notes: [String] = []
    if current.machine.cpu != baseline.machine.cpu
      || current.machine.cores != baseline.machine.cores
    {
      notes.append(
        "other machine: baseline \(baseline.machine.cores) cores \(baseline.machine.cpu), "
          + "now \(current.machine.cores) cores \(current.machine.cpu)")
    }
    if let old = baseline.schemeDigest, let new = current.schemeDigest, old != new {
      notes.append("the scheme's files changed since the baseline (digest \(old) → \(new))")
    }
    let sameSize = current.records == baseline.records
    if !sameSize {
      notes.append(
        "other size: baseline \(baseline.records) records, now \(current.records); "
          + "times compared per record, memory not compared")
    }
    if current.gitDirty == true {
      notes.append("this run's working tree has uncommitted changes")
    }
    var remaining = baseline.measurements
    var stages: [StageComparison] = []
    for measurement in current.measurements {
      let index = remaining.firstIndex { $0.key == measurement.key }
      let old = index.map { remaining.remove(at: $0) }
      stages.append(
        Self.compare(old, measurement, thresholds: thresholds, sameSize: sameSize))
    }
    for old in remaining {
      stages.append(Self.compare(old, nil, thresholds: thresholds, sameSize: sameSize))
    }
    guard stages.contains(where: { $0.baseline != nil && $0.current != nil }) else {
      throw BaselineMismatch(message: "the baseline has none of the stages of this run")
    }
    self.stages = stages
    self.notes = notes
  }

  private static func compare(
    _ baseline: StageMeasurement?, _ current: StageMeasurement?, thresholds: BaselineThresholds,
    sameSize: Bool
  ) -> StageComparison {
    let key = (current ?? baseline)?.key ?? ""
    var comparison = StageComparison(
      key: key, baseline: baseline, current: current, timeRatio: nil, bestTimeRatio: nil,
      memoryRatio: nil, isSlower: false, usesMoreMemory: false)
    guard let baseline, let current else { return comparison }
    if baseline.nanosecondsPerRecord > 0, baseline.bestNanosecondsPerRecord > 0 {
      let median = current.nanosecondsPerRecord / baseline.nanosecondsPerRecord
      let best = current.bestNanosecondsPerRecord / baseline.bestNanosecondsPerRecord
      comparison.timeRatio = median
      comparison.bestTimeRatio = best
      comparison.isSlower = median > 1 + thresholds.time && best > 1 + thresholds.time
    }
    if sameSize, let old = baseline.peakMemoryMB, let new = current.peakMemoryMB, old > 0 {
      comparison.memoryRatio = new / old
      comparison.usesMoreMemory =
        new > old * (1 + thresholds.memory) && new - old > thresholds.memorySlackMB
    }
    return comparison
  }

  /// The comparison as a table, one line per stage, with the notes and a last line
  /// saying whether the run passed.
  public var table: String {
    var lines = [
      pad("stage", 52) + pad("ns/record then", 16, right: true) + pad("now", 12, right: true)
        + pad("change", 9, right: true) + pad("best", 9, right: true)
        + pad("peak MB then → now", 22, right: true) + "  verdict"
    ]
    for stage in stages {
      let then = stage.baseline.map { format($0.nanosecondsPerRecord, 1) } ?? "—"
      let now = stage.current.map { format($0.nanosecondsPerRecord, 1) } ?? "—"
      let change = stage.timeRatio.map(percent) ?? ""
      let best = stage.bestTimeRatio.map(percent) ?? ""
      var memory = ""
      if let old = stage.baseline?.peakMemoryMB, let new = stage.current?.peakMemoryMB {
        memory = "\(format(old, 1)) → \(format(new, 1))"
      }
      lines.append(
        pad(stage.key, 52) + pad(then, 16, right: true) + pad(now, 12, right: true)
          + pad(change, 9, right: true) + pad(best, 9, right: true)
          + pad(memory, 22, right: true) + "  " + stage.verdict)
    }
    lines.append("")
    for note in notes { lines.append("note: \(note)") }
    let limits =
      "slower: median and best both more than \(format(thresholds.time * 100, 0))% slower; "
      + "more memory: more than \(format(thresholds.memory * 100, 0))% "
      + "and \(format(thresholds.memorySlackMB, 0)) MB"
    let failed = regressions.count
    lines.append(
      failed == 0
        ? "no regression against the baseline (\(limits))"
        : "\(failed) stage\(failed == 1 ? "" : "s") regressed (\(limits))")
    return lines.joined(separator: "\n")
  }

  private func percent(_ ratio: Double) -> String {
    let change = (ratio - 1) * 100
    return (change >= 0 ? "+" : "") + format(change, 1) + "%"
  }

  private func format(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
  }

  private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let space = String(repeating: " ", count: max(0, width - text.count))
    return right ? space + text : text + space
  }
}

/// Two benchmark records that cannot be compared.
public struct BaselineMismatch: Error, Sendable, Equatable, CustomStringConvertible {
  /// What differs.
  public var message: String
  /// Says what differs.
  public var description: String { message }
}
