import DRGKit
import Foundation

/// The `drg` command-line tool: dispatches to the subcommands.
public enum DRGCommand {
  static var subcommands: [any Subcommand.Type] {
    [
      GroupCommand.self, ExplainCommand.self, SchemesCommand.self, SchemeCheckCommand.self,
      SynthCommand.self,
      WeightsCommand.self, SettleCommand.self, CompareCommand.self, DiffCommand.self,
      AuditCommand.self, ServeCommand.self, ColumnsCommand.self,
    ]
  }

  /// Runs `drg` with the process's arguments and exits.
  public static func main() {
    Interrupts.install()
    let status = run(Array(CommandLine.arguments.dropFirst()), console: .standard())
    exit(status)
  }

  /// Runs `drg` with `arguments` (without the program name).
  /// - Returns: the exit status.
  public static func run(_ arguments: [String], console: Console) -> Int32 {
    guard let first = arguments.first, first != "-h", first != "--help", first != "help" else {
      if arguments.count > 1, let command = find(arguments[1...].joined(separator: " ")) {
        console.out(command.spec.help)
      } else {
        console.out(overview)
      }
      return arguments.isEmpty ? ExitStatus.usage : ExitStatus.success
    }
    if first == "--version" {
      console.out("drg \(DRGKitVersion.current)")
      return ExitStatus.success
    }
    // Two-word commands (`scheme check`) first.
    var command: (any Subcommand.Type)?
    var rest = Array(arguments.dropFirst())
    if arguments.count > 1, let two = find("\(first) \(arguments[1])") {
      command = two
      rest = Array(arguments.dropFirst(2))
    } else {
      command = find(first)
    }
    guard let command else {
      console.error("error: unknown command '\(first)'\n")
      console.error(overview)
      return ExitStatus.usage
    }
    do {
      var parsed = try command.spec.parse(rest)
      if parsed.wantsHelp {
        console.out(command.spec.help)
        return ExitStatus.success
      }
      if let note = parsed.capThreads() { console.error("drg \(command.spec.name): \(note)") }
      try OutputPlan(spec: command.spec, arguments: parsed).check()
      let encoding = try parsed.outputEncoding()
      let problems = OutputEncodingProblems()
      let status = try OutputEncoding.$current.withValue(encoding) {
        try OutputEncoding.$problems.withValue(problems) {
          try command.run(parsed, console: console)
        }
      }
      // Bytes an output could not encode are never silent (also with --quiet).
      for file in problems.files {
        console.warning("drg \(command.spec.name): WARNING: \(file)")
      }
      return status
    } catch let error as UsageError {
      console.error("error: \(error)")
      return ExitStatus.usage
    } catch let error as SchemeLookupError {
      console.error("error: \(error)")
      return ExitStatus.noInput
    } catch {
      let report = ErrorReport(error)
      console.error("error: \(report.message)")
      return report.status
    }
  }

  static func find(_ name: String) -> (any Subcommand.Type)? {
    subcommands.first { $0.spec.name == name }
  }

  static var overview: String {
    var text = """
      drg — table-driven DRG grouping for CHS-DRG and Chinese city schemes

      USAGE: drg <command> [options]

      COMMANDS:

      """
    let width = (subcommands.map { $0.spec.name.count }.max() ?? 0) + 2
    for command in subcommands {
      text +=
        "  \(command.spec.name)\(String(repeating: " ", count: width - command.spec.name.count))\(command.spec.abstract)\n"
    }
    text += """

      Run 'drg <command> --help' for the options of a command, with examples.
      A scheme is a directory in the interchange format (see grouper-tables/README.md);
      the repository ships a demo scheme in grouper-tables/demo.
      """
    return text
  }
}

/// A `drg` subcommand.
protocol Subcommand {
  static var spec: CommandSpec { get }
  /// Runs the command and returns its exit status.
  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32
}
