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
    count = header.count
    var seen: [String: Int] = [:]
    for (index, raw) in header.enumerated() {
      let name = raw.trimmingBlanks.lowercased()
      let slot: WritableKeyPath<SettlementColumns, Int>
      switch name {
      case "case_id": slot = \.caseID
      case "hospital_id": slot = \.hospital
      case "drg": slot = \.drg
      case "total_cost": slot = \.cost
      case "status": slot = \.status
      case "adrg": slot = \.adrg
      case "leaving": slot = \.leaving
      case "los": slot = \.lengthOfStay
      case "insurance": slot = \.insurance
      case "patient_id": slot = \.patient
      case "admit_date": slot = \.admitDate
      case "discharge_date": slot = \.dischargeDate
      case "diagnoses": slot = \.diagnoses
      case "procedures": slot = \.procedures
      default: continue
      }
      if let first = seen[name] {
        throw RecordError(
          file: file, line: 1,
          message:
            "column '\(name)' appears twice in the header (columns \(first + 1) and \(index + 1))")
      }
      seen[name] = index
      self[keyPath: slot] = index
    }
    let missing = Self.required.filter { seen[$0] == nil }
    guard missing.isEmpty else {
      throw RecordError(
        file: file, line: 1,
        message:
          "header lacks \(missing.joined(separator: ", ")); give drg settle the output of drg group"
      )
    }
  }
}
