import BenchmarkSupport
import DRGKit
import Foundation

/// `drg-bench --pipeline`: the whole pipeline of a city's year, each step a run of the
/// built `drg` binary as a child process, so that each gets its own peak memory (the
/// child's maximum resident set from `wait4`) and its own time, exactly as a user runs it.
///
/// synth → group → weights → settle (monthly) → compare → audit, in a working directory
/// under the data directory; the outputs are removed at the end unless `--keep`.
struct Pipeline {
  var options: BenchmarkOptions
  var schemeDirectory: String
  var drg: String
  var log: (String) -> Void

  /// The working directory of the run.
  var directory: String {
    let id = URL(fileURLWithPath: schemeDirectory).lastPathComponent
    return "\(options.dataDirectory)/pipeline-\(id)-\(options.count)"
  }

  /// One step: its name, arguments, the file it reads (warmed into the page cache before
  /// each run) and the outputs removed before each run.
  struct Step {
    var name: String
    var arguments: [String]
    var reads: String?
    var outputs: [String]
  }

  var steps: [Step] {
    let d = directory
    let threads = ["-j", "\(options.threads)"]
    let cases = "\(d)/cases.csv"
    let grouped = "\(d)/grouped.csv"
    let weights = "\(d)/weights.csv"
    return [
      Step(
        name: "synth",
        arguments: [
          "synth", "-s", schemeDirectory, "-n", "\(options.count)", "--seed", "\(options.seed)",
          "-o", cases, "-q",
        ], reads: nil, outputs: [cases]),
      Step(
        name: "group",
        arguments: ["group", cases, "-s", schemeDirectory, "-o", grouped, "-q"] + threads,
        reads: cases, outputs: [grouped]),
      Step(
        name: "weights", arguments: ["weights", grouped, "-o", weights, "-q"] + threads,
        reads: grouped, outputs: [weights]),
      Step(
        name: "settle (monthly)",
        arguments: [
          "settle", grouped, "--policy", options.policy, "--weights", weights, "--period",
          "month", "-o", "\(d)/settle", "-q",
        ], reads: grouped, outputs: ["\(d)/settle"]),
      Step(
        name: "compare",
        arguments: ["compare", grouped, "--weights", weights, "-o", "\(d)/compare", "-q"]
          + threads, reads: grouped, outputs: ["\(d)/compare"]),
      Step(
        name: "audit", arguments: ["audit", grouped, "-o", "\(d)/flags.csv", "-q"] + threads,
        reads: grouped, outputs: ["\(d)/flags.csv"]),
    ]
  }

  /// Runs every step `repeats` times and returns one measurement per step.
  func run(repeats: Int) throws -> [StageMeasurement] {
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    var results: [StageMeasurement] = []
    for step in steps {
      log("pipeline: \(step.name) …")
      var runs: [Double] = []
      var cpu: [Double] = []
      var peak = 0.0
      for _ in 0..<max(1, repeats) {
        for output in step.outputs { try? FileManager.default.removeItem(atPath: output) }
        if let input = step.reads {
          // The untimed pass that brings the input back into the page cache also checks
          // that the step before wrote a row for every case.
          let rows = try Stages.lineScan(input)
          guard rows == options.count else {
            throw PipelineError(
              message: "\(input) has \(rows) rows, expected \(options.count)")
          }
        }
        let child = try ChildRun.run(drg, step.arguments)
        guard child.status == 0 else {
          throw PipelineError(
            message: "drg \(step.arguments.joined(separator: " ")) exited with \(child.status)")
        }
        runs.append(child.wallSeconds)
        cpu.append(child.cpuSeconds)
        peak = max(peak, child.peakMemoryMB)
      }
      results.append(
        StageMeasurement(
          stage: "pipeline: \(step.name)", records: options.count, threads: options.threads,
          runs: runs, peakMemoryMB: peak, cpuSeconds: cpu))
    }
    if !options.keep {
      try? FileManager.default.removeItem(atPath: directory)
    }
    return results
  }

  /// The `drg` binary beside this `drg-bench` (both are built by `swift build`).
  static func defaultDRG() -> String {
    let bench =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: bench).deletingLastPathComponent().appendingPathComponent("drg")
      .path
  }
}

/// A pipeline step that failed or did not reconcile.
struct PipelineError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
