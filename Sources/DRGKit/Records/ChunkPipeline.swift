import Foundation

/// A worker of ``ChunkPipeline``: turns one chunk of records into a part of the result.
/// Each worker value lives on one thread; only its type is shared, hence `SendableMetatype`.
package protocol ChunkWorker: SendableMetatype {
  associatedtype Part
  /// The result of the last chunk processed.
  var part: Part { get set }
  /// Processes `chunk`, replacing ``part``.
  ///
  /// The swap contract: after each call the pipeline swaps ``part`` with the part of a chunk
  /// already consumed (so that its storage is reused, not freed and allocated again). On
  /// entry ``part`` therefore holds an old part, or the pipeline's `emptyPart`: `process`
  /// must clear or overwrite everything in it, never add to what is there.
  mutating func process(_ chunk: CSVChunk)
}

/// Reads a CSV input in chunks of whole records, processes them in parallel (one worker
/// thread per slot), and hands the parts to `consume` in input order, with the slot that
/// made each (for merges that map slot-local ids).
///
/// The calling thread reads chunks and consumes finished parts; the workers take chunks in
/// input order as soon as they are free, so no worker waits for a slower one. At most
/// `slots + 2` chunks are in flight, so memory stays bounded, and a slot's chunks are
/// consumed in the order it processed them, so results do not depend on the thread count.
package enum ChunkPipeline {
  package static func run<Worker: ChunkWorker>(
    reader: CSVChunkReader, workers: WorkerSlots<Worker>, emptyPart: Worker.Part,
    consume: (inout Worker.Part, _ slot: Int) throws -> Void, afterChunk: () -> Void = {}
  ) throws {
    let flight = PipelineFlight(capacity: workers.count + 2, emptyPart: emptyPart)
    let threads = (0..<workers.count).map { slot in
      let thread = Thread {
        while let (sequence, chunk) = flight.nextChunk() {
          let entry = flight.entry(sequence)
          workers.withSlot(slot) { worker in
            worker.process(chunk)
            swap(&worker.part, &entry.pointee.part)
          }
          flight.finish(sequence, slot: slot)
        }
      }
      thread.stackSize = 1 << 22
      thread.start()
      return thread
    }
    defer {
      flight.stop()
      flight.waitForWorkers(count: threads.count)
      for chunk in flight.unconsumedChunks() { reader.recycle(chunk) }
    }
    var nextRead = 0
    var nextConsume = 0
    var inputEnded = false
    while true {
      while !inputEnded && nextRead - nextConsume < flight.capacity {
        guard let chunk = try reader.nextChunk() else {
          inputEnded = true
          break
        }
        flight.submit(chunk, sequence: nextRead)
        nextRead += 1
      }
      guard nextConsume < nextRead else { break }
      let (chunk, slot) = flight.waitFor(nextConsume)
      try consume(&flight.entry(nextConsume).pointee.part, slot)
      reader.recycle(chunk)
      flight.consumed(nextConsume)
      nextConsume += 1
      afterChunk()
    }
  }
}

/// The chunks in flight between the reading thread and the workers of ``ChunkPipeline``:
/// a queue of chunks to process and a ring of finished parts, indexed by sequence number.
///
/// A ring entry is written by one worker between `nextChunk` and `finish`, and read by the
/// reading thread between `waitFor` and `consumed`; the lock orders the two.
private final class PipelineFlight<Part>: @unchecked Sendable {
  struct Entry {
    var part: Part
    var chunk: CSVChunk?
    var slot = -1
    var isFinished = false
  }

  let capacity: Int
  private let condition = NSCondition()
  private let entries: UnsafeMutableBufferPointer<Entry>
  /// Sequence numbers submitted but not yet taken by a worker, oldest first.
  private var queued: [Int] = []
  private var queueStart = 0
  private var stopped = false
  private var exitedWorkers = 0

  init(capacity: Int, emptyPart: Part) {
    self.capacity = capacity
    entries = .allocate(capacity: capacity)
    entries.initialize(repeating: Entry(part: emptyPart))
  }

  deinit {
    entries.baseAddress!.deinitialize(count: capacity)
    entries.deallocate()
  }

  func entry(_ sequence: Int) -> UnsafeMutablePointer<Entry> {
    entries.baseAddress! + sequence % capacity
  }

  /// Queues `chunk` for the workers (reading thread).
  func submit(_ chunk: CSVChunk, sequence: Int) {
    condition.lock()
    entry(sequence).pointee.chunk = chunk
    entry(sequence).pointee.isFinished = false
    queued.append(sequence)
    condition.signal()
    condition.unlock()
  }

  /// The next chunk to process, or `nil` once the pipeline stops (worker threads).
  func nextChunk() -> (Int, CSVChunk)? {
    condition.lock()
    defer { condition.unlock() }
    while queueStart == queued.count && !stopped { condition.wait() }
    guard !stopped else {
      exitedWorkers += 1
      condition.broadcast()
      return nil
    }
    let sequence = queued[queueStart]
    queueStart += 1
    if queueStart == queued.count {
      queued.removeAll(keepingCapacity: true)
      queueStart = 0
    }
    return (sequence, entry(sequence).pointee.chunk!)
  }

  /// Marks the part of `sequence` finished by the worker in `slot` (worker threads).
  func finish(_ sequence: Int, slot: Int) {
    condition.lock()
    entry(sequence).pointee.slot = slot
    entry(sequence).pointee.isFinished = true
    condition.broadcast()
    condition.unlock()
  }

  /// Waits until the part of `sequence` is finished; its chunk and slot (reading thread).
  func waitFor(_ sequence: Int) -> (CSVChunk, Int) {
    condition.lock()
    defer { condition.unlock() }
    while !entry(sequence).pointee.isFinished { condition.wait() }
    return (entry(sequence).pointee.chunk!, entry(sequence).pointee.slot)
  }

  /// Frees the entry of `sequence` for a later chunk (reading thread).
  func consumed(_ sequence: Int) {
    condition.lock()
    entry(sequence).pointee.chunk = nil
    entry(sequence).pointee.isFinished = false
    condition.unlock()
  }

  /// Tells the workers to exit once their current chunk is done.
  func stop() {
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }

  func waitForWorkers(count: Int) {
    condition.lock()
    while exitedWorkers < count { condition.wait() }
    condition.unlock()
  }

  /// The chunks still held by entries (after the workers exited): to free on an error.
  func unconsumedChunks() -> [CSVChunk] {
    (0..<capacity).compactMap { entries[$0].chunk }
  }
}

/// Per-slot worker state shared with the worker threads. Each slot is touched by one
/// thread at a time: its worker while processing, the calling thread before and after the
/// run; the slots live in one allocation that never moves, so no array bookkeeping is
/// shared.
package final class WorkerSlots<Worker>: @unchecked Sendable {
  private let workers: UnsafeMutableBufferPointer<Worker>
  /// Number of slots.
  package var count: Int { workers.count }

  package init(count: Int, make: () -> Worker) {
    workers = .allocate(capacity: count)
    for slot in 0..<count { (workers.baseAddress! + slot).initialize(to: make()) }
  }

  deinit {
    workers.baseAddress!.deinitialize(count: workers.count)
    workers.deallocate()
  }

  package func withSlot<R, E: Error>(_ slot: Int, _ body: (inout Worker) throws(E) -> R) throws(E)
    -> R
  {
    try body(&workers[slot])
  }
}
