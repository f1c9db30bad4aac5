/// The cases of one chunk of a grouped file as ``SettlementChunkReader`` reads them: plain
/// arrays, appended to without any width or page to look after, and emptied (keeping their
/// capacity) for the worker's next chunk. ``SettlementCases/append(_:ids:)`` moves them into
/// the store's narrow columns.
struct SettlementChunkCases: Sendable {
  /// The chunk's texts by id; id 0 is the empty text.
  var texts: [String] = [""]
  var hospitalID: [UInt32] = []
  var drgID: [UInt32] = []
  var adrgID: [UInt32] = []
  var statusID: [UInt32] = []
  var leavingID: [UInt32] = []
  var insuranceID: [UInt32] = []
  var diagnosisID: [UInt32] = []
  var procedureID: [UInt32] = []
  /// Total cost in yuan.
  var cost: [Double] = []
  /// ``SettlementCase/selfPayFen``.
  var selfPayFen: [Int64] = []
  /// Length of stay, admission and discharge day (`Int32.min`: none).
  var los: [Int32] = []
  var admit: [Int32] = []
  var discharge: [Int32] = []
  /// Case ids and patient ids back to back: case `i`'s case id runs from the end of case
  /// `i − 1`'s patient id to `caseIDEnd[i]`, its patient id from there to `patientEnd[i]`.
  var idBytes: [UInt8] = []
  var caseIDEnd: [Int] = []
  var patientEnd: [Int] = []
  /// Why a row could not be read, by position (status `invalid`); most chunks have none.
  var problems: [Int: String] = [:]

  /// No cases.
  init() {}

  /// The number of cases.
  var count: Int { cost.count }

  /// A day or a length of stay as held here (`Int32.min`: none, or beyond 4-byte days).
  @inline(__always)
  static func stored(_ value: Int?) -> Int32 {
    guard let value, value > Int(Int32.min), value <= Int(Int32.max) else { return .min }
    return Int32(value)
  }

  /// Empties the arrays, keeping their capacity.
  mutating func removeAll() {
    texts = [""]
    hospitalID.removeAll(keepingCapacity: true)
    drgID.removeAll(keepingCapacity: true)
    adrgID.removeAll(keepingCapacity: true)
    statusID.removeAll(keepingCapacity: true)
    leavingID.removeAll(keepingCapacity: true)
    insuranceID.removeAll(keepingCapacity: true)
    diagnosisID.removeAll(keepingCapacity: true)
    procedureID.removeAll(keepingCapacity: true)
    cost.removeAll(keepingCapacity: true)
    selfPayFen.removeAll(keepingCapacity: true)
    los.removeAll(keepingCapacity: true)
    admit.removeAll(keepingCapacity: true)
    discharge.removeAll(keepingCapacity: true)
    idBytes.removeAll(keepingCapacity: true)
    caseIDEnd.removeAll(keepingCapacity: true)
    patientEnd.removeAll(keepingCapacity: true)
    problems = [:]
  }
}
