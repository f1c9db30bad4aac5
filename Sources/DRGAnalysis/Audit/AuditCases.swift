@_spi(DRGPackage) import DRGKit
import DRGPayment

/// The grouped cases `drg audit` keeps, as paged columns of integers: 36 bytes a case
/// whatever the width of the rows (37 with `--per-diem-dept`), and no string per case. Codes
/// are integer ids into the name tables; the case and patient identifiers are read again,
/// for flagged cases only, by line number. The columns grow by pages (``PagedColumn``), so
/// that ten million cases take 360 MB and not the up to twice as much of doubling arrays.
public struct AuditCases: Sendable {
  /// Hospital names, by hospital id.
  public var hospitalNames: [String] { hospitalIndex.names }
  /// DRG codes, by DRG id.
  public var drgCodes: [String] { drgIndex.names }
  /// ADRG of each DRG (from its first row), by DRG id; an ADRG id.
  public private(set) var drgADRG: [Int32] = []
  /// MDC of each DRG (from its first row), by DRG id; an MDC id.
  public private(set) var drgMDC: [Int32] = []
  /// ADRG codes, by ADRG id.
  public var adrgCodes: [String] { adrgIndex.names }
  /// MDC codes, by MDC id.
  public var mdcCodes: [String] { mdcIndex.names }

  /// Line of each case in the input (the line its record starts on).
  private(set) var lines = PagedColumn<UInt32>()
  /// Hospital id of each case; ``noHospital`` when the field is empty or absent.
  private(set) var hospitals = PagedColumn<UInt32>()
  /// DRG id of each case.
  private(set) var drgs = PagedColumn<Int32>()
  /// Length of stay in days; NaN when missing or unreadable.
  private(set) var lengthsOfStay = PagedColumn<Float>()
  /// 64-bit hash of the patient id; 0 when there is none (the ids of flagged pairs are
  /// compared again as text, so a hash collision cannot make a flag).
  private(set) var patients = PagedColumn<UInt64>()
  /// Admission and discharge day numbers (days since 1970-01-01); ``noDate`` when the
  /// case has no usable pair of dates.
  private(set) var admissions = PagedColumn<Int32>()
  private(set) var discharges = PagedColumn<Int32>()
  /// The first three characters of the principal diagnosis packed in 24 bits; 0 when none.
  private(set) var diagnosisCategories = PagedColumn<UInt32>()
  /// Whether each case is in a chosen per-diem department; empty while every case is (no
  /// `--per-diem-dept`, or none outside them yet), see ``isInPerDiemDepartment(_:)``.
  private var inPerDiemDepartment = PagedColumn<Bool>()

  /// The hospital id of a case whose `hospital_id` is empty or absent.
  public static let noHospital = UInt32.max
  /// The day number of a case without a usable pair of dates.
  public static let noDate = Int32.min

  private var hospitalIndex = NameIndex()
  private var drgIndex = NameIndex()
  private var adrgIndex = NameIndex()
  private var mdcIndex = NameIndex()

  /// No cases; ``FileAudit`` fills one from a file.
  public init() {}

  /// Number of cases.
  public var count: Int { lines.count }

  /// The id of hospital `name`, added when new.
  public mutating func hospital(_ name: String) -> UInt32 { UInt32(hospitalIndex.id(name)) }

  /// The id of DRG `code`, added when new with `adrg` and `mdc` as its ADRG and MDC.
  public mutating func drg(_ code: String, adrg: String, mdc: String) -> Int32 {
    if let index = drgIndex.existingID(code) { return Int32(index) }
    let index = Int32(drgIndex.id(code))
    drgADRG.append(Int32(adrgIndex.id(adrg)))
    drgMDC.append(Int32(mdcIndex.id(mdc)))
    return index
  }

  /// The id of ADRG `code`, or `nil` when no case has it.
  public func adrgID(_ code: String) -> Int32? { adrgIndex.existingID(code).map(Int32.init) }

  /// The name of hospital `id` (empty for ``noHospital``).
  public func hospitalName(_ id: UInt32) -> String {
    id == Self.noHospital ? "" : hospitalNames[Int(id)]
  }

  /// The ADRG code of DRG `drg` (an id).
  func adrg(ofDRG drg: Int32) -> String { adrgCodes[Int(drgADRG[Int(drg)])] }

  /// Whether case `index` is in a chosen per-diem department (always without
  /// `--per-diem-dept`).
  @inline(__always)
  func isInPerDiemDepartment(_ index: Int) -> Bool {
    inPerDiemDepartment.isEmpty || inPerDiemDepartment[index]
  }

  /// Appends one case (the convenient path, for tests and small inputs).
  public mutating func append(
    line: Int, hospital: String?, drg code: String, adrg: String, mdc: String = "",
    lengthOfStay: Double?, patient: String? = nil, admitted: String? = nil,
    discharged: String? = nil, principalDiagnosis: String? = nil, inPerDiemDepartment: Bool = true
  ) {
    let admission = admitted.flatMap { AuditDate.dayNumber($0) }
    let discharge = discharged.flatMap { AuditDate.dayNumber($0) }
    let dated = admission != nil && discharge != nil
    var patientHash: UInt64 = 0
    if let patient, !patient.isEmpty {
      var text = patient
      patientHash = text.withUTF8 { AuditHashing.patient($0) }
    }
    var category: UInt32 = 0
    if let principalDiagnosis {
      var text = principalDiagnosis
      category = text.withUTF8 { AuditHashing.diagnosisCategory($0) }
    }
    append(
      line: UInt32(line), hospital: hospital.map { self.hospital($0) } ?? Self.noHospital,
      drg: drg(code, adrg: adrg, mdc: mdc), lengthOfStay: lengthOfStay.map { Float($0) } ?? .nan,
      patient: patientHash, admission: dated ? admission! : Self.noDate,
      discharge: dated ? discharge! : Self.noDate, category: category,
      inPerDiemDepartment: inPerDiemDepartment)
  }

  @inline(__always)
  mutating func append(
    line: UInt32, hospital: UInt32, drg: Int32, lengthOfStay: Float, patient: UInt64,
    admission: Int32, discharge: Int32, category: UInt32, inPerDiemDepartment: Bool
  ) {
    if !self.inPerDiemDepartment.isEmpty {
      self.inPerDiemDepartment.append(inPerDiemDepartment)
    } else if !inPerDiemDepartment {
      // The first case outside the departments: the cases before it were all inside.
      for _ in 0..<count { self.inPerDiemDepartment.append(true) }
      self.inPerDiemDepartment.append(false)
    }
    lines.append(line)
    hospitals.append(hospital)
    drgs.append(drg)
    lengthsOfStay.append(lengthOfStay)
    patients.append(patient)
    admissions.append(admission)
    discharges.append(discharge)
    diagnosisCategories.append(category)
  }

  /// Removes the cases and keeps the name tables; with `keepingCapacity` (a chunk's cases,
  /// refilled next) the first page of each column stays allocated.
  mutating func removeAllCases(keepingCapacity: Bool = true) {
    lines.removeAll(keepingCapacity: keepingCapacity)
    hospitals.removeAll(keepingCapacity: keepingCapacity)
    drgs.removeAll(keepingCapacity: keepingCapacity)
    lengthsOfStay.removeAll(keepingCapacity: keepingCapacity)
    patients.removeAll(keepingCapacity: keepingCapacity)
    admissions.removeAll(keepingCapacity: keepingCapacity)
    discharges.removeAll(keepingCapacity: keepingCapacity)
    diagnosisCategories.removeAll(keepingCapacity: keepingCapacity)
    inPerDiemDepartment.removeAll(keepingCapacity: keepingCapacity)
  }
}

/// The hashes and packed keys of the audit's per-case records.
enum AuditHashing {
  /// FNV-1a 64 of the trimmed bytes; 0 only for an empty field.
  @inline(__always)
  static func patient(_ raw: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let bytes = raw.trimmingBlanks()
    guard !bytes.isEmpty else { return 0 }
    var hash: UInt64 = 14_695_981_039_346_656_037
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
    return hash == 0 ? 1 : hash
  }

  /// The first three bytes of the first `|`-separated code, upper-cased, packed in 24 bits;
  /// 0 when the code is shorter.
  @inline(__always)
  static func diagnosisCategory(_ raw: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let bytes = raw.trimmingBlanks()
    guard bytes.count >= 3 else { return 0 }
    var key: UInt32 = 0
    for index in 0..<3 {
      var byte = bytes[index]
      guard byte != ASCII.pipe, byte != ASCII.space else { return 0 }
      if byte >= 0x61 && byte <= 0x7A { byte -= 0x20 }
      key = key << 8 | UInt32(byte)
    }
    return key
  }

  /// The packed category as text (for reasons).
  static func categoryText(_ key: UInt32) -> String {
    String(
      decoding: [UInt8(key >> 16 & 0xFF), UInt8(key >> 8 & 0xFF), UInt8(key & 0xFF)], as: UTF8.self)
  }
}
