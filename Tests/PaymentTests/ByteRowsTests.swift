import Testing

@testable import DRGPayment

/// The byte rows of `cases.csv`: amounts and quoting written by hand here.
@Suite("Byte rows")
struct ByteRowsTests {
  static func text(_ rows: ByteRows) -> String { String(decoding: rows.bytes, as: UTF8.self) }

  @Test func hundredthsHaveTwoDecimalsAndOneWholeDigitAtLeast() {
    let rows = ByteRows(capacity: 1)
    let values: [Int64] = [0, 5, -5, 100, 1234, -120_050, .max, .min]
    for value in values {
      rows.reserve(ByteRows.hundredthsWidth + 1)
      rows.hundredths(value)
      rows.byte(0x2C)
    }
    // Int64.max = 9 223 372 036 854 775 807; Int64.min = −9 223 372 036 854 775 808 (21
    // bytes with its sign and point, the widest).
    #expect(
      Self.text(rows)
        == "0.00,0.05,-0.05,1.00,12.34,-1200.50,92233720368547758.07,-92233720368547758.08,")
  }

  @Test func fieldsAreQuotedOnlyWhenTheyMustBe() {
    let rows = ByteRows(capacity: 1)
    for field in ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "", "医院"] {
      var field = field
      field.withUTF8 {
        rows.reserve(2 * $0.count + 3)
        rows.field($0)
      }
      rows.byte(0x7C)
    }
    #expect(
      Self.text(rows) == "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\"cr\r\"||医院|")
  }
}
