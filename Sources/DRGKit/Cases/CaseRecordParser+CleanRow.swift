import Foundation

/// The clean-row path of `drg group`: a record read from the chunk's bytes into the case
/// in two short steps, the line's field ends found eight bytes at a time and then only
/// the fields the case needs read, with no per-field calls and no second split of the
/// code fields.
///
/// ## What a clean row is
///
/// One physical line of a file with one diagnosis column and at most one procedure
/// column, with exactly the header's number of fields, no quote before its line feed, and
/// enough of the chunk after it for the scan's whole words (eight bytes after the line
/// feed in a chunk without quotes). Every value the case needs is in its plain form: sex
/// `1` or `2`; numbers empty or read by ``NumberParsing/decimal(_:)`` without help; code
/// fields with no blank or control byte and no empty entry between `|`. Departments and
/// dates are read by the same functions as on the general path (they note
/// nothing). Anything else, and any row an encoding mark falls in, is left to the general
/// path (``CSVRecordParser`` and ``read(_:in:)``), which then reads it from the start.
///
/// ## Why both paths give the same bytes
///
/// For a clean row the general path takes the same line, the same fields (commas) and, in
/// each field, the same branch the clean path takes: plain numbers by the same function,
/// codes trimmed of nothing and packed by the same ``CodeTable/key(_:readable:)``,
/// departments and dates by the same calls. The codes are looked up a record later by ``lookUpCodes()``
/// on both paths, so unknown codes and their normalisation are shared too.
/// `CleanRowPathTests` compares the two paths row by row on synthetic files and on
/// mutated rows.
extension CaseRecordParser {
  /// Where the clean-row scan finds each field the case needs: its column, or -1 when the
  /// file has no such column. Every column feeds one field at most.
  struct CleanColumns {
    var sex = -1
    var age = -1
    var ageDays = -1
    var weight = -1
    var los = -1
    var leaving = -1
    var icuHours = -1
    var department = -1
    var diagnoses = -1
    var procedures = -1
    var totalCost = -1
    var admissionDate = -1
    var dischargeDate = -1
  }

  /// The clean-row scan's columns for `columns`, or `nil` when the layout is not one it
  /// reads: codes over several columns (the general path decides an empty principal column
  /// there), or a column that feeds two fields.
  static func cleanColumns(for columns: CaseColumns) -> CleanColumns? {
    guard columns.diagnosisColumns.count == 1, columns.procedureColumns.count <= 1,
      columns.count > 0
    else { return nil }
    let clean = CleanColumns(
      sex: columns.sex, age: columns.age, ageDays: columns.ageDays, weight: columns.weight,
      los: columns.los, leaving: columns.leaving, icuHours: columns.icuHours,
      department: columns.department, diagnoses: columns.diagnosisColumns[0],
      procedures: columns.procedureColumns.first ?? -1, totalCost: columns.totalCost,
      admissionDate: columns.admissionDate, dischargeDate: columns.dischargeDate)
    let used = [
      clean.sex, clean.age, clean.ageDays, clean.weight, clean.los, clean.leaving,
      clean.icuHours, clean.department, clean.diagnoses, clean.procedures, clean.totalCost,
      clean.admissionDate, clean.dischargeDate,
    ].filter { $0 >= 0 }
    guard used.allSatisfy({ $0 < columns.count }), Set(used).count == used.count else {
      return nil
    }
    return clean
  }

  /// Reads the record that starts at `start` when it is clean (see the extension's
  /// description): the fields, the packed codes (their table slots requested), exactly as
  /// ``read(_:in:)`` would. ``lookUpCodes()`` follows as on the general path.
  ///
  /// Two steps. The line's field ends are found first and recorded in ``fieldEnds`` (see
  /// ``commaEnds(_:from:end:into:fieldCount:)``); then the dozen fields the case needs
  /// are read by column, and the columns it does not need cost nothing.
  /// - Parameter quoteFree: whether the chunk holds no quote at all (its lines then end
  ///   at their first line feed).
  /// - Returns: where the next record starts and where this one's text ends (before its
  ///   CR LF or LF); `nil` when the record is not clean, and the general path must read it
  ///   (what this call left behind is then overwritten).
  @inline(__always)
  mutating func readClean(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, quoteFree: Bool)
    -> (next: Int, end: Int)?
  {
    guard let base = bytes.baseAddress, let clean = cleanColumns else { return nil }
    let end = bytes.count
    let fieldCount = columns.count
    // `ends[i + 1]` is where field `i` ends (its comma or line end), `ends[0]` the byte
    // before the record: field `i` is `ends[i] + 1 ..< ends[i + 1]`.
    let ends = fieldEnds.base
    let lineFeed =
      quoteFree
      ? Self.commaEnds(base, from: start, end: end, into: ends, fieldCount: fieldCount)
      : Self.quotedFieldEnds(base, from: start, end: end, into: ends, fieldCount: fieldCount)
    guard lineFeed >= 0 else { return nil }
    var lastEnd = lineFeed
    if lastEnd > ends[fieldCount &- 1] &+ 1, base[lastEnd &- 1] == ASCII.cr { lastEnd &-= 1 }
    ends[fieldCount] = lastEnd

    @inline(__always) func field(_ column: Int) -> UnsafeBufferPointer<UInt8> {
      let from = ends[column] &+ 1
      return UnsafeBufferPointer(start: base + from, count: ends[column &+ 1] &- from)
    }

    if hasNotes {
      notes.reset()
      hasNotes = false
    }
    principalEmpty = false
    diagnosisKeys.removeAll()
    procedureKeys.removeAll()
    if clean.diagnoses >= 0 {
      guard
        Self.packClean(
          base, from: ends[clean.diagnoses] &+ 1, to: ends[clean.diagnoses &+ 1], readable: end,
          table: diagnosisTable, into: diagnosisKeys)
      else { return nil }
    }
    if clean.procedures >= 0 {
      guard
        Self.packClean(
          base, from: ends[clean.procedures] &+ 1, to: ends[clean.procedures &+ 1],
          readable: end, table: procedureTable, into: procedureKeys)
      else { return nil }
    }
    // Each value goes straight into `fields` (a row that turns out not clean is read
    // again from the start), so that none is kept in a register across the calls.
    fields = CaseFields()
    if clean.sex >= 0 {
      let sex = field(clean.sex)
      guard sex.count == 1, sex[0] == UInt8(ascii: "1") || sex[0] == UInt8(ascii: "2")
      else { return nil }
      fields.sex = sex[0] == UInt8(ascii: "1") ? 1 : 2
    }
    if clean.age >= 0 {
      guard let age = Self.cleanNumber(field(clean.age)) else { return nil }
      fields.age = age
    }
    if clean.ageDays >= 0 {
      guard let ageDays = Self.cleanNumber(field(clean.ageDays)) else { return nil }
      fields.ageDays = ageDays
    }
    if clean.weight >= 0 {
      guard let weight = Self.cleanNumber(field(clean.weight)) else { return nil }
      fields.weightGiven = !weight.isNaN
      fields.weight = weight > 0 ? weight : .nan
    }
    if clean.los >= 0 {
      guard let los = Self.cleanNumber(field(clean.los)) else { return nil }
      fields.los = los
    }
    if clean.leaving >= 0 {
      guard let leaving = Self.cleanNumber(field(clean.leaving)) else { return nil }
      fields.leaving = leaving
    }
    if clean.icuHours >= 0 {
      guard let icuHours = Self.cleanNumber(field(clean.icuHours)) else { return nil }
      fields.icuHours = icuHours
    }
    if clean.department >= 0 {
      let trimmed = field(clean.department).trimmingBlanks()
      if trimmed.isEmpty {
        fields.department = CaseFields.missingDepartment
      } else {
        let row = departments.row(of: trimmed)
        fields.department = row == 0 ? CaseFields.otherDepartment : row &- 1
      }
    }
    if readsEditFields {
      if clean.totalCost >= 0 {
        guard let cost = Self.cleanNumber(field(clean.totalCost)) else { return nil }
        self.cost = cost
      } else {
        cost = .nan
      }
      admissionDateKey =
        clean.admissionDate < 0
        ? CalendarDay.missing : CalendarDay.orderKey(field(clean.admissionDate))
      dischargeDateKey =
        clean.dischargeDate < 0
        ? CalendarDay.missing : CalendarDay.orderKey(field(clean.dischargeDate))
    }
    return (lineFeed &+ 1, lastEnd)
  }

  /// Finds the field ends of the line at `start` of a chunk without quotes: its line feed
  /// with `memchr`, then the commas before it eight bytes at a time, each word's commas
  /// from its bit mask, with no test per byte or per field.
  /// - Parameter ends: room for `fieldCount + 9` offsets; `ends[1...fieldCount - 1]` get
  ///   the commas, `ends[0]` the byte before the line.
  /// - Returns: the offset of the line feed; -1 when the line does not have exactly
  ///   `fieldCount` fields or when fewer than eight bytes of the chunk follow its line feed.
  @inline(__always)
  static func commaEnds(
    _ base: UnsafePointer<UInt8>, from start: Int, end: Int, into ends: UnsafeMutablePointer<Int>,
    fieldCount: Int
  ) -> Int {
    guard let found = memchr(base + start, Int32(ASCII.lf), end &- start) else { return -1 }
    let lineFeed = UnsafeRawPointer(found) - UnsafeRawPointer(base)
    guard lineFeed &+ 8 <= end else { return -1 }
    ends[0] = start &- 1
    var count = 1
    var offset = start
    // Whole words before the line feed, then the word it is in, cut at it.
    while true {
      let word = UInt64(
        littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
      var commas = SWAR.matches(word, ASCII.comma)
      let last = offset &+ 8 > lineFeed
      if last { commas &= (1 &<< UInt64((lineFeed &- offset) &* 8)) &- 1 }
      while commas != 0 {
        ends[count] = offset &+ (commas.trailingZeroBitCount &>> 3)
        count &+= 1
        commas &= commas &- 1
      }
      guard count <= fieldCount else { return -1 }  // more fields than the header
      if last { break }
      offset &+= 8
    }
    return count == fieldCount ? lineFeed : -1  // fewer fields than the header
  }

  /// ``commaEnds(_:from:end:into:fieldCount:)`` for a chunk that has quotes: the words are
  /// searched for bytes below `-` (comma, line feed, quote, blanks and control bytes), and
  /// a line with a quote before its line feed is not clean.
  @inline(never)
  static func quotedFieldEnds(
    _ base: UnsafePointer<UInt8>, from start: Int, end: Int, into ends: UnsafeMutablePointer<Int>,
    fieldCount: Int
  ) -> Int {
    ends[0] = start &- 1
    var count = 1
    var offset = start
    while offset &+ 8 <= end {
      let word = UInt64(
        littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
      // Of the bytes below '-', only the comma is not below ','.
      let belowComma = SWAR.bytesBelow(word, ASCII.comma)
      var commas = SWAR.bytesBelow(word, ASCII.minus) ^ belowComma
      var others = belowComma
      var lineFeed = -1
      while others != 0 {
        let bit = others & (0 &- others)
        others &= others &- 1
        let position = offset &+ (bit.trailingZeroBitCount &>> 3)
        let byte = base[position]
        if byte == ASCII.lf {
          lineFeed = position
          commas &= bit &- 1  // commas after the line feed belong to the next record
          break
        }
        if byte == ASCII.quote { return -1 }
        // A blank or control byte inside a field.
      }
      while commas != 0 {
        ends[count] = offset &+ (commas.trailingZeroBitCount &>> 3)
        count &+= 1
        commas &= commas &- 1
      }
      guard count <= fieldCount else { return -1 }  // more fields than the header
      if lineFeed >= 0 { return count == fieldCount ? lineFeed : -1 }
      offset &+= 8
    }
    return -1
  }

  /// An empty field as NaN, a plain number as its value; `nil` for anything the general
  /// path's ``ExportValue`` would have to read (and note).
  @inline(__always)
  static func cleanNumber(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
    field.isEmpty ? Double.nan : NumberParsing.decimal(field)
  }

  /// Packs the `|`-separated codes of `base[start..<end]` into `keys` and requests their
  /// slots in `table`, as ``packCodes(_:readable:table:into:)`` does for the same field;
  /// `false` when an entry is empty or the field has a blank or control byte anywhere (the
  /// general path trims and skips those). The field is read eight bytes at a time: each
  /// word's `|` and blanks come from its bit masks, so a code costs no search of its own.
  /// - Parameter readable: how many bytes of `base` may be read (the chunk's end); a field
  ///   whose last word would pass it is left to the general path.
  @inline(__always)
  static func packClean(
    _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, readable: Int, table: CodeTable,
    into keys: ReusableBuffer<CodeTable.Key>
  ) -> Bool {
    guard start < end else { return true }  // no codes
    @inline(__always) func add(_ from: Int, _ to: Int) {
      let key = CodeTable.key(
        UnsafeBufferPointer(start: base + from, count: to &- from), readable: readable &- from)
      table.prefetch(key)
      keys.append(key)
    }
    var codeStart = start
    var offset = start
    while true {
      guard offset &+ 8 <= readable else { return false }
      let word = UInt64(
        littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
      var pipes = SWAR.matches(word, ASCII.pipe)
      var blanks = SWAR.bytesBelow(word, ASCII.space &+ 1)
      let last = offset &+ 8 >= end
      if last {
        // Only the bytes before the field's end.
        let inField = UInt64.max &>> UInt64((offset &+ 8 &- end) &* 8)
        pipes &= inField
        blanks &= inField
      }
      guard blanks == 0 else { return false }
      while pipes != 0 {
        let pipe = offset &+ (pipes.trailingZeroBitCount &>> 3)
        guard pipe > codeStart else { return false }  // an empty entry
        add(codeStart, pipe)
        codeStart = pipe &+ 1
        pipes &= pipes &- 1
      }
      if last { break }
      offset &+= 8
    }
    guard end > codeStart else { return false }  // an empty last entry
    add(codeStart, end)
    return true
  }
}
