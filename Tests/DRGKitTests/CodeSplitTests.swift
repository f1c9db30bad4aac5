import Testing

@testable import DRGKit

/// `CaseRecordParser.forEachCode` splits a code field at `|`, eight bytes at a time where
/// the bytes after the field may be read. The word-at-a-time search must split exactly as
/// the byte-at-a-time one does, also when a `|` of a later field lies within reach.
@Suite("Code field split")
struct CodeSplitTests {
  /// The codes and entry numbers `forEachCode` reports for the first `fieldLength` bytes of
  /// `buffer`, reading up to `readable` bytes.
  static func split(_ buffer: UnsafeBufferPointer<UInt8>, fieldLength: Int, readable: Int?)
    -> [String]
  {
    var codes: [String] = []
    let field = UnsafeBufferPointer(rebasing: buffer[0..<fieldLength])
    CaseRecordParser.forEachCode(in: field, readable: readable) { code, entry in
      codes.append("\(entry):" + String(decoding: code, as: UTF8.self))
    }
    return codes
  }

  @Test func wordSearchSplitsAsByteSearch() {
    let alphabet = Array("A0.x||| ,".utf8)
    var generator = SystemRandomNumberGenerator()
    var codesSeen = 0
    for _ in 0..<50_000 {
      let length = Int.random(in: 0...40, using: &generator)
      let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
      let fieldLength = Int.random(in: 0...length, using: &generator)
      bytes.withUnsafeBufferPointer { buffer in
        let byByte = Self.split(buffer, fieldLength: fieldLength, readable: nil)
        let byWord = Self.split(buffer, fieldLength: fieldLength, readable: length)
        #expect(byWord == byByte, "\(String(decoding: bytes, as: UTF8.self)) / \(fieldLength)")
        codesSeen += byByte.count
      }
    }
    #expect(codesSeen > 50_000)
  }

  @Test func knownSplits() {
    let text = Array("|I10.x00 | J18.900||K35.800x001|Z99|".utf8)
    text.withUnsafeBufferPointer { buffer in
      let expected = ["1:I10.x00", "2:J18.900", "4:K35.800x001"]
      // The field ends before "Z99": the '|' after it is out of the field.
      let fieldLength = text.count - 5
      #expect(Self.split(buffer, fieldLength: fieldLength, readable: text.count) == expected)
      #expect(Self.split(buffer, fieldLength: fieldLength, readable: nil) == expected)
    }
  }
}
