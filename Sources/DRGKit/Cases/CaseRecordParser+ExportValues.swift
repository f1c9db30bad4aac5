/// The general path of ``CaseRecordParser``: values and codes the plain readers could not
/// read, read as exports write them (see ``ExportValue``) and noted in ``ValueNotes``.
extension CaseRecordParser {
  /// The value of field `column`, which the plain reader could not read (NaN when empty
  /// or unreadable).
  @inline(never)
  static func exportValue(
    _ csv: borrowing CSVRecordParser, _ column: Int, _ field: CaseValueField,
    in bytes: UnsafeBufferPointer<UInt8>, notes: ValueNotes
  ) -> Double {
    csv.withField(column, in: bytes) { raw in
      raw.trimmingBlanks().isEmpty ? .nan : readExportValue(raw, field, notes: notes)
    }
  }

  @inline(never)
  private static func readExportValue(
    _ raw: UnsafeBufferPointer<UInt8>, _ field: CaseValueField, notes: ValueNotes
  ) -> Double {
    let reading: ExportValue.Reading =
      switch field {
      case .sex: ExportValue.sex(raw)
      case .leaving: ExportValue.leaving(raw)
      default: ExportValue.number(raw, unit: field.unit)
      }
    switch reading {
    case .missing:
      return .nan
    case .unreadable:
      notes.noteUnreadable(field, raw: raw.trimmingBlanks())
      return .nan
    case .value(let value, let kinds):
      notes.noteNormalised(
        kinds, what: field.description, raw: raw.trimmingBlanks(),
        readAs: value.noteText)
      return value
    }
  }

  /// Reads again, as exports write them, the codes the tables did not know: cleaned
  /// (``ExportValue/clean(_:into:)``), matched to the scheme's spelling in capitals, or
  /// split into several codes the scheme knows. Rewrites the keys and rows so that they
  /// stay one key per row; a code still unknown keeps its row 0 and its text as read.
  @inline(never)
  mutating func normaliseUnknownCodes() {
    var total = 0
    for key in diagnosisKeys.elements { total += key.code.count }
    for key in procedureKeys.elements { total += key.code.count }
    // No normalised spelling is longer than the code it came from.
    notes.reserveCodeBytes(total)
    let principalEmptied = normalise(
      keys: diagnosisKeys, rows: diagnosisRows, table: diagnosisTable,
      folding: diagnosisFolding, what: "diagnosis")
    if principalEmptied && !diagnosisRows.isEmpty {
      // The principal entry held nothing readable: as for an empty principal column.
      principalEmpty = true
      diagnosisKeys.removeAll()
      diagnosisRows.removeAll()
    }
    _ = normalise(
      keys: procedureKeys, rows: procedureRows, table: procedureTable,
      folding: procedureFolding, what: "procedure")
  }

  /// Normalises the unknown codes of one list. Returns whether its first entry turned out
  /// to hold nothing but invisible characters.
  private func normalise(
    keys: ReusableBuffer<CodeTable.Key>, rows: ReusableBuffer<UInt32>, table: CodeTable,
    folding: CodeFolding, what: String
  ) -> Bool {
    let oldKeys = Array(keys.elements)
    let oldRows = Array(rows.elements)
    keys.removeAll()
    rows.removeAll()
    var firstEmptied = false
    var cleaned: [UInt8] = []
    for (position, (key, row)) in zip(oldKeys, oldRows).enumerated() {
      guard row == 0 else {
        keys.append(key)
        rows.append(row)
        continue
      }
      let kinds = ExportValue.clean(key.code, into: &cleaned)
      if cleaned.isEmpty {
        notes.noteNormalised(kinds, what: "\(what) code", raw: key.code, readAs: "nothing")
        if position == 0 { firstEmptied = true }
        continue
      }
      guard
        let (found, foundKinds) = resolve(
          cleaned, changed: kinds != 0, table: table, folding: folding)
      else {
        keys.append(key)
        rows.append(0)
        continue
      }
      var spellings: [String] = []
      for (foundRow, spelling) in found {
        let stored = notes.store(spelling)
        let (low, high) = CodeTable.pack(stored)
        keys.append(CodeTable.Key(low: low, high: high, code: stored))
        rows.append(foundRow)
        spellings.append(String(decoding: spelling, as: UTF8.self))
      }
      notes.noteNormalised(
        kinds | foundKinds, what: found.count > 1 ? "\(what) codes" : "\(what) code",
        raw: key.code, readAs: spellings.joined(separator: "|"))
    }
    return firstEmptied
  }

  /// The rows and spellings of a cleaned entry: one code as it is (when cleaning changed
  /// it) or in the scheme's spelling, or several codes split at a separator when the
  /// scheme knows every one. `nil` when none of these reads it.
  private func resolve(_ code: [UInt8], changed: Bool, table: CodeTable, folding: CodeFolding)
    -> (codes: [(row: UInt32, spelling: [UInt8])], kinds: UInt16)?
  {
    if let one = resolveOne(code, changed: changed, table: table, folding: folding) {
      return ([(one.row, one.spelling)], one.kinds)
    }
    let parts = Self.splitCodeList(code)
    guard parts.count > 1 else { return nil }
    var found: [(row: UInt32, spelling: [UInt8])] = []
    var kinds = ValueNormalisation.codeList.bit
    for part in parts {
      guard let one = resolveOne(part, changed: true, table: table, folding: folding) else {
        return nil
      }
      found.append((one.row, one.spelling))
      kinds |= one.kinds
    }
    return (found, kinds)
  }

  /// One code: as it is, or the only code (the scheme's, or with `--map` a translation's
  /// `from` code) that reads the same in capitals.
  private func resolveOne(
    _ code: [UInt8], changed: Bool, table: CodeTable, folding: CodeFolding
  )
    -> (row: UInt32, spelling: [UInt8], kinds: UInt16)?
  {
    if changed {
      let row = code.withUnsafeBufferPointer { table.row(of: $0) }
      if row != 0 { return (row, code, 0) }
    }
    guard let found = code.withUnsafeBufferPointer({ folding.find($0) }) else { return nil }
    return (found.row, found.spelling, ValueNormalisation.codeCase.bit)
  }

  /// The parts of a code entry separated by `;`, `,`, `、`, spaces or tabs (full-width
  /// separators were made ASCII by cleaning), without empty parts.
  static func splitCodeList(_ code: [UInt8]) -> [[UInt8]] {
    var parts: [[UInt8]] = []
    var current: [UInt8] = []
    var index = 0
    while index < code.count {
      let byte = code[index]
      // 、 is E3 80 81.
      let isComma =
        byte == 0xE3 && index + 2 < code.count && code[index + 1] == 0x80
        && code[index + 2] == 0x81
      if byte == UInt8(ascii: ";") || byte == ASCII.comma || ASCII.isBlank(byte) || isComma {
        if !current.isEmpty { parts.append(current) }
        current.removeAll()
        index += isComma ? 3 : 1
        continue
      }
      current.append(byte)
      index += 1
    }
    if !current.isEmpty { parts.append(current) }
    return parts
  }
}
