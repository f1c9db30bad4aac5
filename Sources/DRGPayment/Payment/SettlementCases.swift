import DRGKit
import Foundation

/// The cases of a settlement held as columns (a struct of arrays), in about 52 bytes a case
/// instead of the 208 of an array of ``SettlementCase``.
///
/// Texts that many cases share (hospital ids, DRGs, ADRGs, statuses, leaving codes, insurance
/// kinds, first diagnoses and procedures) are held once in ``texts`` and referred to by their
/// shared id; each column holds those ids in as few bytes as its own number of texts needs
/// (``TextIDColumn``). Every column grows by pages (``PagedColumn``), so none is held twice
/// (or three times while copying) as an array that doubles would be.
///
/// The budget, per case, for outputs byte for byte as before (10M cases of the CHS-DRG 1.1
/// synthetic file: 40 hospitals, 630 DRGs, 378 ADRGs, 3 statuses, 6 leaving codes,
/// 2 insurance kinds, 26,214 first diagnoses, 5,505 first procedures in 1M cases):
/// - text ids: hospital, status, leaving, insurance 1 byte each (≤ 256 texts in the column),
///   DRG, ADRG, diagnosis, procedure 2 each (≤ 65,536): 12 bytes;
/// - cost: 4 bytes of whole fen, when every cost reads back bit for bit from its fen (two
///   decimals, below 42.9M yuan), else 8 (``CaseCosts``);
/// - self pay: 4 bytes of fen (below 21.4M yuan, else 8); length of stay 2 bytes (below
///   32,767 days, else 8); admission and discharge day 2 bytes each as days from
///   2000-01-01 (1910-04-16 … 2089-09-17, else 8) (``NarrowNumbers``): 10 bytes;
/// - case id and patient id: their bytes and a 4-byte end each (``CaseByteTexts``): 9 + 4
///   bytes each for ids of 9 characters, 26 bytes.
///
/// That is 52 bytes a case. The case ids are kept, not read back from the input: `cases.csv`
/// writes every case, so every id is needed, in order, and a second pass would parse the
/// whole file again (twice the reading time), could not be made on standard input without
/// spooling it, nor by byte offset on a file transcoded from GB18030 as it is read; 13 bytes
/// a case is the smaller cost. Patient ids are needed for the readmission rule only, but
/// must be compared byte for byte (a hash alone could join two patients).
///
/// Reading a position gives a ``SettlementCase`` built on the spot, so every rule that
/// prices a case sees the same values as before; the settlement's own sums read the
/// numeric columns directly.
public struct SettlementCases: Sendable, RandomAccessCollection {
  /// Positions from 0.
  public typealias Index = Int
  /// A case built from the columns.
  public typealias Element = SettlementCase

  /// The shared texts by id; id 0 is the empty text.
  var texts: [String] = [""]
  var hospitalID = TextIDColumn()
  var drgID = TextIDColumn()
  var adrgID = TextIDColumn()
  var statusID = TextIDColumn()
  var leavingID = TextIDColumn()
  var insuranceID = TextIDColumn()
  var diagnosisID = TextIDColumn()
  var procedureID = TextIDColumn()
  /// Total cost in yuan.
  var cost = CaseCosts()
  /// ``SettlementCase/selfPayFen``.
  var selfPayFen = NarrowNumbers<Int32>()
  /// Length of stay, admission and discharge day (days since 1970-01-01).
  var los = NarrowNumbers<Int16>()
  var admit = NarrowNumbers<Int16>(origin: SettlementCases.dayOrigin)
  var discharge = NarrowNumbers<Int16>(origin: SettlementCases.dayOrigin)
  var caseIDs = CaseByteTexts()
  var patientIDs = CaseByteTexts()
  /// Why a row could not be read, by position (status `invalid`); most files have none.
  var problems: [Int: String] = [:]

  /// 2000-01-01 in days since 1970-01-01: the day stored as 0 (30 × 365 + 7 leap days).
  static let dayOrigin: Int64 = 10_957

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
      var caseID = item.caseID
      caseID.withUTF8 { caseIDs.append($0) }
      var patientID = item.patientID
      patientID.withUTF8 { patientIDs.append($0) }
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
    item.selfPayFen = selfPayFen(at: position)
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
  @inline(__always)
  func withCaseIDBytes<R>(at position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    caseIDs.withBytes(at: position, body)
  }

  /// The patient id of the case at `position`.
  public func patientID(at position: Int) -> String { patientIDs.string(at: position) }

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
  public func selfPayFen(at position: Int) -> Int64 { selfPayFen[position] ?? 0 }
  /// ``SettlementCase/patientFen`` of the case at `position`.
  @inline(__always)
  public func patientFen(at position: Int) -> Int64 { Swift.max(0, selfPayFen(at: position)) }
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

  /// Bytes held per case by the columns (texts, the sparse problems and the room of the
  /// last pages left out).
  public var bytesPerCase: Int {
    guard !isEmpty else { return 0 }
    let codes = [hospitalID, drgID, adrgID, statusID, leavingID, insuranceID, diagnosisID]
      .reduce(procedureID.width) { $0 + $1.width }
    let numbers = cost.width + selfPayFen.width + los.width + admit.width + discharge.width
    return codes + numbers + (caseIDs.bytesHeld + patientIDs.bytesHeld) / count
  }

  @inline(__always)
  static func optional(_ value: Int64?) -> Int? { value.map { Int($0) } }

  /// `value` as stored: a day or a length of stay of 2⁶³ or more in magnitude (which no
  /// parsed value reaches) is held as none.
  @inline(__always)
  static func stored(_ value: Int?) -> Int64? {
    guard let value, value != Int.min else { return nil }
    return Int64(value)
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
  mutating func append(_ part: SettlementChunkCases, ids: inout ByteInterner) {
    let remap = part.texts.map { Self.id(of: $0, in: &ids, texts: &texts) }
    let base = count
    remap.withUnsafeBufferPointer { remap in
      func append(_ column: inout TextIDColumn, _ ids: [UInt32]) {
        ids.withUnsafeBufferPointer { column.append(ids: $0, remap: remap) }
      }
      append(&hospitalID, part.hospitalID)
      append(&drgID, part.drgID)
      append(&adrgID, part.adrgID)
      append(&statusID, part.statusID)
      append(&leavingID, part.leavingID)
      append(&insuranceID, part.insuranceID)
      append(&diagnosisID, part.diagnosisID)
      append(&procedureID, part.procedureID)
    }
    part.cost.withUnsafeBufferPointer { cost.append(contentsOf: $0) }
    part.selfPayFen.withUnsafeBufferPointer { selfPayFen.append(contentsOf: $0, none: .min) }
    part.los.withUnsafeBufferPointer { los.append(contentsOf: $0, none: .min) }
    part.admit.withUnsafeBufferPointer { admit.append(contentsOf: $0, none: .min) }
    part.discharge.withUnsafeBufferPointer { discharge.append(contentsOf: $0, none: .min) }
    // Case `i`'s case id runs from the end of case `i − 1`'s patient id to its
    // `caseIDEnd`, its patient id from there to its `patientEnd`.
    part.idBytes.withUnsafeBufferPointer { bytes in
      part.caseIDEnd.withUnsafeBufferPointer { caseIDEnd in
        part.patientEnd.withUnsafeBufferPointer { patientEnd in
          caseIDs.append(part.count, of: bytes) {
            (start: $0 == 0 ? 0 : patientEnd[$0 - 1], end: caseIDEnd[$0])
          }
          patientIDs.append(part.count, of: bytes) { (start: caseIDEnd[$0], end: patientEnd[$0]) }
        }
      }
    }
    for (position, problem) in part.problems { problems[base + position] = problem }
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
  @inline(__always)
  func withPatientIDBytes<R>(at position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    patientIDs.withBytes(at: position, body)
  }

  /// Whether the case at `position` has a patient id.
  @inline(__always)
  func hasPatientID(at position: Int) -> Bool { !patientIDs.isEmpty(at: position) }

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
