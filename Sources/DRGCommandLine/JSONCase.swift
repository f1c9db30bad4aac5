import DRGKit
import Foundation

/// One case of `drg serve --stdio --json`: a JSON object whose keys are canonical column
/// names, e.g. `{"case_id": "A1", "sex": 1, "age": 67, "diagnoses": ["I21.000", "J96.000"]}`.
struct JSONCase {
  /// The keys a case may have, in the order of the CSV row built from it.
  static let columns = [
    "case_id", "hospital_id", "sex", "age", "age_days", "weight", "dept", "los", "leaving",
    "icu_hours", "diagnoses", "procedures", "total_cost", "admit_date", "discharge_date",
  ]

  /// The value of each of ``columns`` as CSV text (`""` when absent or null).
  var values: [String]

  /// Reads one line.
  /// - Throws: ``JSONCaseError`` when the line is not a JSON object, has a key that is not
  ///   a column, or a value of the wrong kind.
  init(line: [UInt8]) throws(JSONCaseError) {
    let text = JSONText(Data(line))
    if let problem = text.problem() {
      throw JSONCaseError(message: "column \(problem.column): \(problem.message)")
    }
    guard
      let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
    else {
      throw JSONCaseError(message: "the line is not a JSON object")
    }
    var values = [String](repeating: "", count: Self.columns.count)
    for (key, value) in object {
      guard let index = Self.columns.firstIndex(of: key) else {
        let column = text.position(of: [JSONText.Key(key)]).map { "column \($0.column): " } ?? ""
        throw JSONCaseError(
          message:
            column + "unknown key '\(key)'; the keys are \(Self.columns.joined(separator: ", "))")
      }
      let isCodeList = key == "diagnoses" || key == "procedures"
      values[index] = try Self.text(value, key: key, list: isCodeList)
    }
    self.values = values
  }

  private static func text(_ value: Any, key: String, list: Bool) throws(JSONCaseError) -> String {
    switch value {
    case is NSNull:
      return ""
    case let text as String:
      return text
    // true and false arrive as numbers of type "c" (char); no JSON number has that type.
    case let number as NSNumber where String(cString: number.objCType) != "c":
      let double = number.doubleValue
      if double == double.rounded(), abs(double) < 1e15 { return String(Int64(double)) }
      return "\(double)"
    case let codes as [Any] where list:
      var texts: [String] = []
      for code in codes {
        guard let text = code as? String else {
          throw JSONCaseError(message: "\(key): every code must be a string")
        }
        texts.append(text)
      }
      return texts.joined(separator: "|")
    default:
      throw JSONCaseError(
        message:
          "\(key): expected \(list ? "a list of codes or a '|'-separated string" : "a string or a number")"
      )
    }
  }

  /// The case as one CSV record in the order of ``columns``.
  var csvRow: [UInt8] {
    var row: [UInt8] = []
    for (index, value) in values.enumerated() {
      if index > 0 { row.append(UInt8(ascii: ",")) }
      var value = value
      value.withUTF8 { CSVWriter.appendField($0, to: &row) }
    }
    return row
  }

  /// The case for ``Scheme/explain(_:)``.
  var dischargeCase: DischargeCase {
    func text(_ name: String) -> String? {
      let value = values[Self.columns.firstIndex(of: name)!].trimmingCharacters(in: .whitespaces)
      return value.isEmpty ? nil : value
    }
    func number(_ name: String) -> Double? { text(name).flatMap(Double.init) }
    func codes(_ name: String) -> [String] {
      (text(name) ?? "").split(separator: "|", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
    }
    let sex: Int? =
      switch text("sex") {
      case "男": 1
      case "女": 2
      case let value?: Double(value).flatMap { $0 == 1 || $0 == 2 ? Int($0) : nil }
      case nil: nil
      }
    return DischargeCase(
      id: text("case_id") ?? "", sex: sex, age: number("age"), ageDays: number("age_days"),
      weight: number("weight"), department: text("dept"), lengthOfStay: number("los"),
      leaving: number("leaving"), icuHours: number("icu_hours"), diagnoses: codes("diagnoses"),
      procedures: codes("procedures").filter { !$0.isEmpty })
  }
}

/// A JSON line that is not a case; answered with `{"line": N, "error": message}`.
struct JSONCaseError: Error {
  var message: String
}
