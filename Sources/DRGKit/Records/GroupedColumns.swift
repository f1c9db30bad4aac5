/// Where the fields are in a grouped file (the output of `drg group`, or any case file with
/// a `drg` column): the one reader of grouped-file headers for `weights`, `settle`,
/// `compare`, `audit` and any later command, built on ``ColumnResolution`` so that every
/// command accepts the same names, the same `--columns` map and `--ignore-column`.
///
/// A field the header lacks is -1. ``diagnoses`` and ``procedures`` are the principal
/// (main) column: the first code of that field is the principal diagnosis.
package struct GroupedColumns: Sendable, Equatable {
  /// Number of columns in the header.
  package var count: Int
  /// Column of the case id.
  package var caseID = -1
  /// Column of the hospital id.
  package var hospital = -1
  /// Column of the patient id.
  package var patient = -1
  /// Column of the insurance type (pool selection).
  package var insurance = -1
  /// Column of the grouping status.
  package var status = -1
  /// Column of the MDC code.
  package var mdc = -1
  /// Column of the ADRG code.
  package var adrg = -1
  /// Column of the DRG code.
  package var drg = -1
  /// Column of the DRG name.
  package var drgName = -1
  /// Column of the total cost (yuan).
  package var cost = -1
  /// Column of the length of stay (days).
  package var lengthOfStay = -1
  /// Column of the discharge disposition.
  package var leaving = -1
  /// Column of the department.
  package var department = -1
  /// Column of the admission date.
  package var admitDate = -1
  /// Column of the discharge date.
  package var dischargeDate = -1
  /// Column of the year (for year weights).
  package var year = -1
  /// The principal-diagnosis column (`diagnoses`, `主要诊断编码`, …).
  package var diagnoses = -1
  /// The main-procedure column.
  package var procedures = -1
  /// What the patient paid (`self_pay`), for the fund / patient split of `drg settle`.
  package var selfPay = -1
  /// How every field was found, for the column report.
  package var resolution: ColumnResolution

  /// Maps a header.
  /// - Parameters:
  ///   - command: the command reading the file, for messages (`drg settle`).
  ///   - required: fields without which the command cannot read the file at all.
  ///   - requirements: rules the caller was asked to apply, and the columns each needs.
  /// - Throws: ``RecordError`` naming `file`: a required field or a rule's column is
  ///   missing, or the header is ambiguous (``ColumnResolution``).
  package init(
    header: [String], file: String, options: ColumnOptions = ColumnOptions(), command: String,
    required: [ColumnField], requirements: [ColumnRequirement] = []
  ) throws(RecordError) {
    let columns = try ColumnResolution(header: header, file: file, options: options)
    resolution = columns
    count = columns.count
    caseID = columns[.caseID]
    hospital = columns[.hospitalID]
    patient = columns[.patientID]
    insurance = columns[.insurance]
    status = columns[.status]
    mdc = columns[.mdc]
    adrg = columns[.adrg]
    drg = columns[.drg]
    drgName = columns[.drgName]
    cost = columns[.totalCost]
    lengthOfStay = columns[.los]
    leaving = columns[.leaving]
    department = columns[.dept]
    admitDate = columns[.admitDate]
    dischargeDate = columns[.dischargeDate]
    year = columns[.year]
    diagnoses = columns[.diagnoses]
    procedures = columns[.procedures]
    selfPay = columns[.selfPay]
    let missing = required.filter { columns.columns(of: $0).isEmpty }
    guard missing.isEmpty else {
      let names = missing.map(\.rawValue)
      throw RecordError(
        file: file, line: 1,
        message:
          "header lacks the column\(names.count > 1 ? "s" : "") \(names.joined(separator: ", ")) that \(command) needs; give it the output of drg group (or name the column\(names.count > 1 ? "s" : "") with --columns)"
      )
    }
    for requirement in requirements {
      let lacking = requirement.missing(in: columns)
      if !lacking.isEmpty { throw requirement.error(missing: lacking, file: file) }
    }
  }
}
