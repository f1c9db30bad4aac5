extension ColumnResolution {
  /// The one stderr line every run prints: which column fed each of `fields`, which of them
  /// the header lacks, and the headers that look like codes, costs, ids or dates but fed
  /// nothing, e.g.
  /// `columns: drg, status; hospital_id ← 定点医疗机构代码, total_cost ← 医疗费总额; not in
  /// the header: insurance; unused: 证件号码 (ids)`.
  public func summaryLine(fields: [ColumnField]) -> String {
    var canonical: [String] = []
    var renamed: [String] = []
    var absent: [String] = []
    for field in fields {
      let found = columns(of: field)
      guard !found.isEmpty else {
        absent.append(field.rawValue)
        continue
      }
      if source(of: field) == .canonical && found.count == 1 {
        canonical.append(field.rawValue)
      } else {
        renamed.append("\(field.rawValue) ← \(describe(found))")
      }
    }
    var parts: [String] = []
    if !canonical.isEmpty { parts.append(canonical.joined(separator: ", ")) }
    if !renamed.isEmpty { parts.append(renamed.joined(separator: ", ")) }
    if !absent.isEmpty { parts.append("not in the header: " + absent.joined(separator: ", ")) }
    if !unused.isEmpty {
      parts.append(
        "unused: "
          + unused.map { "\(names[$0.column]) (\($0.look.rawValue))" }.joined(separator: ", "))
    }
    if !ignored.isEmpty {
      parts.append("ignored: " + ignored.map { names[$0] }.joined(separator: ", "))
    }
    return "columns: " + parts.joined(separator: "; ")
  }

  /// The full mapping (`--show-columns`): one line per field of `fields`, then the unused
  /// and ignored columns.
  public func table(fields: [ColumnField]) -> [String] {
    let width = (fields.map(\.rawValue.count).max() ?? 0) + 2
    var lines = ["columns of \(file) (\(count) in the header):"]
    for field in fields {
      let found = columns(of: field)
      let name = field.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
      if found.isEmpty {
        lines.append("  \(name)—  (not in the header)")
      } else {
        let list = found.map { "\(names[$0]) (column \($0 + 1))" }.joined(separator: ", ")
        lines.append("  \(name)\(list)  [\(source(of: field)?.rawValue ?? "")]")
      }
    }
    for column in unused {
      lines.append(
        "  unused: \(names[column.column]) (column \(column.column + 1)), looks like \(column.look.rawValue)"
      )
    }
    for column in ignored {
      lines.append("  ignored: \(names[column]) (column \(column + 1))")
    }
    return lines
  }

  /// `病案号`, or `主要诊断编码 + 其他诊断编码1…其他诊断编码8 (9 columns)` for a list.
  private func describe(_ found: [Int]) -> String {
    switch found.count {
    case 1: names[found[0]]
    case 2: "\(names[found[0]]) + \(names[found[1]])"
    default:
      "\(names[found[0]]) + \(names[found[1]])…\(names[found[found.count - 1]]) (\(found.count) columns)"
    }
  }
}
