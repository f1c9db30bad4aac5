import Foundation

/// Where a command writes its messages. The real tool writes to stdout and stderr; tests
/// capture both.
public final class Console: @unchecked Sendable {
  private let writeOut: (String) -> Void
  private let writeError: (String) -> Void
  /// Whether standard error is a terminal (progress lines are shown only then).
  public let errorIsTerminal: Bool

  /// A console writing standard output to `out` and standard error to `error`.
  public init(
    out: @escaping (String) -> Void, error: @escaping (String) -> Void,
    errorIsTerminal: Bool = false
  ) {
    writeOut = out
    writeError = error
    self.errorIsTerminal = errorIsTerminal
  }

  /// The process's standard output and error.
  public static func standard() -> Console {
    Console(
      out: { FileHandle.standardOutput.write(Data($0.utf8)) },
      error: { FileHandle.standardError.write(Data($0.utf8)) },
      errorIsTerminal: isatty(2) != 0)
  }

  func out(_ text: String) { writeOut(text + "\n") }
  /// Rewrites the current terminal line of standard error (progress).
  func status(_ text: String) { writeError("\r\u{1B}[K" + text) }
  /// Clears the progress line.
  func clearLine() { writeError("\r\u{1B}[K") }
  func error(_ text: String) { writeError(text + "\n") }
  /// Writes a line that `--quiet` never hides: a WARNING, a count of values normalised or
  /// unreadable, of input rows skipped or dropped, a rule not applied. Every command
  /// prints such lines through here, outside its `if !quiet` summary, so that `--quiet`
  /// silences progress and chatter only ("nothing silent").
  func warning(_ text: String) { writeError(text + "\n") }
}

/// Exit statuses, following sysexits.h.
enum ExitStatus {
  static let success: Int32 = 0
  /// Warnings found with `--strict`, or conformance mismatches.
  static let failure: Int32 = 1
  static let usage: Int32 = 64
  static let dataError: Int32 = 65
  static let noInput: Int32 = 66
  /// The output file cannot be created.
  static let cannotCreate: Int32 = 73
  static let ioError: Int32 = 74
}
