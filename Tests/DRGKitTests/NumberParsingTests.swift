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

  /// `decimal` takes a one-pass path for empty and plain fields (`67`, `3200.25`) and the
  /// general path for the rest; on any text both must give the same value. Random texts over
  /// digits, dots, signs, blanks and a letter, up to 24 bytes, so that long digit runs near
  /// the 17–18 digit limits are common.
  @Test func plainFieldsParseAsTheGeneralPathDoes() {
    let alphabet = Array("0123456789012345678901234567890123456789.. +-x".utf8)
    var generator = SystemRandomNumberGenerator()
    var plainSeen = 0
    for _ in 0..<200_000 {
      let length = Int.random(in: 0...24, using: &generator)
      let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
      bytes.withUnsafeBufferPointer { buffer in
        let fast = NumberParsing.decimal(buffer)
        let general = NumberParsing.general(buffer)
        #expect(
          fast == general || (fast?.isNaN == true && general?.isNaN == true),
          "\(String(decoding: bytes, as: UTF8.self))")
        if fast != nil { plainSeen += 1 }
      }
    }
    #expect(plainSeen > 1_000, "the random texts should include many numbers")
  }
}

@Suite("Number parsing is correctly rounded")
struct CorrectRoundingTests {
  /// The nearest double to the decimal written is what `Double(String)` (the C library's
  /// correctly rounded `strtod`) gives; digit-by-digit sums such as 1 + 3095 / 10^4 can
  /// miss it by one unit in the last place.
  @Test(arguments: ["1.3095", "0.1", "0.3", "2.675", "1.005", "1234.5678", "9007199254740993"])
  func nearestDouble(_ text: String) {
    #expect(NumberParsing.decimal(text) == Double(text)!)
  }

  /// Random decimals of 1 to 24 digits with the point anywhere: every one reads as
  /// `Double(String)` reads it, on the plain and the general path (leading blank).
  @Test func randomDecimalsMatchTheCLibrary() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<100_000 {
      let digits = Int.random(in: 1...24, using: &generator)
      var text = String((0..<digits).map { _ in "0123456789".randomElement(using: &generator)! })
      let point = Int.random(in: 0...digits, using: &generator)
      text.insert(".", at: text.index(text.startIndex, offsetBy: point))
      let integerDigits = point
      guard integerDigits <= 18 else { continue }
      let expected = Double(text.hasPrefix(".") ? "0" + text : text)
      #expect(NumberParsing.decimal(text) == expected, "\(text)")
      #expect(NumberParsing.decimal(" " + text) == expected, "\(text)")
    }
  }
}
