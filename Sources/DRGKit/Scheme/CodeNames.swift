/// The names of a scheme's codes from `dx_names.csv` and `proc_names.csv`, by code row,
/// in one byte block: a name becomes a `String` only when it is asked for.
struct CodeNames: Sendable {
  /// The names' bytes back to back.
  private var bytes: [UInt8] = []
  /// Per code row: where its name starts and ends in ``bytes`` (equal for no name).
  private var bounds: [UInt32]

  /// Room for `rows` code rows (row 0, the unknown code, included), none named.
  init(rows: Int) {
    bounds = Array(repeating: 0, count: rows * 2)
  }

  /// The names' bytes and bounds, as the compiled form stores them (``SchemeCache``).
  var parts: (bytes: [UInt8], bounds: [UInt32]) { (bytes, bounds) }

  /// Names from the arrays ``parts`` gave, or `nil` when a bound lies outside the bytes.
  init?(bytes: [UInt8], bounds: [UInt32]) {
    guard bounds.count % 2 == 0, bounds.allSatisfy({ Int($0) <= bytes.count }) else { return nil }
    self.bytes = bytes
    self.bounds = bounds
  }

  /// Names the code with row `row`; a later name replaces an earlier one.
  mutating func set(_ name: UnsafeBufferPointer<UInt8>, row: UInt32) {
    let at = Int(row) * 2
    bounds[at] = UInt32(bytes.count)
    bytes.append(contentsOf: name)
    bounds[at + 1] = UInt32(bytes.count)
  }

  /// The name of the code with row `row`, or `nil` when it has none (or an empty one).
  func name(ofRow row: UInt32) -> String? {
    let at = Int(row) * 2
    guard at + 1 < bounds.count, bounds[at + 1] > bounds[at] else { return nil }
    return String(decoding: bytes[Int(bounds[at])..<Int(bounds[at + 1])], as: UTF8.self)
  }
}
