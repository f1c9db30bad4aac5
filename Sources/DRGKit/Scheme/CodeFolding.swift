import Foundation

/// Finds the scheme's own spelling of a code written in another case: `i21.000` for
/// `I21.000`, `I10.X00` for `I10.x00`. Codes are compared in capitals; a capitalised form
/// that two codes of different rows share matches neither.
///
/// With `--map` the codes a translation knows (the `from` codes of `dx_map.csv` or
/// `proc_map.csv`) are folded too: `i10.001` is the map's `I10.001`, read as the code it
/// translates to.
///
/// Built on first use, under a lock: only codes the plain lookup missed come here, so a
/// file of clean codes never builds it.
final class CodeFolding: @unchecked Sendable {
  /// Row of a capitalised form that more than one code has.
  private static let ambiguous = UInt32.max
  private let codes: ByteInterner
  /// Codes besides the scheme's own, with the row each is read as (a translation's `from`
  /// code and the row of its `to` code).
  private let translations: [(code: [UInt8], row: UInt32)]
  private let lock = NSLock()
  /// Capitalised form → 1-based index into the scheme's codes, then the translations.
  private var table: CodeTable?

  init(codes: ByteInterner, translations: [(code: [UInt8], row: UInt32)] = []) {
    self.codes = codes
    self.translations = translations
  }

  /// The row and spelling of the only code (the scheme's, or a translation's `from` code)
  /// that reads as `code` in capitals, or `nil`.
  func find(_ code: UnsafeBufferPointer<UInt8>) -> (row: UInt32, spelling: [UInt8])? {
    let table = foldedTable()
    let folded = code.map(Self.capital)
    let index = folded.withUnsafeBufferPointer { table.row(of: $0) }
    guard index != 0, index != Self.ambiguous else { return nil }
    let position = Int(index) - 1
    if position < codes.count {
      return (index, codes.withBytes(UInt32(position)) { Array($0) })
    }
    let translation = translations[position - codes.count]
    return (translation.row, translation.code)
  }

  private static func capital(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
  }

  private func foldedTable() -> CodeTable {
    lock.lock()
    defer { lock.unlock() }
    if let table { return table }
    // Folded form → (index, row read as); two entries of different rows are ambiguous.
    var found: [[UInt8]: (index: UInt32, row: UInt32)] = [:]
    func add(_ folded: [UInt8], index: UInt32, row: UInt32) {
      if let earlier = found[folded] {
        if earlier.row != row { found[folded] = (Self.ambiguous, 0) }
      } else {
        found[folded] = (index, row)
      }
    }
    for id in 0..<UInt32(codes.count) {
      add(codes.withBytes(id) { $0.map(Self.capital) }, index: id + 1, row: id + 1)
    }
    for (position, translation) in translations.enumerated() {
      add(
        translation.code.map(Self.capital), index: UInt32(codes.count + position + 1),
        row: translation.row)
    }
    let built = CodeTable(entries: found.map { ($0.key, $0.value.index) })
    table = built
    return built
  }
}
