import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// The pieces under `drg group`'s stream: buffers read straight into and reused, the
/// continuous pipeline, and the writer's aligned O_DIRECT blocks.
@Suite("Streaming I/O")
struct StreamingIOTests {
  /// A CSV text of `rows` records of varied length, some with quoted line breaks.
  static func sample(rows: Int) -> String {
    var text = "id,note\n"
    for row in 0..<rows {
      let note = String(repeating: "x", count: row % 37)
      text += row % 5 == 0 ? "\(row),\"\(note)\n\(row)\"\n" : "\(row),\(note)\n"
    }
    return text
  }

  @Test("recycled chunk buffers give the same chunks as fresh ones", arguments: [16, 100, 4096])
  func recycledBuffers(blockSize: Int) throws {
    let directory = try TemporaryDirectory()
    let text = Self.sample(rows: 3_000)
    let path = try directory.write(text, name: "sample.csv")
    func chunks(recycling: Bool) throws -> [(bytes: [UInt8], firstLine: Int, isLast: Bool)] {
      let reader = try CSVChunkReader(path: path, blockSize: blockSize)
      var result: [(bytes: [UInt8], firstLine: Int, isLast: Bool)] = []
      while let chunk = try reader.nextChunk() {
        result.append((Array(chunk.view), chunk.firstLine, chunk.isLast))
        if recycling { reader.recycle(chunk) } else { chunk.release() }
      }
      return result
    }
    let fresh = try chunks(recycling: false)
    let recycled = try chunks(recycling: true)
    #expect(fresh.count == recycled.count)
    #expect(fresh.count > 3)
    for (a, b) in zip(fresh, recycled) {
      #expect(a.bytes == b.bytes && a.firstLine == b.firstLine && a.isLast == b.isLast)
    }
    // Together the chunks are the file after its header, and only the last is marked last.
    let body = Array(text.utf8.dropFirst("id,note\n".utf8.count))
    #expect(recycled.flatMap(\.bytes) == body)
    #expect(recycled.filter(\.isLast).count == 1 && recycled.last?.isLast == true)
  }

  /// A worker that records which chunk lines it saw, and can be told to be slow.
  struct LineWorker: ChunkWorker {
    var part: [Int] = []
    let slow: Bool
    mutating func process(_ chunk: CSVChunk) {
      if slow { usleep(200) }
      part = [chunk.firstLine]
    }
  }

  @Test("the pipeline hands parts over in input order, whichever worker is faster")
  func partsInOrder() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(Self.sample(rows: 5_000), name: "sample.csv")
    var expected: [Int] = []
    let plain = try CSVChunkReader(path: path, blockSize: 64)
    while let chunk = try plain.nextChunk() {
      expected.append(chunk.firstLine)
      chunk.release()
    }
    for threads in [1, 2, 3, 7] {
      let reader = try CSVChunkReader(path: path, blockSize: 64)
      var slot = -1
      let workers = WorkerSlots(count: threads) {
        slot += 1
        return LineWorker(slow: slot == 0)
      }
      var seen: [Int] = []
      try ChunkPipeline.run(
        reader: reader, workers: workers, emptyPart: [],
        consume: { part, _ in seen += part })
      #expect(seen == expected, "threads \(threads)")
    }
    #expect(expected.count > 100)
  }

  struct StopHere: Error {}

  @Test("a failing consumer stops the pipeline and its workers")
  func failingConsumer() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(Self.sample(rows: 5_000), name: "sample.csv")
    let reader = try CSVChunkReader(path: path, blockSize: 64)
    let workers = WorkerSlots(count: 2) { LineWorker(slow: false) }
    var consumed = 0
    #expect(throws: StopHere.self) {
      try ChunkPipeline.run(
        reader: reader, workers: workers, emptyPart: [],
        consume: { _, _ in
          consumed += 1
          if consumed == 5 { throw StopHere() }
        })
    }
    #expect(consumed == 5)
  }

  @Test(
    "the writer's aligned blocks give the same file as the bytes written",
    arguments: [0, 1, 4095, 4096, 8 << 20, (8 << 20) + 1, (17 << 20) + 12_345])
  func alignedBlocks(size: Int) throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("out.csv")
    var state: UInt64 = 42
    let bytes = (0..<size).map { _ -> UInt8 in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
    let writer = try CSVWriter(path: path)
    writer.appendField("head")
    // Uneven pieces, through both the buffer and straight writes.
    var offset = 0
    var piece = 1
    while offset < bytes.count {
      let end = min(bytes.count, offset + piece)
      if piece % 2 == 0 {
        try writer.write(Array(bytes[offset..<end]))
      } else {
        bytes[offset..<end].withUnsafeBufferPointer { writer.append($0) }
        try writer.flushIfNeeded()
      }
      offset = end
      piece = piece * 3 + 1
    }
    try writer.finish()
    let written = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(written == Data(Array("head".utf8) + bytes))
  }

  @Test("a pipe or device is written as it is, not replaced by a renamed file")
  func specialFileIsWrittenInPlace() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("pipe")
    try #require(mkfifo(path, 0o600) == 0)
    // The reader opens the pipe's other end and collects what arrives until the writer closes
    // it. It polls with a deadline: a writer that replaced the pipe never opens it.
    final class Received: @unchecked Sendable { var bytes: [UInt8] = [] }
    let received = Received()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      defer { done.signal() }
      let fd = open(path, O_RDONLY | O_NONBLOCK)
      guard fd >= 0 else { return }
      defer { close(fd) }
      let deadline = Date().addingTimeInterval(20)
      var buffer = [UInt8](repeating: 0, count: 65_536)
      while Date() < deadline {
        // Linux reports the pipe's end only after a writer has come and gone.
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, 100) > 0 else { continue }
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count == 0 { break }
        if count > 0 { received.bytes += buffer[0..<count] }
      }
    }
    let payload = Array(repeating: Array("12345,grouped\n".utf8), count: 20_000).joined()
    do {
      let writer = try CSVWriter(path: path)
      try writer.write(Array(payload))
      try writer.finish()
    }
    // The writer is gone, so the pipe is closed and the reader sees its end.
    done.wait()
    var status = stat()
    #expect(stat(path, &status) == 0)
    #expect(status.st_mode & S_IFMT == S_IFIFO)
    let arrived = received.bytes == Array(payload)
    #expect(arrived, "\(received.bytes.count) of \(payload.count) bytes arrived through the pipe")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["pipe"])
  }
}
