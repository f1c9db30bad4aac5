import DRGKit
import Foundation

/// One run of a child process: its exit, wall time, CPU time and peak memory.
struct ChildRun {
  /// Exit status, or 128 + the signal that ended it.
  var status: Int32
  var wallSeconds: Double
  /// User plus system CPU seconds of the child (and of its threads).
  var cpuSeconds: Double
  /// The child's maximum resident set, in megabytes.
  var peakMemoryMB: Double

  /// Runs `executable` with `arguments`, standard streams inherited, and waits for it
  /// with `wait4`, which returns the resource use of that child alone.
  static func run(_ executable: String, _ arguments: [String]) throws -> ChildRun {
    let argv = ([executable] + arguments).map { strdup($0) }
    defer { for argument in argv { free(argument) } }
    var pid: pid_t = 0
    let clock = ContinuousClock()
    let start = clock.now
    let spawned = posix_spawn(&pid, executable, nil, nil, argv + [nil], environ)
    guard spawned == 0 else { throw ChildProcessError(executable: executable, code: spawned) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      guard errno == EINTR else { throw ChildProcessError(executable: executable, code: errno) }
    }
    let wall = (clock.now - start).inSeconds
    let signal = status & 0x7F
    func time(_ value: timeval) -> Double { Double(value.tv_sec) + Double(value.tv_usec) / 1e6 }
    return ChildRun(
      status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal, wallSeconds: wall,
      cpuSeconds: time(usage.ru_utime) + time(usage.ru_stime),
      peakMemoryMB: Double(usage.ru_maxrss) / 1024)
  }
}

/// A child process that could not be started or waited for.
struct ChildProcessError: Error, CustomStringConvertible {
  var executable: String
  var code: Int32
  var description: String { "cannot run \(executable): \(String(cString: strerror(code)))" }
}
