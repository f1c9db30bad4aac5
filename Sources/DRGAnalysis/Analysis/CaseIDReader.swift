import DRGKit

/// The case ids of the rows whose id hash was seen more than once, read again from the
/// input with their lines, for ``CaseIDCheck/addCandidates(_:lines:)``. It reads the rows as
/// ``MigrationChunkGrouper`` did (same readable rows, same trimming), so that a row has the
/// same id and line in both reads.
struct CaseIDReader: ChunkWorker {
  let columns: CaseColumns
  /// The repeated hashes, sorted.
  let hashes: [UInt64]
  let hash: @Sendable (String) -> UInt64
  private var csv = CSVRecordParser()
  var part: (ids: [String], lines: [Int]) = ([], [])

  init(columns: CaseColumns, hashes: [UInt64], hash: @escaping @Sendable (String) -> UInt64) {
    self.columns = columns
    self.hashes = hashes
    self.hash = hash
  }

  mutating func process(_ chunk: CSVChunk) {
    part.ids.removeAll(keepingCapacity: true)
    part.lines.removeAll(keepingCapacity: true)
    let bytes = chunk.view
    var records = chunk.records()
    while records.next(&csv) {
      guard csv.problem == nil, csv.fields.count == columns.count else { continue }
      let id = csv.string(columns.caseID, in: bytes).trimmingBlanks
      guard !id.isEmpty, hashes.sortedContains(hash(id)) else { continue }
      part.ids.append(id)
      part.lines.append(records.line)
    }
  }
}
