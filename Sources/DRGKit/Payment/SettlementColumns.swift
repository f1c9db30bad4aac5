/// Where the fields `drg settle` reads are in a grouped file, found by header name.
struct SettlementColumns: Sendable, Equatable {
  /// Columns every grouped file must have.
  static let required = ["hospital_id", "drg", "total_cost"]

  /// Number of columns in the header.
  var count: Int
  var caseID = -1
  var hospital = -1
  var drg = -1
  var cost = -1
  var status = -1
  var adrg = -1
  var leaving = -1
  var lengthOfStay = -1
  var insurance = -1
  var patient = -1
  var admitDate = -1
  var dischargeDate = -1
  var diagnoses = -1
  var procedures = -1

  /// Maps a header.
  /// - Throws: ``RecordError`` naming `file` when a required column is missing or a column
  ///   used appears twice.
  init(header: [String], file: String) throws(RecordError) {
    let header = GroupedFileHeader(header, file: file)
    count = header.count
    caseID = try header.column("case_id")
    hospital = try header.column("hospital_id")
    drg = try header.column(["drg"])
    cost = try header.column("total_cost")
    status = try header.column(["status"])
    adrg = try header.column(["adrg"])
    leaving = try header.column("leaving")
    lengthOfStay = try header.column("los")
    insurance = try header.column(["insurance"])
    patient = try header.column(["patient_id"])
    admitDate = try header.column("admit_date")
    dischargeDate = try header.column("discharge_date")
    diagnoses = try header.column(["diagnoses"])
    procedures = try header.column(["procedures"])
    let found = ["hospital_id": hospital, "drg": drg, "total_cost": cost]
    let missing = Self.required.filter { found[$0, default: -1] < 0 }
    guard missing.isEmpty else {
      throw RecordError(
        file: file, line: 1,
        message:
          "header lacks \(missing.joined(separator: ", ")); give drg settle the output of drg group"
      )
    }
  }
}
