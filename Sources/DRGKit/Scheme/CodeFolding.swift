import Foundation

/// Finds the scheme's own spelling of a code written in another case: `i21.000` for
/// `I21.000`, `I10.X00` for `I10.x00`. Codes are compared in capitals; a capitalised form
/// that two of the scheme's codes share matches neither.
///
/// Built on first use, under a lock: only codes the plain lookup missed come here, so a
/// file of clean codes never builds it.
final class CodeFolding: @unchecked Sendable {
  /// Row of a capitalised form that more than one code has.
  private static let ambiguous = UInt32.max
  private let codes: ByteInterner
  private let lock = NSLock()
  private var table: CodeTable?

  init(codes: ByteInterner) { self.codes = codes }

  /// The row of the scheme's only code that reads as `code` in capitals, or 0.
  func row(ofFolded code: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let table = foldedTable()
    let folded = code.map(Self.capital)
    let row = folded.withUnsafeBufferPointer { table.row(of: $0) }
    return row == Self.ambiguous ? 0 : row
  }

  /// The scheme's spelling of the code in `row` (a row of the scheme's own codes).
  func spelling(of row: UInt32) -> [UInt8] {
    guard row > 0, Int(row) <= codes.count else { return [] }
    return codes.withBytes(row - 1) { Array($0) }
  }

  private static func capital(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
  }

  private func foldedTable() -> CodeTable {
    lock.lock()
    defer { lock.unlock() }
    if let table { return table }
    var rows: [[UInt8]: UInt32] = [:]
    for id in 0..<UInt32(codes.count) {
      let folded = codes.withBytes(id) { $0.map(Self.capital) }
      if let earlier = rows[folded], earlier != id + 1 {
        rows[folded] = Self.ambiguous
      } else {
        rows[folded] = id + 1
      }
    }
    let built = CodeTable(entries: rows.map { ($0.key, $0.value) })
    table = built
    return built
  }
}
