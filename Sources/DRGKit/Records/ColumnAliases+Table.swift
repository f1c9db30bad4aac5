extension ColumnAliases {
  /// The alias table as Markdown, one row per field: the table the README shows (generated
  /// by `drg columns --markdown`, checked by a test against the README).
  public static func markdownTable() -> String {
    var lines = [
      "| field | holds | accepted headers |",
      "|---|---|---|",
    ]
    for field in ColumnField.allCases {
      var names = names(of: field).map { "`\($0)`" }
      if let units = units[field] {
        names.append("any of these + " + units.map { "`(\($0))`" }.joined(separator: " or "))
      }
      lines.append("| `\(field.rawValue)` | \(field.meaning) | \(names.joined(separator: " · ")) |")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The alias table as plain text: one field per paragraph.
  public static func textTable() -> String {
    var text = ""
    for field in ColumnField.allCases {
      text += "\(field.rawValue) — \(field.meaning)\n"
      text += "  " + names(of: field).joined(separator: ", ") + "\n"
      if let units = units[field] {
        text += "  (each may end in a unit in parentheses: \(units.joined(separator: ", ")))\n"
      }
    }
    return text
  }
}
