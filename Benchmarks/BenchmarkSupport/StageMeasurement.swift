import Foundation

/// One measured stage of `drg-bench`: its runs, their median and the stage's peak memory.
///
/// Encoded with the derived figures (median seconds, records per second, spread) for
/// people reading the JSON; decoded from the runs alone, so a record written by an older
/// `drg-bench` (without `peakMemoryMB`) still serves as a baseline.
public struct StageMeasurement: Codable, Sendable, Equatable {
  /// The stage's name, e.g. `end to end, file to file`.
  public var stage: String
  /// Records handled by one run.
  public var records: Int
  /// Threads the stage ran on.
  public var threads: Int
  /// Seconds of each run, in the order they ran.
  public var runs: [Double]
  /// The highest resident memory while the stage ran, in megabytes, if measured.
  public var peakMemoryMB: Double?
  /// CPU seconds (user and system) of each run, where measured (pipeline stages).
  public var cpuSeconds: [Double]?
  /// Per-case stages: the median time of one case over every case of every run.
  public var medianLatencyNs: Double?
  /// Per-case stages: the 99th percentile of one case's time.
  public var p99LatencyNs: Double?

  /// A measurement of `runs`.
  public init(
    stage: String, records: Int, threads: Int, runs: [Double], peakMemoryMB: Double? = nil,
    cpuSeconds: [Double]? = nil
  ) {
    self.stage = stage
    self.records = records
    self.threads = threads
    self.runs = runs
    self.peakMemoryMB = peakMemoryMB
    self.cpuSeconds = cpuSeconds
  }

  /// The name and thread count that identify the stage between two records.
  public var key: String { "\(stage) [\(threads) thread\(threads == 1 ? "" : "s")]" }
  /// The median run (the lower middle one for an even count).
  public var seconds: Double { runs.isEmpty ? 0 : runs.sorted()[(runs.count - 1) / 2] }
  /// The fastest run.
  public var bestSeconds: Double { runs.min() ?? 0 }
  /// Records per second of the median run.
  public var recordsPerSecond: Double { rate(seconds) }
  /// Records per second of the fastest run.
  public var bestRecordsPerSecond: Double { rate(bestSeconds) }
  /// Nanoseconds per record of the median run.
  public var nanosecondsPerRecord: Double {
    records > 0 ? seconds * 1e9 / Double(records) : 0
  }
  /// Nanoseconds per record of the fastest run.
  public var bestNanosecondsPerRecord: Double {
    records > 0 ? bestSeconds * 1e9 / Double(records) : 0
  }
  /// The slowest run over the fastest, minus one.
  public var spread: Double {
    guard let fastest = runs.min(), let slowest = runs.max(), fastest > 0 else { return 0 }
    return slowest / fastest - 1
  }

  private func rate(_ seconds: Double) -> Double {
    seconds > 0 ? Double(records) / seconds : 0
  }

  enum CodingKeys: String, CodingKey {
    case stage, records, seconds, threads, recordsPerSecond, nanosecondsPerRecord
    case bestRecordsPerSecond, runs, spread, peakMemoryMB, cpuSeconds, medianLatencyNs
    case p99LatencyNs
  }

  /// Reads a measurement: stage, records, threads and runs are required.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    stage = try container.decode(String.self, forKey: .stage)
    records = try container.decode(Int.self, forKey: .records)
    threads = try container.decode(Int.self, forKey: .threads)
    runs = try container.decode([Double].self, forKey: .runs)
    peakMemoryMB = try container.decodeIfPresent(Double.self, forKey: .peakMemoryMB)
    cpuSeconds = try container.decodeIfPresent([Double].self, forKey: .cpuSeconds)
    medianLatencyNs = try container.decodeIfPresent(Double.self, forKey: .medianLatencyNs)
    p99LatencyNs = try container.decodeIfPresent(Double.self, forKey: .p99LatencyNs)
  }

  /// Writes the runs and the figures derived from them.
  public func encode(to encoder: any Encoder) throws {
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
    if let peakMemoryMB {
      try container.encode((peakMemoryMB * 10).rounded() / 10, forKey: .peakMemoryMB)
    }
    try container.encodeIfPresent(cpuSeconds, forKey: .cpuSeconds)
    try container.encodeIfPresent(medianLatencyNs?.rounded(), forKey: .medianLatencyNs)
    try container.encodeIfPresent(p99LatencyNs?.rounded(), forKey: .p99LatencyNs)
  }
}
