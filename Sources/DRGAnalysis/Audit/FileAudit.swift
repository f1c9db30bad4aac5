@_spi(DRGPackage) import DRGKit
import DRGPayment
import Foundation

/// Audits a grouped file (the output of `drg group`): reads it once in parallel chunks into
/// ``AuditCases``, runs the chosen rules, then reads the flagged lines again for their
/// `case_id` and `patient_id`.
///
/// ```swift
/// var options = AuditOptions()
/// options.readmissionDays = 10
/// let report = try FileAudit(options: options).run(input: "grouped.csv")
/// try report.write(to: "flags.csv")
/// ```
public struct FileAudit: Sendable {
  /// The rules to run and their thresholds.
  public var options: AuditOptions
  /// Threads reading blocks of the file at once (default: the active processors).
  public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
  /// Bytes of the file read per block (default 4 MiB); memory grows with threads × this.
  public var blockSize: Int = 4 << 20
  /// The column map and the columns to leave alone (`--columns`, `--ignore-column`).
  public var columnOptions = ColumnOptions()

  /// An audit under `options`, the other settings at their defaults.
  public init(options: AuditOptions = AuditOptions()) { self.options = options }

  /// - Parameter input: a file, or `-` for standard input (copied to a temporary file,
  ///   since flagged lines are read twice).
  /// - Throws: ``FileError`` when the file cannot be read; ``RecordError`` when the header is
  ///   missing or lacks `drg`.
  public func run(input: String) throws -> AuditReport {
    if input == "-" {
      let spooled = try Self.spoolStandardInput()
      defer { TemporaryOutputs.shared.discard(spooled) }
      return try run(path: spooled, displayName: "<stdin>")
    }
    return try run(path: input, displayName: input)
  }

  private func run(path: String, displayName: String) throws -> AuditReport {
    let reader = try CSVChunkReader(path: path, blockSize: blockSize)
    do {
      try reader.checkHeader()
    } catch {
      throw RecordError(file: displayName, line: error.line, message: error.message)
    }
    let columns = try GroupedColumns(
      header: reader.header, file: displayName, options: columnOptions, command: "drg audit",
      required: [.drg], requirements: options.columnRequirements)
    try reader.checkHasRows(name: displayName)
    var report = try flag(reader, columns: columns)
    report.columns = columns.resolution
    try label(&report, path: path, columns: columns)
    return report
  }

  /// Reads the cases and runs the rules. The rules keep what they find in ids and numbers;
  /// the cases are freed before those become flags with text, and before the flagged lines
  /// are read again, so that the cases and the flags are never held together.
  private func flag(_ reader: CSVChunkReader, columns: GroupedColumns) throws -> AuditReport {
    var report = AuditReport()
    var cases = try readCases(
      reader, columns: columns, counts: &report.counts, drgNames: &report.drgNames)
    let readmission = ReadmissionRule(options: options)
    let longStay = LongStayRule(options: options)
    var pairs: [ReadmissionRule.Pair] = []
    var upcodingFlags: [AuditFlag] = []
    var longStays: LongStayRule.LongStays?
    for rule in AuditOptions.Rule.allCases where options.rules.contains(rule) {
      switch rule {
      case .readmission:
        let (found, tally) = readmission.pairs(cases)
        pairs = found
        report.readmission = tally
      case .upcoding:
        let (flags, tally) = UpcodingRule(options: options).run(cases)
        upcodingFlags = flags
        report.upcoding = tally
      case .longStay:
        let (found, tally) = longStay.stays(cases)
        longStays = found
        report.longStay = tally
      }
    }
    cases.removeAllCases(keepingCapacity: false)
    report.flags.reserveCapacity(
      pairs.count + upcodingFlags.count + (longStays?.stays.count ?? 0))
    for rule in AuditOptions.Rule.allCases where options.rules.contains(rule) {
      switch rule {
      case .readmission: report.flags += readmission.flags(pairs, names: cases)
      case .upcoding: report.flags += upcodingFlags
      case .longStay:
        if let longStays { report.flags += longStay.flags(longStays, names: cases) }
      }
    }
    return report
  }

  private func readCases(
    _ reader: CSVChunkReader, columns: GroupedColumns, counts: inout AuditCounts,
    drgNames: inout [String: String]
  ) throws -> AuditCases {
    let slots = max(1, threads)
    let departments = options.perDiemDepartments
    let workers = WorkerSlots(
      count: slots, make: { AuditChunkReader(columns: columns, perDiemDepartments: departments) })
    var hospitalRemaps = [[UInt32]](repeating: [], count: slots)
    var drgRemaps = [[Int32]](repeating: [], count: slots)
    var cases = AuditCases()
    var total = AuditCounts()
    func merge(_ part: AuditChunkCases, slot: Int) {
      for name in part.newHospitals { hospitalRemaps[slot].append(cases.hospital(name)) }
      for entry in part.newDRGs {
        drgRemaps[slot].append(cases.drg(entry.code, adrg: entry.adrg, mdc: entry.mdc))
        if !entry.name.isEmpty && drgNames[entry.code] == nil { drgNames[entry.code] = entry.name }
      }
      total.add(part.counts)
      let hospitals = hospitalRemaps[slot]
      let drgs = drgRemaps[slot]
      let local = part.cases
      for index in 0..<local.count {
        let hospital = local.hospitals[index]
        cases.append(
          line: local.lines[index],
          hospital: hospital == AuditCases.noHospital ? hospital : hospitals[Int(hospital)],
          drg: drgs[Int(local.drgs[index])], lengthOfStay: local.lengthsOfStay[index],
          patient: local.patients[index], admission: local.admissions[index],
          discharge: local.discharges[index], category: local.diagnosisCategories[index],
          inPerDiemDepartment: local.isInPerDiemDepartment(index))
      }
    }
    try ChunkPipeline.run(
      reader: reader, workers: workers, emptyPart: AuditChunkCases(),
      consume: { part, slot in merge(part, slot: slot) })
    counts = total
    return cases
  }

  /// Fills `case_id` and `patient_id` of the flags from a second read of the flagged lines,
  /// and drops readmission pairs whose patient ids differ as text.
  private func label(_ report: inout AuditReport, path: String, columns: GroupedColumns) throws {
    var wanted: [UInt32] = []
    for flag in report.flags {
      if let line = flag.line { wanted.append(UInt32(line)) }
      if let line = flag.relatedLine { wanted.append(UInt32(line)) }
    }
    guard !wanted.isEmpty, columns.caseID >= 0 || columns.patient >= 0 else { return }
    wanted = Array(Set(wanted)).sorted()
    let reader = try CSVChunkReader(path: path, blockSize: blockSize)
    let slots = max(1, threads)
    let workers = WorkerSlots(
      count: slots, make: { AuditLabelReader(columns: columns, lines: wanted) })
    var labels: [UInt32: (caseID: String, patientID: String)] = [:]
    try ChunkPipeline.run(
      reader: reader, workers: workers, emptyPart: [],
      consume: { part, _ in
        for entry in part { labels[entry.line] = (entry.caseID, entry.patientID) }
      })
    // In place: the flags can be many (a copy would double their memory).
    var collisions: [Int] = []
    for index in report.flags.indices {
      if let line = report.flags[index].line, let label = labels[UInt32(line)] {
        report.flags[index].caseID = label.caseID
        report.flags[index].patientID = label.patientID
      }
      if let line = report.flags[index].relatedLine, let label = labels[UInt32(line)] {
        report.flags[index].relatedCaseID = label.caseID
        if report.flags[index].kind == .readmission,
          label.patientID != report.flags[index].patientID
        {
          collisions.append(index)
        }
      }
    }
    report.patientHashCollisions = collisions.count
    for index in collisions.reversed() { report.flags.remove(at: index) }
    if report.patientHashCollisions > 0, var tally = report.readmission {
      tally.flagged -= report.patientHashCollisions
      report.readmission = tally
    }
  }

  /// Copies standard input to a temporary file and returns its path.
  private static func spoolStandardInput() throws(FileError) -> String {
    let path =
      NSTemporaryDirectory()
      + "drg-audit-stdin-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv"
    TemporaryOutputs.shared.add(path, for: nil)
    let output = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard output >= 0 else { throw FileError(path: path, operation: .create, code: errno) }
    defer { close(output) }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw FileError(path: "<stdin>", operation: .read, code: errno)
      }
      if count == 0 { return path }
      let written = buffer.withUnsafeBytes { write(output, $0.baseAddress!, count) }
      guard written == count else {
        unlink(path)
        throw FileError(path: path, operation: .write, code: errno)
      }
    }
  }
}
