import BenchmarkSupport
import Foundation
import Testing

/// `drg-bench --baseline`: comparisons of hand-written records (no timing here).
@Suite("drg-bench baseline comparison")
struct BaselineComparisonTests {
  /// A record in the JSON form `drg-bench` writes, with the given stages.
  private func record(
    scheme: String = "chs-drg-1.1", records: Int = 1_000_000, cores: Int = 2,
    stages: [String]
  ) throws -> BenchmarkRecord {
    let json = """
      {
        "date": "2026-12-06T05:00:00Z", "gitRevision": "abc1234",
        "machine": {"cpu": "AMD EPYC", "cores": \(cores), "memoryGB": 23.4, "os": "Linux"},
        "scheme": "\(scheme)", "input": "bench-data/synth.csv", "records": \(records),
        "peakMemoryMB": 150.0,
        "measurements": [\(stages.joined(separator: ","))]
      }
      """
    return try BenchmarkRecord.decode(Data(json.utf8))
  }

  /// One stage; `runs` in seconds for 1M records, so 1.0 s is 1,000 ns per record.
  private func stage(
    _ name: String, threads: Int = 2, records: Int = 1_000_000, runs: [Double],
    peak: Double? = nil
  ) -> String {
    let memory = peak.map { ", \"peakMemoryMB\": \($0)" } ?? ""
    return """
      {"stage": "\(name)", "threads": \(threads), "records": \(records), \
      "runs": [\(runs.map { "\($0)" }.joined(separator: ", "))]\(memory)}
      """
  }

  @Test func equalRunsPass() throws {
    let runs = [1.0, 1.1, 0.9]
    let old = try record(stages: [stage("end to end", runs: runs, peak: 150)])
    let new = try record(stages: [stage("end to end", runs: runs, peak: 150)])
    let comparison = try BaselineComparison(current: new, baseline: old)
    #expect(comparison.regressions.isEmpty)
    #expect(comparison.stages.count == 1)
    #expect(comparison.stages[0].timeRatio == 1)
    #expect(comparison.stages[0].verdict == "ok")
  }

  @Test func slowerMedianAndBestFails() throws {
    // Baseline median 1.0 s, best 0.9 s. Now median 1.2 s (+20%), best 1.0 s (+11.1%):
    // both beyond 10%.
    let old = try record(stages: [stage("end to end", runs: [1.0, 1.1, 0.9])])
    let new = try record(stages: [stage("end to end", runs: [1.2, 1.0, 1.3])])
    let comparison = try BaselineComparison(current: new, baseline: old)
    #expect(comparison.regressions.map(\.key) == ["end to end [2 threads]"])
    let result = try #require(comparison.stages.first)
    #expect(abs(try #require(result.timeRatio) - 1.2) < 1e-12)
    #expect(abs(try #require(result.bestTimeRatio) - 1.0 / 0.9) < 1e-12)
    #expect(result.verdict == "SLOWER")
    #expect(comparison.table.contains("1 stage regressed"))
  }

  @Test func oneSlowRunDoesNotFail() throws {
    // Median 1.15 s (+15%) but the best run 0.95 s is only +5.6% over 0.9 s: one disturbed
    // run is not a regression.
    let old = try record(stages: [stage("group only", runs: [1.0, 1.1, 0.9])])
    let new = try record(stages: [stage("group only", runs: [1.15, 0.95, 1.3])])
    let comparison = try BaselineComparison(current: new, baseline: old)
    #expect(comparison.regressions.isEmpty)
  }

  @Test func thresholdIsConfigurable() throws {
    // +8% in median and best: passes at 10%, fails at 5%.
    let old = try record(stages: [stage("parse", runs: [1.0])])
    let new = try record(stages: [stage("parse", runs: [1.08])])
    #expect(try BaselineComparison(current: new, baseline: old).regressions.isEmpty)
    let strict = try BaselineComparison(
      current: new, baseline: old, thresholds: BaselineThresholds(time: 0.05))
    #expect(strict.regressions.count == 1)
  }

  @Test func fasterPasses() throws {
    let old = try record(stages: [stage("parse", runs: [1.0])])
    let new = try record(stages: [stage("parse", runs: [0.5])])
    let comparison = try BaselineComparison(current: new, baseline: old)
    #expect(comparison.regressions.isEmpty)
    #expect(comparison.stages[0].timeRatio == 0.5)
  }

  @Test func timeIsComparedPerRecord() throws {
    // 2M records in 2.0 s is the same 1,000 ns per record as 1M in 1.0 s.
    let old = try record(records: 1_000_000, stages: [stage("parse", runs: [1.0])])
    let new = try record(
      records: 2_000_000, stages: [stage("parse", records: 2_000_000, runs: [2.0])])
    let comparison = try BaselineComparison(current: new, baseline: old)
    #expect(comparison.stages[0].timeRatio == 1)
    #expect(comparison.regressions.isEmpty)
    #expect(comparison.notes.contains { $0.hasPrefix("other size") })
  }

  @Test func moreMemoryFails() throws {
    // 150 → 170 MB is +13.3% and +20 MB: beyond 10% and 8 MB.
    let old = try record(stages: [stage("settle", runs: [1.0], peak: 150)])
    let new = try record(stages: [stage("settle", runs: [1.0], peak: 170)])
    let comparison = try BaselineComparison(current: new, baseline: old)
    #expect(comparison.regressions.count == 1)
    #expect(comparison.stages[0].usesMoreMemory)
    #expect(!comparison.stages[0].isSlower)
    #expect(comparison.stages[0].verdict == "MORE MEMORY")
  }

  @Test func smallMemoryGrowthPasses() throws {
    // 20 → 27 MB is +35% but only 7 MB: within the 8 MB slack.
    // 150 → 164 MB is +9.3%: within 10%.
    let old = try record(stages: [
      stage("a", runs: [1.0], peak: 20), stage("b", runs: [1.0], peak: 150),
    ])
    let new = try record(stages: [
      stage("a", runs: [1.0], peak: 27), stage("b", runs: [1.0], peak: 164),
    ])
    #expect(try BaselineComparison(current: new, baseline: old).regressions.isEmpty)
  }

  @Test func memoryIsNotComparedAcrossSizes() throws {
    let old = try record(records: 1_000_000, stages: [stage("settle", runs: [1.0], peak: 100)])
    let new = try record(
      records: 2_000_000,
      stages: [stage("settle", records: 2_000_000, runs: [2.0], peak: 200)])
    let comparison = try BaselineComparison(current: new, baseline: old)
    #expect(comparison.regressions.isEmpty)
    #expect(comparison.stages[0].memoryRatio == nil)
  }

  @Test func stagesMatchByNameAndThreads() throws {
    // The 1-thread stage is slower, the 2-thread one is not: only the first fails.
    let old = try record(stages: [
      stage("e2e", threads: 1, runs: [1.0]), stage("e2e", threads: 2, runs: [0.5]),
      stage("scan", runs: [0.1]),
    ])
    let new = try record(stages: [
      stage("e2e", threads: 2, runs: [0.5]), stage("e2e", threads: 1, runs: [1.5]),
      stage("group", runs: [0.2]),
    ])
    let comparison = try BaselineComparison(current: new, baseline: old)
    #expect(comparison.regressions.map(\.key) == ["e2e [1 thread]"])
    let verdicts = Dictionary(uniqueKeysWithValues: comparison.stages.map { ($0.key, $0.verdict) })
    #expect(
      verdicts == [
        "e2e [2 threads]": "ok", "e2e [1 thread]": "SLOWER", "group [2 threads]": "new",
        "scan [2 threads]": "not run",
      ])
  }

  @Test func otherSchemeIsRefused() throws {
    let old = try record(scheme: "beijing-2022", stages: [stage("parse", runs: [1.0])])
    let new = try record(scheme: "chs-drg-1.1", stages: [stage("parse", runs: [1.0])])
    #expect(throws: BaselineMismatch.self) {
      try BaselineComparison(current: new, baseline: old)
    }
  }

  @Test func noCommonStageIsRefused() throws {
    let old = try record(stages: [stage("parse", runs: [1.0])])
    let new = try record(stages: [stage("group", runs: [1.0])])
    #expect(throws: BaselineMismatch.self) {
      try BaselineComparison(current: new, baseline: old)
    }
  }

  @Test func otherMachineIsNoted() throws {
    let old = try record(cores: 8, stages: [stage("parse", runs: [1.0])])
    let new = try record(cores: 2, stages: [stage("parse", runs: [1.0])])
    let comparison = try BaselineComparison(current: new, baseline: old)
    #expect(comparison.notes.contains { $0.hasPrefix("other machine") })
  }

  @Test func recordSurvivesEncodingAndDecoding() throws {
    // A record written by drg-bench (with derived figures) reads back with the same runs
    // (peak memory is written to 0.1 MB, so 151.2 survives as it is).
    let original = try record(stages: [stage("e2e", runs: [1.0, 1.2, 0.8], peak: 151.2)])
    let decoded = try BenchmarkRecord.decode(original.json())
    #expect(decoded.measurements == original.measurements)
    #expect(decoded.scheme == "chs-drg-1.1")
    let json = try #require(String(data: original.json(), encoding: .utf8))
    // Median of 1.0, 1.2, 0.8 is 1.0 s for 1M records: 1,000,000 records/s.
    #expect(json.contains("\"recordsPerSecond\" : 1000000"))
  }
}
