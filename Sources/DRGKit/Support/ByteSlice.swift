/// Helpers on raw byte buffers shared by the record parser and the scheme loader.
extension UnsafeBufferPointer where Element == UInt8 {
  // Inlinable: the grouped-file readers in DRGPayment and DRGAnalysis trim every field.
  /// The slice with leading and trailing spaces and tabs removed.
  @inlinable @inline(__always)
  package func trimmingBlanks() -> UnsafeBufferPointer<UInt8> {
    var lower = 0
    var upper = count
    while lower < upper, ASCII.isBlank(self[lower]) { lower += 1 }
    while upper > lower, ASCII.isBlank(self[upper - 1]) { upper -= 1 }
    return UnsafeBufferPointer(rebasing: self[lower..<upper])
  }

  /// The bytes as a `String`, for messages and the slow paths only.
  package func string() -> String { String(decoding: self, as: UTF8.self) }
}

extension Array where Element == UInt8 {
  /// Appends the UTF-8 bytes of `text`.
  @inline(__always)
  mutating func append(utf8 text: String) {
    var text = text
    text.withUTF8 { append(contentsOf: $0) }
  }
}
