/// A scheme directory that cannot be loaded, with the file, line and column at fault and a
/// message that says what to fix.
///
/// Printed as `adrg.csv:12:31: unknown list 'FM1.prc' in rule; lists.csv has no such list`.
public struct SchemeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong with the scheme.
  public enum Kind: Sendable, Equatable {
    case missingFile
    case unreadableFile(reason: String)
    case notUTF8
    case missingColumn(String)
    case malformedRow(String)
    case emptyField(column: String)
    case badNumber(column: String, value: String)
    case badLevel(String)
    case duplicateOrder(parent: String, order: Int, firstLine: Int)
    case duplicateCode(String, firstLine: Int)
    case unknownParent(kind: String, code: String)
    case unknownList(String)
    case unknownTag(list: String, tag: String)
    case syntax(String)
    case manifest(String)
  }

  /// What is wrong.
  public var kind: Kind
  /// The file name inside the scheme directory, e.g. `adrg.csv`.
  public var file: String
  /// 1-based line, when the problem is in a row.
  public var line: Int?
  /// 1-based column (in characters) inside the rule text, for rule errors.
  public var column: Int?

  /// An error of `kind` in `file`, at a line and column when known.
  public init(_ kind: Kind, file: String, line: Int? = nil, column: Int? = nil) {
    self.kind = kind
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column: message`.
  public var description: String {
    var location = file
    if let line { location += ":\(line)" }
    if let column { location += ":\(column)" }
    return "\(location): \(message)"
  }

  /// The message without the location.
  public var message: String {
    switch kind {
    case .missingFile:
      "file is missing; every scheme directory needs it (see grouper-tables/README.md)"
    case .unreadableFile(let reason): "cannot be read: \(reason)"
    case .notUTF8: "is not valid UTF-8; save it as UTF-8"
    case .missingColumn(let column): "header lacks the column '\(column)'"
    case .malformedRow(let problem): "malformed CSV row: \(problem)"
    case .emptyField(let column): "'\(column)' is empty"
    case .badNumber(let column, let value): "'\(column)' must be a whole number, found '\(value)'"
    case .badLevel(let value): "level must be MCC or CC, found '\(value)'"
    case .duplicateOrder(let parent, let order, let firstLine):
      "order \(order) is used twice in \(parent) (first on line \(firstLine)); orders must be unique"
    case .duplicateCode(let code, let firstLine):
      "'\(code)' is defined twice (first on line \(firstLine))"
    case .unknownParent(let kind, let code): "\(kind) '\(code)' is not defined"
    case .unknownList(let name): "unknown list '\(name)' in rule; lists.csv has no such list"
    case .unknownTag(let list, let tag): "list '\(list)' has no code tagged '\(tag)'"
    case .syntax(let problem): "rule syntax: \(problem)"
    case .manifest(let problem): problem
    }
  }
}
