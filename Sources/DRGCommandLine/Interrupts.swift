import DRGKit
import Foundation

/// SIGINT (Ctrl-C) and SIGTERM: the unfinished outputs are removed, what was done is said on
/// standard error, and the process exits with 128 + the signal (130, 143).
///
/// The signals are blocked in every thread and taken by a thread of its own with `sigwait`,
/// so the clean-up runs as ordinary code (taking locks, building strings), not in a signal
/// handler. An output that existed before the run stays as it was: outputs are written
/// under a temporary name (`<out>.partial-PID`) and only renamed over it when complete.
enum Interrupts {
  /// Starts listening; call once, before any other thread starts.
  static func install() {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &signals, nil)
    let thread = Thread {
      var signals = sigset_t()
      sigemptyset(&signals)
      sigaddset(&signals, SIGINT)
      sigaddset(&signals, SIGTERM)
      var number: Int32 = 0
      while sigwait(&signals, &number) != 0 {}
      let cleanup = TemporaryOutputs.shared.interrupt()
      let message = report(signal: number, cleanup) + "\n"
      message.utf8CString.withUnsafeBufferPointer { text in
        _ = write(2, text.baseAddress, text.count - 1)
      }
      _exit(128 + number)
    }
    thread.start()
  }

  /// What an interrupted run says, e.g. `drg: interrupted (SIGINT): removed the unfinished
  /// grouped.csv.partial-812; grouped.csv is as it was before the run`.
  static func report(signal: Int32, _ cleanup: TemporaryOutputs.Cleanup) -> String {
    let name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"
    var text = "drg: interrupted (\(name))"
    let outputs = cleanup.removed.compactMap(\.output)
    if outputs.isEmpty {
      text += "; no output was being written"
    } else {
      let removed = cleanup.removed.filter { $0.output != nil }.map(\.temporary)
      text +=
        "; removed the unfinished \(removed.joined(separator: ", ")): \(outputs.joined(separator: ", ")) \(outputs.count == 1 ? "is" : "are") as before the run"
    }
    let scratch = cleanup.removed.count - outputs.count
    if scratch > 0 { text += "; removed \(scratch) scratch file\(scratch == 1 ? "" : "s")" }
    if !cleanup.completed.isEmpty {
      text += "; finished before the interrupt: \(cleanup.completed.joined(separator: ", "))"
    }
    return text
  }
}
