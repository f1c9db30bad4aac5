/// The translations of `dx_map.csv` or `proc_map.csv`: each `from` code once, with its
/// `to` code. Read as bytes at load; the dictionary is made only when asked for (`--map`).
struct CodeTranslations: Sendable {
  /// The `from` codes, by id in file order.
  private var from = ByteInterner(expectedCount: 16)
  /// The `to` code of each `from` id, as UTF-8 back to back: id `i`'s ends at `toEnds[i]`
  /// (bytes, not strings, so that a compiled scheme reads them back without making a
  /// `String` each), and the line it was first given on.
  private var toBytes: [UInt8] = []
  private var toEnds: [UInt32] = []
  private var lines: [Int] = []

  /// The translations' parts, as the compiled form stores them (``SchemeCache``).
  var parts: (from: ByteInterner, toBytes: [UInt8], toEnds: [UInt32], lines: [Int]) {
    (from, toBytes, toEnds, lines)
  }

  /// No translations.
  init() {}

  /// Translations from the parts ``parts`` gave, or `nil` when they do not fit together.
  init?(from: ByteInterner, toBytes: [UInt8], toEnds: [UInt32], lines: [Int]) {
    guard from.count == toEnds.count, toEnds.count == lines.count,
      zip(toEnds, toEnds.dropFirst()).allSatisfy({ $0 <= $1 }),
      Int(toEnds.last ?? 0) == toBytes.count
    else { return nil }
    self.from = from
    self.toBytes = toBytes
    self.toEnds = toEnds
    self.lines = lines
  }

  /// Whether the file had no rows (or was absent).
  var isEmpty: Bool { toEnds.isEmpty }

  /// The `to` code of `from` id `id`.
  private func to(_ id: Int) -> String {
    let start = id == 0 ? 0 : Int(toEnds[id - 1])
    return String(decoding: toBytes[start..<Int(toEnds[id])], as: UTF8.self)
  }

  /// Adds the translation on `line`.
  /// - Returns: the earlier `to` code and its line when `from` was already given another.
  mutating func add(
    from code: UnsafeBufferPointer<UInt8>, to target: UnsafeBufferPointer<UInt8>, line: Int
  ) -> (to: String, line: Int)? {
    let id = Int(from.intern(code))
    if id < toEnds.count {
      let start = id == 0 ? 0 : Int(toEnds[id - 1])
      let earlier = toBytes[start..<Int(toEnds[id])]
      return earlier.elementsEqual(target) ? nil : (to(id), lines[id])
    }
    toBytes.append(contentsOf: target)
    toEnds.append(UInt32(toBytes.count))
    lines.append(line)
    return nil
  }

  /// Every translation, `from` → `to`.
  var dictionary: [String: String] {
    var map: [String: String] = [:]
    map.reserveCapacity(toEnds.count)
    for id in toEnds.indices { map[from.string(UInt32(id))] = to(id) }
    return map
  }
}
