import Foundation

/// Command-line options of `drg-bench`.
struct BenchmarkOptions {
  var scheme: String?
  var count = 5_000_000
  var seed: UInt64 = 20_240_101
  var input: String?
  var dataDirectory = "bench-data"
  var json: String?
  var threads = ProcessInfo.processInfo.activeProcessorCount
  var groupOnlyLimit = 1_000_000
  var latencyCases = 20_000
  /// Runs per stage; 3 by default, 1 for `--pipeline`.
  var repeatsGiven: Int?
  var repeats: Int { repeatsGiven ?? (pipeline ? 1 : 3) }
  var stages = Set(Stage.allCases)
  var baseline: String?
  var timeThreshold = 0.10
  var memoryThreshold = 0.10
  var pipeline = false
  var drg: String?
  var policy = "examples/policies/chongqing-2018.json"
  var keep = false

  /// The stages `--stages` can pick.
  enum Stage: String, CaseIterable {
    case scan
    case endToEnd = "e2e"
    case parse, group, load
    case singleCase = "case"
    case serve
  }

  static let help = """
    drg-bench — throughput of the grouping pipeline, stage by stage (build with -c release)

    USAGE: swift run -c release drg-bench [--scheme DIR] [-n N] [--input FILE] [--json FILE]
                                          [--baseline FILE] [--pipeline]

    Makes (or reuses) a synthetic file of N cases for the scheme with `drg synth`'s generator,
    then measures in one run: a raw line scan of the file (the floor: no parsing), parsing
    only, grouping only on pre-parsed cases (one core, then all cores), and grouping file to
    file with 1 thread and with all threads. Each stage runs --repeat times; the table gives
    the median and the best run, and the spread between the slowest and the fastest, because
    a shared virtual machine can vary by a fifth from run to run. Prints a table and writes
    a JSON record (git commit, machine, scheme, every run and each stage's peak memory).

    With --pipeline it measures instead the whole pipeline, each step a run of the built
    `drg` binary: synth → group → weights → settle (monthly) → compare → audit, with the
    rate and the peak memory of each (the child process's maximum resident set).

    With --baseline FILE it compares this run stage by stage with an earlier record and
    exits 1 when a stage is slower (its median and its best run both, per record) by more
    than --threshold, or its peak memory grew by more than --memory-threshold (and 8 MB).

    OPTIONS:
      --scheme ID|DIR    Scheme id or directory (default: demo).
      -n N               Number of synthetic cases (default: 5000000).
      --seed S           Generator seed (default: 20240101).
      --input FILE       Use this case file instead of generating one.
      --data-dir DIR     Where generated files are kept for reuse (default: bench-data).
      --threads N        Threads for the parallel stages (default: all cores).
      --group-only-cases N
                         Cases held pre-parsed in memory for the group-only stage
                         (default: 1000000).
      --latency-cases N  Cases timed one by one in the case and serve stages
                         (default: 20000).
      --repeat R         Runs per stage (default: 3; 1 with --pipeline).
      --stages LIST      Only these stages, comma-separated: scan, e2e, parse, load,
                         case, serve, group (default: all). load: the scheme loaded
                         (at least 5 runs); case: one DischargeCase built from strings
                         and grouped, each case timed; serve: one case's round trip
                         through a pipe to `drg serve --stdio` (the drg beside
                         drg-bench, or --drg). E.g. two builds compared side by side on
                         group only, each pinned to a core with taskset.
      --json FILE        Where to write the JSON record
                         (default: <data-dir>/results-<scheme>-<N>.json, or
                         pipeline-<scheme>-<N>.json with --pipeline).
      --baseline FILE    Compare with this earlier JSON record; exit 1 on a regression.
      --threshold PCT    Slower than the baseline by more than PCT% fails (default: 10).
      --memory-threshold PCT
                         More peak memory by more than PCT% (and 8 MB) fails
                         (default: 10).
      --pipeline         Measure the drg commands of the pipeline instead (see above).
      --drg PATH         The drg binary for --pipeline (default: the one beside drg-bench).
      --policy FILE      Settlement policy for --pipeline
                         (default: examples/policies/chongqing-2018.json).
      --keep             Keep the --pipeline outputs (in <data-dir>/pipeline-<scheme>-<N>).
      -h, --help         Show this help.

    EXAMPLES:
      swift run -c release drg-bench
      swift run -c release drg-bench --scheme chs-drg-1.1 -n 5000000
      swift run -c release drg-bench -n 200000 --json today.json --baseline yesterday.json
      swift run -c release drg-bench --pipeline -n 1000000
    """

  static func parse(_ arguments: [String]) -> BenchmarkOptions {
    var options = BenchmarkOptions()
    var index = 0
    func value() -> String {
      index += 1
      guard index < arguments.count else { fail("\(arguments[index - 1]) needs a value") }
      return arguments[index]
    }
    func number(_ text: String) -> Int {
      guard let value = Int(text.replacingOccurrences(of: "_", with: "")), value > 0 else {
        fail("'\(text)' is not a positive whole number")
      }
      return value
    }
    func percent(_ text: String) -> Double {
      let digits = text.hasSuffix("%") ? String(text.dropLast()) : text
      guard let value = Double(digits), value >= 0, value.isFinite else {
        fail("'\(text)' is not a percentage (e.g. 10 or 10%)")
      }
      return value / 100
    }
    while index < arguments.count {
      switch arguments[index] {
      case "--scheme": options.scheme = value()
      case "-n": options.count = number(value())
      case "--seed": options.seed = UInt64(number(value()))
      case "--input": options.input = value()
      case "--data-dir": options.dataDirectory = value()
      case "--threads": options.threads = number(value())
      case "--group-only-cases": options.groupOnlyLimit = number(value())
      case "--latency-cases": options.latencyCases = number(value())
      case "--repeat": options.repeatsGiven = number(value())
      case "--baseline": options.baseline = value()
      case "--threshold": options.timeThreshold = percent(value())
      case "--memory-threshold": options.memoryThreshold = percent(value())
      case "--pipeline": options.pipeline = true
      case "--drg": options.drg = value()
      case "--policy": options.policy = value()
      case "--keep": options.keep = true
      case "--stages":
        let names = value().split(separator: ",").map { String($0) }
        options.stages = Set(
          names.map { name in
            guard let stage = Stage(rawValue: name) else {
              fail("unknown stage '\(name)'; use scan, e2e, parse, load, case, serve or group")
            }
            return stage
          })
      case "--json": options.json = value()
      case "-h", "--help":
        print(help)
        exit(0)
      default: fail("unknown option '\(arguments[index])'")
      }
      index += 1
    }
    return options
  }

  static func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("drg-bench: \(message)\nRun with --help for usage.\n".utf8))
    exit(64)
  }
}
