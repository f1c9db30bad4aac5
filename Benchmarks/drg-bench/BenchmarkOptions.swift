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
  var repeats = 3
  var stages = Set(Stage.allCases)

  /// The stages `--stages` can pick.
  enum Stage: String, CaseIterable {
    case scan
    case endToEnd = "e2e"
    case parse, group
  }

  static let help = """
    drg-bench — throughput of the grouping pipeline, stage by stage (build with -c release)

    USAGE: swift run -c release drg-bench [--scheme DIR] [-n N] [--input FILE] [--json FILE]

    Makes (or reuses) a synthetic file of N cases for the scheme with `drg synth`'s generator,
    then measures in one run: a raw line scan of the file (the floor: no parsing), parsing
    only, grouping only on pre-parsed cases (one core, then all cores), and grouping file to
    file with 1 thread and with all threads. Each stage runs --repeat times; the table gives
    the median and the best run, and the spread between the slowest and the fastest, because
    a shared virtual machine can vary by a fifth from run to run. Prints a table and writes
    a JSON record.

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
      --repeat R         Runs per stage (default: 3).
      --stages LIST      Only these stages, comma-separated: scan, e2e, parse, group
                         (default: all). E.g. two builds compared side by side on
                         group only, each pinned to a core with taskset.
      --json FILE        Where to write the JSON record
                         (default: <data-dir>/results-<scheme>-<N>.json).
      -h, --help         Show this help.

    EXAMPLES:
      swift run -c release drg-bench
      swift run -c release drg-bench --scheme chs-drg-1.1 -n 5000000
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
    while index < arguments.count {
      switch arguments[index] {
      case "--scheme": options.scheme = value()
      case "-n": options.count = number(value())
      case "--seed": options.seed = UInt64(number(value()))
      case "--input": options.input = value()
      case "--data-dir": options.dataDirectory = value()
      case "--threads": options.threads = number(value())
      case "--group-only-cases": options.groupOnlyLimit = number(value())
      case "--repeat": options.repeats = number(value())
      case "--stages":
        let names = value().split(separator: ",").map { String($0) }
        options.stages = Set(
          names.map { name in
            guard let stage = Stage(rawValue: name) else {
              fail("unknown stage '\(name)'; use scan, e2e, parse or group")
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
