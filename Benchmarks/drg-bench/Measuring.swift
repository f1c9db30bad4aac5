import BenchmarkSupport
import DRGKit
import Foundation

/// Runs `body` `repeats` times (after `prepare`, untimed, each time) and times each run;
/// `body` returns the number of records it handled. The stage's peak memory is the
/// process's highest resident set from the first run to the last (see ``PeakMemory``).
func measure(
  _ stage: String, threads: Int = 1, repeats: Int, prepare: () throws -> Void = {},
  _ body: () throws -> Int
) rethrows -> StageMeasurement {
  let clock = ContinuousClock()
  var records = 0
  var runs: [Double] = []
  let resettable = PeakMemory.reset()
  for _ in 0..<max(1, repeats) {
    try prepare()
    let elapsed = try clock.measure { records = try body() }
    runs.append(elapsed.inSeconds)
  }
  return StageMeasurement(
    stage: stage, records: records, threads: threads, runs: runs,
    peakMemoryMB: resettable ? PeakMemory.megabytes() : nil)
}

/// The process's peak resident memory, which Linux lets a process reset, so that each
/// stage gets a peak of its own.
enum PeakMemory {
  /// Resets the peak to the current resident set (writes `5` to `/proc/self/clear_refs`);
  /// false where that is not possible, and then the peak is that of the whole process.
  static func reset() -> Bool {
    // Memory freed by earlier stages goes back to the system first, so that the peak
    // starts from what is live now and not from what the allocator kept.
    _ = releaseFreeMemory(0)
    let descriptor = open("/proc/self/clear_refs", O_WRONLY)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    return write(descriptor, "5", 1) == 1
  }

  /// The peak resident memory since the last reset (`VmHWM`), in megabytes; the
  /// process's lifetime peak (`getrusage`) where `/proc` is not available.
  static func megabytes() -> Double {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
      let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    {
      return kilobytes / 1024
    }
    return lifetimeMegabytes()
  }

  /// Peak resident memory of this process so far, in megabytes (never reset).
  static func lifetimeMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
  }
}

/// glibc's `malloc_trim`, which the Glibc module does not import.
@_silgen_name("malloc_trim")
private func releaseFreeMemory(_ pad: Int) -> Int32

/// Keeps the optimiser from deleting work whose result is otherwise unused.
@_optimize(none)
func blackHole<T>(_ value: T) {}

/// Minor page faults of this process so far (pages mapped on first touch: where fresh
/// memory and mapped files cost time that callgrind does not count).
func minorPageFaults() -> Int {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return usage.ru_minflt
}
