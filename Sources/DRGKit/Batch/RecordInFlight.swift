/// One record on its way through ``ChunkGrouper``: its fields, its case and where it was.
struct RecordInFlight {
  var csv = CSVRecordParser()
  var cases: CaseRecordParser
  var line = 0
  /// Why the record could not be read, or `nil` when its case was parsed.
  var problem: CSVRowProblem?
  /// The record's text in the chunk, without its line terminator.
  var range: Range<Int> = 0..<0
  /// Whether the clean-row path read the record (``csv`` then does not hold it).
  var isClean = false

  /// Reads the record `csv` holds (it starts on `line`): its case when it has the header's
  /// number of fields, else the problem.
  @inline(__always)
  mutating func read(line: Int, fieldCount: Int, in bytes: UnsafeBufferPointer<UInt8>) {
    self.line = line
    range = csv.recordRange
    isClean = false
    problem = csv.problem(expectingFields: fieldCount, line: line)
    if problem == nil { cases.read(csv, in: bytes) }
  }

  /// Notes a record that ``CaseRecordParser/readClean(_:from:quoteFree:)`` read: its text
  /// is `range`, on `line`.
  @inline(__always)
  mutating func readClean(_ range: Range<Int>, line: Int) {
    self.line = line
    self.range = range
    isClean = true
    problem = nil
  }

  // The steps below are `mutating` although only `lookUp` changes the record: called
  // through a pointer, a non-mutating call copies the parsers (a dozen retains per row).

  /// Groups the record's case.
  @inline(__always)
  mutating func grouped(by tables: GroupingTables) -> GroupingResult {
    cases.grouped(by: tables)
  }

  /// The validation edits the record's case fails (see ``RecordEdits/findings(_:)``).
  @inline(__always)
  mutating func findings(_ edits: RecordEdits) -> UInt16 {
    edits.findings(cases)
  }

  /// Writes the warnings for `findings` into `text` (see ``RecordEdits/describe``).
  mutating func describe(
    _ findings: UInt16, edits: RecordEdits, bytes: UnsafeBufferPointer<UInt8>,
    into text: inout [UInt8]
  ) -> UInt16 {
    if isClean {
      // The warnings quote date fields: split the record the general way (it is one
      // line without quotes, so it splits the same).
      _ = csv.parse(bytes, from: range.lowerBound, line: line, isFinal: true)
      isClean = false
    }
    return edits.describe(findings, record: cases, csv: csv, bytes: bytes, into: &text)
  }

  /// Looks up the codes of a readable record and asks memory for the grouping-table
  /// entries its case will need.
  @inline(__always)
  mutating func lookUp(_ tables: GroupingTables) {
    guard problem == nil else { return }
    cases.lookUpCodes()
    tables.prefetch(cases.codes)
  }
}

/// The three records a ``ChunkGrouper`` has in flight, in one allocation that never moves:
/// a record goes on to its next step by a change of pointer instead of a move of its
/// parser state (swapping the records cost four `memcpy` calls per row).
final class RecordRing {
  let slots: UnsafeMutablePointer<RecordInFlight>

  init(_ make: () -> RecordInFlight) {
    slots = .allocate(capacity: 3)
    for index in 0..<3 { (slots + index).initialize(to: make()) }
  }

  deinit {
    slots.deinitialize(count: 3)
    slots.deallocate()
  }
}
