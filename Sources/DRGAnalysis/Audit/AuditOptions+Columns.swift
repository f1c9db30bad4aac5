@_spi(DRGPackage) import DRGKit
import DRGPayment

extension AuditOptions {
  /// The columns each chosen rule reads: a rule asked for whose column is missing stops the
  /// run (``ColumnRequirement``) instead of being skipped.
  public var columnRequirements: [ColumnRequirement] {
    let others = Rule.allCases.filter { rules.contains($0) }
    func remedy(_ rule: Rule) -> String {
      let rest = others.filter { $0 != rule }.map(\.rawValue)
      return rest.isEmpty
        ? "audit another file" : "leave the rule out with --rules \(rest.joined(separator: ","))"
    }
    var requirements: [ColumnRequirement] = []
    for rule in others {
      var fields: [ColumnField]
      switch rule {
      case .readmission:
        fields = [.patientID, .admitDate, .dischargeDate]
        if relations.contains(.dx3) { fields.append(.diagnoses) }
        if relations.contains(.mdc) { fields.append(.mdc) }
      case .upcoding: fields = [.hospitalID]
      case .longStay:
        fields = [.los]
        if !perDiemDepartments.isEmpty { fields.append(.dept) }
      }
      requirements.append(
        ColumnRequirement(rule: "rule \(rule.rawValue)", fields: fields, remedy: remedy(rule)))
    }
    return requirements
  }
}
