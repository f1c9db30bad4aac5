import BenchmarkSupport
import DRGKit
import Foundation

/// The results of one run, as a table and as a JSON record for comparison over time.
struct BenchmarkReport {
  var record: BenchmarkRecord

  init(
    scheme: Scheme, input: String, measurements: [StageMeasurement], pipeline: Bool,
    peakMemoryEndToEndMB: Double, peakMemoryMB: Double
  ) {
    let git = Self.git()
    let scan = measurements.first { $0.stage.hasPrefix("line scan") }?.recordsPerSecond ?? 0
    let endToEnd =
      measurements.last { $0.stage.hasPrefix("end to end") }?.recordsPerSecond ?? 0
    record = BenchmarkRecord(
      date: ISO8601DateFormatter().string(from: Date()), gitRevision: git.revision,
      gitCommit: git.commit, gitDirty: git.dirty,
      machine: BenchmarkRecord.Machine(
        cpu: Self.cpuModel(), cores: ProcessInfo.processInfo.activeProcessorCount,
        memoryGB: (Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824 * 10)
          .rounded() / 10,
        os: ProcessInfo.processInfo.operatingSystemVersionString),
      scheme: scheme.manifest.id, schemeName: scheme.manifest.name,
      schemeDigest: Self.digest(ofDirectory: scheme.directory), input: input,
      records: measurements.map(\.records).max() ?? 0, pipeline: pipeline,
      measurements: measurements,
      peakMemoryEndToEndMB: (peakMemoryEndToEndMB * 10).rounded() / 10,
      peakMemoryMB: (peakMemoryMB * 10).rounded() / 10,
      endToEndShareOfLineScan: scan > 0 ? (endToEnd / scan * 1000).rounded() / 1000 : 0)
  }

  var table: String {
    let machine = record.machine
    let measurements = record.measurements
    var lines = [
      "drg-bench — scheme \(record.scheme), \(record.records) records, \(machine.cores) cores, "
        + machine.cpu,
      "git \(record.gitRevision)\(record.gitDirty == true ? " (uncommitted changes)" : "")",
      "",
      pad("stage (median of \(measurements.first?.runs.count ?? 0) runs)", 46)
        + pad("threads", 8, right: true) + pad("records/s", 14, right: true)
        + pad("ns/record", 11, right: true) + pad("best/s", 14, right: true)
        + pad("spread", 8, right: true) + pad("peak MB", 10, right: true)
        + (record.pipeline == true ? pad("CPU s", 8, right: true) : ""),
    ]
    for m in measurements {
      lines.append(
        pad(m.stage, 46) + pad("\(m.threads)", 8, right: true)
          + pad(grouped(Int(m.recordsPerSecond)), 14, right: true)
          + pad(String(format: "%.1f", m.nanosecondsPerRecord), 11, right: true)
          + pad(grouped(Int(m.bestRecordsPerSecond)), 14, right: true)
          + pad(String(format: "%.0f%%", m.spread * 100), 8, right: true)
          + pad(m.peakMemoryMB.map { String(format: "%.1f", $0) } ?? "", 10, right: true)
          + (m.cpuSeconds.map { cpu in
            pad(String(format: "%.1f", cpu.sorted()[(cpu.count - 1) / 2]), 8, right: true)
          } ?? ""))
    }
    lines.append("")
    for m in measurements {
      guard let median = m.medianLatencyNs, let p99 = m.p99LatencyNs else { continue }
      lines.append(
        "\(m.stage): median \(String(format: "%.2f", median / 1000)) µs, "
          + "99th percentile \(String(format: "%.2f", p99 / 1000)) µs per case")
    }
    if let share = record.endToEndShareOfLineScan, share > 0 {
      lines.append(
        "end to end (all threads) / line scan: \(String(format: "%.1f", share * 100))%")
    }
    if record.pipeline == true {
      lines.append(
        "peak memory: each stage's own (a child process's maximum resident set, wait4)")
    } else {
      let endToEnd = record.peakMemoryEndToEndMB ?? 0
      let endToEndPeak =
        endToEnd > 0
        ? "\(String(format: "%.1f", endToEnd)) MB through the end-to-end stages, " : ""
      lines.append(
        "peak memory: \(endToEndPeak)\(String(format: "%.1f", record.peakMemoryMB)) MB overall "
          + "(group-only holds pre-parsed cases)")
    }
    return lines.joined(separator: "\n")
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

  /// The short and full revision of HEAD and whether the tree has uncommitted changes.
  static func git() -> (revision: String, commit: String?, dirty: Bool?) {
    let commit = run(["git", "rev-parse", "HEAD"])
    let status = run(["git", "status", "--porcelain", "--untracked-files=no"])
    guard let commit, !commit.isEmpty else { return ("unknown", nil, nil) }
    return (String(commit.prefix(7)), commit, status.map { !$0.isEmpty })
  }

  private static func run(_ arguments: [String]) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  static func cpuModel() -> String {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
      let colon = line.firstIndex(of: ":")
    else { return "unknown" }
    return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
  }

  /// FNV-1a 64 over the names and bytes of the scheme directory's files, in name order.
  static func digest(ofDirectory directory: String) -> String? {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return nil
    }
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    func mix<S: Sequence<UInt8>>(_ bytes: S) {
      for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
    }
    for name in names.sorted() {
      guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)") else {
        continue
      }
      mix(name.utf8)
      mix(data)
    }
    return String(hash, radix: 16)
  }
}
