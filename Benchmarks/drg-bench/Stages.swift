import DRGKit
import Dispatch
import Foundation

/// The stages `drg-bench` measures.
enum Stages {
  /// Reads the file in blocks and counts line feeds: the floor for touching every byte.
  static func lineScan(_ path: String) throws -> Int {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw FileError(path: path, operation: .open, code: errno) }
    defer { close(descriptor) }
    let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 64)
    defer { block.deallocate() }
    var lines = 0
    while true {
      let count = read(descriptor, block.baseAddress!, block.count)
      if count <= 0 { break }
      var cursor = block.baseAddress!
      var remaining = count
      while remaining > 0, let found = memchr(cursor, 0x0A, remaining) {
        lines += 1
        let next = found + 1
        remaining -= next - cursor
        cursor = next
      }
    }
    return lines - 1  // the header
  }

  /// A 64-bit FNV-1a hash of a file, read in blocks (to compare outputs without holding
  /// them in memory).
  static func fileHash(_ path: String) throws -> UInt64 {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw FileError(path: path, operation: .open, code: errno) }
    defer { close(descriptor) }
    let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
    defer { block.deallocate() }
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    while true {
      let count = read(descriptor, block.baseAddress!, block.count)
      if count <= 0 { break }
      for byte in block[0..<count] { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
    }
    return hash
  }

  /// Cuts the file into chunks and parses every record into case fields and code rows,
  /// without grouping.
  static func parseOnly(_ path: String, scheme: Scheme) throws -> Int {
    let reader = try CSVChunkReader(path: path)
    let columns = try CaseColumns(header: reader.header, file: path)
    var csv = CSVRecordParser()
    var cases = CaseRecordParser(columns: columns, scheme: scheme)
    var records = 0
    var checksum = 0
    while let chunk = try reader.nextChunk() {
      let bytes = chunk.view
      var position = 0
      while position < bytes.count,
        let next = csv.parse(bytes, from: position, line: 1, isFinal: true)
      {
        position = next
        records += 1
        guard csv.problem == nil, csv.fields.count == columns.count else { continue }
        cases.parse(csv, in: bytes)
        checksum &+= cases.diagnoses.count &+ Int(cases.diagnoses.first ?? 0)
      }
      reader.recycle(chunk)
    }
    blackHole(checksum)
    return records
  }

  /// Reads up to `limit` readable cases of `path` into a batch for the group-only stage.
  static func load(_ path: String, scheme: Scheme, limit: Int) throws -> CaseBatch {
    let reader = try CSVChunkReader(path: path)
    let columns = try CaseColumns(header: reader.header, file: path)
    var csv = CSVRecordParser()
    var cases = CaseRecordParser(columns: columns, scheme: scheme)
    var batch = CaseBatch()
    // Reserved up front, so that growing the arrays does not double the peak memory.
    batch.reserveCapacity(limit)
    reading: while let chunk = try reader.nextChunk() {
      defer { reader.recycle(chunk) }
      let bytes = chunk.view
      var position = 0
      while position < bytes.count,
        let next = csv.parse(bytes, from: position, line: 1, isFinal: true)
      {
        position = next
        guard csv.problem == nil, csv.fields.count == columns.count else { continue }
        cases.parse(csv, in: bytes)
        batch.append(cases)
        if batch.count == limit { break reading }
      }
    }
    return batch
  }

  /// Groups the batch `rounds` times on `threads` threads (cases split evenly).
  static func groupOnly(_ batch: CaseBatch, scheme: Scheme, threads: Int, rounds: Int) -> Int {
    let count = batch.count
    let checksums = Checksums(count: threads)
    DispatchQueue.concurrentPerform(iterations: threads) { part in
      let range = (count * part / threads)..<(count * (part + 1) / threads)
      // Results of 1,024 cases at a time: a buffer that stays in cache, where results for
      // the whole range would stream 32 MB through it and push the scheme's tables out.
      let block = 1024
      var results = [GroupingResult](repeating: GroupingResult(status: .invalid), count: block)
      var sum = 0
      results.withUnsafeMutableBufferPointer { results in
        for _ in 0..<rounds {
          for start in stride(from: range.lowerBound, to: range.upperBound, by: block) {
            let blockRange = start..<min(start + block, range.upperBound)
            batch.group(blockRange, with: scheme, into: results)
            for result in results[0..<blockRange.count] {
              sum &+= Int(result.drg) &+ Int(result.status.rawValue)
            }
          }
        }
      }
      checksums.set(part, sum)
    }
    blackHole(checksums.total)
    return count * rounds
  }

  /// Groups the file into `output` with `threads` threads.
  static func endToEnd(_ input: String, output: String, scheme: Scheme, threads: Int) throws
    -> GroupingSummary
  {
    var grouping = FileGrouping(scheme: scheme)
    grouping.threads = threads
    return try grouping.run(input: input, output: output)
  }
}

/// One checksum per thread, written by that thread only.
final class Checksums: @unchecked Sendable {
  private let values: UnsafeMutableBufferPointer<Int>
  init(count: Int) {
    values = .allocate(capacity: count)
    values.initialize(repeating: 0)
  }
  deinit { values.deallocate() }
  func set(_ index: Int, _ value: Int) { values[index] = value }
  var total: Int { values.reduce(0, &+) }
}
