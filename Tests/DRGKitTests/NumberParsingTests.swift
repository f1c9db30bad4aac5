import Testing

@testable import DRGKit

@Suite("Number parsing")
struct NumberParsingTests {
  @Test(arguments: [
    ("4", 4.0), ("4.0", 4), ("58.0", 58), (" 7 ", 7), ("\t8\t", 8), ("-12.5", -12.5), ("+3", 3),
    (".5", 0.5), ("4.", 4), ("0", 0), ("007", 7), ("2500.25", 2500.25),
    ("123456789012345678", 123_456_789_012_345_680), ("1.0000000000000000000001", 1),
  ])
  func numbers(_ text: String, _ value: Double) {
    #expect(NumberParsing.decimal(text) == value)
  }

  @Test(arguments: [
    "", " ", "abc", "1e3", "1.2.3", "-", "+", ".", "4a", "a4", "0x10", "1 2", "1,5", "--1",
    "1234567890123456789", "١", "４", "NaN", "inf",
  ])
  func notNumbers(_ text: String) {
    #expect(NumberParsing.decimal(text) == nil)
  }

  @Test func bytesAndTextAgree() {
    for text in ["12.5", " 3 ", "x", ""] {
      var copy = text
      let fromBytes = copy.withUTF8 { NumberParsing.decimal($0) }
      #expect(fromBytes == NumberParsing.decimal(text), "\(text)")
    }
  }
}
