import DRGKit

extension SettlementPolicy {
  /// The policy with the levels of a hospitals file (`--hospitals`) added to
  /// ``Coefficients/levels``, for the coefficients by level and the brackets by level.
  /// Levels the policy gives itself still work; a hospital both give must agree.
  /// - Throws: ``RecordError`` naming the hospitals file's line when its level differs from
  ///   the policy's, or (with `blend`) is not in ``Coefficients/levelOrder``.
  public func addingLevels(from hospitals: HospitalTable) throws(RecordError) -> SettlementPolicy {
    var policy = self
    for hospital in hospitals.hospitals where !hospital.level.isEmpty {
      if let given = coefficients.levels[hospital.id], given != hospital.level {
        throw RecordError(
          file: hospitals.file, line: hospital.line,
          message:
            "hospital \(hospital.id) has level '\(hospital.level)' here but '\(given)' in coefficients.levels of policy '\(name)'; keep one"
        )
      }
      if coefficients.method == .blend && !coefficients.levelOrder.contains(hospital.level) {
        throw RecordError(
          file: hospitals.file, line: hospital.line,
          message:
            "level '\(hospital.level)' of hospital \(hospital.id) is not in coefficients.levelOrder \(coefficients.levelOrder) of policy '\(name)'"
        )
      }
      policy.coefficients.levels[hospital.id] = hospital.level
    }
    return policy
  }
}
