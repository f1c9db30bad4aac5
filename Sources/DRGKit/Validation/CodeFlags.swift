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
  private(set) var diagnosis: [UInt8]
  private(set) var procedure: [UInt8]
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
    // Ranges of at most eight bytes compare as integers: the code's first bytes packed
    // big-endian, so that integer order is byte order. Longer ones compare bytes.
    let packed = ranges.map { range -> (length: Int, from: UInt64, to: UInt64)? in
      let length = range.from.count
      guard length >= 1, length <= 8, range.to.count == length else { return nil }
      let shift = UInt64(64 - 8 * length)
      return (length, Self.bigEndian(range.from) &>> shift, Self.bigEndian(range.to) &>> shift)
    }
    var diagnosis = [UInt8](repeating: 0, count: count)
    var procedure = [UInt8](repeating: 0, count: count)
    for row in 1..<count {
      let kind = row < kinds.count ? kinds[row] : CodeKind.diagnosis | CodeKind.procedure
      if kind & CodeKind.diagnosis != 0 { diagnosis[row] |= Self.knownDiagnosis }
      if kind & CodeKind.procedure != 0 { procedure[row] |= Self.knownProcedure }
      scheme.codes.withBytes(UInt32(row - 1)) { code in
        if Self.isManifestation(code) { diagnosis[row] |= Self.manifestation }
        let head = Self.bigEndian(UnsafeBufferPointer(rebasing: code.prefix(8)))
        for (index, rule) in edits.rules.enumerated() {
          let matches: Bool
          if let range = packed[index] {
            let prefix = head &>> UInt64(64 - 8 * range.length)
            matches = code.count >= range.length && prefix >= range.from && prefix <= range.to
          } else {
            matches = ranges[index].matches(code)
          }
          guard matches else { continue }
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

  /// Up to eight bytes as a big-endian number, left-aligned (zero bytes after them).
  private static func bigEndian<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 56
    for byte in bytes.prefix(8) {
      value |= UInt64(byte) &<< shift
      shift &-= 8
    }
    return value
  }

  /// A copy with arrays of its own, for one worker thread (see ``CodeTable/copy()``).
  func copy() -> CodeFlags {
    var copy = self
    copy.diagnosis = Array(diagnosis)
    copy.procedure = Array(procedure)
    return copy
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
