/// CC/MCC levels of secondary diagnoses and the exclusion tables of principal diagnoses
/// (`cc.csv` and `cc_exclusion.csv`), indexed by code row.
struct ComplicationTable: Sendable {
  /// Per code row: 0 none, 1 CC, 2 MCC.
  private(set) var level: [UInt8]
  /// Per code row: the exclusion table the CC/MCC code belongs to, or -1.
  private(set) var exclusionOf: [Int32]
  /// Per code row: where its excluded tables start in ``excludedTables`` (CSR layout).
  private(set) var excludedStart: [Int32]
  /// Exclusion table ids a principal diagnosis excludes, grouped by code row.
  private(set) var excludedTables: [Int32]

  init(
    rows: Int, levels: [(row: UInt32, level: ComplicationLevel, exclusion: Int32)],
    exclusions: [(row: UInt32, exclusion: Int32)]
  ) {
    level = Array(repeating: 0, count: rows)
    exclusionOf = Array(repeating: -1, count: rows)
    for entry in levels {
      level[Int(entry.row)] = entry.level.rawValue
      exclusionOf[Int(entry.row)] = entry.exclusion
    }
    var counts = Array(repeating: Int32(0), count: rows + 1)
    for entry in exclusions { counts[Int(entry.row) + 1] += 1 }
    for index in 1..<counts.count { counts[index] += counts[index - 1] }
    excludedStart = counts
    var fill = counts
    excludedTables = Array(repeating: -1, count: exclusions.count)
    for entry in exclusions {
      excludedTables[Int(fill[Int(entry.row)])] = entry.exclusion
      fill[Int(entry.row)] += 1
    }
  }

  var levelByRow: [UInt8] { level }
  var exclusionByRow: [Int32] { exclusionOf }
  var excludedStartByRow: [Int32] { excludedStart }
  var excludedTableIDs: [Int32] { excludedTables }

  /// The raw level of a code, ignoring exclusions.
  func level(of row: UInt32) -> ComplicationLevel? {
    ComplicationLevel(rawValue: level[Int(row)])
  }

  /// The exclusion table a CC/MCC code belongs to.
  func exclusionTable(of row: UInt32) -> Int32? {
    let table = exclusionOf[Int(row)]
    return table >= 0 ? table : nil
  }

  /// The exclusion tables a principal diagnosis excludes.
  func excludedTables(by principal: UInt32) -> ArraySlice<Int32> {
    excludedTables[Int(excludedStart[Int(principal)])..<Int(excludedStart[Int(principal) + 1])]
  }
}
