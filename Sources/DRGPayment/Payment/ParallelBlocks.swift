import DRGKit
import Dispatch

/// Runs `body` over consecutive blocks of `0..<count` on several threads; `body` gets the
/// block number and its range. With one block it runs on the calling thread.
func forEachBlock(
  count: Int, blockSize: Int, _ body: @Sendable (_ block: Int, _ range: Range<Int>) -> Void
) {
  let blocks = (count + blockSize - 1) / blockSize
  if blocks == 1 { body(0, 0..<count) }
  guard blocks > 1 else { return }
  DispatchQueue.concurrentPerform(iterations: blocks) { block in
    body(block, block * blockSize..<min(count, (block + 1) * blockSize))
  }
}

/// A buffer written by disjoint index ranges from several threads.
struct SharedMutableBuffer<Element>: @unchecked Sendable {
  let base: UnsafeMutableBufferPointer<Element>
  init(_ base: UnsafeMutableBufferPointer<Element>) { self.base = base }
}

/// A buffer read from several threads.
struct SharedBuffer<Element>: @unchecked Sendable {
  let base: UnsafeBufferPointer<Element>
  init(_ base: UnsafeBufferPointer<Element>) { self.base = base }
}

/// One result per block, filled by concurrent workers, each writing only its own slot.
final class BlockResults<Value>: @unchecked Sendable {
  private var slots: UnsafeMutableBufferPointer<Value?>

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.baseAddress!.deinitialize(count: slots.count)
    slots.deallocate()
  }

  func set(_ slot: Int, _ value: Value) { slots[slot] = value }

  /// The value of `slot`, leaving the slot empty.
  func take(_ slot: Int) -> Value? {
    defer { slots[slot] = nil }
    return slots[slot]
  }
}
