import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

@Suite("Chunk line counting")
struct ChunkLineCountTests {
  @Test("SWAR.count agrees with a byte-by-byte count at every length and offset")
  func swarCount() {
    // Line feeds and bytes one bit away from them (0x0B, 0x08, 0x8A), which an inexact
    // zero-byte trick would miscount.
    let alphabet: [UInt8] = [0x0A, 0x0B, 0x08, 0x8A, 0x41, 0x00, 0xFF]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let bytes = (0..<300).map { _ -> UInt8 in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return alphabet[Int(state >> 33) % alphabet.count]
    }
    bytes.withUnsafeBufferPointer { buffer in
      for start in 0..<9 {
        for end in stride(from: start, through: buffer.count, by: 7) {
          let slice = UnsafeBufferPointer(rebasing: buffer[start..<end])
          #expect(SWAR.count(0x0A, in: slice) == slice.filter { $0 == 0x0A }.count)
        }
      }
    }
  }

  @Test("chunks start on the right line when records hold line breaks")
  func lineNumbersWithReuse() throws {
    let directory = try TemporaryDirectory()
    var text = "a,b\n"
    // Two lines per record; more than the reader's first block (it reads ahead to choose
    // the encoding).
    for row in 0..<20_000 { text += "\(row),\"x\ny\"\n" }
    let path = try directory.write(text, name: "lines.csv")
    let reader = try CSVChunkReader(path: path, blockSize: 1024)
    var expectedLine = 2
    var chunks = 0
    while let chunk = try reader.nextChunk() {
      #expect(chunk.firstLine == expectedLine)
      expectedLine += chunk.view.filter { $0 == 0x0A }.count
      chunks += 1
      chunk.release()
    }
    // 20,000 records of two lines after the header, in many chunks.
    #expect(expectedLine == 40_002)
    #expect(chunks > 10)
  }
}
