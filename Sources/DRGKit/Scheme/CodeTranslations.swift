/// The translations of `dx_map.csv` or `proc_map.csv`: each `from` code once, with its
/// `to` code. Read as bytes at load; the dictionary is made only when asked for (`--map`).
struct CodeTranslations: Sendable {
  /// The `from` codes, by id in file order.
  private var from = ByteInterner(expectedCount: 16)
  /// The `to` code of each `from` id, and the line it was first given on.
  private var to: [String] = []
  private var lines: [Int] = []

  /// The translations' parts, as the compiled form stores them (``SchemeCache``).
  var parts: (from: ByteInterner, to: [String], lines: [Int]) { (from, to, lines) }

  /// No translations.
  init() {}

  /// Translations from the parts ``parts`` gave, or `nil` when they do not fit together.
  init?(from: ByteInterner, to: [String], lines: [Int]) {
    guard from.count == to.count, to.count == lines.count else { return nil }
    self.from = from
    self.to = to
    self.lines = lines
  }

  /// Whether the file had no rows (or was absent).
  var isEmpty: Bool { to.isEmpty }

  /// Adds the translation on `line`.
  /// - Returns: the earlier `to` code and its line when `from` was already given another.
  mutating func add(
    from code: UnsafeBufferPointer<UInt8>, to target: UnsafeBufferPointer<UInt8>, line: Int
  ) -> (to: String, line: Int)? {
    let id = Int(from.intern(code))
    if id < to.count {
      let earlier = to[id]
      return earlier.utf8.elementsEqual(target) ? nil : (earlier, lines[id])
    }
    to.append(target.string())
    lines.append(line)
    return nil
  }

  /// Every translation, `from` → `to`.
  var dictionary: [String: String] {
    var map: [String: String] = [:]
    map.reserveCapacity(to.count)
    for (id, target) in to.enumerated() { map[from.string(UInt32(id))] = target }
    return map
  }
}
