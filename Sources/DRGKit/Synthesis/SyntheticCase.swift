/// One synthetic case while it is made: fields as whole numbers (-1 for missing), codes as
/// scheme rows. Reused from case to case, so making a case allocates nothing.
struct SyntheticCase: Sendable {
  var sex = 1
  var age = 40
  var ageDays = -1
  var weight = -1
  /// Position in ``DepartmentTable``, or -1.
  var department = -1
  var los = 1
  var leaving = 1
  var icuHours = -1
  /// Principal diagnosis first.
  var diagnoses: [UInt32] = []
  /// Main procedure first.
  var procedures: [UInt32] = []

  init() {
    diagnoses.reserveCapacity(32)
    procedures.reserveCapacity(16)
  }

  /// The engine's form of the fields.
  func fields(departments: DepartmentTable) -> CaseFields {
    var fields = CaseFields()
    if sex == 1 || sex == 2 { fields.sex = Double(sex) }
    if age >= 0 { fields.age = Double(age) }
    if ageDays >= 0 { fields.ageDays = Double(ageDays) }
    fields.weightGiven = weight >= 0
    if weight > 0 { fields.weight = Double(weight) }
    fields.los = Double(los)
    fields.leaving = Double(leaving)
    if icuHours >= 0 { fields.icuHours = Double(icuHours) }
    if department >= 0 { fields.department = departments.schemeIDs[department] }
    return fields
  }

  /// Groups the case with the real engine.
  func group(in scheme: Scheme, departments: DepartmentTable) -> GroupingResult {
    let fields = self.fields(departments: departments)
    return diagnoses.withUnsafeBufferPointer { dx in
      procedures.withUnsafeBufferPointer { px in
        scheme.group(fields, CaseCodes(diagnoses: dx, procedures: px))
      }
    }
  }
}
