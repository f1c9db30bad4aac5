import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

private func record(_ line: Int, _ fields: [String]) -> ParsedRecord {
  ParsedRecord(line: line, fields: fields)
}

private func problem(
  _ line: Int, _ kind: CSVRowProblem.Kind, line problemLine: Int? = nil, column: Int
) -> ParsedRecord {
  ParsedRecord(
    line: line, fields: [],
    problem: CSVRowProblem(kind: kind, line: problemLine ?? line, column: column))
}

@Suite("CSV record parser")
struct CSVRecordParserTests {
  @Test func plainRecords() {
    #expect(
      parseAll("a,b,c\nd,e,f\n") == [record(1, ["a", "b", "c"]), record(2, ["d", "e", "f"])])
  }

  @Test func crlf() {
    #expect(parseAll("a,b\r\nc,d\r\n") == [record(1, ["a", "b"]), record(2, ["c", "d"])])
    #expect(
      parseAll("\"a\",\"b\"\r\nc,\"\"\r\n") == [record(1, ["a", "b"]), record(2, ["c", ""])])
  }

  @Test func emptyTrailingFields() {
    #expect(parseAll("a,b,,\n") == [record(1, ["a", "b", "", ""])])
    #expect(parseAll("a,b,,") == [record(1, ["a", "b", "", ""])])
    #expect(parseAll(",\n") == [record(1, ["", ""])])
    #expect(parseAll("a,b,,\r\n") == [record(1, ["a", "b", "", ""])])
  }

  @Test func finalRecordWithoutNewline() {
    #expect(parseAll("a,b\nc,d") == [record(1, ["a", "b"]), record(2, ["c", "d"])])
    #expect(parseAll("a,b\nc,\"d\"") == [record(1, ["a", "b"]), record(2, ["c", "d"])])
    #expect(parseAll("a\r") == [record(1, ["a"])])
  }

  @Test func quotedFields() {
    #expect(parseAll(#""Smith, J",x"# + "\n") == [record(1, ["Smith, J", "x"])])
    #expect(parseAll(#""said ""hi""","""""# + "\n") == [record(1, [#"said "hi""#, #"""#])])
    #expect(parseAll(#""",x"# + "\n") == [record(1, ["", "x"])])
    #expect(parseAll(#""I10|J18.900",y"# + "\n") == [record(1, ["I10|J18.900", "y"])])
  }

  @Test func quoteInsideUnquotedFieldIsData() {
    #expect(parseAll("ab\"c,d\n") == [record(1, ["ab\"c", "d"])])
  }

  @Test func pipeIsNotASeparator() {
    #expect(parseAll("I10|J18.900,a\n") == [record(1, ["I10|J18.900", "a"])])
  }

  @Test func embeddedLineBreaksKeepLineNumbers() {
    let text = "1,\"two\nlines\",x\n2,\"three\r\nline\nnote\"\n3,y\n"
    #expect(
      parseAll(text) == [
        record(1, ["1", "two\nlines", "x"]), record(3, ["2", "three\r\nline\nnote"]),
        record(6, ["3", "y"]),
      ])
  }

  @Test func unterminatedQuoteResynchronizesAtTheNextLine() {
    let records = parseAll("a,\"bc\nd,e\nf,g\n")
    #expect(
      records == [
        problem(1, .unterminatedQuote, column: 3), record(2, ["d", "e"]), record(3, ["f", "g"]),
      ])
    #expect(
      records.first?.problem?.description
        == "line 1: unterminated quoted field starting at column 3; close the quote")
  }

  @Test func unterminatedQuoteOnTheLastLine() {
    #expect(
      parseAll("a,b\nc,\"d") == [record(1, ["a", "b"]), problem(2, .unterminatedQuote, column: 3)])
  }

  @Test func textAfterClosingQuote() {
    let records = parseAll("\"abc\"x,d\nnext,row\n")
    #expect(
      records == [problem(1, .textAfterClosingQuote, column: 6), record(2, ["next", "row"])])
    #expect(
      records.first?.problem?.description
        == "line 1, column 6: text after a closing quote; quote the whole field")
  }

  @Test func rawRecordRangeExcludesTheTerminator() {
    let bytes = Array("a,\"b\"\r\nc,d\r\n".utf8)
    bytes.withUnsafeBufferPointer { buffer in
      var parser = CSVRecordParser()
      let next = parser.parse(buffer, from: 0, line: 1, isFinal: true)
      #expect(next == 7)
      #expect(parser.recordRange == 0..<5)
      #expect(parser.linesConsumed == 1)
      #expect(parser.parse(buffer, from: 7, line: 2, isFinal: true) == 12)
      #expect(parser.recordRange == 7..<10)
    }
  }

  @Test func incompleteRecordAsksForMoreInput() {
    for text in ["a,b", "a,\"b", "a,\"b\"", "a,\"b\"\"", "a,b\r", "a,\"b\"\r"] {
      let bytes = Array(text.utf8)
      bytes.withUnsafeBufferPointer { buffer in
        var parser = CSVRecordParser()
        #expect(parser.parse(buffer, from: 0, line: 1, isFinal: false) == nil, "\(text)")
      }
    }
  }

  /// Without a line feed after the bad text the record may go on in input not read yet.
  @Test func textAfterClosingQuoteAsksForMoreInput() {
    let bytes = Array("1,\"x\"yy".utf8)
    bytes.withUnsafeBufferPointer { buffer in
      var parser = CSVRecordParser()
      do {
        #expect(parser.parse(buffer, from: 0, line: 1, isFinal: false) == nil)
      }
    }
  }

  /// A record that breaks after a multi-line field is its first line alone, with the
  /// problem at that line's column; the next line is read as a record of its own.
  @Test func problemLocationAfterAMultiLineField() throws {
    // Line 1 `"a`: its quote does not close on the line. Line 2 `b","c`: `b"` is data (a
    // quote inside an unquoted field), then a quote at column 4 opens a field that never
    // closes. Line 3 reads normally.
    let records = parseAll("\"a\nb\",\"c\nd,e\n")
    #expect(
      records == [
        problem(1, .unterminatedQuote, column: 1), problem(2, .unterminatedQuote, column: 4),
        record(3, ["d", "e"]),
      ])
  }
}

@Suite("CSV reader")
struct CSVReaderTests {
  @Test func byteOrderMarkIsSkipped() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write([0xEF, 0xBB, 0xBF] + Array("a,b\nc,d\n".utf8), name: "bom.csv")
    #expect(try readAll(path: path).records == [record(1, ["a", "b"]), record(2, ["c", "d"])])
  }

  @Test func blankLinesAreSkippedAndCounted() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("\na,b\n\r\n\nc,d\n\n", name: "blank.csv")
    let (records, blankLines) = try readAll(path: path)
    #expect(records == [record(2, ["a", "b"]), record(5, ["c", "d"])])
    #expect(blankLines == 4)
  }

  @Test func emptyFile() throws {
    let directory = try TemporaryDirectory()
    #expect(try readAll(path: directory.write("", name: "empty.csv")).records.isEmpty)
    #expect(try readAll(path: directory.write("\n\n", name: "blank.csv")).records.isEmpty)
  }

  @Test func missingFileThrows() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("absent.csv")
    #expect(throws: FileError.self) { try CSVReader(path: path) }
  }

  @Test func unterminatedQuoteAndFollowingRows() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("h1,h2\n1,\"abc\n2,x\n\n3,y\n", name: "broken.csv")
    let (records, _) = try readAll(path: path, blockSize: 7)
    #expect(
      records == [
        record(1, ["h1", "h2"]), problem(2, .unterminatedQuote, column: 3), record(3, ["2", "x"]),
        record(5, ["3", "y"]),
      ])
  }

  @Test func rawRecordOfAProblemRow() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("1,\"abc\r\n2,x\r\n", name: "broken.csv")
    let reader = try CSVReader(path: path)
    #expect(try reader.next())
    #expect(reader.parser.problem?.kind == .unterminatedQuote)
    #expect(reader.rawRecord.string() == "1,\"abc")
    #expect(try reader.next())
    #expect(reader.rawRecord.string() == "2,x")
    #expect(try !reader.next())
  }

  /// Records with every feature; each one lands on a block boundary at some padding.
  static let body =
    ",name,note\r\n1,\"Smith, J\",\"said \"\"hi\"\"\"\r\n2,plain,\"multi\nline\r\nnote\"\n\n3,\"\",\n4,a|b|c,\"x\"\r\n\r\n5,\"\"\"\",\"\"\"q\"\"\"\n6,last,no newline"

  static func expected(header: String) -> [ParsedRecord] {
    [
      record(1, [header, "name", "note"]),
      record(2, ["1", "Smith, J", "said \"hi\""]),
      record(3, ["2", "plain", "multi\nline\r\nnote"]),
      record(7, ["3", "", ""]),
      record(8, ["4", "a|b|c", "x"]),
      record(10, ["5", "\"", "\"q\""]),
      record(11, ["6", "last", "no newline"]),
    ]
  }

  @Test(arguments: [1, 7, 16, 64, 100])
  func recordsStraddlingBlockBoundaries(_ blockSize: Int) throws {
    let directory = try TemporaryDirectory()
    for padding in 0..<80 {
      let header = "h" + String(repeating: "a", count: padding)
      let path = try directory.write(header + Self.body, name: "pad\(padding).csv")
      let (records, blankLines) = try readAll(path: path, blockSize: blockSize)
      #expect(records == Self.expected(header: header), "padding \(padding)")
      #expect(blankLines == 2, "padding \(padding)")
      let (big, _) = try readAll(path: path)
      #expect(records == big, "padding \(padding)")
    }
  }

  @Test func textAfterClosingQuoteStraddlingABlock() throws {
    let directory = try TemporaryDirectory()
    do {
      for padding in 50..<64 {
        let header = String(repeating: "a", count: padding)
        let path = try directory.write(
          header + "\n1,\"x\"yyyyyyyyyyyy,z\n2,ok\n", name: "p\(padding).csv")
        #expect(
          try readAll(path: path, blockSize: 1).records == [
            record(1, [header]), problem(2, .textAfterClosingQuote, column: 6),
            record(3, ["2", "ok"]),
          ], "padding \(padding)")
      }
    }
  }

  @Test func recordLongerThanTheBlock() throws {
    let directory = try TemporaryDirectory()
    let long = String(repeating: "x", count: 1000)
    let quoted = String(repeating: "q,\n\"\"", count: 300)
    let text = "a,\(long)\n\"\(quoted)\",b\nc,d\n"
    let path = try directory.write(text, name: "long.csv")
    let (records, _) = try readAll(path: path, blockSize: 16)
    let unescaped = String(repeating: "q,\n\"", count: 300)
    #expect(
      records == [record(1, ["a", long]), record(2, [unescaped, "b"]), record(303, ["c", "d"])])
  }

  @Test func bytesReadCountsTheWholeFile() throws {
    let directory = try TemporaryDirectory()
    let text = "a,b\n" + String(repeating: "1,2\n", count: 100)
    let reader = try CSVReader(path: directory.write(text, name: "n.csv"), blockSize: 64)
    var count = 0
    while try reader.next() { count += 1 }
    #expect(count == 101)
    #expect(reader.bytesRead == text.utf8.count)
  }
}
