import BenchmarkSupport
import DRGKit
import Foundation

/// The per-case stages: one case at a time, each timed on its own, for systems that group
/// at discharge rather than in files.
enum LatencyStages {
  /// The first `limit` records of `path` as text fields, and the header.
  static func rows(_ path: String, limit: Int) throws -> (header: [String], rows: [[String]]) {
    let reader = try CSVChunkReader(path: path)
    var csv = CSVRecordParser()
    var rows: [[String]] = []
    reading: while let chunk = try reader.nextChunk() {
      defer { reader.recycle(chunk) }
      let bytes = chunk.view
      var position = 0
      while position < bytes.count,
        let next = csv.parse(bytes, from: position, line: 1, isFinal: true)
      {
        position = next
        guard csv.problem == nil, csv.fields.count == reader.header.count else { continue }
        rows.append((0..<csv.fields.count).map { csv.string($0, in: bytes) })
        if rows.count == limit { break reading }
      }
    }
    return (reader.header, rows)
  }

  /// Builds a ``DischargeCase`` from each row's strings and groups it with
  /// `Scheme.group(_:)`, timing each case from the strings to the outcome; returns the
  /// nanoseconds of each case.
  ///
  /// What is timed, per case: reading the field texts of the row (held as `String`s, as a
  /// hospital system holds a discharge) into a case with
  /// `DischargeCase(sex:age:…:diagnoses:procedures:)` (numbers parsed, code lists split
  /// at `|` and trimmed into `[String]`s), grouping it, and the two clock reads. Not
  /// timed: reading the file into rows of strings beforehand.
  static func singleCases(header: [String], rows: [[String]], scheme: Scheme) -> [Double] {
    func column(_ name: String) -> Int { header.firstIndex(of: name) ?? -1 }
    let sex = column("sex")
    let age = column("age")
    let ageDays = column("age_days")
    let weight = column("weight")
    let department = column("dept")
    let los = column("los")
    let leaving = column("leaving")
    let icuHours = column("icu_hours")
    let diagnoses = column("diagnoses")
    let procedures = column("procedures")
    let clock = ContinuousClock()
    var times: [Double] = []
    times.reserveCapacity(rows.count)
    var checksum = 0
    for row in rows {
      func text(_ index: Int) -> String? { index >= 0 ? row[index] : nil }
      let start = clock.now
      let record = DischargeCase(
        sex: text(sex), age: text(age), ageDays: text(ageDays), weight: text(weight),
        department: text(department), lengthOfStay: text(los), leaving: text(leaving),
        icuHours: text(icuHours), diagnoses: text(diagnoses) ?? "",
        procedures: text(procedures) ?? "")
      let outcome = scheme.group(record)
      let elapsed = clock.now - start
      checksum &+= outcome.drg.utf8.count &+ Int(outcome.status.rawValue)
      times.append(elapsed.inSeconds * 1e9)
    }
    blackHole(checksum)
    return times
  }

  /// Sends each row to a running `drg serve --stdio` through a pipe and waits for its
  /// answer; returns the nanoseconds of each round trip.
  static func serveRoundTrips(
    drg: String, scheme: String, header: [String], rows: [[String]]
  ) throws -> [Double] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: drg)
    process.arguments = ["serve", "--stdio", "-s", scheme, "-q"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = input.fileHandleForWriting.fileDescriptor
    let reader = output.fileHandleForReading.fileDescriptor
    var pending: [UInt8] = []
    var block = [UInt8](repeating: 0, count: 1 << 16)
    func send(_ fields: [String]) throws {
      var line: [UInt8] = []
      for (index, field) in fields.enumerated() {
        if index > 0 { line.append(UInt8(ascii: ",")) }
        var field = field
        field.withUTF8 { CSVWriter.appendField($0, to: &line) }
      }
      line.append(UInt8(ascii: "\n"))
      let written = line.withUnsafeBytes { write(writer, $0.baseAddress!, $0.count) }
      guard written == line.count else { throw PipelineError(message: "drg serve stopped reading") }
    }
    func receive() throws {
      while true {
        if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
          pending.removeFirst(end + 1)
          return
        }
        let count = block.withUnsafeMutableBytes { read(reader, $0.baseAddress!, $0.count) }
        guard count > 0 else { throw PipelineError(message: "drg serve ended early") }
        pending.append(contentsOf: block[0..<count])
      }
    }
    try send(header)
    try receive()
    let clock = ContinuousClock()
    var times: [Double] = []
    times.reserveCapacity(rows.count)
    for row in rows {
      let start = clock.now
      try send(row)
      try receive()
      times.append((clock.now - start).inSeconds * 1e9)
    }
    input.fileHandleForWriting.closeFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw PipelineError(message: "drg serve exited with \(process.terminationStatus)")
    }
    return times
  }

  /// A measurement of per-case times: each run's total, and the median and 99th percentile
  /// of every case of every run.
  static func measurement(_ stage: String, runs: [[Double]]) -> StageMeasurement {
    let all = runs.flatMap { $0 }.sorted()
    func percentile(_ p: Double) -> Double {
      all.isEmpty ? 0 : all[min(all.count - 1, Int(Double(all.count - 1) * p))]
    }
    var measurement = StageMeasurement(
      stage: stage, records: runs.first?.count ?? 0, threads: 1,
      runs: runs.map { $0.reduce(0, +) / 1e9 })
    measurement.medianLatencyNs = percentile(0.5)
    measurement.p99LatencyNs = percentile(0.99)
    return measurement
  }
}
