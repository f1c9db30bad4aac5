/// One case of a file read as `drg group` reads it (``CaseFile/read(id:in:scheme:lookup:options:file:)``):
/// the same column layer and the same reading of values as exports write them.
public struct CaseReading: Sendable {
  /// How the header's columns fed the fields (for the column report).
  public var columns: ColumnResolution
  /// The case, with its codes as the grouper reads them (a normalised code in the scheme's
  /// spelling, a code still unknown as written), or `nil` when no row has the id.
  public var record: DischargeCase?
  /// The line the case is on (the header is line 1), or 0.
  public var line = 0
  /// What reading the row normalised or could not read, as in the `warnings` column of
  /// `drg group` (e.g. `age '67岁' read as 67 (unit removed)`); empty when the row read as
  /// written.
  public var notes = ""
  /// The normalisations by kind, as counted in the summary of `drg group`.
  public var normalised: [ValueNormalisation: Int] = [:]
  /// The fields whose value could not be read.
  public var unreadable: [CaseValueField] = []
}

extension CaseFile {
  /// The case with `case_id` equal to `id`, read as `drg group` reads it: columns by the
  /// one column layer (``ColumnResolution``, `options`), numbers, sex and 离院方式 as
  /// exports write them, and codes the scheme does not know as written folded, cleaned or
  /// split (``ExportValue``), so that it groups exactly as its row of `drg group` does;
  /// with `lookup` (``Scheme/translatingCodeLookup`` for `--map`) codes are read through it.
  ///
  /// - Throws: ``FileError`` when the file cannot be read; ``RecordError`` when its header
  ///   lacks `case_id` or a required column, or when the row with `id` cannot be read.
  public static func read(
    id: String, in path: String, scheme: Scheme, lookup: CodeLookup? = nil,
    options: ColumnOptions = ColumnOptions(), file: String? = nil
  ) throws -> CaseReading {
    let name = file ?? path
    let reader = try CSVChunkReader(path: path)
    try reader.checkHeader()
    let columns = try CaseColumns(header: reader.header, file: name, options: options)
    var reading = CaseReading(columns: columns.resolution)
    guard columns.caseID >= 0 else {
      throw RecordError(file: name, line: 1, message: "header has no case_id column (病案号)")
    }
    try reader.checkHasRows(name: name)
    var csv = CSVRecordParser()
    var cases = CaseRecordParser(columns: columns, scheme: scheme, lookup: lookup)
    while let chunk = try reader.nextChunk() {
      defer { chunk.release() }
      let bytes = chunk.view
      var records = chunk.records()
      while records.next(&csv) {
        guard csv.fields.count > columns.caseID,
          csv.string(columns.caseID, in: bytes).trimmingBlanks == id
        else { continue }
        if let problem = csv.problem(expectingFields: columns.count, line: records.line) {
          throw RecordError(
            file: name, line: records.line,
            message: "the row of case_id '\(id)' cannot be read: \(problem)")
        }
        read(id: id, line: records.line, csv: csv, bytes: bytes, cases: &cases, into: &reading)
        return reading
      }
    }
    return reading
  }

  /// The codes of a case given inline (`drg explain --dx … --proc …`) read exactly as
  /// ``read(id:in:scheme:lookup:options:file:)`` reads a file's `diagnoses` and
  /// `procedures` fields: entries separated by `|`, each trimmed, and a code the scheme
  /// does not know as written cleaned (full-width forms, invisible characters, Excel
  /// wrappers), folded to the scheme's spelling or split into codes it knows, every change
  /// noted. The record holds only the codes (its other fields empty); ``CaseReading/line``
  /// is 0.
  ///
  /// ```swift
  /// let reading = try CaseFile.read(diagnoses: "ｉ２１.０００|j96.000", procedures: "", scheme: scheme)
  /// reading.record?.diagnoses  // ["I21.000", "J96.000"], with two notes
  /// ```
  /// - Throws: ``RecordError`` as ``read(header:values:scheme:lookup:source:)``.
  public static func read(
    diagnoses: String, procedures: String, scheme: Scheme, lookup: CodeLookup? = nil
  ) throws(RecordError) -> CaseReading {
    try read(
      header: ["case_id", "sex", "age", "diagnoses", "procedures"],
      values: ["", "", "", diagnoses, procedures], scheme: scheme, lookup: lookup,
      source: "the command line")
  }

  /// One case given as field texts under column names (a `drg serve --stdio --json` line)
  /// read exactly as a file's row with that header is read: numbers, sex and 离院方式 as
  /// exports write them, codes cleaned, folded or split, every change noted. The case id
  /// is the `case_id` value; ``CaseReading/line`` is 0.
  /// - Throws: ``RecordError`` when the header lacks a required column (`sex`, `age`,
  ///   `diagnoses`) or the values cannot be put into one record.
  public static func read(
    header: [String], values: [String], scheme: Scheme, lookup: CodeLookup? = nil,
    source: String
  ) throws(RecordError) -> CaseReading {
    let columns = try CaseColumns(header: header, file: source, options: ColumnOptions())
    var reading = CaseReading(columns: columns.resolution)
    var row: [UInt8] = []
    for (index, value) in values.enumerated() {
      if index > 0 { row.append(ASCII.comma) }
      var value = value
      value.withUTF8 { CSVWriter.appendField($0, to: &row) }
    }
    row.append(ASCII.lf)
    var csv = CSVRecordParser()
    var cases = CaseRecordParser(columns: columns, scheme: scheme, lookup: lookup)
    let id = columns.caseID >= 0 && columns.caseID < values.count ? values[columns.caseID] : ""
    row.withUnsafeBufferPointer { bytes in
      guard csv.parse(bytes, from: 0, line: 1, isFinal: true) != nil, csv.problem == nil,
        csv.fields.count == columns.count
      else { return }
      read(
        id: id.trimmingBlanks, line: 0, csv: csv, bytes: bytes, cases: &cases, into: &reading)
    }
    guard reading.record != nil else {
      throw RecordError(
        file: source, line: 0,
        message: "the values cannot be read as one record of \(header.count) fields")
    }
    return reading
  }

  /// Fills `reading` with the case of the record `csv` (on `line`) and its notes.
  private static func read(
    id: String, line: Int, csv: borrowing CSVRecordParser, bytes: UnsafeBufferPointer<UInt8>,
    cases: inout CaseRecordParser, into reading: inout CaseReading
  ) {
    cases.parse(csv, in: bytes)
    reading.line = line
    reading.record = record(id: id, cases: cases, csv: csv, bytes: bytes)
    guard cases.hasNotes else { return }
    let notes = cases.notes
    reading.notes = String(decoding: notes.text, as: UTF8.self)
    for kind in ValueNormalisation.allCases where notes.counts[kind.rawValue] > 0 {
      reading.normalised[kind] = notes.counts[kind.rawValue]
    }
    reading.unreadable = CaseValueField.allCases.filter {
      notes.unreadable & (1 << UInt16($0.rawValue)) != 0
    }
  }

  /// The case `cases` read from the record of `csv`, in text form.
  private static func record(
    id: String, cases: CaseRecordParser, csv: borrowing CSVRecordParser,
    bytes: UnsafeBufferPointer<UInt8>
  ) -> DischargeCase {
    let fields = cases.fields
    func value(_ number: Double) -> Double? { number.isNaN ? nil : number }
    func codes(_ keys: ReusableBuffer<CodeTable.Key>) -> [String] {
      keys.elements.map { String(decoding: $0.code, as: UTF8.self) }
    }
    var diagnoses = codes(cases.diagnosisKeys)
    if cases.principalEmpty {
      // The grouper drops every diagnosis of a case without a principal one; an empty
      // first entry before the others makes the text form do the same.
      var others: [String] = []
      for column in cases.columns.diagnosisColumns {
        csv.withField(column, in: bytes) { field in
          CaseRecordParser.forEachCode(in: field) { code, _ in
            others.append(String(decoding: code, as: UTF8.self))
          }
        }
      }
      diagnoses = [""] + others
    }
    let department =
      cases.columns.department < 0
      ? nil : csv.string(cases.columns.department, in: bytes).trimmingBlanks
    return DischargeCase(
      id: id, sex: fields.sex.isNaN ? nil : Int(fields.sex), age: value(fields.age),
      ageDays: value(fields.ageDays),
      weight: fields.weightGiven ? (fields.weight.isNaN ? 0 : fields.weight) : nil,
      department: department?.isEmpty == true ? nil : department,
      lengthOfStay: value(fields.los), leaving: value(fields.leaving),
      icuHours: value(fields.icuHours), diagnoses: diagnoses,
      procedures: codes(cases.procedureKeys))
  }
}
