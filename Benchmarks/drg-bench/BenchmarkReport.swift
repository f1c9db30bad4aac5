import DRGKit
import Foundation

/// The results of one run, as a table and as JSON for comparison over time.
struct BenchmarkReport: Encodable {
  struct Machine: Encodable {
    var cpu: String
    var cores: Int
    var memoryGB: Double
    var os: String
  }

  var date: String
  var gitRevision: String
  var machine: Machine
  var scheme: String
  var input: String
  var records: Int
  var measurements: [Measurement]
  var peakMemoryEndToEndMB: Double
  var peakMemoryMB: Double
  /// End to end with all threads over the raw line scan.
  var endToEndShareOfLineScan: Double

  init(
    options: BenchmarkOptions, scheme: Scheme, input: String, measurements: [Measurement],
    peakMemoryEndToEndMB: Double, peakMemoryMB: Double
  ) {
    date = ISO8601DateFormatter().string(from: Date())
    gitRevision = Self.gitRevision()
    machine = Machine(
      cpu: Self.cpuModel(), cores: ProcessInfo.processInfo.activeProcessorCount,
      memoryGB: (Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824 * 10).rounded()
        / 10,
      os: ProcessInfo.processInfo.operatingSystemVersionString)
    self.scheme = scheme.manifest.id
    self.input = input
    records = measurements.first?.records ?? 0
    self.measurements = measurements
    self.peakMemoryEndToEndMB = (peakMemoryEndToEndMB * 10).rounded() / 10
    self.peakMemoryMB = (peakMemoryMB * 10).rounded() / 10
    let scan = measurements.first { $0.stage.hasPrefix("line scan") }?.recordsPerSecond ?? 0
    let endToEnd =
      measurements.last { $0.stage.hasPrefix("end to end") }?.recordsPerSecond ?? 0
    endToEndShareOfLineScan = scan > 0 ? (endToEnd / scan * 1000).rounded() / 1000 : 0
  }

  var table: String {
    var lines = [
      "drg-bench — scheme \(scheme), \(records) records, \(machine.cores) cores, \(machine.cpu)",
      "git \(gitRevision)",
      "",
      pad("stage (median of \(measurements.first?.runs.count ?? 0) runs)", 46)
        + pad("threads", 8, right: true) + pad("records/s", 14, right: true)
        + pad("ns/record", 11, right: true) + pad("best/s", 14, right: true)
        + pad("spread", 8, right: true),
    ]
    for m in measurements {
      lines.append(
        pad(m.stage, 46) + pad("\(m.threads)", 8, right: true)
          + pad(grouped(Int(m.recordsPerSecond)), 14, right: true)
          + pad(String(format: "%.1f", m.nanosecondsPerRecord), 11, right: true)
          + pad(grouped(Int(m.bestRecordsPerSecond)), 14, right: true)
          + pad(String(format: "%.0f%%", m.spread * 100), 8, right: true))
    }
    lines.append("")
    if endToEndShareOfLineScan > 0 {
      lines.append(
        "end to end (all threads) / line scan: \(String(format: "%.1f", endToEndShareOfLineScan * 100))%"
      )
    }
    let endToEndPeak =
      peakMemoryEndToEndMB > 0
      ? "\(String(format: "%.1f", peakMemoryEndToEndMB)) MB through the end-to-end stages, " : ""
    lines.append(
      "peak memory: \(endToEndPeak)\(String(format: "%.1f", peakMemoryMB)) MB overall (group-only holds pre-parsed cases)"
    )
    return lines.joined(separator: "\n")
  }

  func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }

  private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let space = String(repeating: " ", count: max(0, width - text.count))
    return right ? space + text : text + space
  }

  private func grouped(_ value: Int) -> String {
    var digits = Array(String(value))
    var index = digits.count - 3
    while index > 0 {
      digits.insert(",", at: index)
      index -= 3
    }
    return String(digits)
  }

  static func gitRevision() -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "rev-parse", "--short", "HEAD"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return "unknown" }
    process.waitUntilExit()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let revision = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return revision.isEmpty ? "unknown" : revision
  }

  static func cpuModel() -> String {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
      let colon = line.firstIndex(of: ":")
    else { return "unknown" }
    return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
  }
}
