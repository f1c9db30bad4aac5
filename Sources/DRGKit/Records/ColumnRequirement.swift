/// Columns a rule cannot be applied without: when the header lacks one, the command stops
/// (exit 65) naming the rule, the missing column and how to turn the rule off, instead of
/// skipping the rule's work in silence.
public struct ColumnRequirement: Sendable, Equatable {
  /// The rule, as the user knows it (e.g. `readmission (policy "readmission")`).
  public var rule: String
  /// Every field the rule reads.
  public var fields: [ColumnField]
  /// How to run without the rule (e.g. `set "readmission": {"enabled": false}`).
  public var remedy: String

  /// A requirement of `rule` for `fields`, with what to do without them.
  public init(rule: String, fields: [ColumnField], remedy: String) {
    self.rule = rule
    self.fields = fields
    self.remedy = remedy
  }

  /// The fields of `fields` that `columns` lacks.
  public func missing(in columns: ColumnResolution) -> [ColumnField] {
    fields.filter { columns.columns(of: $0).isEmpty }
  }

  /// The error for a header that lacks some of the fields.
  func error(missing: [ColumnField], file: String) -> RecordError {
    let names = missing.map { field in
      let alias = ColumnAliases.fields[field]?.first ?? ColumnAliases.family(field)?.principal.first
      return alias.map { "\(field.rawValue) (\($0))" } ?? field.rawValue
    }
    return RecordError(
      file: file, line: 1,
      message:
        "\(rule) needs the column\(names.count > 1 ? "s" : "") \(names.joined(separator: ", ")), which the header lacks; add \(names.count > 1 ? "them" : "it") (or name \(names.count > 1 ? "them" : "it") with --columns), or \(remedy)"
    )
  }
}
