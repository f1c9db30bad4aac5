import Foundation

/// The files a run is writing under a temporary name (``CSVWriter`` registers each output,
/// `drg audit` its copy of standard input), so that an interrupted run can remove them and
/// say what it had finished.
///
/// Moving a temporary file into place and the removal on an interrupt take the same lock,
/// so an output is either complete or as it was before the run; after ``interrupt()``
/// nothing more is moved into place.
package final class TemporaryOutputs: @unchecked Sendable {
  /// The registry of this process.
  package static let shared = TemporaryOutputs()

  /// A temporary file and the output it becomes (`nil` for a scratch file).
  package struct Entry: Sendable {
    /// The temporary file being written.
    package var temporary: String
    /// The output it is moved to when complete; `nil` for a scratch file.
    package var output: String?
  }

  /// What ``interrupt()`` did.
  package struct Cleanup: Sendable {
    /// The temporary files removed.
    package var removed: [Entry] = []
    /// Outputs completed before the interrupt.
    package var completed: [String] = []
  }

  private let lock = NSLock()
  private var pending: [Entry] = []
  private var completed: [String] = []
  private var interrupted = false

  /// Notes that `temporary` is about to be written, to become `output` (`nil`: a scratch
  /// file, removed when done).
  package func add(_ temporary: String, for output: String?) {
    lock.withLock { pending.append(Entry(temporary: temporary, output: output)) }
  }

  /// Removes `temporary` and forgets it.
  package func discard(_ temporary: String) {
    lock.withLock {
      unlink(temporary)
      pending.removeAll { $0.temporary == temporary }
    }
  }

  /// Renames `temporary` to `output`; returns 0 or the `errno` of the failure (`EINTR`
  /// once the run is interrupted).
  func moveIntoPlace(_ temporary: String, _ output: String) -> Int32 {
    lock.withLock {
      guard !interrupted else { return EINTR }
      guard rename(temporary, output) == 0 else { return errno }
      pending.removeAll { $0.temporary == temporary }
      completed.append(output)
      return 0
    }
  }

  /// Removes every temporary file and stops any further output from being moved into
  /// place; returns what was removed and what had been completed.
  package func interrupt() -> Cleanup {
    lock.withLock {
      interrupted = true
      var cleanup = Cleanup()
      for entry in pending where unlink(entry.temporary) == 0 {
        cleanup.removed.append(entry)
      }
      pending.removeAll()
      cleanup.completed = completed
      return cleanup
    }
  }
}
