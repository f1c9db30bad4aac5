import DRGTestSupport
import Foundation
import Testing

@testable import DRGKit

/// `SchemeTable` reads plain lines (no quote, no stray CR, the header's width, a line
/// feed at the end) on a fast path and every other record with the CSV parser; both give
/// the same fields and lines. Expected values are read off the file text by hand.
@Suite("Scheme tables: plain and general lines")
struct SchemeTableLineTests {
  /// Reads `text` as table `t.csv` with columns a, b, c.
  static func read(_ text: String) throws(SchemeError) -> SchemeTable {
    let directory = try! TemporaryDirectory()
    try! directory.write(text, name: "t.csv")
    return try SchemeTable(
      directory: URL(fileURLWithPath: directory.path), file: "t.csv", required: ["a", "b", "c"])
  }

  /// Every row as `line: field|field|field`.
  static func rows(_ table: SchemeTable) -> [String] {
    table.rows.map { row in
      "\(row.line): " + (0..<3).map { table.string(row, $0) }.joined(separator: "|")
    }
  }

  @Test func plainAndGeneralLinesAgree() throws {
    let table = try Self.read(
      "a,b,c\r\n"  // line 1, CRLF
        + "x1, y1 ,z1\r\n"  // 2: plain, blanks trimmed, CR dropped
        + "\r\n"  // 3: blank, skipped
        + "\"q,1\",\"say \"\"hi\"\"\",z3\n"  // 4: quoted, the general parser
        + "a-code-longer-than-eight-bytes,ab,\n"  // 5: plain, empty last field
        + "\n"  // 6: blank
        + "e,f,g")  // 7: no line feed at the end, the general parser
    #expect(
      Self.rows(table) == [
        "2: x1|y1|z1", "4: q,1|say \"hi\"|z3", "5: a-code-longer-than-eight-bytes|ab|",
        "7: e|f|g",
      ])
  }

  @Test func shortRowIsNamed() {
    #expect(
      throws: SchemeError(.malformedRow("2 fields where the header has 3"), file: "t.csv", line: 3)
    ) {
      _ = try Self.read("a,b,c\nx,y,z\nx,y\nx,y,z\n")
    }
  }

  @Test func longRowIsNamed() {
    #expect(
      throws: SchemeError(.malformedRow("4 fields where the header has 3"), file: "t.csv", line: 2)
    ) {
      _ = try Self.read("a,b,c\nw,x,y,z\n")
    }
  }

  @Test func headerOnlyHasNoRows() throws {
    #expect(try Self.read("a,b,c\n").rows.isEmpty)
    #expect(try Self.read("\u{FEFF}a,b,c").rows.isEmpty)
  }

  @Test func missingFileIsNamed() {
    #expect(throws: SchemeError(.missingFile, file: "none.csv")) {
      _ = try SchemeTable(
        directory: URL(fileURLWithPath: "/nonexistent-drgkit-dir"), file: "none.csv",
        required: [])
    }
  }
}
