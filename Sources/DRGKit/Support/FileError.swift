import Foundation

/// A file that could not be opened, created, read, decoded, written or renamed.
public struct FileError: Error, Sendable, CustomStringConvertible {
  public enum Operation: String, Sendable { case open, create, read, decode, write, rename }

  public var path: String
  public var operation: Operation
  /// The `errno` value reported by the system (0 for decoding problems).
  public var code: Int32
  /// For decoding problems: the 1-based line and what to do.
  public var line: Int?
  public var message: String?

  public init(path: String, operation: Operation, code: Int32) {
    self.path = path
    self.operation = operation
    self.code = code
  }

  /// A decoding problem at `line`.
  public static func decoding(path: String, line: Int, message: String) -> FileError {
    var error = FileError(path: path, operation: .decode, code: 0)
    error.line = line
    error.message = message
    return error
  }

  /// An input refused for what it is (an Excel workbook given as CSV), with what to do.
  public static func refused(path: String, message: String) -> FileError {
    var error = FileError(path: path, operation: .decode, code: 0)
    error.message = message
    return error
  }

  public var description: String {
    if let message {
      return "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
    return "\(path): cannot \(operation.rawValue): \(String(cString: strerror(code)))"
  }
}
