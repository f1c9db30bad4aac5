/// The bytes `drg group` appends to each row, prepared once per scheme so that writing a
/// result is a copy: `,status,mdc,adrg,drg,drg_name,reason`. The `warnings` column of the
/// validation edits follows; ``ChunkGrouper`` writes it.
struct OutputColumns: Sendable {
  /// Names of the appended columns.
  static let names = ["status", "mdc", "adrg", "drg", "drg_name", "reason", "warnings"]

  /// Every outcome's columns, one after another, in the order of ``entry(for:)``: by DRG
  /// index, grouped without a DRG by ADRG index, ambiguous by ADRG index, ungroupable,
  /// invalid by ``InputProblem`` raw value. One block, not an array per outcome: a row
  /// then copies its columns without retaining and releasing an array.
  private let texts: FlatTexts
  private let drgCount: Int32
  private let adrgCount: Int32

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
    var entries: [[UInt8]] = []
    for (index, drg) in scheme.drgs.enumerated() {
      var result = GroupingResult(status: .grouped)
      result.mdc = Int32(scheme.adrgs[drg.adrg].mdc)
      result.adrg = Int32(drg.adrg)
      result.drg = Int32(index)
      entries.append(columns(scheme.outcome(result)))
    }
    var ambiguous: [[UInt8]] = []
    for (index, adrg) in scheme.adrgs.enumerated() {
      var result = GroupingResult(status: .grouped)
      result.mdc = Int32(adrg.mdc)
      result.adrg = Int32(index)
      entries.append(columns(scheme.outcome(result)))
      result.status = .ambiguous
      ambiguous.append(adrg.isAmbiguous ? columns(scheme.outcome(result)) : [])
    }
    entries += ambiguous
    entries.append(columns(scheme.outcome(GroupingResult(status: .ungroupable))))
    for problem in InputProblem.allCases {
      var result = GroupingResult(status: .invalid)
      result.problem = problem
      entries.append(columns(scheme.outcome(result)))
    }
    texts = FlatTexts(entries)
    drgCount = Int32(scheme.drgs.count)
    adrgCount = Int32(scheme.adrgs.count)
  }

  /// The index in ``texts`` of the columns for `result`.
  @inline(__always)
  private func entry(for result: GroupingResult) -> Int32 {
    switch result.status {
    case .grouped: result.drg >= 0 ? result.drg : drgCount &+ result.adrg
    case .ambiguous: drgCount &+ adrgCount &+ result.adrg
    case .ungroupable: drgCount &+ 2 &* adrgCount
    case .invalid: drgCount &+ 2 &* adrgCount &+ 1 &+ Int32(result.problem?.rawValue ?? 0)
    }
  }

  /// Appends the columns for `result`.
  @inline(__always)
  func append(_ result: GroupingResult, to buffer: inout [UInt8]) {
    buffer.append(contentsOf: texts[Int(entry(for: result))])
  }

  /// Appends the columns for `result` to a row being staged (see ``ChunkGrouper``).
  @inline(__always)
  func append(_ result: GroupingResult, to buffer: ReusableBuffer<UInt8>) {
    buffer.append(contentsOf: texts[Int(entry(for: result))])
  }

  /// Appends the columns of a row that could not be read (with empty warnings).
  static func appendUnreadable(reason: String, to buffer: inout [UInt8]) {
    buffer.append(contentsOf: Array(",invalid,,,,,".utf8))
    var reason = reason
    reason.withUTF8 { CSVWriter.appendField($0, to: &buffer) }
    buffer.append(ASCII.comma)
  }
}
