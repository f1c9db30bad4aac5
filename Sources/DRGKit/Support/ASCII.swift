/// Named byte constants for the parsers, which work on UTF-8 bytes rather than `Character`s.
///
/// The constants are inlinable computed values rather than stored ones, so that the helpers
/// inlined into DRGPayment and DRGAnalysis (``NumberParsing``, `trimmingBlanks()`) compare
/// with constants instead of reading another module's globals.
@usableFromInline package enum ASCII {
  @inlinable package static var comma: UInt8 { UInt8(ascii: ",") }
  @inlinable static var quote: UInt8 { UInt8(ascii: "\"") }
  @inlinable package static var lf: UInt8 { UInt8(ascii: "\n") }
  @inlinable static var cr: UInt8 { UInt8(ascii: "\r") }
  @inlinable package static var space: UInt8 { UInt8(ascii: " ") }
  @inlinable static var tab: UInt8 { UInt8(ascii: "\t") }
  @inlinable package static var pipe: UInt8 { UInt8(ascii: "|") }
  @inlinable package static var dot: UInt8 { UInt8(ascii: ".") }
  @inlinable package static var minus: UInt8 { UInt8(ascii: "-") }
  @inlinable static var plus: UInt8 { UInt8(ascii: "+") }
  @inlinable package static var zero: UInt8 { UInt8(ascii: "0") }
  @inlinable static var nine: UInt8 { UInt8(ascii: "9") }

  /// The UTF-8 byte order mark that some Windows tools put at the start of a file.
  static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  @inlinable @inline(__always)
  static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

  @inlinable @inline(__always)
  package static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }
}
