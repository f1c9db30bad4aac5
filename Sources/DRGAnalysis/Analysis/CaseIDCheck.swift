import DRGKit
import DRGPayment

/// Checks that every row of a case file has its own case id, in input order: empty ids and
/// ids seen before are counted, and the first few are kept with their lines for the error.
///
/// `drg diff` lists cases by id, so a missing or repeated id would make a case vanish or
/// count twice in `changed_cases.csv` without anyone noticing.
struct CaseIDCheck {
  /// How many problems of each kind the error names (all are counted).
  static let namedLimit = 5
  private var firstLine: [String: Int] = [:]
  /// Lines with an empty id, and how many there are.
  private(set) var emptyLines: [Int] = []
  private(set) var emptyCount = 0
  /// Repeated ids with the line first seen and the line repeated, and how many repeats.
  private(set) var repeats: [(id: String, first: Int, line: Int)] = []
  private(set) var repeatCount = 0

  /// Adds one chunk's ids (trimmed) with their lines; chunks must come in input order.
  mutating func add(_ ids: [String], lines: [Int]) {
    for (id, line) in zip(ids, lines) {
      if id.isEmpty {
        emptyCount += 1
        if emptyLines.count < Self.namedLimit { emptyLines.append(line) }
      } else if let first = firstLine[id] {
        repeatCount += 1
        if repeats.count < Self.namedLimit { repeats.append((id, first, line)) }
      } else {
        firstLine[id] = line
      }
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
