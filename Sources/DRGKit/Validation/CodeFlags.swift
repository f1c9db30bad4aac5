/// Per code row of a scheme: what the code edits and the scheme's tables say about the
/// code, as bits, so that checking a case's codes is one table read per code.
struct CodeFlags: Sendable {
  static let knownDiagnosis: UInt8 = 1 << 0
  static let knownProcedure: UInt8 = 1 << 1
  static let femaleOnly: UInt8 = 1 << 2
  static let maleOnly: UInt8 = 1 << 3
  static let newbornOnly: UInt8 = 1 << 4
  static let notPrincipal: UInt8 = 1 << 5
  /// A manifestation (asterisk) code written alone, without its etiology (dagger) code.
  static let manifestation: UInt8 = 1 << 6

  /// Flags by code row for codes used as diagnoses, and as procedures.
  let diagnosis: [UInt8]
  let procedure: [UInt8]
  /// The rule behind each flag of a row, to name in warnings (first match wins).
  private let diagnosisRules: [Int32]
  private let procedureRules: [Int32]
  let edits: CodeEditTable

  init(scheme: Scheme, edits: CodeEditTable) {
    self.edits = edits
    let codes = scheme.codesByRow
    let kinds = scheme.codeKinds
    var diagnosis = [UInt8](repeating: 0, count: codes.count)
    var procedure = [UInt8](repeating: 0, count: codes.count)
    var diagnosisRules = [Int32](repeating: -1, count: codes.count)
    var procedureRules = [Int32](repeating: -1, count: codes.count)
    for row in 1..<codes.count {
      let kind = row < kinds.count ? kinds[row] : CodeKind.diagnosis | CodeKind.procedure
      if kind & CodeKind.diagnosis != 0 { diagnosis[row] |= Self.knownDiagnosis }
      if kind & CodeKind.procedure != 0 { procedure[row] |= Self.knownProcedure }
      if Self.isManifestation(codes[row]) { diagnosis[row] |= Self.manifestation }
      for (index, rule) in edits.rules.enumerated() where rule.matches(codes[row]) {
        let flag = Self.flag(rule.kind)
        if rule.codes == .diagnoses {
          if diagnosis[row] & flag == 0 && diagnosisRules[row] < 0 {
            diagnosisRules[row] = Int32(index)
          }
          diagnosis[row] |= flag
        } else {
          if procedure[row] & flag == 0 && procedureRules[row] < 0 {
            procedureRules[row] = Int32(index)
          }
          procedure[row] |= flag
        }
      }
    }
    self.diagnosis = diagnosis
    self.procedure = procedure
    self.diagnosisRules = diagnosisRules
    self.procedureRules = procedureRules
  }

  static func flag(_ kind: CodeEditRule.Kind) -> UInt8 {
    switch kind {
    case .femaleOnly: femaleOnly
    case .maleOnly: maleOnly
    case .newbornOnly: newbornOnly
    case .notPrincipal: notPrincipal
    }
  }

  /// `G01*`: an asterisk code on its own (`A17.0+G01*` names its dagger code and is fine).
  static func isManifestation(_ code: String) -> Bool {
    code.utf8.last == UInt8(ascii: "*") && !code.utf8.contains(UInt8(ascii: "+"))
  }

  /// The edit rule that set a range flag of a code, for the warning text.
  func rule(forRow row: UInt32, diagnosis isDiagnosis: Bool) -> CodeEditRule? {
    let index = isDiagnosis ? diagnosisRules[Int(row)] : procedureRules[Int(row)]
    return index >= 0 ? edits.rules[Int(index)] : nil
  }
}
