import Foundation

/// Names for columns a file calls otherwise, read from a JSON file (`--columns map.json`):
///
/// ```json
/// {"sex": "XB", "age": "NL", "diagnoses": ["ZYZDBM", "QTZD1", "QTZD2"], "procedures": ["SSBM1"]}
/// ```
///
/// Keys are canonical field names (``ColumnField``, the same for every command);
/// `diagnoses` and `procedures` take a list of columns, principal / main first. The code
/// tables of a long-format export (`--diagnoses-file`, `--procedures-file`) have keys of
/// their own, `diagnoses_file` and `procedures_file` (``CodeTableColumns``):
///
/// ```json
/// {"settlement_id": "JSID", "diagnoses_file": {"id": "JSID", "code": "ZDDM", "main_flag": "ZZDBZ", "order": "XH"}}
/// ```
public struct ColumnMap: Sendable, Equatable {
  /// Names for the columns of a long-format code table: its join id, its code, its main
  /// flag and its order (each optional; the others are found by ``LongFormatColumns``).
  public struct CodeTableColumns: Sendable, Equatable {
    /// The header of the table's join id column.
    public var id: String?
    /// The header of the code column.
    public var code: String?
    /// The header of the principal / main flag column.
    public var mainFlag: String?
    /// The header of the order (sequence number) column.
    public var order: String?

    /// The columns of a code table, each `nil` when found by its usual names.
    public init(
      id: String? = nil, code: String? = nil, mainFlag: String? = nil, order: String? = nil
    ) {
      self.id = id
      self.code = code
      self.mainFlag = mainFlag
      self.order = order
    }

    /// The keys of a code table's object in the map.
    public static let keys = ["id", "code", "main_flag", "order"]
  }

  /// Canonical field name → the input's header for it.
  public var fields: [String: String]
  /// The input's diagnosis columns, principal first, when the codes are spread over several.
  public var diagnoses: [String]?
  /// The input's procedure columns, main first, when spread over several.
  public var procedures: [String]?
  /// The columns of the diagnosis table of a long-format export (`diagnoses_file`).
  public var diagnosisTable: CodeTableColumns?
  /// The columns of the procedure table (`procedures_file`).
  public var procedureTable: CodeTableColumns?

  /// A map of canonical fields to headers, with the diagnosis and procedure columns if spread.
  public init(
    fields: [String: String] = [:], diagnoses: [String]? = nil, procedures: [String]? = nil
  ) {
    self.fields = fields
    self.diagnoses = diagnoses
    self.procedures = procedures
  }

  /// Reads a column map.
  /// - Throws: ``RecordError`` naming the file and the key that is wrong.
  public static func load(path: String) throws(RecordError) -> ColumnMap {
    guard let data = FileManager.default.contents(atPath: path) else {
      if !FileManager.default.fileExists(atPath: path) {
        throw RecordError.missing(file: path, what: "the column map file")
      }
      throw RecordError(file: path, line: 0, message: "the column map file cannot be read")
    }
    let text = JSONText(data)
    if let problem = text.problem() {
      throw RecordError(
        file: path, line: problem.line,
        message: "column \(problem.column): \(problem.message) (the column map is not valid JSON)")
    }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw RecordError(file: path, line: 1, message: "the column map is not valid JSON")
    }
    guard let json = object as? [String: Any] else {
      throw RecordError(file: path, line: 1, message: "must hold one JSON object")
    }
    var map = ColumnMap()
    for (key, value) in json.sorted(by: { $0.key < $1.key }) {
      switch key {
      case "diagnoses", "procedures":
        let names: [String]
        if let list = value as? [String] {
          names = list
        } else if let one = value as? String {
          names = [one]
        } else {
          throw text.error(
            file: path, at: [key], "'\(key)' must be a column name or a list of names")
        }
        if key == "diagnoses" { map.diagnoses = names } else { map.procedures = names }
      case "diagnoses_file", "procedures_file":
        guard let object = value as? [String: Any] else {
          throw text.error(
            file: path, at: [key],
            "'\(key)' must be an object with the keys \(CodeTableColumns.keys.joined(separator: ", "))"
          )
        }
        var table = CodeTableColumns()
        for (name, column) in object.sorted(by: { $0.key < $1.key }) {
          guard let column = column as? String else {
            throw RecordError(
              file: path, line: 1, message: "'\(key).\(name)' must be a column name")
          }
          switch name {
          case "id": table.id = column
          case "code": table.code = column
          case "main_flag": table.mainFlag = column
          case "order": table.order = column
          default:
            throw RecordError(
              file: path, line: 1,
              message:
                "unknown key '\(key).\(name)'; the keys are \(CodeTableColumns.keys.joined(separator: ", "))"
            )
          }
        }
        if key == "diagnoses_file" {
          map.diagnosisTable = table
        } else {
          map.procedureTable = table
        }
      case let field where ColumnField(rawValue: field) != nil:
        guard let name = value as? String else {
          throw text.error(file: path, at: [key], "'\(key)' must be a column name")
        }
        map.fields[field] = name
      default:
        throw text.error(
          file: path, at: [key],
          "unknown key '\(key)'; the keys are \((ColumnField.allCases.map(\.rawValue) + ["diagnoses_file", "procedures_file"]).joined(separator: ", "))"
        )
      }
    }
    return map
  }
}
