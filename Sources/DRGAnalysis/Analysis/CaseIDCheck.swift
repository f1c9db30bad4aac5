import DRGKit
import DRGPayment

/// Checks that every row of a case file has its own case id, in input order: empty ids and
/// ids seen before are counted, and the first few are kept with their lines for the error.
///
/// `drg diff` lists cases by id, so a missing or repeated id would make a case vanish or
/// count twice in `changed_cases.csv` without anyone noticing.
///
/// Two ways, one answer:
/// - **by hash** (the input is a file that can be read again): 8 bytes a case, the 64-bit
///   hash of each id, one sorted run per chunk. A hash seen twice only makes its rows
///   candidates: ``repeatedHashes()`` names them, the file is read again for the ids of those
///   rows (``CaseIDReader``), and ``addCandidates(_:lines:)`` checks them as text. So equal
///   ids are never missed (equal ids hash alike) and a collision never reports a repeat.
/// - **by text** (standard input or a pipe, which cannot be read again): every id is kept
///   as text with its first line (``add(_:lines:)``), as many bytes a case as the ids take.
struct CaseIDCheck {
  /// How many problems of each kind the error names (all are counted).
  static let namedLimit = 5
  private var firstLine: [String: Int] = [:]
  /// Each chunk's id hashes, sorted (by hash only).
  private var hashRuns: [[UInt64]] = []
  /// Lines with an empty id, and how many there are.
  private(set) var emptyLines: [Int] = []
  private(set) var emptyCount = 0
  /// Repeated ids with the line first seen and the line repeated, and how many repeats.
  private(set) var repeats: [(id: String, first: Int, line: Int)] = []
  private(set) var repeatCount = 0

  /// The hash of a (trimmed, non-empty) id: Swift's own hash of the string, so that ids
  /// equal as strings (the test of a repeat) always hash alike.
  @Sendable static func hash(_ id: String) -> UInt64 {
    UInt64(bitPattern: Int64(id.hashValue))
  }

  /// Adds one chunk's ids (trimmed) with their lines, kept as text; chunks must come in
  /// input order.
  mutating func add(_ ids: [String], lines: [Int]) {
    for (id, line) in zip(ids, lines) {
      if id.isEmpty {
        addEmpty(line: line)
      } else {
        add(id, line: line)
      }
    }
  }

  /// Counts a row without an id; rows must come in input order.
  mutating func addEmpty(line: Int) {
    emptyCount += 1
    if emptyLines.count < Self.namedLimit { emptyLines.append(line) }
  }

  /// Adds one chunk's hashes of its non-empty ids, sorted (by hash).
  mutating func add(sortedHashes hashes: [UInt64]) {
    guard !hashes.isEmpty else { return }
    // A copy of exactly the hashes: the chunk's array is reused with its spare capacity.
    hashRuns.append(hashes.withUnsafeBufferPointer { Array($0) })
  }

  /// The hashes seen more than once (by hash), sorted; frees the hashes. Empty when every
  /// id is there once, else the rows whose id has one of these hashes go to
  /// ``addCandidates(_:lines:)``.
  mutating func repeatedHashes() -> [UInt64] {
    let runs = hashRuns
    hashRuns = []
    return SortedRuns.repeatedValues(runs)
  }

  /// Adds the rows whose id hash was seen more than once (``repeatedHashes()``), with
  /// their lines, in input order: compared as text, the repeats among them are the repeats
  /// of the whole file, since every other id is there once.
  mutating func addCandidates(_ ids: [String], lines: [Int]) {
    for (id, line) in zip(ids, lines) { add(id, line: line) }
  }

  private mutating func add(_ id: String, line: Int) {
    if let first = firstLine[id] {
      repeatCount += 1
      if repeats.count < Self.namedLimit { repeats.append((id, first, line)) }
    } else {
      firstLine[id] = line
    }
  }

  /// The error naming the lines, or `nil` when every id is there once. The line of the
  /// error is the first offending line.
  func error(file: String) -> RecordError? {
    guard emptyCount > 0 || repeatCount > 0 else { return nil }
    var parts: [String] = []
    if emptyCount > 0 {
      let more = emptyCount > emptyLines.count ? " and \(emptyCount - emptyLines.count) more" : ""
      parts.append(
        "\(emptyCount) empty case_id\(emptyCount == 1 ? "" : "s") (line\(emptyLines.count == 1 ? "" : "s") \(emptyLines.map(String.init).joined(separator: ", "))\(more))"
      )
    }
    if repeatCount > 0 {
      let named = repeats.map { "'\($0.id)' on lines \($0.first) and \($0.line)" }
      let more = repeatCount > repeats.count ? " and \(repeatCount - repeats.count) more" : ""
      parts.append(
        "\(repeatCount) repeated case_id\(repeatCount == 1 ? "" : "s"): \(named.joined(separator: "; "))\(more)"
      )
    }
    let line = min(emptyLines.first ?? .max, repeats.first?.line ?? .max)
    return RecordError(
      file: file, line: line,
      message:
        "\(parts.joined(separator: "; ")): every case needs its own id, or a changed case cannot be found again; fill in or remove those rows"
    )
  }
}

/// Values found more than once across sorted runs, by merging the runs through a heap of
/// their heads (no copy of the values).
enum SortedRuns {
  /// Each value that occurs more than once in `runs` (each sorted ascending), once,
  /// ascending.
  static func repeatedValues(_ runs: [[UInt64]]) -> [UInt64] {
    // The heap holds the runs not yet used up, by the value at their position.
    var positions = [Int](repeating: 0, count: runs.count)
    var heap = runs.indices.filter { !runs[$0].isEmpty }
    func head(_ run: Int) -> UInt64 { runs[run][positions[run]] }
    func siftDown(_ start: Int) {
      var parent = start
      while true {
        let left = 2 * parent + 1
        guard left < heap.count else { return }
        var least = left
        if left + 1 < heap.count, head(heap[left + 1]) < head(heap[left]) { least = left + 1 }
        guard head(heap[least]) < head(heap[parent]) else { return }
        heap.swapAt(parent, least)
        parent = least
      }
    }
    for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    var repeated: [UInt64] = []
    var previous: UInt64?
    while let run = heap.first {
      let value = head(run)
      if value == previous {
        if repeated.last != value { repeated.append(value) }
      }
      previous = value
      positions[run] += 1
      if positions[run] == runs[run].count {
        heap[0] = heap[heap.count - 1]
        heap.removeLast()
      }
      siftDown(0)
    }
    return repeated
  }
}
