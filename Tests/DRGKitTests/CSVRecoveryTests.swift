import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// What the parser made of one record, for comparing parses of the same input.
private struct Snapshot: Equatable, CustomStringConvertible {
  var next: Int
  var fields: [String]
  var problem: CSVRowProblem?
  var range: Range<Int>
  var lines: Int

  init(_ parser: CSVRecordParser, next: Int, in buffer: UnsafeBufferPointer<UInt8>) {
    self.next = next
    fields = (0..<parser.fields.count).map { parser.string($0, in: buffer) }
    problem = parser.problem
    range = parser.recordRange
    lines = parser.linesConsumed
  }

  var description: String {
    "next \(next) \(fields) \(problem.map(String.init(describing:)) ?? "")"
  }
}

/// Every record of `text` parsed in one buffer by a parser told `expectedFields`.
private func records(_ text: String, expectedFields: Int) -> [(line: Int, snapshot: Snapshot)] {
  records(Array(text.utf8), expectedFields: expectedFields)
}

private func records(_ bytes: [UInt8], expectedFields: Int) -> [(line: Int, snapshot: Snapshot)] {
  var found: [(Int, Snapshot)] = []
  bytes.withUnsafeBufferPointer { buffer in
    var parser = CSVRecordParser()
    parser.expectedFieldCount = expectedFields
    var offset = 0
    var line = 1
    while offset < buffer.count {
      guard let next = parser.parse(buffer, from: offset, line: line, isFinal: true) else {
        Issue.record("nil with isFinal")
        return
      }
      found.append((line, Snapshot(parser, next: next, in: buffer)))
      line += parser.linesConsumed
      offset = next
    }
  }
  return found
}

@Suite("CSV recovery bounded to the damage")
struct CSVRecoveryTests {
  /// Issue 17: one stray opening quote in a free-text field used to run to the next quote
  /// in the file (here the quoted note of line 3) and swallow the lines in between.
  @Test func aStrayQuoteMakesOnlyItsOwnLineInvalid() {
    let text = "id,note,x\n1,\"左侧 5cm,a\n2,\"ok, fine\",b\n3,plain,c\n"
    let found = records(text, expectedFields: 3)
    #expect(found.map(\.line) == [1, 2, 3, 4])
    // Line 2: the quote at column 3 does not close on its line.
    #expect(
      found[1].snapshot.problem == CSVRowProblem(kind: .unterminatedQuote, line: 2, column: 3))
    #expect(found[2].snapshot.fields == ["2", "ok, fine", "b"])
    #expect(found[3].snapshot.fields == ["3", "plain", "c"])
  }

  @Test func aRecordSpanningLinesWithTheHeadersWidthIsRead() {
    let found = records("a,b,c\n1,\"two\nlines\",x\n2,y,z\n", expectedFields: 3)
    #expect(found.map(\.line) == [1, 2, 4])
    #expect(found[1].snapshot.fields == ["1", "two\nlines", "x"])
  }

  /// A record that spans lines but has 4 fields under a 3-field header: its first line is
  /// invalid alone (the quote at column 3 does not close on it), and the next line is a
  /// record of its own (`lines",x,extra`: a quote inside an unquoted field is data, so 3
  /// fields).
  @Test func aRecordSpanningLinesWithAnotherWidthIsReadLineByLine() {
    let found = records("a,b,c\n1,\"two\nlines\",x,extra\n2,y,z\n", expectedFields: 3)
    #expect(found.map(\.line) == [1, 2, 3, 4])
    #expect(
      found[1].snapshot.problem == CSVRowProblem(kind: .unterminatedQuote, line: 2, column: 3))
    #expect(found[2].snapshot.fields == ["lines\"", "x", "extra"])
    #expect(found[3].snapshot.fields == ["2", "y", "z"])
  }

  /// Text after a closing quote on the second line of a record: the old parser reported it
  /// and resumed after that second line, losing the row that starts there.
  @Test func textAfterAQuoteOnALaterLineCostsOnlyTheFirstLine() {
    let found = records("a,b\n1,\"x\ny\"z\n2,w\n", expectedFields: 2)
    #expect(found.map(\.line) == [1, 2, 3, 4])
    #expect(
      found[1].snapshot.problem == CSVRowProblem(kind: .unterminatedQuote, line: 2, column: 3))
    // `y"z` alone: one field with a quote inside, a field-count problem for the reader.
    #expect(found[2].snapshot.fields == ["y\"z"])
    #expect(found[3].snapshot.fields == ["2", "w"])
  }

  /// The property behind block-size independence: a parse of any prefix of the input
  /// either asks for more or decides exactly as the parse of the whole input; and, where a
  /// chunk is cut at a record boundary, the parse in the chunk (falling back to the line
  /// alone when the chunk is too short to decide) finds the same record.
  @Test(arguments: [0, 3])
  func everyPrefixDecidesAsTheWholeInput(_ expectedFields: Int) {
    var random = SeededGenerator(seed: 17)
    let pieces = ["a", "bc", ",", ",", "\"", "\"", "\"\"", "\n", "\n", "\r\n", "\r", "中"]
    for _ in 0..<300 {
      let count = Int.random(in: 1...40, using: &random)
      let text = (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined()
      let bytes = Array(text.utf8)
      let whole = records(bytes, expectedFields: expectedFields)
      let boundaries = Set(whole.map(\.snapshot.next))
      bytes.withUnsafeBufferPointer { buffer in
        var parser = CSVRecordParser()
        parser.expectedFieldCount = expectedFields
        var start = 0
        for (line, reference) in whole {
          for length in start...buffer.count {
            let prefix = UnsafeBufferPointer(rebasing: buffer[0..<length])
            let isFinal = length == buffer.count
            if let next = parser.parse(prefix, from: start, line: line, isFinal: isFinal) {
              #expect(
                Snapshot(parser, next: next, in: prefix) == reference,
                "\(text.debugDescription) from \(start), prefix \(length)")
            } else if boundaries.contains(length) && length >= reference.next {
              // A chunk cut here: the cursor's fallback.
              let next = parser.parseLine(prefix, from: start, line: line, isFinal: true)
              #expect(
                next.map { Snapshot(parser, next: $0, in: prefix) } == reference,
                "\(text.debugDescription) from \(start), chunk \(length)")
            }
          }
          start = reference.next
        }
      }
    }
  }

  /// Issue 17: a 100-row file with one stray quote gave "50 rows read" and the reason
  /// named the wrong line. Every reader of chunks (group, weights, settle, compare, audit)
  /// walks records with `CSVRecordCursor`, so all of them now see 100 rows.
  @Test(arguments: [1, 7, 4096, 4 << 20])
  func everyChunkReaderSeesEveryRowOfAFileWithAStrayQuote(_ blockSize: Int) throws {
    var text = "case_id,note,cost\n"
    for row in 1...100 {
      let note = row == 50 ? "\"左侧 5cm" : (row % 10 == 3 ? "\"quoted, note\"" : "n")
      text += "C\(row),\(note),\(row)\n"
    }
    let directory = try TemporaryDirectory()
    let path = try directory.write(text, name: "stray.csv")
    let reader = try CSVChunkReader(path: path, blockSize: blockSize)
    var parser = CSVRecordParser()
    var lines: [Int] = []
    var problems: [CSVRowProblem] = []
    while let chunk = try reader.nextChunk() {
      var cursor = chunk.records()
      while cursor.next(&parser) {
        lines.append(cursor.line)
        if let problem = parser.problem(expectingFields: 3, line: cursor.line) {
          problems.append(problem)
        }
      }
      reader.recycle(chunk)
    }
    #expect(lines == Array(2...101))
    // Row 50 is on line 51 (the header is line 1); its note starts at column 5.
    #expect(problems == [CSVRowProblem(kind: .unterminatedQuote, line: 51, column: 5)])
  }
}
