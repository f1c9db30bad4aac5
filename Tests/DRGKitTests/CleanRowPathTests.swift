import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// The clean-row path of `drg group` (``CaseRecordParser/readClean(_:from:quoteFree:)``)
/// against the general path (``CSVRecordParser`` and ``CaseRecordParser/read(_:in:)``):
/// the same output bytes, rejects and counts, row for row, on synthetic files and on rows
/// mutated around what makes a row clean. Neither path's output is the expected value of the
/// other by construction: the general path is the one every other test checks.
@Suite("Clean-row path")
struct CleanRowPathTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Field values on both sides of "clean": plain ones the clean path reads, and spellings,
  /// blanks, units, bad codes and structure that send a row to the general path.
  static let values: [String] = [
    "", "1", "2", "0", "1.0", " 1", "2 ", "男", "女", "M", "3", "67", "067", "67.5", "-1",
    "1e3", "67岁", " 67", "12345678901234567", "99999999999999999999", "0.000001", "5.",
    ".5", "2024-01-02", "2024-02-30", "2024/01/02", "20240102", " 2024-01-02", "2024-13-01",
    "I10.x00", "i10.x00", " I10.x00", "I10.x00 ", "I10.x00|", "|I10.x00", "I10.x00||E11.900",
    "I10.x00| E11.900", "ZZZ.999", "I10.X00", "E11.900x001|I10.x00|I10.x00",
    "A01.000x001A01.000x001", "８１．５１００", "I10.x00\tx", "50", "0501", "５０", " 50",
    "unknown", "\"quoted\"", "\"a,b\"", "x\"y", "a,b", "15,800.00", "￥100", "1,234元",
    "\u{00A0}67", "=\"67\"", "'67", "\r", "a\rb", "中文备注", "\u{FEFF}1",
  ]

  /// `text` (a CSV with header) with `percent`% of its rows mutated once or twice: a field
  /// replaced from ``values``, a byte flipped, a CR before the line feed, a blank line, a
  /// field added or removed.
  static func mutated(_ text: String, seed: UInt64, percent: Int) -> String {
    var random = SeededGenerator(seed: seed)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var out: [String] = [lines[0]]
    for line in lines.dropFirst() where !line.isEmpty {
      var row = line
      let mutations = random.below(100) < percent ? 1 + random.below(2) : 0
      for _ in 0..<mutations {
        switch random.below(10) {
        case 0...5:
          var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
          fields[random.below(fields.count)] = values[random.below(values.count)]
          row = fields.joined(separator: ",")
        case 6:
          var bytes = Array(row.utf8)
          if !bytes.isEmpty {
            bytes[random.below(bytes.count)] ^= UInt8(truncatingIfNeeded: 1 << random.below(8))
          }
          row = String(decoding: bytes, as: UTF8.self)
        case 7:
          row += random.below(2) == 0 ? ",extra" : "\r"
        case 8:
          if let comma = row.lastIndex(of: ",") { row = String(row[..<comma]) }
        default:
          out.append("")
        }
      }
      out.append(row)
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// Groups `path` chunk by chunk with one ``ChunkGrouper``, the clean-row path on or off.
  static func group(_ path: String, scheme: Scheme, blockSize: Int, clean: Bool) throws -> (
    output: [UInt8], rejects: [UInt8], summary: GroupingSummary, cleanRows: Int
  ) {
    let reader = try CSVChunkReader(path: path, blockSize: blockSize)
    let columns = try CaseColumns(header: reader.header, file: path)
    let lookup = scheme.codeLookup
    var grouper = ChunkGrouper(
      scheme: scheme, columns: columns, outputColumns: OutputColumns(scheme: scheme),
      lookup: lookup, edits: RecordEdits(scheme: scheme, edits: .standard, lookup: lookup))
    grouper.collectRejects = true
    grouper.readsCleanRows = clean
    var output: [UInt8] = []
    var rejects: [UInt8] = []
    var summary = GroupingSummary()
    while let chunk = try reader.nextChunk() {
      grouper.process(chunk)
      output += grouper.part.output.elements
      rejects += grouper.part.rejects
      summary.add(grouper.part.summary)
      reader.recycle(chunk)
    }
    return (output, rejects, summary, grouper.cleanRowsRead)
  }

  /// Both paths on `path` at several block sizes; returns the clean rows of the largest.
  static func compare(_ path: String, scheme: Scheme) throws -> (rows: Int, clean: Int) {
    var clean = 0
    var rows = 0
    for blockSize in [512, 4099, 1 << 20] {
      let general = try group(path, scheme: scheme, blockSize: blockSize, clean: false)
      let fast = try group(path, scheme: scheme, blockSize: blockSize, clean: true)
      #expect(general.cleanRows == 0)
      #expect(fast.output == general.output, "output differs at block size \(blockSize)")
      if fast.output != general.output {
        let a = String(decoding: fast.output, as: UTF8.self).split(separator: "\n")
        let b = String(decoding: general.output, as: UTF8.self).split(separator: "\n")
        if let first = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) {
          Issue.record("clean:   \(a[first])\ngeneral: \(b[first])")
        }
      }
      #expect(fast.rejects == general.rejects)
      #expect(fast.summary == general.summary)
      clean = fast.cleanRows
      rows = general.summary.rowsRead
    }
    return (rows, clean)
  }

  static func synthesised(
    _ scheme: Scheme, count: Int, seed: UInt64, in directory: TemporaryDirectory
  )
    throws -> String
  {
    let path = directory.file("synth-\(seed).csv")
    _ = try CaseSynthesizer(scheme: scheme, seed: seed).write(count: count, to: path)
    return path
  }

  @Test(arguments: ["demo", "chs-drg-1.1"])
  func bothPathsGiveTheSameBytesOnSynthesisedFiles(_ id: String) throws {
    let scheme = try Scheme(
      directory: Self.root.appendingPathComponent("grouper-tables/\(id)").path)
    let directory = try TemporaryDirectory()
    let path = try Self.synthesised(scheme, count: 3000, seed: 11, in: directory)
    let (rows, clean) = try Self.compare(path, scheme: scheme)
    #expect(rows == 3000)
    // Synthesised rows are plain except those built to fail an input check (1.5%; a
    // missing sex or an empty principal diagnosis leaves the clean path).
    #expect(clean > rows * 9 / 10, "\(clean) of \(rows) rows took the clean path")
  }

  @Test(arguments: [(UInt64(1), 30), (2, 30), (3, 100)])
  func bothPathsGiveTheSameBytesOnMutatedRows(_ seed: UInt64, _ percent: Int) throws {
    let scheme = try Scheme(directory: Self.root.appendingPathComponent("grouper-tables/demo").path)
    let directory = try TemporaryDirectory()
    let source = try Self.synthesised(scheme, count: 2000, seed: seed, in: directory)
    let text = Self.mutated(
      try String(contentsOfFile: source, encoding: .utf8), seed: seed, percent: percent)
    let path = try directory.write(text, name: "mutated-\(seed).csv")
    let (rows, clean) = try Self.compare(path, scheme: scheme)
    #expect(clean < rows)
    if percent <= 30 {
      // Most rows are left alone, so the chunks keep trying the clean path.
      #expect(clean > rows / 2, "\(clean) of \(rows) rows took the clean path")
    }
  }

  /// The same without any quote in the file, so that every chunk takes the clean path's
  /// scan for chunks without quotes (line feed first, then the commas before it).
  @Test(arguments: [(UInt64(4), 30), (5, 100)])
  func bothPathsGiveTheSameBytesOnMutatedRowsWithoutQuotes(_ seed: UInt64, _ percent: Int)
    throws
  {
    let scheme = try Scheme(directory: Self.root.appendingPathComponent("grouper-tables/demo").path)
    let directory = try TemporaryDirectory()
    let source = try Self.synthesised(scheme, count: 2000, seed: seed, in: directory)
    let text = Self.mutated(
      try String(contentsOfFile: source, encoding: .utf8), seed: seed, percent: percent
    ).replacingOccurrences(of: "\"", with: "'")
    let path = try directory.write(text, name: "unquoted-\(seed).csv")
    let (rows, clean) = try Self.compare(path, scheme: scheme)
    #expect(clean < rows)
    if percent <= 30 {
      #expect(clean > rows / 2, "\(clean) of \(rows) rows took the clean path")
    }
  }

  /// Lines whose commas crowd into one word (up to eight a word, many more than the
  /// header), line feeds at every place in a word, CR LF, a lone CR inside a field and a
  /// last line without a line feed, in a file without quotes.
  @Test func fieldEndsOfUnquotedLines() throws {
    let scheme = try Scheme(directory: Self.root.appendingPathComponent("grouper-tables/demo").path)
    let directory = try TemporaryDirectory()
    let header = CaseColumns.canonical.joined(separator: ",")
    let clean = "C1,H1,1,67,,,50,5,1,,I10.x00|E11.900,,1200.50"
    var lines = [header]
    for padding in 0..<9 {
      let id = "C" + String(repeating: "9", count: padding)
      lines.append(id + clean.dropFirst(2))
      lines.append(id + clean.dropFirst(2) + "\r")
      lines.append(id + clean.dropFirst(2) + String(repeating: ",", count: padding + 1))
      lines.append(id + clean.dropFirst(2) + String(repeating: ",", count: 24))
      lines.append(String((id + clean.dropFirst(2)).dropLast(padding + 1)))
      lines.append(id + ",,,,,,,,,,,,,,,,,,,,,,,,,,".prefix(padding + 12))
      lines.append(id + ",H\r1" + clean.dropFirst(5))
      lines.append("")
    }
    let text = lines.joined(separator: "\n") + "\n" + clean
    let path = try directory.write(text, name: "unquoted.csv")
    let (rows, cleanRows) = try Self.compare(path, scheme: scheme)
    #expect(rows == 9 * 7 + 1)
    #expect(cleanRows >= 9 * 2)
  }

  /// Lines of 45 to 200 bytes, so that each comma and the line feed fall at every place
  /// of a word and of a 64-byte block, some with more commas than the header has fields
  /// (70 in a row, at the line's start or end), in a file without quotes.
  @Test func fieldEndsAcrossBlocks() throws {
    let scheme = try Scheme(directory: Self.root.appendingPathComponent("grouper-tables/demo").path)
    let directory = try TemporaryDirectory()
    let header = CaseColumns.canonical.joined(separator: ",")
    let clean = ",H1,1,67,,,50,5,1,,I10.x00|E11.900,,1200.50"
    var lines = [header]
    for padding in 0..<156 {
      let id = "C" + String(repeating: "9", count: padding)
      lines.append(id + clean)
      // Few enough lines that are not clean that the chunks keep trying the clean path.
      if padding % 8 == 0 {
        lines.append(id + clean + String(repeating: ",", count: 70))
        lines.append(String(repeating: ",", count: 70) + id + clean)
      }
    }
    let path = try directory.write(lines.joined(separator: "\n") + "\n", name: "long.csv")
    let (rows, cleanRows) = try Self.compare(path, scheme: scheme)
    #expect(rows == 156 + 20 * 2)
    // The plain lines are clean (the last one unless eight bytes of the chunk follow its
    // line feed); the others have more fields than the header.
    #expect(cleanRows >= 155 && cleanRows <= 156)
  }

  /// Rows that must leave the clean path, one reason each, beside a clean row that must
  /// not; the row's output is the general path's either way.
  @Test func eachUncleanSpellingLeavesTheCleanPath() throws {
    let scheme = try Scheme(directory: Self.root.appendingPathComponent("grouper-tables/demo").path)
    let directory = try TemporaryDirectory()
    let header = CaseColumns.canonical.joined(separator: ",")
    let clean = "C1,H1,1,67,,,50,5,1,,I10.x00|E11.900,,1200.50"
    // Each: the clean row with one field changed (index, value).
    let changes: [(Int, String)] = [
      (2, ""), (2, "1.0"), (2, "男"), (3, " 67"), (3, "67岁"), (10, "|I10.x00"),
      (10, "I10.x00 "), (10, "I10.x00||E11.900"), (12, "\"1,200.50\""), (0, "\"C1\""),
      (10, "I10.x00|E11 900"), (10, "I10.x00|"), (10, "I10.x00|E11.900\t"),
    ]
    var text = header + "\n" + clean + "\n"
    for (index, value) in changes {
      var fields = clean.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      fields[index] = value
      text += fields.joined(separator: ",") + "\n"
    }
    text += clean + "\n"
    let path = try directory.write(text, name: "spellings.csv")
    let (rows, cleanRows) = try Self.compare(path, scheme: scheme)
    #expect(rows == changes.count + 2)
    #expect(cleanRows == 2)
  }

  /// The reader's line count (one `memchr` per line) against a count by hand.
  @Test func chunkLineFeedsAreCountedLikeAByteLoop() {
    var random = SeededGenerator(seed: 5)
    let cases: [[UInt8]] =
      [[], [10], [65], [10, 10], Array("a\nb\n\nc".utf8)]
      + (0..<50).map { _ in
        (0..<random.below(400)).map { _ in random.below(6) == 0 ? UInt8(10) : UInt8(65) }
      }
    for bytes in cases {
      var expected = 0
      for byte in bytes where byte == 10 { expected += 1 }
      bytes.withUnsafeBufferPointer { #expect(CSVChunkReader.lineFeeds(in: $0) == expected) }
    }
  }
}
