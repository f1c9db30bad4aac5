import DRGTestSupport
import Testing

@testable import DRGCommandLine

/// Each option's default is written once, in its `OptionKey`: `--help` shows it and the
/// parser returns it. For every command, every option whose `--help` names a default must
/// say it on its own line, and a default that is a value must read back, given as the
/// option's text, as the very value the parser uses when the option is left out.
@Suite("option defaults: --help names the value the parser uses")
struct OptionDefaultTests {
  @Test(arguments: DRGCommand.subcommands.map { $0.spec.name })
  func helpNamesTheDefaultTheParserUses(_ command: String) throws {
    let spec = try #require(DRGCommand.find(command)?.spec)
    let help = CommandRun(command.split(separator: " ").map(String.init) + ["--help"]).out
    for option in spec.options {
      let name = option.names.last ?? ""
      guard let shown = option.defaultValue else { continue }
      // The option's entry: from its label to the next option's label.
      let label =
        "  " + option.names.joined(separator: ", ") + (option.value.map { " \($0)" } ?? "")
      let entry = try #require(
        help.components(separatedBy: "\n" + label).dropFirst().first?
          .components(separatedBy: "\n  -").first,
        "drg \(command) --help has no line for \(name)")
      #expect(entry.contains("(default: \(shown))"), "drg \(command) \(name): \(entry)")
      switch option.default {
      case .value(let written, _, let readsAs)?:
        #expect(
          readsAs(written),
          "drg \(command) \(name) \(written): --help's default does not read as the parser's")
      case .described?, nil:
        break
      }
    }
  }

  /// The check can fail: a key whose text reads as another value than its default.
  @Test func aDefaultThatReadsAsAnotherValueIsCaught() {
    let key = OptionKey<Int>.wholeNumber(
      ["--top"], "N", help: "Rows.", minimum: 0, default: 5)
    guard case .value(_, _, let readsAs)? = key.option.default else {
      Issue.record("a whole-number key with a default has a value default")
      return
    }
    #expect(readsAs("5"))
    #expect(!readsAs("10"))
    #expect(!readsAs("five"))
  }

  /// Left out, a keyed option is its default; given, its text is read with the command's
  /// message for a bad value.
  @Test func aKeyReadsItsTextOrItsDefault() throws {
    let spec = try #require(DRGCommand.find("weights")?.spec)
    let absent = try spec.parse(["g.csv"])
    #expect(try absent.value(WeightsCommand.top) == 5)
    #expect(try absent.value(WeightsCommand.iqrK) == 1.5)
    #expect(try absent.value(WeightsCommand.iqrLowerK) == nil)
    let given = try spec.parse(["g.csv", "--top", "12", "--iqr-k", "-1"])
    #expect(try given.value(WeightsCommand.top) == 12)
    #expect(throws: UsageError.self) { try given.value(WeightsCommand.iqrK) }
    let run = CommandRun(["weights", "g.csv", "--iqr-k", "-1"])
    #expect(run.status == 64)
    #expect(run.error.contains("--iqr-k must be a number ≥ 0"), "\(run.error)")
  }
}
