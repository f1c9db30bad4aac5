import DRGTestSupport
import Foundation

/// The flags file as rows of fields, read with the column names (reasons may hold commas,
/// so only the fields before `reason` are split).
struct FlagRows {
  let header: [String]
  let rows: [[String]]

  init(path: String) throws {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
      .map(String.init)
    let names = lines[0].split(separator: ",").map(String.init)
    header = names
    rows = lines.dropFirst().map { line in
      var fields = line.split(
        separator: ",", maxSplits: names.count - 1, omittingEmptySubsequences: false
      ).map(String.init)
      if fields.count < names.count {
        fields += Array(repeating: "", count: names.count - fields.count)
      }
      return fields
    }
  }

  func value(_ row: Int, _ column: String) -> String {
    guard let index = header.firstIndex(of: column) else { return "<no column \(column)>" }
    return rows[row][index]
  }
}
