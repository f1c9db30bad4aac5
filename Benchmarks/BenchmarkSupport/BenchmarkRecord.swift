import Foundation

/// The JSON record of one `drg-bench` run: where it ran, on what, and every stage measured.
///
/// Fields added after the first records (`gitCommit`, `gitDirty`, `schemeName`,
/// `schemeDigest`, `pipeline`, a stage's `peakMemoryMB`) are optional, so that older
/// records still read as baselines.
public struct BenchmarkRecord: Codable, Sendable, Equatable {
  /// The machine a record was measured on.
  public struct Machine: Codable, Sendable, Equatable {
    /// CPU model, from `/proc/cpuinfo`.
    public var cpu: String
    /// Active cores.
    public var cores: Int
    /// Physical memory in gigabytes.
    public var memoryGB: Double
    /// Operating system version.
    public var os: String

    /// A machine description.
    public init(cpu: String, cores: Int, memoryGB: Double, os: String) {
      self.cpu = cpu
      self.cores = cores
      self.memoryGB = memoryGB
      self.os = os
    }
  }

  /// When the run started (ISO 8601).
  public var date: String
  /// Short git revision of the working tree.
  public var gitRevision: String
  /// Full git commit hash.
  public var gitCommit: String?
  /// Whether the working tree had uncommitted changes.
  public var gitDirty: Bool?
  /// The machine.
  public var machine: Machine
  /// The scheme's id (`scheme.json`).
  public var scheme: String
  /// The scheme's name (`scheme.json`).
  public var schemeName: String?
  /// FNV-1a 64 of the scheme's files, so that a changed table shows.
  public var schemeDigest: String?
  /// The case file measured.
  public var input: String
  /// Records per run.
  public var records: Int
  /// Whether the stages are the `--pipeline` ones (each a `drg` command).
  public var pipeline: Bool?
  /// Every stage measured, in the order run.
  public var measurements: [StageMeasurement]
  /// Peak memory through the end-to-end stages (megabytes), 0 when not run.
  public var peakMemoryEndToEndMB: Double?
  /// Peak memory of the whole benchmark process (megabytes).
  public var peakMemoryMB: Double
  /// End to end with all threads over the raw line scan.
  public var endToEndShareOfLineScan: Double?

  /// A record of measured stages.
  public init(
    date: String, gitRevision: String, gitCommit: String?, gitDirty: Bool?, machine: Machine,
    scheme: String, schemeName: String?, schemeDigest: String?, input: String, records: Int,
    pipeline: Bool?, measurements: [StageMeasurement], peakMemoryEndToEndMB: Double?,
    peakMemoryMB: Double, endToEndShareOfLineScan: Double?
  ) {
    self.date = date
    self.gitRevision = gitRevision
    self.gitCommit = gitCommit
    self.gitDirty = gitDirty
    self.machine = machine
    self.scheme = scheme
    self.schemeName = schemeName
    self.schemeDigest = schemeDigest
    self.input = input
    self.records = records
    self.pipeline = pipeline
    self.measurements = measurements
    self.peakMemoryEndToEndMB = peakMemoryEndToEndMB
    self.peakMemoryMB = peakMemoryMB
    self.endToEndShareOfLineScan = endToEndShareOfLineScan
  }

  /// Reads a record from JSON.
  public static func decode(_ data: Data) throws -> BenchmarkRecord {
    try JSONDecoder().decode(BenchmarkRecord.self, from: data)
  }

  /// The record as pretty-printed JSON with sorted keys.
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }
}
