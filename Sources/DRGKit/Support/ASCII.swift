/// Named byte constants for the parsers, which work on UTF-8 bytes rather than `Character`s.
package enum ASCII {
  package static let comma = UInt8(ascii: ",")
  static let quote = UInt8(ascii: "\"")
  package static let lf = UInt8(ascii: "\n")
  static let cr = UInt8(ascii: "\r")
  package static let space = UInt8(ascii: " ")
  static let tab = UInt8(ascii: "\t")
  package static let pipe = UInt8(ascii: "|")
  package static let dot = UInt8(ascii: ".")
  package static let minus = UInt8(ascii: "-")
  static let plus = UInt8(ascii: "+")
  package static let zero = UInt8(ascii: "0")
  static let nine = UInt8(ascii: "9")

  /// The UTF-8 byte order mark that some Windows tools put at the start of a file.
  static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  @inline(__always)
  static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

  @inline(__always)
  package static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }
}
