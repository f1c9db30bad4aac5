import Testing

@testable import DRGKit

@Suite("Code table")
struct CodeTableTests {
  /// Codes of every length class: empty, short, exactly 8 and 16 bytes, longer codes that
  /// share their first 16 bytes, and UTF-8.
  static let codes = [
    "", "A", "I10.x00", "J18.900", "12345678", "123456789", "1234567890123456",
    "1234567890123456X", "1234567890123456Y", "1234567890123456XY", "A18.000+M49.000*",
    "A18.000+M49.000*†", "躯干、脊柱创伤",
  ]

  private func table(_ codes: [String]) -> CodeTable {
    var interner = ByteInterner()
    for code in codes { _ = interner.intern(code) }
    return CodeTable(interner)
  }

  private func row(_ table: CodeTable, _ code: String) -> UInt32 {
    var code = code
    return code.withUTF8 { table.row(of: $0) }
  }

  @Test func everyCodeHasItsRow() {
    let table = table(Self.codes)
    for (index, code) in Self.codes.enumerated() {
      #expect(row(table, code) == UInt32(index + 1), "\(code)")
    }
  }

  @Test func unknownCodesHaveRowZero() {
    let table = table(Self.codes)
    for code in [
      "B", "I10.x0", "I10.x000", "1234567890123456Z", "1234567890123456", "1234567890123456XZ",
      "1234567890123456X\0", "A\0", "躯干",
    ] where !Self.codes.contains(code) {
      #expect(row(table, code) == 0, "\(code)")
    }
    #expect(row(self.table([]), "A") == 0)
  }

  /// `pack` loads words (overlapping at the code's end) and `key` masks two loads: both
  /// must give the code's first 16 bytes, byte `i` at bits `8 * i` of the low word (bytes
  /// 8–15 in the high word), zeros after the code. Expected words built byte by byte here.
  @Test func packAndKeyOfEveryLength() {
    let bytes = (0..<40).map { UInt8(0x41 &+ $0) }
    for length in 0...20 {
      var low: UInt64 = 0
      var high: UInt64 = 0
      for index in 0..<min(length, 16) {
        if index < 8 {
          low |= UInt64(bytes[index]) << (8 * index)
        } else {
          high |= UInt64(bytes[index]) << (8 * (index - 8))
        }
      }
      // The code followed by other bytes, and alone in a buffer of its own length.
      bytes.withUnsafeBufferPointer { buffer in
        let code = UnsafeBufferPointer(rebasing: buffer[0..<length])
        let packed = CodeTable.pack(code)
        #expect(packed.0 == low && packed.1 == high, "pack, length \(length)")
        let key = CodeTable.key(code, readable: buffer.count)
        #expect(key.low == low && key.high == high, "key, length \(length)")
        #expect(key.hash == CodeTable.hash(low, high, length))
      }
      let alone = Array(bytes[0..<length])
      alone.withUnsafeBufferPointer { code in
        let key = CodeTable.key(code, readable: code.count)
        #expect(key.low == low && key.high == high, "key at the end, length \(length)")
      }
    }
  }

  @Test func manyCodes() {
    let codes = (0..<5000).map { "C\($0).x\($0 % 7)" + String(repeating: "+", count: $0 % 20) }
    let table = table(codes)
    for (index, code) in codes.enumerated() {
      #expect(row(table, code) == UInt32(index + 1))
    }
    #expect(row(table, "C5000.x2") == 0)
  }

  /// Codes of 1 to 24 bytes read from CSV: followed by more bytes of the buffer (loaded
  /// eight at a time and masked) and at the very end of the input.
  @Test func codesOfEveryLengthFromCSV() throws {
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWX")
    let codes = (1...24).map { String(letters[0..<$0]) }
    let scheme = try SchemeFixture.probe(
      "other_dx in L", lists: codes.map { "L,\($0),\n" }.joined()
    ).load()
    let header = ["sex", "age", "diagnoses", "note"]
    for code in codes {
      for row in [
        "1,40,Q|\(code),\(String(repeating: "Z", count: 40))", "1,40,Q| \(code)\t|Q,",
        "1,40,\"Q|\(code)\",", "1,40,Q|\(code),", "1,40,\"\"\"Q\"\"|\(code)\",",
      ] {
        let outcome = try groupCSVRow(row, header: header, scheme: scheme)
        #expect(outcome.drg == "X1Y", "\(row)")
      }
      let last = try groupCSVRow(
        "1,40,x,Q|\(code)", header: ["sex", "age", "note", "diagnoses"], scheme: scheme)
      #expect(last.drg == "X1Y", "\(code) at the end of the input")
    }
    // Prefixes of listed codes are other codes.
    let short = try SchemeFixture.probe("other_dx in L", lists: "L,ABCDEFGHIJKLMNOPQ,\nL,ABC,\n")
      .load()
    for code in ["AB", "ABCD", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOPQR"] {
      let outcome = try groupCSVRow(
        "1,40,Q|\(code),\(String(repeating: "C", count: 40))", header: header, scheme: short)
      #expect(outcome.drg == "X1N", "\(code)")
    }
  }

  @Test("a record with hundreds of codes keeps every one (the code buffers grow)")
  func hundredsOfCodesInOneRecord() throws {
    let scheme = try SchemeFixture.probe("other_dx in L", lists: "L,LAST,\n").load()
    let header = ["sex", "age", "diagnoses"]
    let filler = (0..<300).map { "F\($0)" }.joined(separator: "|")
    let listed = try groupCSVRow("1,40,Q|\(filler)|LAST", header: header, scheme: scheme)
    #expect(listed.drg == "X1Y")
    let unlisted = try groupCSVRow("1,40,Q|\(filler)", header: header, scheme: scheme)
    #expect(unlisted.drg == "X1N")
  }

  @Test func longCodesThroughAScheme() throws {
    let lists = "L,A18.000+M49.000*X,\nM,A18.000+M49.000*Y,\n"
    let probe = try RuleProbe("pdx in L", lists: lists)
    #expect(probe.holds(adult(["A18.000+M49.000*X"])))
    #expect(!probe.holds(adult(["A18.000+M49.000*Y"])))
    #expect(!probe.holds(adult(["A18.000+M49.000*"])))
  }
}
