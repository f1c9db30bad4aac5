import Foundation

/// A file that could not be opened, created, read, decoded, written or renamed.
public struct FileError: Error, Sendable, CustomStringConvertible {
  /// What was being done to the file.
  public enum Operation: String, Sendable { case open, create, read, decode, write, rename }

  /// The file's path.
  public var path: String
  /// What failed.
  public var operation: Operation
  /// The `errno` value reported by the system (0 for decoding problems).
  public var code: Int32
  /// For decoding problems: the 1-based line and what to do.
  public var line: Int?
  /// For decoding problems and refused inputs: what is wrong and what to do.
  public var message: String?

  /// A system error `code` (`errno`) while doing `operation` to `path`.
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

  /// `path[:line]: message`, or `path: cannot OPERATION: the system's reason`.
  public var description: String {
    if let message {
      return "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
    return "\(path): cannot \(operation.rawValue): \(String(cString: strerror(code)))"
  }
}

extension FileError {
  /// Creates `path` and its missing parents (`mkdir -p`).
  /// - Throws: ``FileError`` (`create`) with the system's reason, e.g. "Not a directory"
  ///   when a parent is a file.
  public static func makeDirectory(_ path: String) throws(FileError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        var error = FileError(path: path, operation: .create, code: EEXIST)
        error.message = "cannot create the output directory: a file of that name exists"
        throw error
      }
      return
    }
    let parent = PathText.parent(of: path)
    if !parent.isEmpty && parent != path {
      if FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else {
          throw FileError(path: path, operation: .create, code: ENOTDIR)
        }
      } else {
        try makeDirectory(parent)
      }
    }
    guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
      throw FileError(path: path, operation: .create, code: errno)
    }
  }
}
