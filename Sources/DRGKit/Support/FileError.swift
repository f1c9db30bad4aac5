import Foundation

/// A file that could not be opened, read or written.
public struct FileError: Error, Sendable, CustomStringConvertible {
  public enum Operation: String, Sendable { case open, create, read, write, rename }

  public var path: String
  public var operation: Operation
  /// The `errno` value reported by the system.
  public var code: Int32

  public init(path: String, operation: Operation, code: Int32) {
    self.path = path
    self.operation = operation
    self.code = code
  }

  public var description: String {
    "\(path): cannot \(operation.rawValue): \(String(cString: strerror(code)))"
  }
}
