import Foundation
import Testing

@testable import DRGKit

/// `CaseBatch.group` requests table entries ahead of the case it groups and writes results
/// by position; every result must be the one `Scheme.group` gives for that case alone.
@Suite("Case batch")
struct CaseBatchTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The demo samples, parsed into a batch and, one by one, as `DischargeCase` values.
  static func samples() throws -> (Scheme, CaseBatch, [DischargeCase]) {
    let scheme = try Scheme(directory: root.appendingPathComponent("grouper-tables/demo").path)
    let path = root.appendingPathComponent("grouper-tables/samples/demo-cases.csv").path
    let reader = try CSVChunkReader(path: path)
    let columns = try CaseColumns(header: reader.header, file: path)
    var csv = CSVRecordParser()
    var parser = CaseRecordParser(columns: columns, scheme: scheme)
    var batch = CaseBatch()
    var cases: [DischargeCase] = []
    while let chunk = try reader.nextChunk() {
      var records = chunk.records()
      while records.next(&csv) {
        parser.parse(csv, in: chunk.view)
        batch.append(parser)
        let id = csv.string(columns.caseID, in: chunk.view)
        cases.append(try #require(try CaseFile.find(id: id, in: path)))
      }
      reader.recycle(chunk)
    }
    return (scheme, batch, cases)
  }

  @Test func everyResultIsThatOfItsCaseAlone() throws {
    let (scheme, batch, cases) = try Self.samples()
    #expect(batch.count == cases.count)
    #expect(batch.count > CaseBatch.prefetchDistance * 2)
    let expected = cases.map { record -> GroupingResult in
      var observer = SilentObserver()
      return scheme.group(record, observer: &observer)
    }
    #expect(Set(expected.map(\.drg)).count > 10, "the samples should span many DRGs")
    // The whole batch, ranges shorter than the prefetch distance, and ranges that end
    // inside it.
    let ranges = [
      0..<batch.count, 0..<1, 3..<7, 5..<(batch.count - 2), (batch.count - 9)..<batch.count,
    ]
    for range in ranges {
      var results = [GroupingResult](
        repeating: GroupingResult(status: .invalid), count: range.count + 3)
      results.withUnsafeMutableBufferPointer { batch.group(range, with: scheme, into: $0) }
      for (offset, index) in range.enumerated() {
        #expect(results[offset] == expected[index], "case \(index) in \(range)")
      }
    }
  }
}
