import DRGKit
import DRGPayment
import Foundation

/// `drg compare --departments`: each hospital's departments, with CMI and the cost and time
/// consumption indices measured against the same regional benchmarks as the hospitals.
///
/// For a hospital h and department k, over their cases grouped to a DRG d:
/// - CMI = Σ RW / cases with a weight;
/// - CEI (mean of ratios) = Σ_i x_i / m_rd / n over the kept cases (those the hospital
///   indices keep: a cost inside the DRG's regional fences, a DRG with a regional mean
///   above 0), x_i the cost and m_rd the region's kept mean of d; ratio of sums =
///   Σ_i x_i / Σ_i m_rd; TEI the same with lengths of stay (cases without a cost count, a
///   cost outlier is left out of both, as for the hospitals).
/// A hospital's departments then add up to it: its CEI is the kept-case-weighted mean of
/// its departments' CEIs.
public struct DepartmentView: Sendable {
  /// One hospital × department.
  public struct Row: Sendable, Equatable {
    /// The hospital's id.
    public var hospital: String
    /// The department ("" for cases without one).
    public var department: String
    /// Every case of the hospital × department, whatever its status.
    public var cases = 0
    /// Cases grouped to a DRG.
    public var groupedCases = 0
    /// Grouped cases whose DRG has a weight.
    public var weightedCases = 0
    /// Σ RW over the weighted cases.
    public var totalWeight = 0.0
    /// Deaths (`leaving` 5).
    public var deaths = 0
    /// Kept cases and Σ value / regional mean, Σ value, Σ regional mean, for cost and LOS.
    public var costCases = 0
    /// Σ cost / regional mean over the kept cases (the CEI's mean-of-ratios numerator).
    public var costRatios = 0.0
    /// Σ cost over the kept cases, yuan (ratio of sums: actual).
    public var costActual = 0.0
    /// Σ regional mean over the kept cases, yuan (ratio of sums: standard).
    public var costStandard = 0.0
    /// Kept cases with a length of stay (the TEI's n).
    public var stayCases = 0
    /// Σ length of stay / regional mean over those cases.
    public var stayRatios = 0.0
    /// Σ length of stay over those cases, days.
    public var stayActual = 0.0
    /// Σ regional mean length of stay over those cases, days.
    public var stayStandard = 0.0

    /// Total weight / weighted cases; `nil` without weighted cases.
    public var cmi: Double? { weightedCases > 0 ? totalWeight / Double(weightedCases) : nil }

    /// The cost index in `form`, `nil` without kept cases.
    public func costIndex(_ form: ConsumptionIndexForm) -> Double? {
      guard costCases > 0 else { return nil }
      return form == .meanOfRatios ? costRatios / Double(costCases) : costActual / costStandard
    }

    /// The time index in `form`, `nil` without kept cases.
    public func timeIndex(_ form: ConsumptionIndexForm) -> Double? {
      guard stayCases > 0 else { return nil }
      return form == .meanOfRatios ? stayRatios / Double(stayCases) : stayActual / stayStandard
    }
  }

  /// Rows ordered by hospital, then department.
  public var rows: [Row]
  /// The peer group of the comparison the benchmarks came from, if any.
  public var peerGroup: String?

  /// - Parameters:
  ///   - cases: the cases `comparison` was made of, read with their departments.
  ///   - comparison: the hospitals' comparison, whose regional means and fences are used.
  public init(cases: ComparisonCases, comparison: HospitalComparison, weights: WeightsTable?) {
    peerGroup = comparison.peerGroup
    let departmentCount = max(1, cases.departmentNames.count)
    let rw: [Double] = cases.drgCodes.map { weights?.weights[$0] ?? .nan }
    var rows: [Int: Row] = [:]
    let hasDepartments = cases.departments.count == cases.count
    for index in 0..<cases.count {
      let unit = Int(cases.units[index])
      let department = hasDepartments ? Int(cases.departments[index]) : 0
      let key = unit * departmentCount + department
      var row =
        rows[key]
        ?? Row(
          hospital: cases.unitNames[unit],
          department: hasDepartments ? cases.departmentNames[department] : "")
      row.cases += 1
      if cases.deaths[index] { row.deaths += 1 }
      let drg = Int(cases.drgs[index])
      if drg >= 0 {
        row.groupedCases += 1
        if !rw[drg].isNaN {
          row.weightedCases += 1
          row.totalWeight += rw[drg]
        }
        Self.addIndexTerms(&row, case: index, drg: drg, cases: cases, comparison: comparison)
      }
      rows[key] = row
    }
    self.rows = rows.values.sorted { ($0.hospital, $0.department) < ($1.hospital, $1.department) }
  }

  /// Adds one grouped case to the index sums, keeping the cases the hospital indices keep.
  private static func addIndexTerms(
    _ row: inout Row, case index: Int, drg: Int, cases: ComparisonCases,
    comparison: HospitalComparison
  ) {
    let cost = cases.costs[index]
    if cost.isFinite {
      if let fences = comparison.costFences[drg], !fences.contains(cost) { return }
      let mean = comparison.regionCostMeans[drg]
      if mean > 0 {
        row.costCases += 1
        row.costRatios += cost / mean
        row.costActual += cost
        row.costStandard += mean
      }
    }
    let days = cases.lengthsOfStay[index]
    if days.isFinite {
      let mean = comparison.regionStayMeans[drg]
      if mean > 0 {
        row.stayCases += 1
        row.stayRatios += Double(days) / mean
        row.stayActual += Double(days)
        row.stayStandard += mean
      }
    }
  }

  /// The section of methods.txt that describes hospital_depts.csv.
  public static let methods = """
    HOSPITAL × DEPARTMENT (hospital_depts.csv, --departments)
    One row per hospital and department (column dept; "" when empty), over all its rows.
    cmi_rw = Σ RW / weighted_cases over its grouped cases whose DRG has a weight.
    Indices against the same regional benchmarks as the hospitals (hospitals.csv; with
    --peers, those of the hospital's peer group): a grouped case counts for the cost index
    when its cost is finite and inside its DRG's regional fences and the DRG's regional
    kept mean m_rd is above 0; for the time index when its LOS is finite and the regional
    kept mean LOS of the DRG is above 0 (a cost outlier counts for neither).
      cost_index_mean_of_ratios = Σ_i x_i / m_rd / cost_index_cases
      cost_index_ratio_of_sums  = Σ_i x_i / Σ_i m_rd
    and likewise time_index_* with lengths of stay (time_index_cases). A hospital's
    mean-of-ratios index is the mean of its departments' weighted by their index cases.
    mortality_pct = deaths / cases × 100 (death = leaving 5), all rows of the department.
    """

  /// The file ``write(_:to:forms:hospitals:)`` writes.
  public static let fileName = "hospital_depts.csv"

  /// The columns of hospital_depts.csv.
  public static func columns(forms: [ConsumptionIndexForm]) -> [String] {
    var columns = [
      "hospital", "dept", "cases", "grouped_cases", "weighted_cases", "total_weight_rw", "cmi_rw",
    ]
    for form in forms {
      columns += ["cost_index_\(form.rawValue)", "time_index_\(form.rawValue)"]
    }
    return columns + ["cost_index_cases", "time_index_cases", "deaths", "mortality_pct"]
  }

  /// The fields of one row.
  public func fields(_ row: Row, forms: [ConsumptionIndexForm]) -> [String] {
    var fields = [
      row.hospital, row.department, String(row.cases), String(row.groupedCases),
      String(row.weightedCases), CostWeights.fixed(row.totalWeight, 4),
      CostWeights.fixed(row.cmi, 4),
    ]
    for form in forms {
      fields += [
        CostWeights.fixed(row.costIndex(form), 4), CostWeights.fixed(row.timeIndex(form), 4),
      ]
    }
    return fields + [
      String(row.costCases), String(row.stayCases), String(row.deaths),
      CostWeights.fixed(row.cases > 0 ? 100 * Double(row.deaths) / Double(row.cases) : nil, 4),
    ]
  }

  /// Writes hospital_depts.csv for one or more views (peer groups: each row led by its
  /// `peer_group`), with `hospital_name` at the end when a hospitals file is given.
  public static func write(
    _ views: [DepartmentView], to directory: String, forms: [ConsumptionIndexForm],
    hospitals: HospitalTable?
  ) throws {
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    let path = (directory as NSString).appendingPathComponent(fileName)
    let peers = views.contains { $0.peerGroup != nil }
    let writer = try CSVWriter(path: path)
    HospitalComparison.appendRow(
      (peers ? ["peer_group"] : []) + columns(forms: forms)
        + (hospitals != nil ? ["hospital_name"] : []), to: writer)
    for view in views {
      for row in view.rows {
        HospitalComparison.appendRow(
          (peers ? [view.peerGroup ?? ""] : []) + view.fields(row, forms: forms)
            + (hospitals.map { [$0.name(of: row.hospital)] } ?? []), to: writer)
        try writer.flushIfNeeded()
      }
    }
    try writer.finish()
  }

  /// The report's table: every hospital × department with its CMI, CEI and TEI.
  public func htmlTable(form: ConsumptionIndexForm) -> String {
    func cell(_ value: Double?, _ digits: Int) -> String {
      "<td>\(value.map { ReportHTML.f($0, digits) } ?? "")</td>"
    }
    return ReportHTML.table(
      header: [
        "医院 hospital", "科室 department", "病例 cases", "CMI", "CEI (\(form.rawValue))",
        "TEI (\(form.rawValue))", "死亡 deaths",
      ],
      rows: rows.map { row in
        "<td>\(ReportHTML.escape(row.hospital))</td><td class=\"text\">\(ReportHTML.escape(row.department.isEmpty ? "(none)" : row.department))</td><td>\(row.cases)</td>"
          + cell(row.cmi, 4) + cell(row.costIndex(form), 4) + cell(row.timeIndex(form), 4)
          + "<td>\(row.deaths)</td>"
      })
  }
}
