/// CC/MCC levels of secondary diagnoses and the exclusion tables of principal diagnoses
/// (`cc.csv` and `cc_exclusion.csv`), indexed by code row.
///
/// A code that `cc.csv` lists on several rows counts at its highest level, and every
/// exclusion table its rows name applies (the format's rule for duplicate rows). The
/// engine still reads one exclusion *key* per code: a key below ``tableCount`` is one
/// exclusion table; a code with several tables gets a key of its own for that set of
/// tables, and every principal diagnosis that excludes one of them also excludes that key.
/// So a code with several tables costs the grouping loop nothing extra.
struct ComplicationTable: Sendable {
  /// Per code row: 0 none, 1 CC, 2 MCC (the highest of the code's rows).
  private(set) var level: [UInt8]
  /// Per code row: the code's exclusion key, or -1 for none (see the type's comment).
  private(set) var exclusionOf: [Int32]
  /// Number of exclusion tables named in the files; keys from here on stand for sets.
  let tableCount: Int
  /// The exclusion tables of each key from ``tableCount`` on, ascending.
  private(set) var combinedTables: [[Int32]]
  /// Per code row: where its excluded keys start in ``excludedTables`` (CSR layout).
  private(set) var excludedStart: [Int32]
  /// Exclusion keys a principal diagnosis excludes, grouped by code row: first the tables
  /// of its `cc_exclusion.csv` rows, then the keys of the table sets that hold one of them.
  private(set) var excludedTables: [Int32]

  /// - Parameters:
  ///   - rows: number of code rows, the unknown row 0 included.
  ///   - levels: the rows of `cc.csv` (a code may come more than once); exclusion -1 for
  ///     none.
  ///   - exclusions: the rows of `cc_exclusion.csv`.
  ///   - tableCount: number of exclusion table ids in use (every id is below it).
  init(
    rows: Int, levels: [(row: UInt32, level: ComplicationLevel, exclusion: Int32)],
    exclusions: [(row: UInt32, exclusion: Int32)], tableCount: Int
  ) {
    self.tableCount = tableCount
    level = Array(repeating: 0, count: rows)
    exclusionOf = Array(repeating: -1, count: rows)
    // Codes whose rows name more than one table, with those tables.
    var several: [UInt32: [Int32]] = [:]
    for entry in levels {
      let row = Int(entry.row)
      level[row] = max(level[row], entry.level.rawValue)
      guard entry.exclusion >= 0 else { continue }
      let current = exclusionOf[row]
      if current < 0 {
        exclusionOf[row] = entry.exclusion
      } else if current != entry.exclusion {
        var tables = several[entry.row] ?? [current]
        if !tables.contains(entry.exclusion) { tables.append(entry.exclusion) }
        several[entry.row] = tables
      }
    }
    var combined: [[Int32]] = []
    var keyOfSet: [[Int32]: Int32] = [:]
    for (row, tables) in several.sorted(by: { $0.key < $1.key }) {
      let set = tables.sorted()
      let key =
        keyOfSet[set]
        ?? {
          let key = Int32(tableCount + combined.count)
          combined.append(set)
          keyOfSet[set] = key
          return key
        }()
      exclusionOf[Int(row)] = key
    }
    combinedTables = combined

    // A principal diagnosis excluding table t also excludes every set holding t.
    var entries = exclusions
    if !combined.isEmpty {
      var setsOfTable: [Int32: [Int32]] = [:]
      for (index, set) in combined.enumerated() {
        for table in set { setsOfTable[table, default: []].append(Int32(tableCount + index)) }
      }
      var added = Set<UInt64>()
      for entry in exclusions {
        for key in setsOfTable[entry.exclusion] ?? []
        where added.insert(UInt64(entry.row) << 32 | UInt64(UInt32(key))).inserted {
          entries.append((entry.row, key))
        }
      }
    }
    var counts = Array(repeating: Int32(0), count: rows + 1)
    for entry in entries { counts[Int(entry.row) + 1] += 1 }
    for index in 1..<counts.count { counts[index] += counts[index - 1] }
    excludedStart = counts
    var fill = counts
    excludedTables = Array(repeating: -1, count: entries.count)
    for entry in entries {
      excludedTables[Int(fill[Int(entry.row)])] = entry.exclusion
      fill[Int(entry.row)] += 1
    }
  }

  /// A table from the arrays the compiled form stores (``SchemeCache``), or `nil` when
  /// they do not fit together.
  init?(
    level: [UInt8], exclusionOf: [Int32], tableCount: Int, combinedTables: [[Int32]],
    excludedStart: [Int32], excludedTables: [Int32]
  ) {
    let keys = tableCount + combinedTables.count
    guard level.count == exclusionOf.count, excludedStart.count == level.count + 1,
      excludedStart.first == 0, excludedStart.last.map({ Int($0) == excludedTables.count }) == true,
      Self.ascending(excludedStart), Self.within(exclusionOf, -1, keys),
      Self.within(excludedTables, 0, keys)
    else { return nil }
    self.level = level
    self.exclusionOf = exclusionOf
    self.tableCount = tableCount
    self.combinedTables = combinedTables
    self.excludedStart = excludedStart
    self.excludedTables = excludedTables
  }

  /// Whether no value of `values` is below the one before it (plain loops here: closures
  /// over zipped arrays cost several times as much on the 47,000 rows of CHS-DRG 1.1).
  private static func ascending(_ values: [Int32]) -> Bool {
    values.withUnsafeBufferPointer { values in
      var index = 1
      while index < values.count {
        if values[index &- 1] > values[index] { return false }
        index &+= 1
      }
      return true
    }
  }

  /// Whether every value of `values` is at least `lowest` and below `limit`.
  private static func within(_ values: [Int32], _ lowest: Int32, _ limit: Int) -> Bool {
    values.withUnsafeBufferPointer { values in
      for value in values where value < lowest || Int(value) >= limit { return false }
      return true
    }
  }

  /// Number of exclusion keys: every key in ``exclusionByRow`` and ``excludedTableIDs`` is
  /// below it.
  var keyCount: Int { tableCount + combinedTables.count }

  var levelByRow: [UInt8] { level }
  var exclusionByRow: [Int32] { exclusionOf }
  var excludedStartByRow: [Int32] { excludedStart }
  var excludedTableIDs: [Int32] { excludedTables }

  /// The level of a code (its highest in `cc.csv`), ignoring exclusions.
  func level(of row: UInt32) -> ComplicationLevel? {
    ComplicationLevel(rawValue: level[Int(row)])
  }

  /// Every exclusion table a CC/MCC code belongs to, ascending when there are several;
  /// empty when it names none.
  func exclusionTables(of row: UInt32) -> [Int32] {
    let key = exclusionOf[Int(row)]
    if key < 0 { return [] }
    return Int(key) < tableCount ? [key] : combinedTables[Int(key) - tableCount]
  }

  /// The exclusion tables a principal diagnosis excludes (its `cc_exclusion.csv` rows).
  func excludedTables(by principal: UInt32) -> ArraySlice<Int32> {
    let start = Int(excludedStart[Int(principal)])
    var end = Int(excludedStart[Int(principal) + 1])
    // The keys of table sets come last.
    while end > start && Int(excludedTables[end - 1]) >= tableCount { end -= 1 }
    return excludedTables[start..<end]
  }
}
