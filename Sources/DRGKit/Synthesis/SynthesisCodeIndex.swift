import Foundation

/// What the synthesizer needs to know about a scheme's codes, computed once at start-up:
/// the code rows of every list, which codes are diagnoses and which procedures, the codes
/// that no rule reads in the positions the synthesizer adds them to ("neutral" codes),
/// the CC and MCC codes, the members of each exclusion table, the codes of each tag, and
/// every code's UTF-8 bytes.
struct SynthesisCodeIndex: Sendable {
  /// Code rows of each list as bitmaps, by list id (tagged lists count as lists of their
  /// own).
  var listSets: [RowSet]
  /// Rows of the codes in `dx_names.csv`.
  var diagnoses: [UInt32]
  /// Rows of the codes in `proc_names.csv`.
  var procedures: [UInt32]
  /// Diagnoses that are no CC or MCC and in no list a rule reads from secondary diagnoses
  /// (`any_dx`, `other_dx`, `dx_tags`): safe to add as extra secondary diagnoses.
  var neutralDiagnoses: [UInt32]
  /// Procedures in no list that any procedure predicate reads.
  var neutralProcedures: [UInt32]
  /// MCC and CC codes in no list read from secondary diagnoses.
  var mccCodes: [UInt32]
  var ccCodes: [UInt32]
  /// The extra secondary diagnoses of each ``Population``.
  var pools: [SecondaryPools]
  /// Per exclusion table id: its CC/MCC members in no list read from secondary diagnoses.
  var exclusionMembers: [[UInt32]]
  /// Per `dx_tags` table: code rows of each tag (tag number − 1).
  var tagGroups: [[[UInt32]]]
  /// UTF-8 bytes of every code, back to back; row `r` is `bytes[offsets[r]..<offsets[r+1]]`.
  var bytes: [UInt8]
  var offsets: [Int32]

  init(scheme: Scheme) {
    let rowCount = scheme.codes.count + 1
    let membership = scheme.membership

    // Which lists each kind of predicate reads.
    var secondaryLists = Set<Int32>()
    var procedureLists = Set<Int32>()
    func collect(_ rule: RuleExpression) {
      switch rule {
      case .constant, .complication, .compare, .fieldIn: break
      case .not(let inner): collect(inner)
      case .and(let terms), .or(let terms): terms.forEach(collect)
      case .codeIn(let selector, let list):
        guard let id = scheme.listIDs[list.label] else { return }
        switch selector {
        case .pdx: break
        case .anyDiagnosis, .otherDiagnosis: secondaryLists.insert(id)
        case .mainProcedure, .anyProcedure, .otherProcedure: procedureLists.insert(id)
        }
      case .diagnosisTagCount(let list, _, _):
        if let id = scheme.listIDs[list.name] { secondaryLists.insert(id) }
      }
    }
    for mdc in scheme.mdcs { collect(mdc.entry.rule) }
    for adrg in scheme.adrgs { collect(adrg.entry.rule) }
    for drg in scheme.drgs { collect(drg.entry.rule) }

    func mask(_ lists: Set<Int32>) -> [UInt64] {
      var words = Array(repeating: UInt64(0), count: membership.wordsPerRow)
      for id in lists { words[Int(id >> 6)] |= 1 << UInt64(id & 63) }
      return words
    }
    let secondaryMask = mask(secondaryLists)
    let procedureMask = mask(procedureLists)

    var listRows = Array(repeating: [UInt32](), count: membership.listCount)
    var readAsSecondary = Array(repeating: false, count: rowCount)
    var inProcedureList = Array(repeating: false, count: rowCount)
    membership.withWords { words in
      for row in 0..<rowCount {
        let base = row * membership.wordsPerRow
        for word in 0..<membership.wordsPerRow {
          var bits = words[base + word]
          if bits & secondaryMask[word] != 0 { readAsSecondary[row] = true }
          if bits & procedureMask[word] != 0 { inProcedureList[row] = true }
          while bits != 0 {
            let bit = bits.trailingZeroBitCount
            listRows[word * 64 + bit].append(UInt32(row))
            bits &= bits - 1
          }
        }
      }
    }
    listSets = listRows.map { RowSet(rowCount: rowCount, rows: $0) }

    diagnoses = Self.rows(inNamesFile: "dx_names.csv", of: scheme)
    procedures = Self.rows(inNamesFile: "proc_names.csv", of: scheme)
    let complications = scheme.complications
    var isDiagnosis = Array(repeating: false, count: rowCount)
    for row in diagnoses { isDiagnosis[Int(row)] = true }
    neutralDiagnoses = diagnoses.filter {
      complications.level[Int($0)] == 0 && !readAsSecondary[Int($0)]
    }
    neutralProcedures = procedures.filter { !inProcedureList[Int($0)] && !isDiagnosis[Int($0)] }

    var mcc: [UInt32] = []
    var cc: [UInt32] = []
    var members = Array(repeating: [UInt32](), count: scheme.exclusionTableCount)
    for row in 1..<rowCount where !readAsSecondary[row] {
      switch complications.level[row] {
      case 2: mcc.append(UInt32(row))
      case 1: cc.append(UInt32(row))
      default: continue
      }
      // A code listed in cc.csv more than once belongs to every table its rows name.
      for table in complications.exclusionTables(of: UInt32(row)) where Int(table) < members.count {
        members[Int(table)].append(UInt32(row))
      }
    }
    mccCodes = mcc
    ccCodes = cc
    exclusionMembers = members

    var bytes: [UInt8] = []
    var offsets: [Int32] = [0, 0]  // row 0 (unknown code) is empty
    bytes.reserveCapacity(rowCount * 10)
    for row in 1..<rowCount {
      bytes.append(contentsOf: scheme.codes.string(UInt32(row - 1)).utf8)
      offsets.append(Int32(bytes.count))
    }
    self.bytes = bytes
    self.offsets = offsets

    // ICD-10 chapters P (perinatal) and O (pregnancy) suit only infants and mothers.
    let chapter = (0..<rowCount).map { row in
      offsets[row] < offsets[row + 1] ? bytes[Int(offsets[row])] : 0
    }
    var shuffler = SynthesisRandom(seed: 0x5EED, stream: 3)
    let neutral = neutralDiagnoses.shuffled(using: &shuffler)
    neutralDiagnoses = neutral
    neutralProcedures.shuffle(using: &shuffler)
    pools = Population.allCases.map { population in
      func suits(_ row: UInt32) -> Bool {
        switch chapter[Int(row)] {
        case UInt8(ascii: "P"): population == .infant
        case UInt8(ascii: "O"): population == .obstetric
        default: true
        }
      }
      return SecondaryPools(
        mcc: mcc.filter(suits), cc: cc.filter(suits), neutral: neutral.filter(suits))
    }

    tagGroups = scheme.tagTables.enumerated().map { index, table in
      var groups = Array(repeating: [UInt32](), count: scheme.tagNames[index].count)
      for (row, tag) in table.sorted(by: { $0.key < $1.key }) where tag >= 1 {
        groups[Int(tag) - 1].append(row)
      }
      return groups
    }

  }

  /// The rows of the codes named in a names file of the scheme; empty when it cannot be read
  /// (the scheme was loaded from it, so this only happens if it changed since).
  private static func rows(inNamesFile file: String, of scheme: Scheme) -> [UInt32] {
    let directory = URL(fileURLWithPath: scheme.directory)
    guard let table = try? SchemeTable(directory: directory, file: file, required: ["code"])
    else { return [] }
    let column = table.column("code")
    var seen = Set<UInt32>()
    var rows: [UInt32] = []
    table.withFields { fields in
      for row in table.rows.indices {
        let code = scheme.row(of: fields[row, column])
        if code != 0 && seen.insert(code).inserted { rows.append(code) }
      }
    }
    return rows
  }
}

/// Who a case is, for the choice of extra secondary diagnoses.
enum Population: Int, Sendable, CaseIterable {
  case general, infant, obstetric
}

/// Extra secondary diagnoses suitable for one ``Population``: MCC and CC codes, and
/// comorbidities that are no CC (most common first).
struct SecondaryPools: Sendable {
  var mcc: [UInt32]
  var cc: [UInt32]
  var neutral: [UInt32]
}
