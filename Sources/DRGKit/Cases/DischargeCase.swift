/// One discharge record with text codes: the convenient form for programs that group a
/// few cases at a time. Batch work goes through ``CaseRecordParser`` instead.
public struct DischargeCase: Sendable, Equatable {
  /// The case's id (`case_id`); may be empty.
  public var id: String
  /// 1 male, 2 female.
  public var sex: Int?
  /// Whole years.
  public var age: Double?
  /// Age in days, for newborns.
  public var ageDays: Double?
  /// Birth weight in grams (0 = unknown).
  public var weight: Double?
  /// The discharging department's code.
  public var department: String?
  /// Length of stay in days.
  public var lengthOfStay: Double?
  /// Discharge disposition (离院方式): 1 doctor's order … 5 death, 9 other.
  public var leaving: Double?
  /// Hours in intensive care.
  public var icuHours: Double?
  /// Principal diagnosis first.
  public var diagnoses: [String]
  /// Main procedure first.
  public var procedures: [String]

  /// A case from its values; only sex, age and the diagnoses are required to group it.
  public init(
    id: String = "", sex: Int?, age: Double?, ageDays: Double? = nil, weight: Double? = nil,
    department: String? = nil, lengthOfStay: Double? = nil, leaving: Double? = nil,
    icuHours: Double? = nil, diagnoses: [String], procedures: [String] = []
  ) {
    self.id = id
    self.sex = sex
    self.age = age
    self.ageDays = ageDays
    self.weight = weight
    self.department = department
    self.lengthOfStay = lengthOfStay
    self.leaving = leaving
    self.icuHours = icuHours
    self.diagnoses = diagnoses
    self.procedures = procedures
  }
}

extension Scheme {
  /// The engine's form of a case's fields.
  public func fields(of record: DischargeCase) -> CaseFields {
    var fields = CaseFields()
    if let sex = record.sex, sex == 1 || sex == 2 { fields.sex = Double(sex) }
    fields.age = record.age ?? .nan
    fields.ageDays = record.ageDays ?? .nan
    fields.weightGiven = record.weight != nil
    fields.weight = (record.weight ?? 0) > 0 ? record.weight! : .nan
    fields.los = record.lengthOfStay ?? .nan
    fields.leaving = record.leaving ?? .nan
    fields.icuHours = record.icuHours ?? .nan
    if var department = record.department {
      // Trimmed in place: no trimmed copy of the text per case.
      department.withUTF8 { bytes in
        let trimmed = bytes.trimmingBlanks()
        if !trimmed.isEmpty { fields.department = self.department(of: trimmed) }
      }
    }
    return fields
  }

  /// The department id used by rules for a department code.
  @inline(__always)
  func department(of bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let id = departments.lookup(bytes)
    return id == ByteInterner.notFound ? CaseFields.otherDepartment : id
  }
}

extension String {
  /// The text without leading or trailing spaces and tabs.
  package var trimmingBlanks: String {
    var text = self
    return text.withUTF8 { String(decoding: $0.trimmingBlanks(), as: UTF8.self) }
  }
}
