/// What a row of a grouped file (the output of `drg group`) holds for the readers that use
/// grouped cases only (`drg weights`, `drg audit`): a grouped case and its DRG, or why the
/// row is left out.
package enum GroupedRow {
  /// A grouped case: the DRG's slot-local id, and whether this row saw the code first.
  case grouped(drg: UInt32, isNewDRG: Bool)
  /// Status `ambiguous`, `ungroupable` or `invalid`.
  case notGrouped(GroupingStatus)
  /// A status column holding any other text.
  case otherStatus
  /// Grouped (or no status column) but the `drg` field is empty.
  case missingDRG

  /// Reads the status (when `statusColumn` is not -1) and the DRG code of the current
  /// record of `csv`, interning the code in `drgCodes`.
  @inline(__always)
  package static func read(
    _ csv: borrowing CSVRecordParser, in bytes: UnsafeBufferPointer<UInt8>, statusColumn: Int,
    drgColumn: Int, drgCodes: inout ByteInterner
  ) -> GroupedRow {
    if statusColumn >= 0 {
      let status = csv.withField(statusColumn, in: bytes) {
        GroupingStatus(field: $0.trimmingBlanks())
      }
      guard let status else { return .otherStatus }
      guard status == .grouped else { return .notGrouped(status) }
    }
    let known = drgCodes.count
    let drg = csv.withField(drgColumn, in: bytes) { raw -> UInt32? in
      let field = raw.trimmingBlanks()
      return field.isEmpty ? nil : drgCodes.intern(field)
    }
    guard let drg else { return .missingDRG }
    return .grouped(drg: drg, isNewDRG: drgCodes.count > known)
  }
}

extension GroupingStatus {
  private static let words: [(GroupingStatus, [UInt8])] = allCases.map {
    ($0, Array($0.description.utf8))
  }

  /// The status spelled by `field` (`grouped`, `ambiguous`, …), or `nil` for any other text.
  @inline(__always)
  package init?(field: UnsafeBufferPointer<UInt8>) {
    for (status, word) in Self.words where word.count == field.count {
      if word.withUnsafeBufferPointer({ $0.elementsEqual(field) }) {
        self = status
        return
      }
    }
    return nil
  }
}

/// The counts a grouped-file reader keeps of the rows it leaves out before reading a case,
/// one per ``GroupedRow`` reason other than `grouped`. `drg weights` (``ExcludedCases``)
/// and `drg audit` (`AuditCounts`) keep these among their own counts.
package protocol GroupedRowSkips {
  /// Status `ambiguous`.
  var ambiguous: Int { get set }
  /// Status `ungroupable`.
  var ungroupable: Int { get set }
  /// Status `invalid`.
  var invalid: Int { get set }
  /// A status other than the four `drg group` writes.
  var otherStatus: Int { get set }
  /// Grouped, but the `drg` field is empty.
  var missingDRG: Int { get set }
}

extension GroupedRowSkips {
  /// Counts a status other than `grouped` (`grouped` counts nothing).
  @inlinable @inline(__always)
  package mutating func count(_ status: GroupingStatus) {
    switch status {
    case .grouped: break
    case .ambiguous: ambiguous += 1
    case .ungroupable: ungroupable += 1
    case .invalid: invalid += 1
    }
  }

  /// The grouped case of `row` (its DRG id and whether the row saw the code first), or
  /// `nil` after counting why the row is left out.
  @inlinable @inline(__always)
  package mutating func grouped(_ row: GroupedRow) -> (drg: UInt32, isNewDRG: Bool)? {
    switch row {
    case .grouped(let drg, let isNewDRG): return (drg, isNewDRG)
    case .notGrouped(let status): count(status)
    case .otherStatus: otherStatus += 1
    case .missingDRG: missingDRG += 1
    }
    return nil
  }
}
