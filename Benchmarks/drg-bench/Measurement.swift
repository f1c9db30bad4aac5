import Foundation

/// One measured stage: its runs and their median.
struct Measurement: Encodable {
  var stage: String
  var records: Int
  var threads: Int
  /// Seconds of each run, in the order they ran.
  var runs: [Double]

  /// The median run (the lower middle one for an even count).
  var seconds: Double { runs.sorted()[(runs.count - 1) / 2] }
  var bestSeconds: Double { runs.min() ?? 0 }
  var recordsPerSecond: Double { rate(seconds) }
  var bestRecordsPerSecond: Double { rate(bestSeconds) }
  var nanosecondsPerRecord: Double { records > 0 ? seconds * 1e9 / Double(records) : 0 }
  /// The slowest run over the fastest, minus one.
  var spread: Double {
    guard let fastest = runs.min(), let slowest = runs.max(), fastest > 0 else { return 0 }
    return slowest / fastest - 1
  }

  private func rate(_ seconds: Double) -> Double {
    seconds > 0 ? Double(records) / seconds : 0
  }

  enum CodingKeys: String, CodingKey {
    case stage, records, seconds, threads, recordsPerSecond, nanosecondsPerRecord
    case bestRecordsPerSecond, runs, spread
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(stage, forKey: .stage)
    try container.encode(records, forKey: .records)
    try container.encode(seconds, forKey: .seconds)
    try container.encode(threads, forKey: .threads)
    try container.encode(recordsPerSecond.rounded(), forKey: .recordsPerSecond)
    try container.encode(bestRecordsPerSecond.rounded(), forKey: .bestRecordsPerSecond)
    try container.encode((nanosecondsPerRecord * 10).rounded() / 10, forKey: .nanosecondsPerRecord)
    try container.encode(runs, forKey: .runs)
    try container.encode((spread * 1000).rounded() / 1000, forKey: .spread)
  }
}

/// Runs `body` `repeats` times (after `prepare`, untimed, each time) and times each run;
/// `body` returns the number of records it handled.
func measure(
  _ stage: String, threads: Int = 1, repeats: Int, prepare: () throws -> Void = {},
  _ body: () throws -> Int
) rethrows -> Measurement {
  let clock = ContinuousClock()
  var records = 0
  var runs: [Double] = []
  for _ in 0..<max(1, repeats) {
    try prepare()
    let elapsed = try clock.measure { records = try body() }
    runs.append(
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }
  return Measurement(stage: stage, records: records, threads: threads, runs: runs)
}

/// Peak resident memory of this process so far, in megabytes.
func peakMemoryMegabytes() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
}

/// Keeps the optimiser from deleting work whose result is otherwise unused.
@_optimize(none)
func blackHole<T>(_ value: T) {}
