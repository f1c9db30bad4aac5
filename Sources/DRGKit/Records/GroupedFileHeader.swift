/// The header of a file written by `drg group` (or any case file), for the commands that
/// read such files (`weights`, `settle`, `compare`, `audit`): finds columns by name, with
/// the Chinese export names of ``ColumnAliases`` where a field has them.
///
/// Names compare after ``ColumnAliases/normalized(_:)`` (case, spaces and full-width
/// parentheses do not matter). A column the reader uses may appear only once.
struct GroupedFileHeader {
  /// Number of columns.
  let count: Int
  let file: String
  private let normalized: [String]

  init(_ header: [String], file: String) {
    count = header.count
    self.file = file
    normalized = header.map(ColumnAliases.normalized)
  }

  /// The index of the first column named by one of `names` (in the order given), or -1.
  /// - Throws: ``RecordError`` naming both columns when that name appears twice.
  func column(_ names: [String]) throws(RecordError) -> Int {
    for name in names.map(ColumnAliases.normalized) {
      guard let first = normalized.firstIndex(of: name) else { continue }
      if let second = normalized[(first + 1)...].firstIndex(of: name) {
        throw RecordError(
          file: file, line: 1,
          message:
            "column '\(name)' appears twice in the header (columns \(first + 1) and \(second + 1)); keep one"
        )
      }
      return first
    }
    return -1
  }

  /// The index of the column named `name` or one of its ``ColumnAliases``, or -1.
  func column(_ name: String) throws(RecordError) -> Int {
    try column([name] + (ColumnAliases.fields[name] ?? []))
  }
}
