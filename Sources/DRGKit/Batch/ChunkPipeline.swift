import Dispatch

/// A worker of ``ChunkPipeline``: turns one chunk of records into a part of the result.
protocol ChunkWorker {
  associatedtype Part
  /// The result of the last chunk processed.
  var part: Part { get set }
  /// Processes `chunk`, replacing ``part``.
  mutating func process(_ chunk: CSVChunk)
}

/// Reads a CSV input in chunks of whole records, processes each batch of chunks in
/// parallel (one worker per slot), and hands the parts to `consume` in input order, with
/// the slot that made each (for merges that map slot-local ids). The
/// calling thread consumes one batch and reads the next while the workers process the
/// current one, so memory stays bounded and results do not depend on the thread count.
enum ChunkPipeline {
  static func run<Worker: ChunkWorker>(
    reader: CSVChunkReader, workers: WorkerSlots<Worker>, emptyPart: Worker.Part,
    consume: (inout Worker.Part, _ slot: Int) throws -> Void, afterBatch: () -> Void = {}
  ) throws {
    let slots = workers.count
    var finished = [Worker.Part](repeating: emptyPart, count: slots)
    var finishedCount = 0
    var batch = try readBatch(reader, count: slots)
    while !batch.isEmpty {
      let group = DispatchGroup()
      for (slot, chunk) in batch.enumerated() {
        DispatchQueue.global().async(group: group) {
          workers.withSlot(slot) { $0.process(chunk) }
        }
      }
      for slot in 0..<finishedCount { try consume(&finished[slot], slot) }
      let next = try readBatch(reader, count: slots)
      group.wait()
      for (slot, chunk) in batch.enumerated() {
        chunk.release()
        workers.withSlot(slot) { swap(&$0.part, &finished[slot]) }
      }
      finishedCount = batch.count
      afterBatch()
      batch = next
    }
    for slot in 0..<finishedCount { try consume(&finished[slot], slot) }
  }

  private static func readBatch(_ reader: CSVChunkReader, count: Int) throws(FileError)
    -> [CSVChunk]
  {
    var chunks: [CSVChunk] = []
    while chunks.count < count, let chunk = try reader.nextChunk() { chunks.append(chunk) }
    return chunks
  }
}

/// Per-slot worker state shared with the worker threads. Each slot is touched by one
/// thread at a time: its worker during a batch, the calling thread between batches; the
/// slots live in one allocation that never moves, so no array bookkeeping is shared.
final class WorkerSlots<Worker>: @unchecked Sendable {
  private let workers: UnsafeMutableBufferPointer<Worker>
  /// Number of slots.
  var count: Int { workers.count }

  init(count: Int, make: () -> Worker) {
    workers = .allocate(capacity: count)
    for slot in 0..<count { (workers.baseAddress! + slot).initialize(to: make()) }
  }

  deinit {
    workers.baseAddress!.deinitialize(count: workers.count)
    workers.deallocate()
  }

  func withSlot<R, E: Error>(_ slot: Int, _ body: (inout Worker) throws(E) -> R) throws(E) -> R {
    try body(&workers[slot])
  }
}
