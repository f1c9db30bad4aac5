import DRGCommandLine

/// Runs `drg` in-process and captures what it prints, for the command-line tests of every
/// test target.
public struct CommandRun: Sendable {
  public var status: Int32
  public var out: String
  public var error: String

  public init(_ arguments: [String]) {
    final class Capture: @unchecked Sendable {
      var out = ""
      var error = ""
    }
    let capture = Capture()
    let console = Console(out: { capture.out += $0 }, error: { capture.error += $0 })
    status = DRGCommand.run(arguments, console: console)
    out = capture.out
    error = capture.error
  }
}
