/// Where the fields `drg weights` reads are in a grouped file, found by header name.
struct WeightsColumns: Sendable, Equatable {
  /// Columns every grouped file must have.
  static let required = ["drg", "total_cost", "los"]

  /// Number of columns in the header.
  var count: Int
  var status = -1
  var drg = -1
  var name = -1
  var adrg = -1
  var cost = -1
  var lengthOfStay = -1
  /// An integer year column.
  var year = -1
  /// A `YYYY-MM-DD` date column, used for the year when there is no `year` column.
  var dischargeDate = -1

  /// Maps a header.
  /// - Throws: ``RecordError`` naming `file` and the column when a required column is
  ///   missing (`adrg` with ADRG borrowing, `year` or `discharge_date` with year weights) or
  ///   a column used appears twice.
  init(header: [String], file: String, options: WeightsOptions) throws(RecordError) {
    let header = GroupedFileHeader(header, file: file)
    count = header.count
    status = try header.column(["status"])
    drg = try header.column(["drg"])
    name = try header.column(["drg_name"])
    adrg = try header.column(["adrg"])
    cost = try header.column("total_cost")
    lengthOfStay = try header.column("los")
    year = try header.column(["year"])
    dischargeDate = try header.column("discharge_date")
    let found = ["drg": drg, "total_cost": cost, "los": lengthOfStay]
    var missing = Self.required.filter { found[$0, default: -1] < 0 }
    if options.borrowFromADRG && adrg < 0 { missing.append("adrg") }
    guard missing.isEmpty else {
      throw RecordError(
        file: file, line: 1,
        message:
          "header lacks the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) that drg weights needs; give it the output of drg group (columns drg, total_cost, los, and status)"
      )
    }
    if options.yearWeights != nil && year < 0 && dischargeDate < 0 {
      throw RecordError(
        file: file, line: 1,
        message:
          "header lacks a year column: --year-weights needs a 'year' column (e.g. 2023) or a 'discharge_date' column (YYYY-MM-DD)"
      )
    }
  }
}
