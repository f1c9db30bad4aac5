import Foundation

/// The block-aligned memory `O_DIRECT` writes need, and a thread that writes full blocks
/// while the next one is gathered.
///
/// An `O_DIRECT` write returns only once the device has the data. Written on the thread that
/// also reads input and hands out chunks, those waits left both cores idle for an eighth of
/// `drg group`'s time; on a thread of its own a write overlaps the gathering of the next
/// block. Two blocks take turns: one being gathered (by the caller), one being written.
final class DirectStaging: @unchecked Sendable {
  static let size = 8 << 20
  /// `O_DIRECT`, which Swift's Glibc module does not export (0: not available).
  #if os(Linux) && arch(x86_64)
    static let openFlag: Int32 = 0o40000
  #elseif os(Linux) && arch(arm64)
    static let openFlag: Int32 = 0o200000
  #else
    static let openFlag: Int32 = 0
  #endif
  private let descriptor: Int32
  /// The block being gathered, and the other one (written, or being written).
  private var gathering: UnsafeMutableRawPointer
  private var spare: UnsafeMutableRawPointer
  private var count = 0

  // Shared with the writing thread, under `condition`.
  private let condition = NSCondition()
  private var blockToWrite: UnsafeRawBufferPointer?
  private var failure: Int32 = 0
  private var isStopping = false
  private var writerRunning = false

  init(descriptor: Int32) {
    self.descriptor = descriptor
    gathering = .allocate(byteCount: Self.size, alignment: 4096)
    spare = .allocate(byteCount: Self.size, alignment: 4096)
  }

  deinit {
    gathering.deallocate()
    spare.deallocate()
  }

  /// The bytes gathered in the current block.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: gathering, count: count) }
  var isFull: Bool { count == Self.size }

  /// Copies as much of `raw` as fits; returns how much.
  func gather(_ raw: UnsafeRawBufferPointer) -> Int {
    let taken = min(raw.count, Self.size - count)
    if taken > 0 { memcpy(gathering + count, raw.baseAddress!, taken) }
    count += taken
    return taken
  }

  /// Hands the full block to the writing thread and starts gathering in the other one,
  /// once its earlier write is done. Returns 0, or the `errno` of an earlier block's write.
  func writeFullBlock() -> Int32 {
    condition.lock()
    defer { condition.unlock() }
    while blockToWrite != nil && failure == 0 { condition.wait() }
    guard failure == 0 else { return failure }
    if !writerRunning { startWriter() }
    blockToWrite = UnsafeRawBufferPointer(start: gathering, count: count)
    condition.broadcast()
    swap(&gathering, &spare)
    count = 0
    return 0
  }

  /// Waits for the block being written and ends the writing thread. Returns 0, or the
  /// `errno` of a failed write. The gathered partial block stays in ``bytes``.
  func stop() -> Int32 {
    condition.lock()
    defer { condition.unlock() }
    while blockToWrite != nil && failure == 0 { condition.wait() }
    isStopping = true
    condition.broadcast()
    while writerRunning { condition.wait() }
    return failure
  }

  /// Starts the thread; called with `condition` held.
  private func startWriter() {
    writerRunning = true
    let thread = Thread { [self] in writeBlocks() }
    thread.stackSize = 1 << 18
    thread.start()
  }

  /// The writing thread: writes each block handed over until ``stop()``.
  private func writeBlocks() {
    condition.lock()
    while true {
      while blockToWrite == nil && !isStopping { condition.wait() }
      guard let block = blockToWrite else { break }
      condition.unlock()
      var result = CSVWriter.writeAll(descriptor, block)
      if result == EINVAL {
        // The file system took O_DIRECT at open but not at write: write normally.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~Self.openFlag)
        result = CSVWriter.writeAll(descriptor, block)
      }
      condition.lock()
      if result != 0 { failure = result }
      blockToWrite = nil
      condition.broadcast()
      if result != 0 { break }
    }
    writerRunning = false
    condition.broadcast()
    condition.unlock()
  }
}
