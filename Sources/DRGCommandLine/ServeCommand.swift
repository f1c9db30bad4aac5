import DRGKit
import Foundation

/// `drg serve --stdio`: keeps a scheme loaded and answers one case per line.
enum ServeCommand: Subcommand {
  static let spec = CommandSpec(
    name: "serve",
    abstract: "Group cases one line at a time on stdin/stdout, the scheme loaded once.",
    usage: "drg serve --stdio --scheme <id|dir> [--json [--explain]]",
    discussion: """
      For hospital systems that group at discharge: start it once, then write one case per
      line to its standard input and read the answer line from its standard output, which
      is written (unbuffered) as soon as the line is grouped.
      CSV (the default): the first line is the header (as for drg group); it is answered
      with the output header, and every later line with the row drg group would write for
      it: the input row with status,mdc,adrg,drg,drg_name,reason,warnings appended. A
      blank line is answered with a blank line. A line is one case: quoted fields may not
      hold line breaks (such a line is answered as an unreadable, invalid row).
      --json: every line is a JSON object with the canonical column names as keys
      (case_id, hospital_id, sex, age, age_days, weight, dept, los, leaving, icu_hours,
      diagnoses, procedures, total_cost, admit_date, discharge_date; diagnoses and
      procedures a list or a '|'-separated string), answered with one JSON object: line,
      case_id, status, mdc, adrg, drg, drg_name, reason, warnings, and with --explain the
      text of drg explain. A line that is not such an object is answered with line and
      error. A summary goes to stderr when the input ends.
      """,
    options: [
      .init(names: ["--stdio"], value: nil, help: "Serve on standard input and output (required)."),
      .init(
        names: ["-s", "--scheme"], value: "ID|DIR",
        help: "Scheme: an id such as chs-drg-1.1 (see drg schemes) or a directory (required)."),
      .init(names: ["--json"], value: nil, help: "JSON lines in and out instead of CSV."),
      .init(
        names: ["--explain"], value: nil,
        help: "With --json: add the explanation (as drg explain prints it) to each answer."),
      .init(
        names: ["--columns"], value: "MAP.json", help: "CSV: column names, as for drg group."),
      .ignoreColumn, .showColumns,
      .init(
        names: ["--map"], value: nil,
        help: "Translate codes with the scheme's dx_map.csv and proc_map.csv, as drg group does."),
      edits.option,
      .init(names: ["--no-edits"], value: nil, help: "Skip the validation edits."),
      .init(
        names: ["-q", "--quiet"], value: nil,
        help: "No summary on stderr; it still is when it counts unreadable or normalised input."),
    ],
    examples: [
      "printf 'case_id,sex,age,diagnoses\\n1,1,67,I21.000|J96.000\\n' | drg serve --stdio -s chs-drg-1.1",
      "echo '{\"case_id\": \"1\", \"sex\": 1, \"age\": 67, \"diagnoses\": [\"I21.000\"]}' | drg serve --stdio --json -s chs-drg-1.1",
    ],
    positional: 0...0)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    guard arguments.flag("--stdio") else {
      throw arguments.usageError("give --stdio (the only mode so far)")
    }
    let json = arguments.flag("--json")
    if arguments.flag("--explain") && !json {
      throw arguments.usageError(
        "--explain needs --json: an explanation spans lines, a CSV answer cannot")
    }
    for option in ["--columns", "--ignore-column"] where json && arguments.value(option) != nil {
      throw arguments.usageError("\(option) is for CSV; JSON keys are the canonical names")
    }
    let schemeDirectory = try arguments.schemeDirectory()
    let scheme = try SchemeLoading.load(schemeDirectory, console: console)
    var server = LineServer(scheme: scheme)
    server.json = json
    server.explains = arguments.flag("--explain")
    let columnOptions = try arguments.columnOptions()
    server.columnMap = columnOptions.map
    server.ignoredColumns = columnOptions.ignored
    server.foundColumns = { resolution in
      ColumnReport.print(
        resolution, fields: CommandFields.grouping, arguments: arguments,
        console: console)
    }
    server.translatesCodes = arguments.flag("--map")
    if arguments.flag("--no-edits") {
      if try arguments.value(Self.edits) != nil {
        throw arguments.usageError("--edits and --no-edits exclude each other")
      }
      server.edits = nil
    } else if let path = try arguments.value(Self.edits) {
      server.edits = try CodeEditTable.load(path: path)
    }
    // A client that goes away must end the server with an error, not a signal.
    signal(SIGPIPE, SIG_IGN)
    let counts = try server.run(input: STDIN_FILENO, output: STDOUT_FILENO)
    if arguments.flag("--quiet") {
      // --quiet drops the summary, never what could not be read or was normalised.
      var text = "drg serve: \(counts.grouping.description)"
      if counts.unreadableJSON > 0 {
        text += "; \(counts.unreadableJSON) lines were not a JSON case (answered with error)"
      }
      if counts.grouping.needsSaying || counts.unreadableJSON > 0 { console.warning(text) }
    } else {
      var text = "drg serve: \(counts.grouping.description)"
      if counts.unreadableJSON > 0 {
        text += "; \(counts.unreadableJSON) lines were not a JSON case (answered with error)"
      }
      console.error(text + " (scheme \(scheme.manifest.id))")
    }
    return ExitStatus.success
  }
}

extension ServeCommand {
  /// `--edits FILE`: the standard edits when left out, as for `drg group`.
  static let edits = OptionKey<String?>.text(
    ["--edits"], "FILE", help: "Code edit table, as for drg group.", described: "standard edits")
}
