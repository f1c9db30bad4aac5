@_spi(DRGPackage) import DRGKit
import DRGPayment

/// The identifiers of flagged cases, read again from the input by line: `case_id`,
/// `patient_id` (and nothing else), so that the first pass keeps no string per case.
struct AuditLabelReader: ChunkWorker {
  let columns: GroupedColumns
  /// Lines wanted, sorted.
  let lines: [UInt32]
  private var csv = CSVRecordParser()
  var part: [(line: UInt32, caseID: String, patientID: String)] = []

  init(columns: GroupedColumns, lines: [UInt32]) {
    self.columns = columns
    self.lines = lines
  }

  mutating func process(_ chunk: CSVChunk) {
    part.removeAll()
    let bytes = chunk.view
    var records = chunk.records()
    while records.next(&csv) {
      let line = UInt32(truncatingIfNeeded: records.line)
      guard csv.problem == nil, csv.fields.count == columns.count, lines.sortedContains(line) else {
        continue
      }
      func text(_ column: Int) -> String {
        column >= 0 ? csv.string(column, in: bytes).trimmingBlanks : ""
      }
      part.append((line, text(columns.caseID), text(columns.patient)))
    }
  }
}
