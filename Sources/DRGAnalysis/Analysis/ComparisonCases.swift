import DRGKit
import DRGPayment

/// The cases `drg compare` reads from a grouped file, as parallel arrays: 21 bytes a case
/// whatever the width of the rows.
public struct ComparisonCases: Sendable {
  /// Names of the units compared (hospitals or departments), by unit index.
  public var unitNames: [String] { unitIndex.names }
  /// DRG codes, by DRG index.
  public var drgCodes: [String] { drgIndex.names }
  /// Unit index of each case.
  public internal(set) var units: [UInt32] = []
  /// DRG index of each case, or -1 when it has none (not grouped, or grouped to an ADRG only).
  public internal(set) var drgs: [Int32] = []
  /// ``GroupingStatus`` raw value of each case.
  public internal(set) var statuses: [UInt8] = []
  /// Total cost in yuan; NaN when missing or not above 0.
  public internal(set) var costs: [Double] = []
  /// Length of stay in days; NaN when missing or negative.
  public internal(set) var lengthsOfStay: [Float] = []
  /// Whether the case died (discharge disposition `leaving` = 5).
  public internal(set) var deaths: [Bool] = []
  /// Rows that could not be read (wrong field count, broken quotes); not in the arrays.
  public internal(set) var unreadableRows = 0
  /// How the input's columns were found, for the column report.
  public var columns: ColumnResolution?
  /// Rows without a unit (empty hospital or department field); not in the arrays.
  public internal(set) var rowsWithoutUnit = 0
  /// Costs, days and 离院方式 read as exports write them, by kind.
  public internal(set) var values = NormalisationCounts()
  /// DRG names by code, from the file's `drg_name` column (the first name seen).
  public var drgNames: [String: String] = [:]

  /// Department index of each case, read only for the hospital × department view
  /// (`drg compare --departments`); empty otherwise. A case without a department has the
  /// department "".
  public internal(set) var departments: [UInt32] = []
  /// Names of the departments, by department index.
  public var departmentNames: [String] { departmentIndex.names }

  private var unitIndex = NameIndex()
  private var drgIndex = NameIndex()
  private var departmentIndex = NameIndex()

  /// No cases; ``FileComparison/read(input:)`` fills one from a file.
  package init() {}

  /// Cases held (rows without a unit and unreadable rows are not).
  public var count: Int { units.count }

  /// The index of unit `name`, added when new.
  package mutating func unit(_ name: String) -> UInt32 { UInt32(unitIndex.id(name)) }

  /// The index of DRG `code`, added when new.
  package mutating func drg(_ code: String) -> Int32 { Int32(drgIndex.id(code)) }

  /// The index of department `name`, added when new.
  package mutating func department(_ name: String) -> UInt32 { UInt32(departmentIndex.id(name)) }

  /// Appends one case with its department (the convenient path, for tests): every case of
  /// the file must then have one.
  package mutating func append(
    unit name: String, department: String, drg code: String?, status: GroupingStatus = .grouped,
    cost: Double?, lengthOfStay: Double?, died: Bool
  ) {
    append(
      unit: name, drg: code, status: status, cost: cost, lengthOfStay: lengthOfStay, died: died)
    departments.append(self.department(department))
  }

  /// The cases of the units `keep` (by unit index), with the same DRG and department
  /// indices; units are renumbered in the order of `keep`.
  public func subset(units keep: [UInt32]) -> ComparisonCases {
    var part = ComparisonCases()
    part.drgIndex = drgIndex
    part.departmentIndex = departmentIndex
    part.columns = columns
    part.drgNames = drgNames
    var map = [UInt32](repeating: .max, count: unitNames.count)
    for unit in keep { map[Int(unit)] = part.unit(unitNames[Int(unit)]) }
    let withDepartments = !departments.isEmpty
    for index in 0..<count where map[Int(units[index])] != .max {
      part.append(
        unit: map[Int(units[index])], drg: drgs[index], status: statuses[index],
        cost: costs[index], lengthOfStay: lengthsOfStay[index], died: deaths[index])
      if withDepartments { part.departments.append(departments[index]) }
    }
    return part
  }

  /// Appends one case (the convenient path, for tests and small inputs).
  package mutating func append(
    unit name: String, drg code: String?, status: GroupingStatus = .grouped, cost: Double?,
    lengthOfStay: Double?, died: Bool
  ) {
    let unitIndex = unit(name)
    let drgIndex = code.map { drg($0) } ?? -1
    append(
      unit: unitIndex, drg: status == .grouped ? drgIndex : -1, status: status.rawValue,
      cost: cost.flatMap { $0 > 0 ? $0 : nil } ?? .nan,
      lengthOfStay: lengthOfStay.flatMap { $0 >= 0 ? Float($0) : nil } ?? .nan, died: died)
  }

  @inline(__always)
  mutating func append(
    unit: UInt32, drg: Int32, status: UInt8, cost: Double, lengthOfStay: Float, died: Bool
  ) {
    units.append(unit)
    drgs.append(drg)
    statuses.append(status)
    costs.append(cost)
    lengthsOfStay.append(lengthOfStay)
    deaths.append(died)
  }

  mutating func reserve(_ extra: Int) {
    let total = count + extra
    units.reserveCapacity(total)
    drgs.reserveCapacity(total)
    statuses.reserveCapacity(total)
    costs.reserveCapacity(total)
    lengthsOfStay.reserveCapacity(total)
    deaths.reserveCapacity(total)
  }
}
