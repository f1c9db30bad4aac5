import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// Issue 17 item 3: encodings decided on the whole file, line by line; bytes in no
/// encoding make one row invalid; UTF-16 read; the output always UTF-8.
@Suite("Input encodings")
struct EncodingTests {
  static let demo = packageRoot.appendingPathComponent("grouper-tables/demo").path
  static let header = "case_id,sex,age,diagnoses,note\n"

  /// ASCII rows of about 40 bytes each, `count` of them.
  static func asciiRows(_ count: Int, from first: Int = 0) -> String {
    (first..<(first + count)).map { "A\($0),1,50,I10.x00,plain note text\n" }.joined()
  }

  static func group(
    _ bytes: [UInt8], encoding: TextEncoding = .auto, blockSize: Int = 4 << 20
  ) throws -> (output: String, summary: GroupingSummary, rows: [ParsedRecord]) {
    let directory = try TemporaryDirectory()
    let input = try directory.write(bytes, name: "in.csv")
    var grouping = FileGrouping(scheme: try Scheme(directory: demo))
    grouping.encoding = encoding
    grouping.blockSize = blockSize
    let summary = try grouping.run(input: input, output: directory.file("out.csv"))
    let data = try Data(contentsOf: URL(fileURLWithPath: directory.file("out.csv")))
    let output = try #require(String(data: data, encoding: .utf8), "the output is not UTF-8")
    return (output, summary, parseAll(output))
  }

  static func gbk(_ text: String) -> [UInt8] {
    Array(text.data(using: String.Encoding(rawValue: 0x8000_0632))!)  // GB18030
  }

  /// Replaces the old refusal of the whole file (exit 65) for one bad row.
  @Test func aRowWithBytesInNeitherEncodingIsInvalidAndTheFileGoesOn() throws {
    // Line 3 holds 0xFF 0xFF at columns 19–20: neither UTF-8 nor GB18030.
    var bytes = Array((Self.header + "A1,1,50,I10.x00,ok\n").utf8)
    bytes += Array("A2,1,50,I10.x00,".utf8) + [0x61, 0x62, 0xFF, 0xFF] + Array("\n".utf8)
    bytes += Array("A3,1,50,I10.x00,ok\n".utf8)
    for blockSize in [1, 7, 4 << 20] {
      let (_, summary, rows) = try Self.group(bytes, blockSize: blockSize)
      #expect(summary.rowsRead == 3)
      #expect(summary.rowsWithInvalidBytes == 1)
      #expect(summary.count(.invalid) == 1)
      #expect(rows[2].fields[0] == "A2")
      #expect(rows[2].fields[4] == "ab\u{FFFD}\u{FFFD}")
      #expect(rows[2].fields[5] == "invalid")
      #expect(
        rows[2].fields[10]
          == "line 3, column 19: bytes that are neither UTF-8 nor GB18030 (GBK), written as \u{FFFD}; fix the export or save the file as UTF-8"
      )
      #expect(rows[3].fields[5] == "grouped")
      #expect(summary.description.contains("rows by encoding: 2 UTF-8, 1 in neither (invalid)"))
    }
  }

  /// A file that is ASCII for its first 64 KB and GBK after: it used to be copied to the
  /// output as raw GBK bytes, with exit 0.
  @Test func gbkThatStartsAfterTheFirst64KBIsDecoded() throws {
    var bytes = Array((Self.header + Self.asciiRows(2000)).utf8)
    #expect(bytes.count > 65_536)
    bytes += Self.gbk("B1,1,50,I10.x00,左侧 5cm 切口\nB2,2,60,I10.x00,科室备注\n")
    let (_, summary, rows) = try Self.group(bytes)
    #expect(summary.encoding == .gb18030)
    #expect(summary.rowsRead == 2002)
    #expect(summary.rowsInOtherEncoding == 0)
    #expect(rows[2001].fields[4] == "左侧 5cm 切口")
    #expect(rows[2002].fields[4] == "科室备注")
  }

  /// UTF-8 Chinese in the first 64 KB, GBK rows later (two exports joined): each line is
  /// read in the encoding it is valid in, and the summary counts them.
  @Test func gbkLinesInAUTF8FileAreReadAsGBKAndCounted() throws {
    var bytes = Array((Self.header + "U1,1,50,I10.x00,早期说明\n" + Self.asciiRows(2000)).utf8)
    bytes += Self.gbk("B1,1,50,I10.x00,左侧 5cm 切口\n")
    bytes += Array("U2,1,50,I10.x00,后来说明\n".utf8)
    for blockSize in [7, 4096, 4 << 20] {
      let (_, summary, rows) = try Self.group(bytes, blockSize: blockSize)
      #expect(summary.encoding == .utf8)
      #expect(summary.rowsInOtherEncoding == 1)
      #expect(rows[1].fields[4] == "早期说明")
      #expect(rows[2002].fields[4] == "左侧 5cm 切口")
      #expect(rows[2003].fields[4] == "后来说明")
      #expect(summary.description.contains("rows by encoding: 2002 UTF-8, 1 GB18030 (GBK)"))
    }
  }

  /// `--encoding utf8` asked for: a GBK line is not guessed at, it is invalid.
  @Test func anEncodingAskedForIsTheOnlyOneRead() throws {
    var bytes = Array((Self.header + "U1,1,50,I10.x00,ok\n").utf8)
    bytes += Self.gbk("B1,1,50,I10.x00,左侧\n")
    let (_, summary, rows) = try Self.group(bytes, encoding: .utf8)
    #expect(summary.rowsWithInvalidBytes == 1)
    #expect(rows[2].fields[5] == "invalid")
  }

  @Test(arguments: [(true, [UInt8]([0xFF, 0xFE])), (false, [UInt8]([0xFE, 0xFF]))])
  func utf16WithAByteOrderMarkIsRead(_ littleEndian: Bool, _ mark: [UInt8]) throws {
    let text = Self.header + "Z1,1,50,I10.x00,\"左侧, 5cm\nnote\"\r\nZ2,2,40,I10.x00,上\n"
    let encoded = text.data(using: littleEndian ? .utf16LittleEndian : .utf16BigEndian)!
    for blockSize in [1, 7, 4 << 20] {
      let wide = try Self.group(mark + Array(encoded), blockSize: blockSize)
      let narrow = try Self.group(Array(text.utf8), blockSize: blockSize)
      #expect(wide.output == narrow.output)
      #expect(wide.summary.encoding == (littleEndian ? .utf16LittleEndian : .utf16BigEndian))
      #expect(wide.rows[1].fields[4] == "左侧, 5cm\nnote")
      #expect(wide.rows[2].fields[4] == "上")  // U+4E0A: its UTF-16LE bytes hold 0x0A
    }
  }

  @Test(arguments: [
    ([UInt8]([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), ".xlsx"),
    ([UInt8]([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00]), ".xls"),
  ])
  func anExcelWorkbookIsRefusedWithTheFix(_ bytes: [UInt8], _ kind: String) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(bytes + Array(repeating: 0, count: 100), name: "cases\(kind)")
    let run = CommandRun(["group", path, "-s", Self.demo, "-o", directory.file("out.csv")])
    #expect(run.status == 65)
    #expect(run.error.contains("is an Excel workbook (\(kind)), not CSV"))
    #expect(run.error.contains("save it as CSV (UTF-8 or GBK)"))
    #expect(!FileManager.default.fileExists(atPath: directory.file("out.csv")))
  }

  @Test func utf8ValidationAgreesWithTheStandardLibrary() {
    var random = SeededGenerator(seed: 8)
    let pieces: [[UInt8]] = [
      [0x41], [0xC2, 0xA9], [0xE4, 0xB8, 0xAD], [0xF0, 0x9F, 0x98, 0x80], [0xED, 0xA0, 0x80],
      [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xFF], [0xE4, 0xB8],
      // Three-byte characters at the edges of the pair test: E0 and ED with their allowed
      // second bytes, the last plane-0 characters, an ED surrogate after a good character.
      [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEF, 0xBF, 0xBD],
      [0xE4, 0xB8, 0xAD, 0xED, 0xB0, 0x80],
    ]
    for _ in 0..<4000 {
      let count = Int.random(in: 0...30, using: &random)
      var bytes: [UInt8] = []
      for _ in 0..<count { bytes += pieces.randomElement(using: &random)! }
      let expected = String(validating: bytes, as: UTF8.self) != nil
      bytes.withUnsafeBufferPointer { buffer in
        #expect(
          (UTF8Check.firstInvalid(buffer, in: 0..<buffer.count) == nil) == expected, "\(bytes)")
      }
    }
  }
}
