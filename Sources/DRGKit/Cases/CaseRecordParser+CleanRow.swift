/// The clean-row path of `drg group`: a record read in one pass from the chunk's bytes
/// into the case, with no field table, no per-field calls and no second split of the code
/// fields.
///
/// ## What a clean row is
///
/// One physical line of a file with one diagnosis column and at most one procedure
/// column, with exactly the header's number of fields, no quote before its line feed, and
/// at least eight bytes of the chunk from each word it reads. Every value the case needs is
/// in its plain form: sex `1` or `2`; numbers empty or read by ``NumberParsing/decimal(_:)``
/// without help; codes with no blank at either end and no empty entry between `|`.
/// Departments and dates are read by the same functions as on the general path (they note
/// nothing). Anything else, and any row an encoding mark falls in, is left to the general
/// path (``CSVRecordParser`` and ``read(_:in:)``), which then reads it from the start.
///
/// ## Why both paths give the same bytes
///
/// For a clean row the general path takes the same line, the same fields (commas) and, in
/// each field, the same branch the clean path takes: plain numbers by the same function,
/// codes trimmed of nothing and packed by the same ``CodeTable/key(_:readable:)``, departments and
/// dates by the same calls. The codes are looked up a record later by ``lookUpCodes()``
/// on both paths, so unknown codes and their normalisation are shared too.
/// `CleanRowPathTests` compares the two paths row by row on synthetic files and on
/// mutated rows.
extension CaseRecordParser {
  /// What the clean-row scan does with a column. An enum, so that the scan's `switch`
  /// jumps through a table (cases matched against `static let` constants were compared one
  /// after another).
  enum CleanColumn: UInt8 {
    case pass, sex, age, ageDays, weight, los, leaving, icuHours, department, diagnoses
    case procedures, totalCost, admissionDate, dischargeDate
  }

  /// The clean-row scan's reading of each column of `columns`, or `nil` when the layout is
  /// not one it reads: codes over several columns (the general path decides an empty
  /// principal column there), or a column that feeds two fields.
  static func cleanColumns(for columns: CaseColumns) -> ReusableBuffer<CleanColumn>? {
    guard columns.diagnosisColumns.count == 1, columns.procedureColumns.count <= 1,
      columns.count > 0
    else { return nil }
    var kinds = [CleanColumn](repeating: .pass, count: columns.count)
    let assignments: [(Int, CleanColumn)] = [
      (columns.sex, CleanColumn.sex), (columns.age, CleanColumn.age),
      (columns.ageDays, CleanColumn.ageDays), (columns.weight, CleanColumn.weight),
      (columns.los, CleanColumn.los), (columns.leaving, CleanColumn.leaving),
      (columns.icuHours, CleanColumn.icuHours), (columns.department, CleanColumn.department),
      (columns.diagnosisColumns[0], CleanColumn.diagnoses),
      (columns.procedureColumns.first ?? -1, CleanColumn.procedures),
      (columns.totalCost, CleanColumn.totalCost),
      (columns.admissionDate, CleanColumn.admissionDate),
      (columns.dischargeDate, CleanColumn.dischargeDate),
    ]
    for (column, kind) in assignments where column >= 0 {
      guard column < kinds.count, kinds[column] == .pass else { return nil }
      kinds[column] = kind
    }
    let buffer = ReusableBuffer<CleanColumn>(capacity: kinds.count)
    for kind in kinds { buffer.append(kind) }
    return buffer
  }

  /// Reads the record that starts at `start` when it is clean (see the extension's
  /// description): the fields, the packed codes (their table slots requested), exactly as
  /// ``read(_:in:)`` would. ``lookUpCodes()`` follows as on the general path.
  /// - Returns: where the next record starts and where this one's text ends (before its
  ///   CR LF or LF); `nil` when the record is not clean, and the general path must read it
  ///   (what this call left behind is then overwritten).
  @inline(__always)
  mutating func readClean(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (
    next: Int, end: Int
  )? {
    guard let base = bytes.baseAddress, let kinds = cleanColumns?.base else { return nil }
    let end = bytes.count
    let lastColumn = columns.count &- 1
    if hasNotes {
      notes.reset()
      hasNotes = false
    }
    principalEmpty = false
    diagnosisKeys.removeAll()
    procedureKeys.removeAll()
    let readsEditFields = readsEditFields
    var fields = CaseFields()
    var cost = Double.nan
    var admission = CalendarDay.missing
    var discharge = CalendarDay.missing
    var column = 0
    var fieldStart = start
    var offset = start
    while offset &+ 8 <= end {
      let word = UInt64(
        littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
      // Comma, line feed and quote are below '-', like blanks and control bytes (see
      // ``CSVRecordParser``'s fast path).
      var found = SWAR.bytesBelow(word, ASCII.minus)
      while found != 0 {
        let position = offset &+ (found.trailingZeroBitCount &>> 3)
        found &= found &- 1
        let byte = base[position]
        var fieldEnd = position
        if byte == ASCII.comma {
          guard column < lastColumn else { return nil }  // more fields than the header
        } else if byte == ASCII.lf {
          guard column == lastColumn else { return nil }  // fewer fields than the header
          if fieldEnd > fieldStart, base[fieldEnd &- 1] == ASCII.cr { fieldEnd &-= 1 }
        } else if byte == ASCII.quote {
          return nil
        } else {
          continue  // a blank or control byte inside a field
        }
        let field = UnsafeBufferPointer(start: base + fieldStart, count: fieldEnd &- fieldStart)
        switch kinds[column] {
        case .pass:
          break
        case .sex:
          guard field.count == 1, field[0] == UInt8(ascii: "1") || field[0] == UInt8(ascii: "2")
          else { return nil }
          fields.sex = field[0] == UInt8(ascii: "1") ? 1 : 2
        case .age:
          guard let value = Self.cleanNumber(field) else { return nil }
          fields.age = value
        case .ageDays:
          guard let value = Self.cleanNumber(field) else { return nil }
          fields.ageDays = value
        case .weight:
          guard let value = Self.cleanNumber(field) else { return nil }
          fields.weightGiven = !value.isNaN
          fields.weight = value > 0 ? value : .nan
        case .los:
          guard let value = Self.cleanNumber(field) else { return nil }
          fields.los = value
        case .leaving:
          guard let value = Self.cleanNumber(field) else { return nil }
          fields.leaving = value
        case .icuHours:
          guard let value = Self.cleanNumber(field) else { return nil }
          fields.icuHours = value
        case .department:
          let trimmed = field.trimmingBlanks()
          if trimmed.isEmpty {
            fields.department = CaseFields.missingDepartment
          } else {
            let row = departments.row(of: trimmed)
            fields.department = row == 0 ? CaseFields.otherDepartment : row &- 1
          }
        case .diagnoses:
          guard
            Self.packClean(
              base, from: fieldStart, to: fieldEnd, readable: end, table: diagnosisTable,
              into: diagnosisKeys)
          else { return nil }
        case .procedures:
          guard
            Self.packClean(
              base, from: fieldStart, to: fieldEnd, readable: end, table: procedureTable,
              into: procedureKeys)
          else { return nil }
        case .totalCost:
          if readsEditFields {
            guard let value = Self.cleanNumber(field) else { return nil }
            cost = value
          }
        case .admissionDate:
          if readsEditFields { admission = CalendarDay.orderKey(field) }
        case .dischargeDate:
          if readsEditFields { discharge = CalendarDay.orderKey(field) }
        }
        if byte == ASCII.lf {
          self.fields = fields
          if readsEditFields {
            self.cost = cost
            admissionDateKey = admission
            dischargeDateKey = discharge
          }
          return (position &+ 1, fieldEnd)
        }
        column &+= 1
        fieldStart = position &+ 1
      }
      offset &+= 8
    }
    return nil
  }

  /// An empty field as NaN, a plain number as its value; `nil` for anything the general
  /// path's ``ExportValue`` would have to read (and note).
  @inline(__always)
  static func cleanNumber(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
    field.isEmpty ? Double.nan : NumberParsing.decimal(field)
  }

  /// Packs the `|`-separated codes of `base[start..<end]` into `keys` and requests their
  /// slots in `table`, as ``packCodes(_:readable:table:into:)`` does for the same field;
  /// `false` when an entry is empty or has a blank at either end (the general path trims
  /// and skips those).
  /// - Parameter readable: how many bytes of `base` may be read (the chunk's end).
  @inline(__always)
  static func packClean(
    _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, readable: Int, table: CodeTable,
    into keys: ReusableBuffer<CodeTable.Key>
  ) -> Bool {
    guard start < end else { return true }  // no codes
    var codeStart = start
    while true {
      // The code runs to the next '|' or the field's end.
      var codeEnd = codeStart
      while codeEnd < end {
        if codeEnd &+ 8 <= readable {
          let word = UInt64(
            littleEndian: UnsafeRawPointer(base + codeEnd).loadUnaligned(as: UInt64.self))
          let pipes = SWAR.matches(word, ASCII.pipe)
          if pipes != 0 {
            codeEnd &+= pipes.trailingZeroBitCount &>> 3
            break
          }
          codeEnd &+= 8
        } else {
          if base[codeEnd] == ASCII.pipe { break }
          codeEnd &+= 1
        }
      }
      if codeEnd > end { codeEnd = end }  // a '|' past the field belongs to a later one
      guard codeEnd > codeStart, !ASCII.isBlank(base[codeStart]),
        !ASCII.isBlank(base[codeEnd &- 1])
      else { return false }
      let code = UnsafeBufferPointer(start: base + codeStart, count: codeEnd &- codeStart)
      let key = CodeTable.key(code, readable: readable &- codeStart)
      table.prefetch(key)
      keys.append(key)
      if codeEnd == end { return true }
      codeStart = codeEnd &+ 1
    }
  }
}
