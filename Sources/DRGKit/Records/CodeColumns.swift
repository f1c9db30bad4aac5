/// The columns of one header that may hold a code list (diagnoses or procedures), sorted
/// into the list ``ColumnResolution`` uses: the canonical column alone, a numbered family
/// (lowest number first), or a principal column followed by the numbered others.
struct CodeColumns {
  enum Role {
    /// `diagnoses` / `procedures`.
    case canonical
    /// `主要诊断编码`, `主要手术及操作代码`, …
    case principal
    /// `其他诊断编码N` (0 when unnumbered).
    case other(Int)
    /// `诊断代码N`, whose lowest number is the principal (0 when unnumbered).
    case list(Int)
  }

  var canonical: [Int] = []
  var principal: [Int] = []
  var others: [(number: Int, index: Int)] = []
  var list: [(number: Int, index: Int)] = []

  mutating func add(_ role: Role, _ index: Int) {
    switch role {
    case .canonical: canonical.append(index)
    case .principal: principal.append(index)
    case .other(let number): others.append((number, index))
    case .list(let number): list.append((number, index))
    }
  }

  /// The columns in order, principal first.
  /// - Throws: ``RecordError`` when two columns claim the principal place or one number,
  ///   two ways of spreading the codes meet, or other codes come without a principal column.
  func resolve(_ field: ColumnField, names: [String], file: String) throws(RecordError) -> [Int] {
    func both(_ first: Int, _ second: Int) -> RecordError {
      RecordError(
        file: file, line: 1,
        message:
          "columns '\(names[first])' and '\(names[second])' both give \(field.rawValue); keep one, or name the columns to use with --columns (or leave one out with --ignore-column)"
      )
    }
    func ordered(_ numbered: [(number: Int, index: Int)]) throws(RecordError) -> [Int] {
      let sorted = numbered.sorted { ($0.number, $0.index) < ($1.number, $1.index) }
      for position in sorted.indices.dropFirst()
      where sorted[position].number == sorted[position - 1].number {
        throw both(sorted[position - 1].index, sorted[position].index)
      }
      return sorted.map(\.index)
    }
    if let first = canonical.first {
      if let other = (canonical.dropFirst() + principal + list.map(\.index) + others.map(\.index))
        .first
      {
        throw both(first, other)
      }
      return [first]
    }
    if let first = list.first {
      if let other = principal.first ?? others.first?.index { throw both(first.index, other) }
      return try ordered(list)
    }
    guard let main = principal.first else {
      let lone = others.sorted { $0.index < $1.index }[0].index
      throw RecordError(
        file: file, line: 1,
        message:
          "column '\(names[lone])' holds other \(field.rawValue) but the header has no principal column (\(field == .diagnoses ? "主要诊断编码" : "主要手术操作编码")); name the columns with --columns, principal first"
      )
    }
    if principal.count > 1 { throw both(principal[0], principal[1]) }
    return [main] + (try ordered(others))
  }
}
