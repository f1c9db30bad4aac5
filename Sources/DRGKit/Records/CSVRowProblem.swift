/// Why one CSV record could not be read. The record is still reported (as an `invalid` row),
/// so nothing disappears from the output.
public struct CSVRowProblem: Sendable, Equatable, CustomStringConvertible {
  /// What is wrong with the record.
  public enum Kind: Sendable, Equatable {
    /// A field opened with `"` that does not close on its line, where the record it would
    /// start cannot be read across lines (see ``CSVRecordParser``).
    case unterminatedQuote
    /// Text after the closing quote of a field, as in `"abc"x,`.
    case textAfterClosingQuote
    /// Bytes that are text in neither encoding the file is read in (UTF-8 or GB18030 for
    /// `.auto`); they are written as U+FFFD.
    case invalidBytes
    /// The record has a different number of fields than the header.
    case fieldCount(expected: Int, found: Int)
  }

  /// What is wrong.
  public var kind: Kind
  /// 1-based line in the input file of the problem (for a field-count problem, the line
  /// where the record starts).
  public var line: Int
  /// 1-based column (in bytes) where the problem was found; `nil` for field-count problems.
  public var column: Int?

  /// The problem in words, with its line and column.
  public var description: String {
    switch kind {
    case .unterminatedQuote:
      "line \(line): unterminated quoted field starting at column \(column ?? 0); close the quote"
    case .textAfterClosingQuote:
      "line \(line), column \(column ?? 0): text after a closing quote; quote the whole field"
    case .invalidBytes:
      "line \(line), column \(column ?? 0): bytes that are neither UTF-8 nor GB18030 (GBK), written as \u{FFFD}; fix the export or save the file as UTF-8"
    case .fieldCount(let expected, let found):
      "line \(line): \(found) fields where the header has \(expected)"
    }
  }
}
