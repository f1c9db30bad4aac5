/// An input file that cannot be processed at all (as opposed to one bad row, which becomes
/// an `invalid` output row).
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file's path as the user gave it.
  public var file: String
  /// The 1-based line, or 0 for the file as a whole.
  public var line: Int
  /// What is wrong and what to fix.
  public var message: String

  /// Whether the file itself is missing (exit 66 on the command line) rather than wrong.
  public var isMissingInput = false

  /// A named input file (policy, column map, edit table, …) that does not exist.
  public static func missing(file: String, what: String) -> RecordError {
    var error = RecordError(
      file: file, line: 0, message: "\(what) does not exist; check the path")
    error.isMissingInput = true
    return error
  }

  /// An error in `file` at `line` (0: the file as a whole).
  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  /// `file:line: message`, or `file: message` when no line applies (line 0).
  public var description: String {
    line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
  }
}
