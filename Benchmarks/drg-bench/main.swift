import BenchmarkSupport
import DRGKit
import Foundation

// drg-bench: stage-by-stage throughput of the grouping pipeline. See `--help`.

var options = BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst()))
#if DEBUG
  FileHandle.standardError.write(
    Data("drg-bench: this is a debug build; numbers are meaningless. Use -c release.\n".utf8))
#endif
let schemeDirectory: String
let scheme: Scheme
do {
  schemeDirectory = try SchemeLocator.standard().directory(for: options.scheme ?? "demo")
  scheme = try Scheme(directory: schemeDirectory)
} catch {
  BenchmarkOptions.fail("scheme: \(error)")
}

/// Ends the measured stages early (the group-only stage was not asked for).
struct BenchmarkDone: Error {}

func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

var input = ""
if !options.pipeline {
  do {
    input =
      try options.input
      ?? BenchmarkData.syntheticFile(options: options, scheme: scheme, log: log)
  } catch {
    BenchmarkOptions.fail("\(error)")
  }
}
let output = FileManager.default.temporaryDirectory
  .appendingPathComponent("drg-bench-\(getpid()).csv").path

var results: [StageMeasurement] = []
var peakEndToEnd = 0.0
@MainActor func measureStages() {
  do {
    // Before each run of a stage that reads the file, one untimed pass brings it back into
    // the page cache (a VM may reclaim cold pages between stages).
    let warm = { _ = try Stages.lineScan(input) }
    // Every end-to-end run starts with no output file: replacing the last run's output would
    // time the file system freeing a gigabyte (about 0.1 s on ext4), and not the first run.
    let warmWithoutOutput = {
      try warm()
      unlink(output)
    }
    let repeats = options.repeats
    let stages = options.stages
    // The line count reconciles the end-to-end runs and sets the group-only rounds.
    var records = try Stages.lineScan(input)
    if stages.contains(.scan) {
      log("line scan …")
      results.append(
        try measure("line scan (memchr, no parsing)", repeats: repeats, prepare: warm) {
          try Stages.lineScan(input)
        })
      records = results[results.count - 1].records
    }
    if stages.contains(.endToEnd) {
      log("end to end, 1 thread …")
      var single: GroupingSummary?
      results.append(
        try measure(
          "end to end, file to file", threads: 1, repeats: repeats, prepare: warmWithoutOutput
        ) {
          single = try Stages.endToEnd(input, output: output, scheme: scheme, threads: 1)
          return single!.rowsRead
        })
      let firstOutput = try Stages.fileHash(output)
      log("end to end, \(options.threads) threads …")
      var parallel: GroupingSummary?
      results.append(
        try measure(
          "end to end, file to file", threads: options.threads, repeats: repeats,
          prepare: warmWithoutOutput
        ) {
          parallel = try Stages.endToEnd(
            input, output: output, scheme: scheme, threads: options.threads)
          return parallel!.rowsRead
        })
      peakEndToEnd = results.suffix(2).compactMap(\.peakMemoryMB).max() ?? 0
      // Check the results: every row accounted for, identical output for any thread count.
      guard let single, let parallel, single.byStatus == parallel.byStatus,
        single.rowsRead == records, single.rowsWritten == records,
        parallel.rowsRead == records, parallel.rowsWritten == records
      else { BenchmarkOptions.fail("rows do not reconcile between the stages") }
      let secondOutput = try Stages.fileHash(output)
      guard secondOutput == firstOutput else {
        BenchmarkOptions.fail("output differs between 1 and \(options.threads) threads")
      }
    }
    if stages.contains(.parse) {
      log("parse only …")
      results.append(
        try measure(
          "parse only (CSV + case fields + code lookup)", repeats: repeats, prepare: warm
        ) {
          try Stages.parseOnly(input, scheme: scheme)
        })
    }
    if stages.contains(.load) {
      log("scheme load …")
      results.append(
        try measure("scheme load (Scheme(directory:))", repeats: max(repeats, 5)) {
          blackHole(try Scheme(directory: schemeDirectory))
          return 1
        })
      // The compiled form, kept in a directory of its own that later runs reuse, so that a
      // run under callgrind measures only loads from the compiled file.
      let cache = SchemeCache(
        directory: FileManager.default.temporaryDirectory.appendingPathComponent(
          "drg-bench-scheme-cache"
        ).path)
      if let file = cache.file(for: schemeDirectory), !FileManager.default.fileExists(atPath: file)
      {
        log("writing the compiled scheme to \(file) …")
        blackHole(try Scheme.load(directory: schemeDirectory, cache: cache))
      }
      log("scheme load from the compiled form …")
      var faults: [Int] = []
      results.append(
        try measure(
          "scheme load, compiled form (Scheme.load)", repeats: max(repeats, 5)
        ) {
          let before = minorPageFaults()
          let loaded = try Scheme.load(directory: schemeDirectory, cache: cache)
          faults.append(minorPageFaults() - before)
          guard loaded.cache.usedCompiledFile else {
            BenchmarkOptions.fail(
              "the compiled scheme was not used: \(loaded.cache.note ?? "no file")")
          }
          blackHole(loaded.scheme)
          return 1
        })
      log("compiled-form loads: \(faults.map(String.init).joined(separator: ", ")) page faults")
    }
    if stages.contains(.singleCase) || stages.contains(.serve) {
      let (header, rows) = try LatencyStages.rows(input, limit: options.latencyCases)
      if stages.contains(.singleCase) {
        log("single cases (\(rows.count), each timed) …")
        let runs = (0..<repeats).map { _ in
          LatencyStages.singleCases(header: header, rows: rows, scheme: scheme)
        }
        results.append(
          LatencyStages.measurement("one DischargeCase from strings, grouped", runs: runs))
      }
      let drg = options.drg ?? Pipeline.defaultDRG()
      if stages.contains(.serve) && FileManager.default.isExecutableFile(atPath: drg) {
        log("drg serve --stdio round trips (\(rows.count)) …")
        let runs = try (0..<repeats).map { _ in
          try LatencyStages.serveRoundTrips(
            drg: drg, scheme: schemeDirectory, header: header, rows: rows)
        }
        results.append(LatencyStages.measurement("drg serve --stdio round trip", runs: runs))
      } else if stages.contains(.serve) {
        log("serve stage skipped: no drg binary at \(drg) (build it, or give --drg)")
      }
    }
    guard stages.contains(.group) else { throw BenchmarkDone() }
    log("group only (loading up to \(options.groupOnlyLimit) cases) …")
    let parsed = try Stages.load(input, scheme: scheme, limit: options.groupOnlyLimit)
    let rounds = max(1, records / max(parsed.count, 1))
    results.append(
      try measure("group only, pre-parsed cases", threads: 1, repeats: repeats) {
        Stages.groupOnly(parsed, scheme: scheme, threads: 1, rounds: rounds)
      })
    results.append(
      try measure("group only, pre-parsed cases", threads: options.threads, repeats: repeats) {
        Stages.groupOnly(parsed, scheme: scheme, threads: options.threads, rounds: rounds)
      })
  } catch is BenchmarkDone {
  } catch {
    BenchmarkOptions.fail("\(error)")
  }
}

if options.pipeline {
  let pipeline = Pipeline(
    options: options, schemeDirectory: schemeDirectory, drg: options.drg ?? Pipeline.defaultDRG(),
    log: log)
  input = "\(pipeline.directory)/cases.csv"
  do {
    results = try pipeline.run(repeats: options.repeats)
  } catch {
    BenchmarkOptions.fail("\(error)")
  }
} else {
  measureStages()
  unlink(output)
}

let report = BenchmarkReport(
  scheme: scheme, input: input, measurements: results, pipeline: options.pipeline,
  peakMemoryEndToEndMB: peakEndToEnd,
  peakMemoryMB: max(results.compactMap(\.peakMemoryMB).max() ?? 0, PeakMemory.megabytes()))
print(report.table)
let jsonPath =
  options.json
  ?? "\(options.dataDirectory)/\(options.pipeline ? "pipeline" : "results")-"
  + "\(scheme.manifest.id)-\(options.count).json"
do {
  try FileManager.default.createDirectory(
    atPath: URL(fileURLWithPath: jsonPath).deletingLastPathComponent().path,
    withIntermediateDirectories: true)
  try report.record.json().write(to: URL(fileURLWithPath: jsonPath))
  log("wrote \(jsonPath)")
} catch {
  log("cannot write \(jsonPath): \(error)")
}

if let baselinePath = options.baseline {
  let baseline: BenchmarkRecord
  do {
    baseline = try BenchmarkRecord.decode(Data(contentsOf: URL(fileURLWithPath: baselinePath)))
  } catch {
    log("drg-bench: cannot read the baseline \(baselinePath): \(error)")
    exit(FileManager.default.fileExists(atPath: baselinePath) ? 65 : 66)
  }
  do {
    let comparison = try BaselineComparison(
      current: report.record, baseline: baseline,
      thresholds: BaselineThresholds(time: options.timeThreshold, memory: options.memoryThreshold))
    print("")
    print("against the baseline \(baselinePath) (git \(baseline.gitRevision), \(baseline.date)):")
    print(comparison.table)
    if !comparison.regressions.isEmpty { exit(1) }
  } catch {
    log("drg-bench: cannot compare with \(baselinePath): \(error)")
    exit(65)
  }
}
