import DRGKit

/// A progress line for long runs on a terminal: rows done, rows per second and, when the
/// input size is known, the share done and the time left.
final class ProgressLine: @unchecked Sendable {
  private let console: Console
  private let noun: String
  private let start = ContinuousClock.now
  private var lastShown = ContinuousClock.now - .seconds(1)

  init(console: Console, noun: String) {
    self.console = console
    self.noun = noun
  }

  /// Shows `rows` done after `bytesRead` of `inputSize` bytes (at most five times a second).
  func update(rows: Int, bytesRead: Int, inputSize: Int?) {
    let now = ContinuousClock.now
    guard now - lastShown >= .milliseconds(200) else { return }
    lastShown = now
    let elapsed = (now - start).inSeconds
    let rate = elapsed > 0 ? Double(rows) / elapsed : 0
    var text = "\(rows) \(noun), \(Int(rate)) \(noun)/s"
    if let size = inputSize, size > 0, bytesRead > 0 {
      let done = min(1, Double(bytesRead) / Double(size))
      let remaining = done > 0 ? elapsed * (1 - done) / done : 0
      text += ", \(Int(done * 100))%, about \(Int(remaining.rounded())) s left"
    }
    console.status(text)
  }
}
