import DRGKit
import DRGPayment
import Foundation

/// The outcome of ``SchemeMigration``: counts by (from, to) outcome, per-hospital weight
/// totals, and the cases whose MDC changed or that became ungroupable.
public struct MigrationResult: Sendable {
  /// Scheme A, the cases' first grouping.
  public let from: Scheme
  /// Scheme B, the cases' second grouping.
  public let to: Scheme
  /// Cases by (from key << 32 | to key), keys as described in ``SchemeMigration``.
  public internal(set) var pairs: [UInt64: Int] = [:]
  /// Hospital ids, in order of first appearance (the positions of ``hospitals``).
  public internal(set) var hospitalNames: [String] = []
  /// Totals per hospital, in the order of ``hospitalNames``.
  public internal(set) var hospitals: [MigrationTotals] = []
  /// The cases whose MDC changed or that became ungroupable, in file order.
  public internal(set) var changedCases: [ChangedCase] = []
  /// Rows that could not be read (wrong field count, broken quotes); counted, not grouped.
  public internal(set) var unreadableRows = 0
  /// Values read as exports write them, as read for each scheme (the codes a scheme does
  /// not know as written differ between schemes).
  public internal(set) var valuesFrom = NormalisationCounts()
  /// Values read as exports write them, as read for scheme B.
  public internal(set) var valuesTo = NormalisationCounts()
  /// Whether both weights tables were given.
  public internal(set) var hasWeights = false
  /// Names of the hospitals (`--hospitals`), for a `hospital_name` column.
  public var hospitalTable: HospitalTable?
  /// How the input's columns were found, for the column report.
  public var columns: ColumnResolution?
  /// Time the grouping took, seconds (for the summary line; not an output value).
  public internal(set) var seconds = 0.0
  /// Whether ambiguous cases kept their QY group as outcome (`--qy-as-drg`).
  public internal(set) var qyAsDRG = false
  /// Cases ambiguous under both schemes whose QY group codes differ (counted with or
  /// without ``qyAsDRG``).
  public internal(set) var qyMoves = 0
  /// Whether points per DRG were given for both schemes (`--policy`).
  public internal(set) var hasPoints = false
  /// How the money impact per hospital is computed (`--base-rate` or `--policy`).
  public var money: MigrationMoney?
  private var hospitalIndexes: [String: Int] = [:]

  init(from: Scheme, to: Scheme) {
    self.from = from
    self.to = to
  }

  mutating func hospitalIndex(_ name: String) -> Int {
    if let index = hospitalIndexes[name] { return index }
    hospitalIndexes[name] = hospitalNames.count
    hospitalNames.append(name)
    hospitals.append(MigrationTotals())
    return hospitalNames.count - 1
  }

  /// What kind of move a cell of the matrix is.
  public enum Move: String, Sendable, CaseIterable {
    /// The same outcome code under both schemes.
    case same
    /// Another DRG of the same ADRG: a severity (CC/MCC) change.
    case severity
    /// Another ADRG in the same MDC.
    case adrg
    /// Another MDC.
    case mdc
    /// Into or out of ungroupable, ambiguous (a QY group with `--qy-as-drg`) or invalid.
    case status
  }

  /// One cell of the migration matrix.
  public struct Flow: Sendable, Equatable {
    /// DRG code (or ADRG code, QY group code or status word) under scheme A.
    public var from: String
    /// DRG code (or ADRG code, QY group code or status word) under scheme B.
    public var to: String
    /// MDC code under scheme A (empty for a status).
    public var fromMDC: String
    /// MDC code under scheme B (empty for a status).
    public var toMDC: String
    /// ADRG code under scheme A (the QY group's own code; empty for a status).
    public var fromADRG: String
    /// ADRG code under scheme B (the QY group's own code; empty for a status).
    public var toADRG: String
    /// Cases that moved this way.
    public var cases: Int
    /// What kind of move it is.
    public var move: Move

    /// A cell of the matrix with its codes, cases and kind of move.
    public init(
      from: String, to: String, fromMDC: String, toMDC: String, fromADRG: String,
      toADRG: String, cases: Int, move: Move
    ) {
      self.from = from
      self.to = to
      self.fromMDC = fromMDC
      self.toMDC = toMDC
      self.fromADRG = fromADRG
      self.toADRG = toADRG
      self.cases = cases
      self.move = move
    }
  }

  /// Every non-empty cell, most cases first (ties by codes).
  public var flows: [Flow] {
    pairs.map { pair, count in
      let a = Int32(bitPattern: UInt32(pair >> 32))
      let b = Int32(bitPattern: UInt32(pair & 0xFFFF_FFFF))
      let flow = Flow(
        from: Self.label(a, from), to: Self.label(b, to), fromMDC: Self.mdc(a, from),
        toMDC: Self.mdc(b, to), fromADRG: Self.adrg(a, from), toADRG: Self.adrg(b, to),
        cases: count, move: .same)
      var classed = flow
      classed.move = Self.move(flow, fromKey: a, toKey: b)
      return classed
    }.sorted { ($1.cases, $0.from, $0.to) < ($0.cases, $1.from, $1.to) }
  }

  /// The kind of move of a flow, by codes: the same outcome code; else a status word on
  /// either side, or a QY group (`--qy-as-drg`) on one side only, is a status move; else
  /// MDC, ADRG and DRG codes are compared in that order (a QY group is its own ADRG, so
  /// two QY groups differ by MDC or by ADRG, never by severity).
  static func move(_ flow: Flow, fromKey: Int32, toKey: Int32) -> Move {
    let statusA = fromKey < 0 && fromKey > -100
    let statusB = toKey < 0 && toKey > -100
    let qyA = fromKey <= SchemeMigration.qyKeyBase
    let qyB = toKey <= SchemeMigration.qyKeyBase
    if flow.from == flow.to && statusA == statusB && qyA == qyB { return .same }
    if statusA || statusB || qyA != qyB { return .status }
    if flow.fromMDC != flow.toMDC { return .mdc }
    if flow.fromADRG != flow.toADRG { return .adrg }
    return .severity
  }

  /// Cases by kind of move (``Move/same`` included).
  public var moveCounts: [Move: Int] {
    var counts: [Move: Int] = [:]
    for flow in flows { counts[flow.move, default: 0] += flow.cases }
    return counts
  }

  /// Every case grouped under both schemes (unreadable rows not counted).
  public var totalCases: Int { pairs.values.reduce(0, +) }

  /// Cases per outcome under the first scheme.
  public func casesFrom(_ label: String) -> Int {
    flows.filter { $0.from == label }.reduce(0) { $0 + $1.cases }
  }

  /// The ADRG index of a key reached without a DRG or of a kept QY group, else nil.
  static func adrgIndex(_ key: Int32) -> Int? {
    switch key {
    case ...SchemeMigration.qyKeyBase: Int(SchemeMigration.qyKeyBase - key)
    case ...(-100): Int(-100 - key)
    default: nil
    }
  }

  /// The code of a key: DRG, ADRG (grouped without a DRG), QY group (`--qy-as-drg`) or
  /// status word.
  public static func label(_ key: Int32, _ scheme: Scheme) -> String {
    switch key {
    case 0...: scheme.drgs[Int(key)].entry.code
    case -1: "ungroupable"
    case -2: "ambiguous"
    case -3: "invalid"
    default: adrgIndex(key).map { scheme.adrgs[$0].entry.code } ?? ""
    }
  }

  /// The MDC code of a grouped key or QY group, else empty.
  public static func mdc(_ key: Int32, _ scheme: Scheme) -> String {
    if key >= 0 { return scheme.mdcs[scheme.adrgs[scheme.drgs[Int(key)].adrg].mdc].entry.code }
    return adrgIndex(key).map { scheme.mdcs[scheme.adrgs[$0].mdc].entry.code } ?? ""
  }

  /// The ADRG code of a grouped key or QY group, else empty.
  public static func adrg(_ key: Int32, _ scheme: Scheme) -> String {
    if key >= 0 { return scheme.adrgs[scheme.drgs[Int(key)].adrg].entry.code }
    return adrgIndex(key).map { scheme.adrgs[$0].entry.code } ?? ""
  }

  /// Cases whose outcome differs, whose MDC differs (both grouped), and that became
  /// ungroupable.
  public var changeCounts: (changed: Int, mdcChanged: Int, becameUngroupable: Int) {
    var changed = 0
    var mdcChanged = 0
    var ungroupable = 0
    for flow in flows {
      if flow.from != flow.to { changed += flow.cases }
      if !flow.fromMDC.isEmpty, !flow.toMDC.isEmpty, flow.fromMDC != flow.toMDC {
        mdcChanged += flow.cases
      }
      if flow.from != "ungroupable", flow.to == "ungroupable" { ungroupable += flow.cases }
    }
    return (changed, mdcChanged, ungroupable)
  }

  /// The files ``write(to:top:)`` writes.
  public static let fileNames = [
    "migration.csv", "flows.csv", "changed_cases.csv", "hospitals.csv",
  ]

  /// Writes into `directory`: migration.csv (the matrix in long form, one row per
  /// non-empty (from, to) cell), flows.csv (the `top` largest flows between different
  /// outcomes), changed_cases.csv (cases that change MDC or become ungroupable) and, with
  /// weights, hospitals.csv (total weight and CMI under each scheme).
  public func write(to directory: String, top: Int) throws {
    try FileError.makeDirectory(directory)
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    let all = flows
    var fromTotals: [String: Int] = [:]
    for flow in all { fromTotals[flow.from, default: 0] += flow.cases }
    func pct(_ flow: Flow) -> String {
      CostWeights.fixed(100 * Double(flow.cases) / Double(max(1, fromTotals[flow.from] ?? 0)), 2)
    }
    let names = drgNames
    func named(_ flow: Flow) -> [String] {
      [flow.from, flow.to, flow.fromMDC, flow.toMDC, String(flow.cases), pct(flow)]
        + [names[flow.from] ?? "", names[flow.to] ?? ""]
        + [flow.fromADRG, flow.toADRG, flow.move.rawValue]
    }
    let columns = [
      "from_drg", "to_drg", "from_mdc", "to_mdc", "cases", "pct_of_from_drg", "from_name",
      "to_name", "from_adrg", "to_adrg", "move",
    ]
    var writer = try CSVWriter(path: path("migration.csv"))
    HospitalComparison.appendRow(columns, to: writer)
    for flow in all.sorted(by: { ($0.from, $0.to) < ($1.from, $1.to) }) {
      HospitalComparison.appendRow(named(flow), to: writer)
      try writer.flushIfNeeded()
    }
    try writer.finish()

    writer = try CSVWriter(path: path("flows.csv"))
    HospitalComparison.appendRow(columns, to: writer)
    for flow in all.filter({ $0.move != .same }).prefix(top) {
      HospitalComparison.appendRow(named(flow), to: writer)
    }
    try writer.finish()

    writer = try CSVWriter(path: path("changed_cases.csv"))
    HospitalComparison.appendRow(
      [
        "case_id", "hospital_id", "from_drg", "to_drg", "from_mdc", "to_mdc", "change",
        "from_name", "to_name",
      ] + (hospitalTable != nil ? ["hospital_name"] : []), to: writer)
    for change in changedCases {
      let fromMDC = Self.mdc(change.from, from)
      let toMDC = Self.mdc(change.to, to)
      HospitalComparison.appendRow(
        [
          change.caseID, change.hospital, Self.label(change.from, from), Self.label(change.to, to),
          fromMDC, toMDC, change.to == -1 && change.from != -1 ? "became_ungroupable" : "mdc",
          names[Self.label(change.from, from)] ?? "", names[Self.label(change.to, to)] ?? "",
        ] + (hospitalTable.map { [$0.name(of: change.hospital)] } ?? []), to: writer)
      try writer.flushIfNeeded()
    }
    try writer.finish()

    guard hasWeights else { return }
    writer = try CSVWriter(path: path("hospitals.csv"))
    HospitalComparison.appendRow(
      [
        "hospital_id", "cases", "weighted_cases_from", "total_weight_from_rw", "cmi_from_rw",
        "weighted_cases_to", "total_weight_to_rw", "cmi_to_rw", "total_weight_change_rw",
        "cmi_change_rw", "cmi_change_pct",
      ] + (money?.columns ?? []) + (hospitalTable != nil ? ["hospital_name"] : []), to: writer)
    var total = MigrationTotals()
    let order = hospitalNames.indices.sorted { hospitalNames[$0] < hospitalNames[$1] }
    func row(_ name: String, _ totals: MigrationTotals) -> [String] {
      let change = totals.cmiFrom.flatMap { a in totals.cmiTo.map { $0 - a } }
      let pct = totals.cmiFrom.flatMap { a in totals.cmiTo.map { a > 0 ? 100 * ($0 / a - 1) : .nan }
      }
      return [
        name, String(totals.cases), String(totals.weightedFrom),
        CostWeights.fixed(totals.weightFrom, 4), CostWeights.fixed(totals.cmiFrom, 4),
        String(totals.weightedTo), CostWeights.fixed(totals.weightTo, 4),
        CostWeights.fixed(totals.cmiTo, 4),
        CostWeights.fixed(totals.weightTo - totals.weightFrom, 4), CostWeights.fixed(change, 4),
        CostWeights.fixed(pct, 2),
      ]
    }
    for index in order {
      HospitalComparison.appendRow(
        row(hospitalNames[index], hospitals[index])
          + (money?.fields(hospital: hospitalNames[index], hospitals[index]) ?? [])
          + (hospitalTable.map { [$0.name(of: hospitalNames[index])] } ?? []), to: writer)
      total.add(hospitals[index])
    }
    HospitalComparison.appendRow(
      row("(all)", total) + (money?.totalFields(self) ?? []), to: writer)
    try writer.finish()
  }
}
