import DRGKit

extension SettlementPolicy {
  /// The columns the policy's rules read from the grouped file: a rule that is on but
  /// whose column is missing stops `drg settle` (``ColumnRequirement``) instead of
  /// silently changing no case.
  /// - Parameter monthly: whether months are settled too (`--period month`).
  public func columnRequirements(monthly: Bool) -> [ColumnRequirement] {
    var requirements: [ColumnRequirement] = []
    let choosing = pools.filter { !$0.insurance.isEmpty }.map(\.name)
    if !choosing.isEmpty {
      requirements.append(
        ColumnRequirement(
          rule: "the insurance pools of policy '\(name)' (\(choosing.joined(separator: ", ")))",
          fields: [.insurance],
          remedy: "give one pool without an \"insurance\" list in \"pools\""))
    }
    if readmission.enabled {
      requirements.append(
        ColumnRequirement(
          rule: "the readmission rule of policy '\(name)'",
          fields: [.patientID, .admitDate, .dischargeDate],
          remedy: "turn it off with \"readmission\": {\"enabled\": false}"))
    }
    for disease in singleDisease {
      var fields: [ColumnField] = []
      if !disease.diagnoses.isEmpty { fields.append(.diagnoses) }
      if !disease.procedures.isEmpty { fields.append(.procedures) }
      guard !fields.isEmpty else { continue }
      requirements.append(
        ColumnRequirement(
          rule: "single disease '\(disease.name)' of policy '\(name)' (by diagnosis or procedure)",
          fields: fields,
          remedy: "define it by \"drgs\" or \"adrgs\" instead"))
    }
    requirements += caseRuleColumnRequirements()
    if let year {
      requirements.append(
        ColumnRequirement(
          rule: "the settlement year \(year) of policy '\(name)'", fields: [.dischargeDate],
          remedy: "remove \"year\" from the policy"))
    }
    if monthly {
      requirements.append(
        ColumnRequirement(
          rule: "monthly settlement (--period month)", fields: [.dischargeDate],
          remedy: "settle the year with --period year"))
    }
    return requirements
  }
}
