/// Where every field (``ColumnField``) is in one header: the work of the one column
/// resolver, shared by every command that reads cases or grouped rows.
///
/// The column map wins; then canonical names and ``ColumnAliases``. A header that feeds no
/// field but looks like codes, costs, ids or dates is kept in ``unused`` for the column
/// report; one that looks like diagnosis or procedure codes stops the run unless it is
/// ignored (``ColumnOptions/ignored``).
///
/// ```swift
/// let columns = try ColumnResolution(header: ["病案号", "性别", "年龄", "主要诊断编码"], file: "a.csv")
/// columns[.sex]        // 1
/// columns.diagnoses    // [3]
/// ```
public struct ColumnResolution: Sendable, Equatable {
  /// How a field was found.
  public enum Source: String, Sendable, Equatable {
    case canonical, alias, map
  }

  /// A header that feeds nothing but looks like it holds something.
  public struct UnusedColumn: Sendable, Equatable {
    /// The column's 0-based position in the header.
    public var column: Int
    /// What the header looks like it holds.
    public var look: ColumnLookalike
  }

  /// The file the header is from, for messages.
  public let file: String
  /// The header names, trimmed.
  public let names: [String]
  /// Column of each single-valued field by ordinal, -1 when absent.
  private var indexes: [Int]
  private var sources: [Source?]
  /// The diagnosis columns, principal first (each may hold `|`-separated codes).
  public private(set) var diagnoses: [Int] = []
  /// The procedure columns, main first.
  public private(set) var procedures: [Int] = []
  /// Headers that look like codes, costs, ids or dates and feed nothing.
  public private(set) var unused: [UnusedColumn] = []
  /// Columns left alone with `--ignore-column`.
  public private(set) var ignored: [Int] = []

  /// Number of columns in the header.
  public var count: Int { names.count }

  /// The column of a single-valued field, -1 when the header lacks it; for a code list,
  /// its first (principal) column.
  public subscript(field: ColumnField) -> Int {
    switch field {
    case .diagnoses: diagnoses.first ?? -1
    case .procedures: procedures.first ?? -1
    default: indexes[field.ordinal]
    }
  }

  /// The columns that feed `field`, principal first.
  public func columns(of field: ColumnField) -> [Int] {
    switch field {
    case .diagnoses: diagnoses
    case .procedures: procedures
    default: indexes[field.ordinal] >= 0 ? [indexes[field.ordinal]] : []
    }
  }

  /// How `field` was found, or `nil` when the header lacks it.
  public func source(of field: ColumnField) -> Source? { sources[field.ordinal] }

  /// Resolves a header.
  /// - Throws: ``RecordError`` (line 1 of `file`) when two columns give one field, a used
  ///   name appears twice, the map or `--ignore-column` names a column the header lacks,
  ///   other-code columns come without their principal column, or a diagnosis or procedure
  ///   lookalike feeds nothing.
  public init(header: [String], file: String, options: ColumnOptions = ColumnOptions())
    throws(RecordError)
  {
    self.file = file
    names = header.map { $0.trimmingBlanks }
    indexes = Array(repeating: -1, count: ColumnField.allCases.count)
    sources = Array(repeating: nil, count: ColumnField.allCases.count)
    let normalized = names.map(ColumnAliases.normalized)
    var positions: [String: [Int]] = [:]
    for (index, name) in normalized.enumerated() where !name.isEmpty {
      positions[name, default: []].append(index)
    }
    let names = names
    func fail(_ message: String) -> RecordError {
      RecordError(file: file, line: 1, message: message)
    }
    func find(_ name: String, for option: String) throws(RecordError) -> Int {
      guard let at = positions[ColumnAliases.normalized(name)] else {
        throw fail("\(option) names '\(name)', which the header lacks")
      }
      guard at.count == 1 else { throw Self.twice(at, names, file) }
      return at[0]
    }
    var taken = Set<Int>()
    for name in options.ignored {
      for index in positions[ColumnAliases.normalized(name)] ?? [] { taken.insert(index) }
      guard positions[ColumnAliases.normalized(name)] != nil else {
        throw fail("--ignore-column names '\(name)', which the header lacks")
      }
    }
    ignored = taken.sorted()
    // 1. The column map wins.
    var mapped = Set<ColumnField>()
    if let map = options.map {
      for (key, name) in map.fields.sorted(by: { $0.key < $1.key }) {
        guard let field = ColumnField(rawValue: key), !field.isCodeList else { continue }
        let index = try find(name, for: "the column map's '\(key)'")
        indexes[field.ordinal] = index
        sources[field.ordinal] = .map
        mapped.insert(field)
        taken.insert(index)
      }
      for (field, list) in [(ColumnField.diagnoses, map.diagnoses), (.procedures, map.procedures)] {
        guard let list else { continue }
        var found: [Int] = []
        for name in list {
          found.append(try find(name, for: "the column map's '\(field.rawValue)'"))
        }
        if field == .diagnoses { diagnoses = found } else { procedures = found }
        sources[field.ordinal] = .map
        mapped.insert(field)
        taken.formUnion(found)
      }
    }
    // 2. Canonical names and aliases.
    var candidates: [ColumnField: [Int]] = [:]
    var codes: [ColumnField: CodeColumns] = [:]
    var recognised = Set<Int>()
    for (index, name) in normalized.enumerated() where !name.isEmpty && !taken.contains(index) {
      if let field = Self.field(named: name) {
        recognised.insert(index)
        if !mapped.contains(field) { candidates[field, default: []].append(index) }
      } else if let (field, role) = Self.codeRole(of: name) {
        recognised.insert(index)
        if !mapped.contains(field) { codes[field, default: CodeColumns()].add(role, index) }
      }
    }
    for (field, found) in candidates.sorted(by: { $0.key < $1.key }) {
      var chosen = found[0]
      if found.count > 1 {
        let first = positions[normalized[found[0]]]!
        if first.count > 1 { throw Self.twice(first, names, file) }
        guard field == .patientID else {
          throw fail(
            "columns '\(names[found[0]])' and '\(names[found[1]])' both give \(field.rawValue); keep one, or name the one to use with --columns (or leave the other out with --ignore-column)"
          )
        }
        // Several patient ids (人员编号, 证件号码, …): the most preferred alias wins.
        let order = ColumnAliases.names(of: field).map(ColumnAliases.normalized)
        chosen = found.min {
          order.firstIndex(of: normalized[$0])! < order.firstIndex(of: normalized[$1])!
        }!
        for index in found where index != chosen {
          unused.append(UnusedColumn(column: index, look: .id))
        }
      } else if positions[normalized[chosen]]!.count > 1 {
        throw Self.twice(positions[normalized[chosen]]!, names, file)
      }
      indexes[field.ordinal] = chosen
      sources[field.ordinal] = normalized[chosen] == field.rawValue ? .canonical : .alias
    }
    for (field, found) in codes.sorted(by: { $0.key < $1.key }) {
      let list = try found.resolve(field, names: names, file: file)
      if field == .diagnoses { diagnoses = list } else { procedures = list }
      sources[field.ordinal] = found.canonical.isEmpty ? .alias : .canonical
    }
    // 3. What fed nothing.
    var refused: [Int] = []
    for (index, name) in normalized.enumerated()
    where !name.isEmpty && !taken.contains(index) && !recognised.contains(index) {
      guard let look = ColumnLookalike.of(name) else { continue }
      if look == .diagnosisOrProcedure { refused.append(index) }
      unused.append(UnusedColumn(column: index, look: look))
    }
    for (index, name) in normalized.enumerated() where recognised.contains(index) {
      let used = indexes.contains(index) || diagnoses.contains(index) || procedures.contains(index)
      if !used && !unused.contains(where: { $0.column == index }) {
        unused.append(UnusedColumn(column: index, look: ColumnLookalike.of(name) ?? .code))
      }
    }
    unused.sort { $0.column < $1.column }
    guard refused.isEmpty else {
      let quoted = refused.map { "'\(names[$0])'" }.joined(separator: ", ")
      throw fail(
        "column\(refused.count > 1 ? "s" : "") \(quoted) look\(refused.count > 1 ? "" : "s") like diagnosis or procedure codes but feed\(refused.count > 1 ? "" : "s") nothing, and a dropped code column changes groups; name \(refused.count > 1 ? "them" : "it") in --columns (\"diagnoses\" or \"procedures\", principal first) or leave \(refused.count > 1 ? "them" : "it") out with --ignore-column '\(names[refused[0]])'"
      )
    }
  }

  private static func twice(_ at: [Int], _ names: [String], _ file: String) -> RecordError {
    RecordError(
      file: file, line: 1,
      message:
        "column '\(names[at[0]])' appears twice in the header (columns \(at[0] + 1) and \(at[1] + 1)); keep one"
    )
  }

  /// Normalised name → single-valued field, canonical names and aliases.
  static let fieldByName: [String: ColumnField] = {
    var table: [String: ColumnField] = [:]
    for field in ColumnField.allCases where !field.isCodeList {
      for name in ColumnAliases.names(of: field) {
        let key = ColumnAliases.normalized(name)
        precondition(table[key] == nil, "alias '\(name)' given to two fields")
        table[key] = field
      }
    }
    return table
  }()

  /// The single-valued field a normalised name gives: an exact name, or one followed by a
  /// unit in parentheses that is the field's own.
  static func field(named name: String) -> ColumnField? {
    if let field = fieldByName[name] { return field }
    guard let (base, unit) = ColumnAliases.splitUnit(name), let field = fieldByName[base],
      ColumnAliases.units[field]?.contains(unit) == true
    else { return nil }
    return field
  }

  /// The code-list field and role of a normalised name.
  static func codeRole(of name: String) -> (ColumnField, CodeColumns.Role)? {
    for field in [ColumnField.diagnoses, .procedures] {
      guard let family = ColumnAliases.family(field) else { continue }
      if name == field.rawValue { return (field, .canonical) }
      if family.principal.contains(where: { ColumnAliases.normalized($0) == name }) {
        return (field, .principal)
      }
      for prefix in family.others {
        if let number = ColumnAliases.number(in: name, after: ColumnAliases.normalized(prefix)) {
          return (field, .other(number))
        }
      }
      for prefix in family.list {
        if let number = ColumnAliases.number(in: name, after: ColumnAliases.normalized(prefix)) {
          return (field, .list(number))
        }
      }
    }
    return nil
  }
}
