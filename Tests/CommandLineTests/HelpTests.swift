import DRGTestSupport
import Testing

@Suite("drg --help")
struct HelpTests {
  @Test func overviewListsEveryCommand() {
    let run = CommandRun(["--help"])
    #expect(run.status == 0)
    for command in ["group", "explain", "scheme check"] {
      #expect(run.out.contains("  \(command) "), "overview lacks \(command)")
    }
  }

  @Test func noArgumentsIsAUsageError() {
    let run = CommandRun([])
    #expect(run.status == 64)
    #expect(run.out.contains("USAGE: drg <command>"))
  }

  @Test(arguments: [["group"], ["explain"], ["scheme", "check"]])
  func everyCommandExplainsEveryOptionWithAnExample(_ command: [String]) {
    let run = CommandRun(command + ["--help"])
    #expect(run.status == 0)
    #expect(run.out.contains("USAGE: drg \(command.joined(separator: " "))"))
    #expect(run.out.contains("EXAMPLES:"))
    #expect(run.out.contains("-h, --help"))
  }

  @Test func groupHelpNamesItsOptions() {
    let help = CommandRun(["group", "--help"]).out
    for option in [
      "-s, --scheme ID|DIR", "-o, --output FILE", "-q, --quiet", "(default: -, stdout)",
    ] {
      #expect(help.contains(option), "missing \(option)")
    }
  }

  @Test func unknownCommandAndOptionAreUsageErrors() {
    let command = CommandRun(["regroup"])
    #expect(command.status == 64)
    #expect(command.error.contains("unknown command 'regroup'"))
    let option = CommandRun(["group", "x.csv", "--schema", "d"])
    #expect(option.status == 64)
    #expect(option.error.contains("unknown option '--schema'"))
    #expect(option.error.contains("drg group --help"))
  }

  @Test func missingValueIsAUsageError() {
    let run = CommandRun(["group", "x.csv", "--scheme"])
    #expect(run.status == 64)
    #expect(run.error.contains("--scheme needs a value (ID|DIR)"))
  }
}
