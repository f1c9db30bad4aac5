/// Counts of a grouping run; rows read always equal rows written.
public struct GroupingSummary: Sendable, Equatable {
  /// Data rows read (the header and blank lines excluded).
  public var rowsRead = 0
  /// Data rows written: one for each row read.
  public var rowsWritten = 0
  /// Rows by ``GroupingStatus`` raw value.
  public var byStatus = [Int](repeating: 0, count: GroupingStatus.allCases.count)
  /// Rows that could not be read as CSV (counted as invalid too).
  public var unreadableRows = 0
  /// Blank lines skipped (neither read nor written as rows).
  public var blankLines = 0
  /// Rows with at least one validation warning, and rows by ``ValidationEdit`` raw value.
  public var rowsWithWarnings = 0
  /// Warnings by ``ValidationEdit`` raw value.
  public var warningsByEdit = [Int](repeating: 0, count: ValidationEdit.allCases.count)
  /// Rows with a value read as exports write it, and such values by ``ValueNormalisation``.
  public var rowsNormalised = 0
  /// Values read as exports write them, by ``ValueNormalisation`` raw value.
  public var normalisedByKind = [Int](repeating: 0, count: ValueNormalisation.allCases.count)
  /// Values that could not be read, by ``CaseValueField``, and the line of the first of each
  /// (0 when none).
  public var unreadableByField = [Int](repeating: 0, count: CaseValueField.allCases.count)
  /// The line of the first unreadable value of each ``CaseValueField`` (0 when none).
  public var firstUnreadableLine = [Int](repeating: 0, count: CaseValueField.allCases.count)
  /// Bytes of input read.
  public var bytesRead = 0
  /// Wall-clock seconds.
  public var seconds = 0.0
  /// How the input's columns were found, for the column report.
  public var columns: ColumnResolution?
  /// The encoding the input was read in.
  public var encoding: TextEncoding = .utf8
  /// Rows read in the other of UTF-8 and GB18030 (a line that was not valid in
  /// ``encoding``), and rows with bytes in neither (each one invalid).
  public var rowsInOtherEncoding = 0
  /// Rows with bytes valid in neither UTF-8 nor GB18030 (each one invalid).
  public var rowsWithInvalidBytes = 0

  /// Empty counts.
  public init() {}

  /// The rows of `status`.
  public func count(_ status: GroupingStatus) -> Int { byStatus[Int(status.rawValue)] }

  /// One line for the terminal, e.g.
  /// `20000 rows read, 20000 written: 19215 grouped, 0 ambiguous, 385 ungroupable, 400 invalid`.
  public var description: String {
    let statuses = GroupingStatus.allCases.map { "\(count($0)) \($0)" }.joined(separator: ", ")
    var text = "\(rowsRead) rows read, \(rowsWritten) written: \(statuses)"
    if unreadableRows > 0 { text += " (\(unreadableRows) unreadable CSV rows among the invalid)" }
    if blankLines > 0 { text += "; \(blankLines) blank lines skipped" }
    if encoding != .utf8 || rowsInOtherEncoding > 0 || rowsWithInvalidBytes > 0 {
      var parts = [
        "\(rowsRead - rowsInOtherEncoding - rowsWithInvalidBytes) \(encoding.displayName)"
      ]
      if rowsInOtherEncoding > 0 {
        let other: TextEncoding = encoding == .gb18030 ? .utf8 : .gb18030
        parts.append("\(rowsInOtherEncoding) \(other.displayName)")
      }
      if rowsWithInvalidBytes > 0 { parts.append("\(rowsWithInvalidBytes) in neither (invalid)") }
      text += "; rows by encoding: " + parts.joined(separator: ", ")
    }
    if rowsWithWarnings > 0 {
      let kinds = ValidationEdit.allCases.filter { warningsByEdit[$0.rawValue] > 0 }
        .map { "\(warningsByEdit[$0.rawValue]) \($0)" }.joined(separator: ", ")
      text += "; \(rowsWithWarnings) rows with warnings (\(kinds))"
    }
    if rowsNormalised > 0 {
      let kinds = ValueNormalisation.allCases.filter { normalisedByKind[$0.rawValue] > 0 }
        .map { "\(normalisedByKind[$0.rawValue]) \($0)" }.joined(separator: ", ")
      text += "; \(rowsNormalised) rows with values read as exports write them (\(kinds))"
    }
    let unreadable = CaseValueField.allCases.filter { unreadableByField[$0.rawValue] > 0 }
    if !unreadable.isEmpty {
      let fields = unreadable.map {
        "\(unreadableByField[$0.rawValue]) \($0), first on line \(firstUnreadableLine[$0.rawValue])"
      }.joined(separator: "; ")
      text += "; unreadable values, counted as missing: \(fields)"
    }
    return text
  }

  /// Counts the notes of the record on `line`.
  mutating func addNotes(_ notes: ValueNotes, line: Int) {
    if notes.normalised != 0 {
      rowsNormalised += 1
      for index in normalisedByKind.indices { normalisedByKind[index] += notes.counts[index] }
    }
    var bits = notes.unreadable
    while bits != 0 {
      let field = bits.trailingZeroBitCount
      unreadableByField[field] += 1
      if firstUnreadableLine[field] == 0 { firstUnreadableLine[field] = line }
      bits &= bits &- 1
    }
  }
}

extension GroupingSummary {
  /// Adds the counts of a part of the input.
  mutating func add(_ other: GroupingSummary) {
    rowsRead += other.rowsRead
    rowsWritten += other.rowsWritten
    for index in byStatus.indices { byStatus[index] += other.byStatus[index] }
    unreadableRows += other.unreadableRows
    blankLines += other.blankLines
    rowsInOtherEncoding += other.rowsInOtherEncoding
    rowsWithInvalidBytes += other.rowsWithInvalidBytes
    rowsWithWarnings += other.rowsWithWarnings
    for index in warningsByEdit.indices { warningsByEdit[index] += other.warningsByEdit[index] }
    rowsNormalised += other.rowsNormalised
    for index in normalisedByKind.indices {
      normalisedByKind[index] += other.normalisedByKind[index]
    }
    for index in unreadableByField.indices {
      unreadableByField[index] += other.unreadableByField[index]
      if firstUnreadableLine[index] == 0 {
        firstUnreadableLine[index] = other.firstUnreadableLine[index]
      }
    }
  }
}
