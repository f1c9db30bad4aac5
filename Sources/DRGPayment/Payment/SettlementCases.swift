import DRGKit
import Foundation

/// The cases of a settlement held as columns (a struct of arrays), so that ten million cases
/// take about 90 bytes each instead of the 208 of an array of ``SettlementCase``.
///
/// Texts that many cases share (hospital ids, DRGs, ADRGs, statuses, leaving codes, insurance
/// kinds, first diagnoses and procedures) are held once and referred to by a 4-byte id; the
/// case and patient ids sit back to back in one byte block; costs, payments, days and dates
/// are plain numbers. Reading a position gives a ``SettlementCase`` built on the spot, so
/// every rule that prices a case sees the same values as before; the settlement's own sums
/// read the numeric columns directly.
public struct SettlementCases: Sendable, RandomAccessCollection {
  /// Positions from 0.
  public typealias Index = Int
  /// A case built from the columns.
  public typealias Element = SettlementCase

  /// The shared texts by id; id 0 is the empty text.
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
  /// Why a row could not be read, by position (status `invalid`); most files have none.
  var problems: [Int: String] = [:]

  /// No cases.
  public init() {}

  /// The cases of `cases`, in order.
  public init(_ cases: some Sequence<SettlementCase>) {
    var ids = Self.textIDs()
    func id(_ text: String) -> UInt32 { Self.id(of: text, in: &ids, texts: &texts) }
    for item in cases {
      let position = cost.count
      hospitalID.append(id(item.hospital))
      drgID.append(id(item.drg))
      adrgID.append(id(item.adrg))
      statusID.append(id(item.status))
      leavingID.append(id(item.leaving))
      insuranceID.append(id(item.insurance))
      diagnosisID.append(id(item.principalDiagnosis))
      procedureID.append(id(item.mainProcedure))
      cost.append(item.cost)
      selfPayFen.append(item.selfPayFen)
      los.append(Self.stored(item.los))
      admit.append(Self.stored(item.admitDay))
      discharge.append(Self.stored(item.dischargeDay))
      idBytes.append(contentsOf: item.caseID.utf8)
      caseIDEnd.append(idBytes.count)
      idBytes.append(contentsOf: item.patientID.utf8)
      patientEnd.append(idBytes.count)
      if !item.problem.isEmpty { problems[position] = item.problem }
    }
  }

  /// The first position, 0.
  public var startIndex: Int { 0 }
  /// The number of cases.
  public var endIndex: Int { cost.count }

  /// The case at `position`, built from the columns.
  public subscript(position: Int) -> SettlementCase {
    var item = SettlementCase()
    item.caseID = caseID(at: position)
    item.hospital = texts[Int(hospitalID[position])]
    item.drg = texts[Int(drgID[position])]
    item.adrg = texts[Int(adrgID[position])]
    item.status = texts[Int(statusID[position])]
    item.leaving = texts[Int(leavingID[position])]
    item.insurance = texts[Int(insuranceID[position])]
    item.principalDiagnosis = texts[Int(diagnosisID[position])]
    item.mainProcedure = texts[Int(procedureID[position])]
    item.patientID = patientID(at: position)
    item.cost = cost[position]
    item.selfPayFen = selfPayFen[position]
    item.los = Self.optional(los[position])
    item.admitDay = Self.optional(admit[position])
    item.dischargeDay = Self.optional(discharge[position])
    if !problems.isEmpty, let problem = problems[position] { item.problem = problem }
    return item
  }

  // MARK: Single fields, without building the whole case.

  /// The case id of the case at `position`.
  public func caseID(at position: Int) -> String {
    withCaseIDBytes(at: position) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the bytes of the case id at `position`.
  func withCaseIDBytes<R>(at position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let start = position == 0 ? 0 : patientEnd[position - 1]
    return idBytes.withUnsafeBufferPointer {
      body(UnsafeBufferPointer(rebasing: $0[start..<caseIDEnd[position]]))
    }
  }

  /// The patient id of the case at `position`.
  public func patientID(at position: Int) -> String {
    idBytes.withUnsafeBufferPointer {
      String(
        decoding: UnsafeBufferPointer(
          rebasing: $0[caseIDEnd[position]..<patientEnd[position]]), as: UTF8.self)
    }
  }

  /// The hospital id of the case at `position`.
  public func hospital(at position: Int) -> String { texts[Int(hospitalID[position])] }
  /// The DRG of the case at `position`.
  public func drg(at position: Int) -> String { texts[Int(drgID[position])] }
  /// The `insurance` column of the case at `position`.
  public func insurance(at position: Int) -> String { texts[Int(insuranceID[position])] }
  /// The total cost, yuan, of the case at `position`.
  @inline(__always)
  public func cost(at position: Int) -> Double { cost[position] }
  /// ``SettlementCase/selfPayFen`` of the case at `position`.
  @inline(__always)
  public func selfPayFen(at position: Int) -> Int64 { selfPayFen[position] }
  /// ``SettlementCase/patientFen`` of the case at `position`.
  @inline(__always)
  public func patientFen(at position: Int) -> Int64 { Swift.max(0, selfPayFen[position]) }
  /// The discharge day (days since 1970-01-01) of the case at `position`, or `nil`.
  @inline(__always)
  public func dischargeDay(at position: Int) -> Int? { Self.optional(discharge[position]) }

  /// The hospital ids of the cases, each once (by String equality), in order of first
  /// appearance.
  public var hospitals: [String] {
    var seen = [Bool](repeating: false, count: texts.count)
    var names = Set<String>()
    var result: [String] = []
    for id in hospitalID where !seen[Int(id)] {
      seen[Int(id)] = true
      if names.insert(texts[Int(id)]).inserted { result.append(texts[Int(id)]) }
    }
    return result
  }

  /// Bytes held per case by the columns (texts and the sparse problems left out).
  public var bytesPerCase: Int {
    guard !isEmpty else { return 0 }
    let fixed = 8 * 4 + 8 + 8 + 3 * 4 + 2 * 8
    return fixed + idBytes.count / count
  }

  @inline(__always)
  static func optional(_ value: Int32) -> Int? { value == .min ? nil : Int(value) }

  @inline(__always)
  static func stored(_ value: Int?) -> Int32 {
    guard let value, value > Int(Int32.min), value <= Int(Int32.max) else { return .min }
    return Int32(value)
  }
}

extension SettlementCases {
  /// The ids of the texts of a new store: the empty text is id 0. Texts are told apart by
  /// their bytes, so each case keeps its own spelling.
  static func textIDs() -> ByteInterner {
    var ids = ByteInterner(expectedCount: 4096)
    _ = ids.intern("")
    return ids
  }

  /// The id of `text` in `ids`, adding it to `ids` and `texts` when it is new.
  static func id(of text: String, in ids: inout ByteInterner, texts: inout [String]) -> UInt32 {
    let before = ids.count
    let id = ids.intern(text)
    if ids.count > before { texts.append(text) }
    return id
  }

  /// Appends the cases of `part` (as read from one chunk, with its own text ids), mapping
  /// its texts onto this store's; `ids` holds this store's id of every text it has
  /// (``textIDs()``).
  mutating func append(_ part: SettlementCases, ids: inout ByteInterner) {
    let remap = part.texts.map { Self.id(of: $0, in: &ids, texts: &texts) }
    let base = count
    let byteBase = idBytes.count
    remap.withUnsafeBufferPointer { remap in
      func map(_ column: [UInt32]) -> LazyMapSequence<[UInt32], UInt32> {
        column.lazy.map { remap[Int($0)] }
      }
      hospitalID.append(contentsOf: map(part.hospitalID))
      drgID.append(contentsOf: map(part.drgID))
      adrgID.append(contentsOf: map(part.adrgID))
      statusID.append(contentsOf: map(part.statusID))
      leavingID.append(contentsOf: map(part.leavingID))
      insuranceID.append(contentsOf: map(part.insuranceID))
      diagnosisID.append(contentsOf: map(part.diagnosisID))
      procedureID.append(contentsOf: map(part.procedureID))
    }
    cost.append(contentsOf: part.cost)
    selfPayFen.append(contentsOf: part.selfPayFen)
    los.append(contentsOf: part.los)
    admit.append(contentsOf: part.admit)
    discharge.append(contentsOf: part.discharge)
    idBytes.append(contentsOf: part.idBytes)
    caseIDEnd.append(contentsOf: part.caseIDEnd.lazy.map { $0 + byteBase })
    patientEnd.append(contentsOf: part.patientEnd.lazy.map { $0 + byteBase })
    for (position, problem) in part.problems { problems[base + position] = problem }
  }

  /// Empties the columns, keeping their capacity (for a reader's next chunk).
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

extension SettlementCases {
  /// The ADRG of the case at `position`.
  public func adrg(at position: Int) -> String { texts[Int(adrgID[position])] }
  /// The status of the case at `position`.
  public func status(at position: Int) -> String { texts[Int(statusID[position])] }
  /// The admission day (days since 1970-01-01) of the case at `position`, or `nil`.
  @inline(__always)
  public func admitDay(at position: Int) -> Int? { Self.optional(admit[position]) }

  /// Calls `body` with the bytes of the patient id at `position`.
  func withPatientIDBytes<R>(at position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    idBytes.withUnsafeBufferPointer {
      body(UnsafeBufferPointer(rebasing: $0[caseIDEnd[position]..<patientEnd[position]]))
    }
  }

  /// Whether the case at `position` has a patient id.
  @inline(__always)
  func hasPatientID(at position: Int) -> Bool { patientEnd[position] > caseIDEnd[position] }

  /// A hash of the patient id at `position` (equal ids, equal hashes).
  func patientIDHash(at position: Int) -> Int {
    withPatientIDBytes(at: position) { bytes in
      var hasher = Hasher()
      hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
      return hasher.finalize()
    }
  }

  /// Whether the cases at `first` and `second` have the same patient id.
  func samePatient(_ first: Int, _ second: Int) -> Bool {
    withPatientIDBytes(at: first) { left in
      withPatientIDBytes(at: second) { right in left.elementsEqual(right) }
    }
  }
}
