/// Where the fields `drg audit` reads are in a grouped file, found by header name (the
/// canonical names of `drg group` and `drg synth`, or the Chinese export names).
struct AuditColumns: Sendable {
  var count: Int
  var caseID = -1
  var hospital = -1
  var patient = -1
  var admitDate = -1
  var dischargeDate = -1
  var status = -1
  var mdc = -1
  var adrg = -1
  var drg = -1
  var lengthOfStay = -1
  var department = -1
  /// `diagnoses` (principal first, `|`-separated) or a principal-diagnosis column.
  var principalDiagnosis = -1

  /// Names accepted for each field, compared after ``ColumnAliases/normalized(_:)``.
  static var names: [(field: WritableKeyPath<AuditColumns, Int>, names: [String])] {
    [
      (\.caseID, ["case_id"] + ColumnAliases.fields["case_id", default: []]),
      (\.hospital, ["hospital_id"] + ColumnAliases.fields["hospital_id", default: []]),
      (\.patient, ["patient_id", "患者编号", "个人编码", "医保编号", "身份证号", "证件号码"]),
      (\.admitDate, ["admit_date", "入院日期", "入院时间"]),
      (\.dischargeDate, ["discharge_date", "出院日期", "出院时间"]),
      (\.status, ["status"]),
      (\.mdc, ["mdc"]),
      (\.adrg, ["adrg"]),
      (\.drg, ["drg"]),
      (\.lengthOfStay, ["los"] + ColumnAliases.fields["los", default: []]),
      (\.department, ["dept"] + ColumnAliases.fields["dept", default: []]),
      (\.principalDiagnosis, ["diagnoses"] + ColumnAliases.principalDiagnosis),
    ]
  }

  /// Without an `adrg` column a DRG's ADRG is its code without the last character.
  /// - Throws: ``RecordError`` when the `drg` column is missing.
  init(header: [String], file: String) throws(RecordError) {
    let header = GroupedFileHeader(header, file: file)
    count = header.count
    for (field, names) in Self.names { self[keyPath: field] = try header.column(names) }
    guard drg >= 0 else {
      throw RecordError(
        file: file, line: 1,
        message:
          "header lacks the column drg that drg audit needs; give it the output of drg group (with hospital_id, patient_id, admit_date, discharge_date, los, status, adrg and drg)"
      )
    }
  }

  /// The columns a rule needs that the header lacks.
  func missing(for rule: AuditOptions.Rule, options: AuditOptions) -> [String] {
    var needs: [(Int, String)]
    switch rule {
    case .readmission:
      needs = [
        (patient, "patient_id"), (admitDate, "admit_date"), (dischargeDate, "discharge_date"),
      ]
      if options.relations.contains(.dx3) { needs.append((principalDiagnosis, "diagnoses")) }
      if options.relations.contains(.mdc) { needs.append((mdc, "mdc")) }
    case .upcoding: needs = [(hospital, "hospital_id")]
    case .longStay:
      needs = [(lengthOfStay, "los")]
      if !options.perDiemDepartments.isEmpty { needs.append((department, "dept")) }
    }
    return needs.filter { $0.0 < 0 }.map(\.1)
  }
}
