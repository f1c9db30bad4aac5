import DRGKit

/// `drg columns`: the alias table every command reads headers with.
enum ColumnsCommand: Subcommand {
  static let spec = CommandSpec(
    name: "columns",
    abstract: "List the canonical fields and every header name accepted for each.",
    usage: "drg columns [--markdown]",
    discussion: """
      Every command that reads cases or grouped rows (group, explain, weights, settle,
      compare, diff, audit) finds its columns with this one table. Names compare ignoring
      case, spaces and the width of parentheses; a unit in parentheses that is the field's
      own may follow a name (出生体重(g)). Diagnoses and procedures may be spread over a
      principal column and numbered others (主要诊断编码 + 其他诊断编码1…N), or over one
      numbered family whose lowest number is the principal (诊断代码1…N). The keys of
      --columns map.json are the field names listed here.
      """,
    options: [
      .init(names: ["--markdown"], value: nil, help: "Print the table as Markdown (the README's).")
    ],
    examples: ["drg columns", "drg columns --markdown > columns.md"],
    positional: 0...0)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    let table =
      arguments.flag("--markdown") ? ColumnAliases.markdownTable() : ColumnAliases.textTable()
    console.out(String(table.dropLast()))
    return ExitStatus.success
  }
}
