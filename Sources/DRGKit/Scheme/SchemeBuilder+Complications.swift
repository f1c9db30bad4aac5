/// What `cc.csv` and `cc_exclusion.csv` hold, read for the engine and for `drg scheme`.
struct LoadedComplications {
  var table: ComplicationTable
  /// Codes at level MCC and at level CC (a code on several rows counts once, at its
  /// highest level).
  var mccCount: Int
  var ccCount: Int
  /// Rows of `cc_exclusion.csv`, and distinct exclusion table ids in both files.
  var exclusionRowCount: Int
  var exclusionTableCount: Int
  /// Exclusion table ids as written, by interned id.
  var exclusionNames: [String]
  /// Rows of `cc.csv` that repeat an earlier row's code, in file order.
  var duplicates: [DuplicateComplication]
  /// The first `cc.csv` line of each code, and every `cc_exclusion.csv` row, as code rows.
  var complicationLines: [(row: UInt32, line: Int)]
  var exclusionLines: [(row: UInt32, line: Int)]
}

extension SchemeBuilder {
  /// Reads `cc.csv` and `cc_exclusion.csv`, given the code id of each of their rows. A code
  /// on several rows of `cc.csv` counts at its highest level with every exclusion table
  /// its rows name; each repeat is recorded in ``LoadedComplications/duplicates`` for
  /// `drg scheme check`.
  /// - Throws: ``SchemeError`` at the first row with a level other than `MCC` or `CC`, or
  ///   a `cc_exclusion.csv` row without an exclusion table.
  func loadComplications(
    _ ccTable: SchemeTable, ids ccIDs: [UInt32], _ exclusionTable: SchemeTable,
    ids exclusionIDs: [UInt32]
  ) throws(SchemeError) -> LoadedComplications {
    // Exclusion table ids as written, numbered in the order first met.
    var tableIDs = ByteInterner(expectedCount: 256)
    var levels: [(row: UInt32, level: ComplicationLevel, exclusion: Int32)] = []
    levels.reserveCapacity(ccTable.rows.count)
    var lines: [(row: UInt32, line: Int)] = []
    // Per code row: the index in `levels` of its first `cc.csv` row, or -1.
    var firstRow = [Int32](repeating: -1, count: codes.count + 1)
    var duplicates: [DuplicateComplication] = []
    let levelColumn = ccTable.column("level")
    let exclusionColumn = ccTable.column("exclusion")
    try ccTable.withFields { (fields) throws(SchemeError) in
      for row in ccTable.rows {
        let code = ccIDs[row.index] + 1
        let levelText = fields[row.index, levelColumn]
        let level: ComplicationLevel
        // Compared as bytes: a generic comparison with a string's UTF-8 view cost a fortieth
        // of loading CHS-DRG 1.1.
        if levelText.count == 3 && levelText[0] == 0x4D && levelText[1] == 0x43
          && levelText[2] == 0x43
        {
          level = .mcc  // "MCC"
        } else if levelText.count == 2 && levelText[0] == 0x43 && levelText[1] == 0x43 {
          level = .cc  // "CC"
        } else {
          throw SchemeError(.badLevel(levelText.string()), file: ccTable.file, line: row.line)
        }
        let exclusion = fields[row.index, exclusionColumn]
        let first = Int(firstRow[Int(code)])
        if first >= 0 {
          let firstEntry = ccTable.rows[first]
          duplicates.append(
            DuplicateComplication(
              code: codes.string(code - 1), firstLine: firstEntry.line,
              firstLevel: levels[first].level,
              firstExclusion: fields[first, exclusionColumn].string(), line: row.line,
              level: level, exclusion: exclusion.string()))
        } else {
          firstRow[Int(code)] = Int32(levels.count)
          lines.append((code, row.line))
        }
        levels.append(
          (code, level, exclusion.isEmpty ? -1 : Int32(tableIDs.intern(exclusion))))
      }
    }
    var exclusions: [(row: UInt32, exclusion: Int32)] = []
    var exclusionLines: [(row: UInt32, line: Int)] = []
    exclusions.reserveCapacity(exclusionTable.rows.count)
    exclusionLines.reserveCapacity(exclusionTable.rows.count)
    let tableColumn = exclusionTable.column("exclusion")
    try exclusionTable.withFields { (fields) throws(SchemeError) in
      for row in exclusionTable.rows {
        let code = exclusionIDs[row.index] + 1
        let table = fields[row.index, tableColumn]
        guard !table.isEmpty else {
          throw SchemeError(
            .emptyField(column: "exclusion"), file: exclusionTable.file, line: row.line)
        }
        exclusions.append((code, Int32(tableIDs.intern(table))))
        exclusionLines.append((code, row.line))
      }
    }
    let table = ComplicationTable(
      rows: codes.count + 1, levels: levels, exclusions: exclusions,
      tableCount: tableIDs.count)
    var mccCount = 0
    var ccCount = 0
    for entry in lines {
      if table.level(of: entry.row) == .mcc { mccCount += 1 } else { ccCount += 1 }
    }
    return LoadedComplications(
      table: table, mccCount: mccCount, ccCount: ccCount, exclusionRowCount: exclusions.count,
      exclusionTableCount: tableIDs.count,
      exclusionNames: (0..<UInt32(tableIDs.count)).map { tableIDs.string($0) },
      duplicates: duplicates, complicationLines: lines, exclusionLines: exclusionLines)
  }
}
