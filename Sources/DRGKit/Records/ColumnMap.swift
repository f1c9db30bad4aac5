import Foundation

/// Names for columns a file calls otherwise, read from a JSON file (`--columns map.json`):
///
/// ```json
/// {"sex": "XB", "age": "NL", "diagnoses": ["ZYZDBM", "QTZD1", "QTZD2"], "procedures": ["SSBM1"]}
/// ```
///
/// Keys are canonical field names (``ColumnField``, the same for every command);
/// `diagnoses` and `procedures` take a list of columns, principal / main first.
public struct ColumnMap: Sendable, Equatable {
  public var fields: [String: String]
  public var diagnoses: [String]?
  public var procedures: [String]?

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
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      throw RecordError(
        file: path, line: 1, message: "not a readable JSON file: \(error.localizedDescription)")
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
          throw RecordError(
            file: path, line: 1, message: "'\(key)' must be a column name or a list of names")
        }
        if key == "diagnoses" { map.diagnoses = names } else { map.procedures = names }
      case let field where ColumnField(rawValue: field) != nil:
        guard let name = value as? String else {
          throw RecordError(file: path, line: 1, message: "'\(key)' must be a column name")
        }
        map.fields[field] = name
      default:
        throw RecordError(
          file: path, line: 1,
          message:
            "unknown key '\(key)'; the keys are \(ColumnField.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
    }
    return map
  }
}
