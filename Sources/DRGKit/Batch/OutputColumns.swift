/// The bytes `drg group` appends to each row, prepared once per scheme so that writing a
/// result is a copy: `,status,mdc,adrg,drg,drg_name,reason`. The `warnings` column of the
/// validation edits follows; ``ChunkGrouper`` writes it.
struct OutputColumns: Sendable {
  /// Names of the appended columns.
  static let names = ["status", "mdc", "adrg", "drg", "drg_name", "reason", "warnings"]

  private var grouped: [[UInt8]] = []  // by DRG index
  private var groupedWithoutDRG: [[UInt8]] = []  // by ADRG index
  private var ambiguous: [[UInt8]] = []  // by ADRG index
  private var ungroupable: [UInt8] = []
  private var invalid: [[UInt8]] = []  // by InputProblem raw value

  init(scheme: Scheme) {
    func columns(_ outcome: GroupingOutcome) -> [UInt8] {
      var bytes: [UInt8] = []
      for field in [
        outcome.status.description, outcome.mdc, outcome.adrg, outcome.drg, outcome.drgName,
        outcome.reason,
      ] {
        bytes.append(ASCII.comma)
        var field = field
        field.withUTF8 { CSVWriter.appendField($0, to: &bytes) }
      }
      return bytes
    }
    for (index, drg) in scheme.drgs.enumerated() {
      var result = GroupingResult(status: .grouped)
      result.mdc = Int32(scheme.adrgs[drg.adrg].mdc)
      result.adrg = Int32(drg.adrg)
      result.drg = Int32(index)
      grouped.append(columns(scheme.outcome(result)))
    }
    for (index, adrg) in scheme.adrgs.enumerated() {
      var result = GroupingResult(status: .grouped)
      result.mdc = Int32(adrg.mdc)
      result.adrg = Int32(index)
      groupedWithoutDRG.append(columns(scheme.outcome(result)))
      result.status = .ambiguous
      ambiguous.append(adrg.isAmbiguous ? columns(scheme.outcome(result)) : [])
    }
    ungroupable = columns(scheme.outcome(GroupingResult(status: .ungroupable)))
    for problem in InputProblem.allCases {
      var result = GroupingResult(status: .invalid)
      result.problem = problem
      invalid.append(columns(scheme.outcome(result)))
    }
  }

  /// Appends the columns for `result`.
  @inline(__always)
  func append(_ result: GroupingResult, to buffer: inout [UInt8]) {
    switch result.status {
    case .grouped:
      buffer.append(
        contentsOf: result.drg >= 0
          ? grouped[Int(result.drg)] : groupedWithoutDRG[Int(result.adrg)])
    case .ambiguous: buffer.append(contentsOf: ambiguous[Int(result.adrg)])
    case .ungroupable: buffer.append(contentsOf: ungroupable)
    case .invalid: buffer.append(contentsOf: invalid[Int(result.problem?.rawValue ?? 0)])
    }
  }

  /// Appends the columns of a row that could not be read (with empty warnings).
  static func appendUnreadable(reason: String, to buffer: inout [UInt8]) {
    buffer.append(contentsOf: Array(",invalid,,,,,".utf8))
    var reason = reason
    reason.withUTF8 { CSVWriter.appendField($0, to: &buffer) }
    buffer.append(ASCII.comma)
  }
}
