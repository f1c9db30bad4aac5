import Foundation

/// One measured stage.
struct Measurement: Encodable {
  var stage: String
  var records: Int
  var seconds: Double
  var threads: Int
  var recordsPerSecond: Double { seconds > 0 ? Double(records) / seconds : 0 }
  var nanosecondsPerRecord: Double { records > 0 ? seconds * 1e9 / Double(records) : 0 }

  enum CodingKeys: String, CodingKey {
    case stage, records, seconds, threads, recordsPerSecond, nanosecondsPerRecord
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(stage, forKey: .stage)
    try container.encode(records, forKey: .records)
    try container.encode(seconds, forKey: .seconds)
    try container.encode(threads, forKey: .threads)
    try container.encode(recordsPerSecond.rounded(), forKey: .recordsPerSecond)
    try container.encode((nanosecondsPerRecord * 10).rounded() / 10, forKey: .nanosecondsPerRecord)
  }
}

/// Times `body`, which returns the number of records it handled.
func measure(_ stage: String, threads: Int = 1, _ body: () throws -> Int) rethrows -> Measurement {
  let clock = ContinuousClock()
  var records = 0
  let elapsed = try clock.measure { records = try body() }
  let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  return Measurement(stage: stage, records: records, seconds: seconds, threads: threads)
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
