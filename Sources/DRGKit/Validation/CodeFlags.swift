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
  let edits: CodeEditTable
  private let ranges: [RangeBytes]
  /// Per rule: its flag, whether it is for diagnoses, and its note (read in the slow path
  /// without copying whole rules).
  private let ruleFlags: [UInt8]
  private let ruleForDiagnoses: [Bool]
  private let notes: [String]

  init(scheme: Scheme, edits: CodeEditTable) {
    self.edits = edits
    let count = scheme.codes.count + 1
    let kinds = scheme.codeKinds
    let ranges = edits.rules.map(RangeBytes.init)
    self.ranges = ranges
    ruleFlags = edits.rules.map { Self.flag($0.kind) }
    ruleForDiagnoses = edits.rules.map { $0.codes == .diagnoses }
    notes = edits.rules.map(\.note)
    var diagnosis = [UInt8](repeating: 0, count: count)
    var procedure = [UInt8](repeating: 0, count: count)
    for row in 1..<count {
      let kind = row < kinds.count ? kinds[row] : CodeKind.diagnosis | CodeKind.procedure
      if kind & CodeKind.diagnosis != 0 { diagnosis[row] |= Self.knownDiagnosis }
      if kind & CodeKind.procedure != 0 { procedure[row] |= Self.knownProcedure }
      scheme.codes.withBytes(UInt32(row - 1)) { code in
        if Self.isManifestation(code) { diagnosis[row] |= Self.manifestation }
        for (index, rule) in edits.rules.enumerated() where ranges[index].matches(code) {
          if rule.codes == .diagnoses {
            diagnosis[row] |= Self.flag(rule.kind)
          } else {
            procedure[row] |= Self.flag(rule.kind)
          }
        }
      }
    }
    self.diagnosis = diagnosis
    self.procedure = procedure
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
  static func isManifestation(_ code: UnsafeBufferPointer<UInt8>) -> Bool {
    code.last == UInt8(ascii: "*") && !code.contains(ASCII.plus)
  }

  /// The note of the first rule of `kind` whose range holds `code`, for warning texts.
  func note(
    of code: UnsafeBufferPointer<UInt8>, kind: CodeEditRule.Kind, diagnosis isDiagnosis: Bool
  ) -> String? {
    let flag = Self.flag(kind)
    for index in ranges.indices
    where ruleFlags[index] == flag && ruleForDiagnoses[index] == isDiagnosis
      && ranges[index].matches(code)
    {
      return notes[index]
    }
    return nil
  }
}
