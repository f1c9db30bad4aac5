import Foundation

/// A grouping scheme loaded from a directory in the interchange format and compiled for
/// grouping: codes are interned to integer rows, list membership is a bitmap and every rule
/// is a node program, so grouping a case does no `String` work.
///
/// A `Scheme` is an immutable value and safe to share across threads.
///
/// ```swift
/// let scheme = try Scheme(directory: "grouper-tables/demo")
/// let result = scheme.group(DischargeCase(sex: 1, age: 64, diagnoses: ["I21.000"]))
/// print(result.drg)  // e.g. "FR13"
/// ```
public struct Scheme: Sendable {
  /// The scheme's `scheme.json`: its identity and extensions.
  public let manifest: SchemeManifest
  /// The directory the scheme was loaded from.
  public let directory: String
  /// MDCs in the order they are tried.
  public let mdcs: [MDC]
  /// ADRGs grouped by MDC, each MDC's in the order they are tried.
  public let adrgs: [ADRG]
  /// DRGs grouped by ADRG, each ADRG's in the order they are tried.
  public let drgs: [DRG]
  /// The code lists rules refer to, by list id.
  public let lists: [CodeList]
  /// Every list of `lists.csv` with its number of rows.
  public let listRowCounts: [String: Int]
  /// Number of codes in `cc.csv` at level MCC (a code on several rows counts once, at its
  /// highest level).
  public let mccCount: Int
  /// Number of codes in `cc.csv` at level CC (counted as ``mccCount`` is).
  public let ccCount: Int
  /// Number of rows in `cc_exclusion.csv`.
  public let exclusionRowCount: Int
  /// Number of distinct exclusion table ids in `cc.csv` and `cc_exclusion.csv`.
  public let exclusionTableCount: Int
  /// Rows of `cc.csv` that repeat an earlier row's code, in file order.
  public let duplicateComplications: [DuplicateComplication]
  /// Number of named diagnosis codes (rows of `dx_names.csv`).
  public let diagnosisNameCount: Int
  /// Number of named procedure codes (rows of `proc_names.csv`).
  public let procedureNameCount: Int
  /// Code translations from `dx_map.csv` (empty when absent).
  public var diagnosisMap: [String: String] { diagnosisTranslations.dictionary }
  /// Code translations from `proc_map.csv` (empty when absent).
  public var procedureMap: [String: String] { procedureTranslations.dictionary }
  /// The rows of `dx_map.csv` and `proc_map.csv`, read as bytes.
  let diagnosisTranslations: CodeTranslations
  let procedureTranslations: CodeTranslations
  /// Tags named in rules that no row of their list carries (the predicate never holds).
  public let missingTags: [(list: String, tag: String, file: String, line: Int)]

  let codes: ByteInterner
  /// Every list of `lists.csv` by name, with its codes (interned id, row − 1) in file order.
  let listNames: [String]
  let listMembers: [[UInt32]]
  /// The first `cc.csv` line of each code, and every `cc_exclusion.csv` row, as code rows.
  let complicationLines: [(row: UInt32, line: Int)]
  let exclusionLines: [(row: UInt32, line: Int)]
  /// The engine's flat tables.
  package let tables: GroupingTables
  let codeNames: CodeNames
  /// Per code row: ``CodeKind`` bits (named as a diagnosis, as a procedure).
  let codeKinds: [UInt8]
  let membership: ListMembership
  let complications: ComplicationTable
  let program: RuleProgram
  let listIDs: [String: Int32]
  /// Per `dx_tags` table: code row → tag number (1-based), and the table's list id.
  let tagTables: [[UInt32: UInt16]]
  let tagTableNames: [String]
  /// Per `dx_tags` table: the tag texts, tag number − 1 → text.
  let tagNames: [[String]]
  let departments: ByteInterner
  /// Exclusion table ids as written in the files, by interned id.
  let exclusionNames: [String]

  /// The row of a code: 0 for codes the scheme does not know. (The slow path for loading
  /// and single cases; batch parsing reads ``GroupingTables/codeTable``. Looking single
  /// codes up here, through the interner's word-at-a-time hash, measured 2,074
  /// instructions a case against 2,243 through the code table, whose packing goes byte by
  /// byte.)
  func row(of code: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let id = codes.lookup(code)
    return id == ByteInterner.notFound ? 0 : id &+ 1
  }

  /// The row of a code given as text.
  public func row(of code: String) -> UInt32 {
    var code = code
    return code.withUTF8 { row(of: $0) }
  }

  /// The code with row `row` (`?` for row 0).
  func code(ofRow row: UInt32) -> String {
    row == 0 ? "?" : codes.string(row - 1)
  }

  /// The name of a diagnosis or procedure code from `dx_names.csv` / `proc_names.csv`.
  public func name(ofCode code: String) -> String? {
    let row = row(of: code)
    guard row != 0 else { return nil }
    return codeNames.name(ofRow: row)
  }

  /// Looks up the ADRG with a code.
  public func adrg(code: String) -> ADRG? { adrgs.first { $0.entry.code == code } }

  /// Looks up the DRG with a code.
  public func drg(code: String) -> DRG? { drgs.first { $0.entry.code == code } }
}
