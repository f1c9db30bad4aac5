/// The department codes synthetic cases are written with: a few dozen plausible codes of
/// the national list of clinical departments (诊疗科目, e.g. `0301` respiratory medicine,
/// `0403` orthopaedics), plus every department a rule of the scheme names.
struct DepartmentTable: Sendable {
  var codes: [String]
  /// UTF-8 bytes of each code.
  var bytes: [[UInt8]]
  /// The department id the grouping engine uses for each code.
  var schemeIDs: [UInt32]
  private var positions: [String: Int]

  /// Medical and surgical departments by the last letter of an MDC code (`MDCF` → `F`).
  static let byMDC: [Character: (medical: String, surgical: String)] = [
    "A": ("28", "28"), "B": ("0303", "0402"), "C": ("10", "10"), "D": ("11", "12"),
    "E": ("0301", "0405"), "F": ("0304", "0406"), "G": ("0302", "0401"),
    "H": ("0302", "0401"), "I": ("0403", "0403"), "J": ("13", "0401"),
    "K": ("0307", "0401"), "L": ("0306", "0404"), "M": ("0404", "0404"),
    "N": ("0501", "0501"), "O": ("0502", "0502"), "P": ("0701", "0701"),
    "Q": ("0305", "0401"), "R": ("19", "19"), "S": ("16", "16"), "T": ("15", "15"),
    "U": ("15", "15"), "V": ("20", "0401"), "W": ("0407", "0407"), "X": ("03", "03"),
    "Y": ("16", "16"), "Z": ("0401", "0403"),
  ]
  /// Codes used when a rule forbids the usual ones.
  static let general = ["03", "04", "0301", "0401", "07", "20", "50"]

  init(scheme: Scheme) {
    var codes: [String] = []
    // Sorted, because dictionary order differs from run to run.
    for (_, pair) in Self.byMDC.sorted(by: { $0.key < $1.key }) {
      let (medical, surgical) = pair
      codes.append(medical)
      codes.append(surgical)
    }
    codes += Self.general
    func collect(_ rule: RuleExpression) {
      switch rule {
      case .not(let inner): collect(inner)
      case .and(let terms), .or(let terms): terms.forEach(collect)
      case .compare(.dept, _, let value): codes.append(value.text)
      case .fieldIn(.dept, let values): codes += values.map(\.text)
      default: break
      }
    }
    for mdc in scheme.mdcs { collect(mdc.entry.rule) }
    for adrg in scheme.adrgs { collect(adrg.entry.rule) }
    for drg in scheme.drgs { collect(drg.entry.rule) }
    var unique: [String] = []
    var positions: [String: Int] = [:]
    for code in codes where positions[code] == nil && !code.isEmpty {
      positions[code] = unique.count
      unique.append(code)
    }
    self.codes = unique
    self.positions = positions
    bytes = unique.map { Array($0.utf8) }
    schemeIDs = unique.map { code in
      var code = code
      return code.withUTF8 { scheme.department(of: $0) }
    }
  }

  func position(of code: String) -> Int? { positions[code] }

  /// The departments a case of a path is written with, most likely first.
  func choices(
    for constraints: PathConstraints, mdcCode: String?, surgical: Bool,
    random: inout SynthesisRandom
  ) -> [Int] {
    let forbidden = constraints.departmentsForbidden
    if let allowed = constraints.departmentsAllowed {
      return allowed.filter { !forbidden.contains($0) }.compactMap { position(of: $0) }
    }
    var preferred: [String] = []
    if let letter = mdcCode?.last, let pair = Self.byMDC[letter] {
      preferred = surgical ? [pair.surgical, pair.medical] : [pair.medical, pair.surgical]
    }
    preferred += Self.general.shuffled(using: &random)
    var result: [Int] = []
    for code in preferred where !forbidden.contains(code) {
      if let position = position(of: code), !result.contains(position) { result.append(position) }
    }
    if result.isEmpty {
      result = codes.indices.filter { !forbidden.contains(codes[$0]) }
    }
    return result
  }
}
