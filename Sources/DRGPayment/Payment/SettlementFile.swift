import DRGKit
import Foundation

extension SettlementCase {
  /// Reads the output of `drg group` (columns by name: `hospital_id`, `drg` and
  /// `total_cost` required; `case_id`, `status`, `adrg`, `leaving`, `los`, `insurance`,
  /// `patient_id`, `admit_date`, `discharge_date`, `diagnoses` and `procedures` used when
  /// present), in chunks parsed in parallel. A row that cannot be read, or whose cost is not
  /// a number ≥ 0, becomes an `invalid` case.
  /// - Parameters:
  ///   - columns: the column map and ignored columns (``GroupedColumns``).
  ///   - requirements: the policy's rules and the columns each needs; a missing one stops
  ///     the read.
  ///   - found: called with the columns found, for the column report.
  /// - Throws: ``FileError`` when it cannot be opened; ``RecordError`` for a missing column.
  public static func read(
    path: String, columns options: ColumnOptions = ColumnOptions(),
    requirements: [ColumnRequirement] = [], found: (ColumnResolution) -> Void = { _ in },
    threads: Int = ProcessInfo.processInfo.activeProcessorCount, blockSize: Int = 4 << 20
  ) throws -> SettlementCases {
    try readFile(
      path: path, columns: options, requirements: requirements, found: found, threads: threads,
      blockSize: blockSize
    ).cases
  }

  /// Reads a grouped file as ``read(path:columns:requirements:found:threads:blockSize:)``
  /// does, with the DRG names of its `drg_name` column (the first name seen for each DRG)
  /// and the costs and days it read as exports write them. With `allProcedures` (a policy
  /// that matches any procedure, ``SettlementPolicy/matchesAnyProcedure``) each case's
  /// ``SettlementCase/mainProcedure`` holds its whole `procedures` field, else its first code.
  public static func readFile(
    path: String, columns options: ColumnOptions = ColumnOptions(),
    requirements: [ColumnRequirement] = [], allProcedures: Bool = false,
    found: (ColumnResolution) -> Void = { _ in },
    threads: Int = ProcessInfo.processInfo.activeProcessorCount, blockSize: Int = 4 << 20
  ) throws -> (cases: SettlementCases, drgNames: [String: String], values: NormalisationCounts) {
    let reader = try CSVChunkReader(path: path, blockSize: blockSize)
    let displayName = path == "-" ? "<stdin>" : path
    try reader.checkHeader()
    let columns = try GroupedColumns(
      header: reader.header, file: displayName, options: options, command: "drg settle",
      required: [.hospitalID, .drg, .totalCost], requirements: requirements)
    found(columns.resolution)
    try reader.checkHasRows(name: displayName)
    // The main thread appends each chunk's columns as it comes, mapping the chunk's text
    // ids onto the store's, so the cases are held once, as columns.
    var cases = SettlementCases()
    var ids = SettlementCases.textIDs()
    let slots = max(1, threads)
    let workers = WorkerSlots(
      count: slots,
      make: { SettlementChunkReader(columns: columns, allProcedures: allProcedures) })
    try ChunkPipeline.run(
      reader: reader, workers: workers, emptyPart: SettlementChunkCases(),
      consume: { part, _ in cases.append(part, ids: &ids) })
    // Names from every worker; the first seen in file order is not tracked across
    // workers, so a DRG named differently on two rows takes the smallest name.
    var names: [String: String] = [:]
    var values = NormalisationCounts()
    for slot in 0..<workers.count {
      workers.withSlot(slot) { worker in
        values.add(worker.tally.counts)
        for (drg, name) in worker.drgNames where names[drg].map({ name < $0 }) ?? true {
          names[drg] = name
        }
      }
    }
    return (cases, names, values)
  }

  /// Days since 1970-01-01 of a date field (the forms of ``CalendarDay``), or `nil`.
  static func day(_ raw: UnsafeBufferPointer<UInt8>) -> Int? { CalendarDay.parse(raw) }
}

extension Settlement {
  /// Yuan with 2 decimals from fen, exactly.
  public static func yuan(_ fen: Int64) -> String {
    let sign = fen < 0 ? "-" : ""
    let magnitude = fen.magnitude
    let cents = magnitude % 100
    return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
  }

  /// Appends `value` / 100 with 2 decimals, without making a String.
  static func appendHundredths(_ value: Int64, to writer: CSVWriter) {
    if value < 0 { writer.appendByte(ASCII.minus) }
    var magnitude = value.magnitude
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    withUnsafeMutableBytes(of: &digits) { raw in
      repeat {
        raw[count] = ASCII.zero + UInt8(magnitude % 10)
        magnitude /= 10
        count += 1
      } while magnitude > 0 || count < 3
      for position in stride(from: count - 1, through: 0, by: -1) {
        if position == 1 { writer.appendByte(ASCII.dot) }
        writer.appendByte(raw[position])
      }
    }
  }

  /// Points with 2 decimals from hundredths.
  static func points(_ centipoints: Int64) -> String { yuan(centipoints) }

  private static func row(_ fields: [String], _ writer: CSVWriter) {
    for (index, field) in fields.enumerated() {
      if index > 0 { writer.appendByte(ASCII.comma) }
      writer.appendField(field)
    }
    writer.appendByte(ASCII.lf)
  }

  /// Writes `cases.csv`, `hospitals.csv`, `pools.csv` and `drgs.csv` into `directory`
  /// (created if needed).
  /// - Throws: ``FileError`` when a file cannot be written.
  public func write(to directory: String) throws(FileError) {
    try FileError.makeDirectory(directory)
    let base = URL(fileURLWithPath: directory)
    let casesWriter = try CSVWriter(path: base.appendingPathComponent("cases.csv").path)
    Self.row(
      [
        "case_id", "hospital_id", "pool", "drg", "category", "points", "payment", "self_pay",
        "fund_payment", "reason", "drg_name",
      ] + (hospitalTable != nil ? ["hospital_name"] : []),
      casesWriter)
    try writeCaseRows(to: casesWriter)
    try casesWriter.finish()

    let categories = CaseCategory.allCases.filter { $0 != .excluded }
    let hospitalsWriter = try CSVWriter(path: base.appendingPathComponent("hospitals.csv").path)
    Self.row(
      ["pool", "hospital_id", "cases"] + categories.map { "cases_\($0.rawValue)" } + [
        "points", "cmi", "entitlement", "actual_cost", "payment", "yuan_payment", "yuan_cost",
        "surplus", "overspend",
        "retained_surplus", "fund_overspend_share", "balance", "band", "withheld", "returned",
        "deductions", "final_payment", "self_pay", "fund_payment",
      ] + (hospitalTable != nil ? ["hospital_name"] : [])
        + (hasUnits ? ["alliance", "budget"] : [])
        + (hasHospitalBudgets ? Self.budgetColumns : []),
      hospitalsWriter)
    for pool in pools {
      for hospital in pool.hospitals {
        Self.row(
          [pool.name, hospital.hospital, String(hospital.cases)]
            + categories.map { String(hospital.casesByCategory[$0] ?? 0) } + [
              Self.points(hospital.centipoints), String(format: "%.4f", hospital.caseMixIndex),
              Self.yuan(hospital.entitlementFen), Self.yuan(hospital.actualFen),
              Self.yuan(hospital.paymentFen), Self.yuan(hospital.yuanPaymentFen),
              Self.yuan(hospital.yuanCostFen), Self.yuan(hospital.surplusFen),
              Self.yuan(hospital.overspendFen), Self.yuan(hospital.retainedSurplusFen),
              Self.yuan(hospital.fundOverspendShareFen),
              Self.yuan(hospital.paymentFen - hospital.actualFen), band(of: hospital).rawValue,
              Self.yuan(hospital.withheldFen), Self.yuan(hospital.returnedFen),
              Self.yuan(hospital.deductionFen), Self.yuan(hospital.finalPaymentFen),
              Self.yuan(hospital.selfPayFen), Self.yuan(hospital.fundPaymentFen),
            ] + (hospitalTable.map { [$0.name(of: hospital.hospital)] } ?? [])
            + (hasUnits ? [hospital.alliance, hospital.budgetFen.map(Self.yuan) ?? ""] : [])
            + (hasHospitalBudgets ? Self.budgetFields(hospital) : []),
          hospitalsWriter)
      }
    }
    try hospitalsWriter.finish()

    let poolsWriter = try CSVWriter(path: base.appendingPathComponent("pools.csv").path)
    Self.row(
      [
        "pool", "budget", "reserve", "distributable", "yuan_in_budget", "yuan_outside",
        "point_budget", "cases", "hospitals", "points",
        "point_value", "unconstrained_point_value", "payout", "constraint", "quality_kept",
        "deductions", "deductions_to", "final_payout", "self_pay", "fund_payout",
      ], poolsWriter)
    for pool in pools {
      Self.row(
        [
          pool.name, Self.yuan(pool.budgetFen), Self.yuan(pool.reserveFen),
          Self.yuan(pool.distributableFen), Self.yuan(pool.yuanInBudgetFen),
          Self.yuan(pool.yuanOutsideFen), Self.yuan(pool.pointBudgetFen), String(pool.cases),
          String(pool.hospitals.count),
          Self.points(pool.centipoints), String(format: "%.6f", pool.solution.pointValue),
          pool.solution.unconstrainedPointValue.map { String(format: "%.6f", $0) } ?? "",
          Self.yuan(pool.solution.payoutFen), pool.solution.constraint.rawValue,
          Self.yuan(pool.qualityKeptFen), Self.yuan(pool.deductionFen),
          deductionDestination.rawValue, Self.yuan(pool.finalPayoutFen),
          Self.yuan(pool.selfPayFen), Self.yuan(pool.finalPayoutFen - pool.selfPayFen),
        ], poolsWriter)
    }
    try poolsWriter.finish()

    let drgsWriter = try CSVWriter(path: base.appendingPathComponent("drgs.csv").path)
    Self.row(
      [
        "drg", "drg_name", "cases", "points", "payment", "cost", "balance", "self_pay",
        "fund_payment",
      ], drgsWriter)
    for drg in drgSettlements() {
      Self.row(
        [
          drg.drg, drg.name, String(drg.cases), Self.points(drg.centipoints),
          Self.yuan(drg.paymentFen), Self.yuan(drg.costFen), Self.yuan(drg.balanceFen),
          Self.yuan(drg.selfPayFen), Self.yuan(drg.paymentFen - drg.selfPayFen),
        ], drgsWriter)
    }
    try drgsWriter.finish()
    try writeAlliances(to: base.appendingPathComponent("alliances.csv").path)
    try perHead?.write(to: directory)
  }

  /// Columns of hospitals.csv comparing a hospital's claim with its own budget (with
  /// `hospitalBudgets`), as `band` does; `surplus` and `overspend` compare the claim with
  /// the actual cost.
  static let budgetColumns = [
    "claim", "budget_surplus", "budget_overspend", "budget_retained_surplus",
    "budget_fund_overspend_share",
  ]

  /// The fields of ``budgetColumns``, empty for a hospital without a budget of its own.
  static func budgetFields(_ hospital: HospitalSettlement) -> [String] {
    [
      hospital.claimAgainstBudgetFen, hospital.budgetSurplusFen, hospital.budgetOverspendFen,
      hospital.budgetRetainedSurplusFen, hospital.budgetFundOverspendShareFen,
    ].map { $0.map(Self.yuan) ?? "" }
  }

  /// A readable summary: one line per pool, and the case categories.
  public func summaryLines() -> [String] {
    var counts: [CaseCategory: Int] = [:]
    var byOrdinal = [Int](repeating: 0, count: CaseCategory.allCases.count)
    for ordinal in prices.category { byOrdinal[Int(ordinal)] += 1 }
    for (ordinal, category) in CaseCategory.allCases.enumerated() where byOrdinal[ordinal] > 0 {
      counts[category] = byOrdinal[ordinal]
    }
    var lines = [
      "\(cases.count) cases: "
        + CaseCategory.allCases.compactMap { category in
          counts[category].map { "\($0) \(category.rawValue)" }
        }.joined(separator: ", ")
    ]
    if let year {
      lines.append(
        "settlement year \(year): \(casesOutsideYear) cases discharged in other years excluded")
    } else if dischargeYears.count > 1 {
      lines.append(
        "WARNING: cases discharged in \(dischargeYears.count) calendar years (\(dischargeYears.map(String.init).joined(separator: ", "))) settled together against one budget; give --year (or the policy's year) to settle one year"
      )
    }
    if casesWithUnreadableSelfPay > 0 {
      lines.append(
        "\(casesWithUnreadableSelfPay) paid cases have a self_pay that is not a number ≥ 0: counted 0 (reason in cases.csv)"
      )
    }
    if casesWithoutDischarge > 0 {
      lines.append(
        "\(casesWithoutDischarge) paid cases have no discharge date: settled in the year, in no month of months.csv"
      )
    }
    for pool in pools {
      let solution = pool.solution
      var warning: String?
      var line =
        "pool \(pool.name): budget \(Self.yuan(pool.budgetFen)) (reserve \(Self.yuan(pool.reserveFen))\(pool.yuanInBudgetFen > 0 ? ", yuan prices counted against it \(Self.yuan(pool.yuanInBudgetFen))" : "")), \(pool.hospitals.count) hospitals, \(Self.points(pool.centipoints)) points, point value \(String(format: "%.4f", solution.pointValue)), paid \(Self.yuan(solution.payoutFen))"
      switch solution.constraint {
      case .none:
        line += pool.yuanInBudgetFen > 0 ? " (= point budget)" : " (= distributable budget)"
      case .floor:
        line +=
          " — point-value FLOOR binds: the budget needs \(String(format: "%.4f", solution.unconstrainedPointValue ?? 0)); payout exceeds it"
      case .cap:
        line +=
          " — point-value CAP binds: the budget needs \(String(format: "%.4f", solution.unconstrainedPointValue ?? 0)); payout falls short"
      case .unspendable:
        line += " — no point value can pay the budget under the sharing bands"
        warning =
          "WARNING: pool \(pool.name): no point value can pay out \(Self.yuan(solution.budgetFen)) under the sharing bands; settled at point value \(String(format: "%.4f", solution.pointValue)), from which the payout is at its most, \(Self.yuan(solution.payoutFen)); \(Self.yuan(solution.budgetFen - solution.payoutFen)) stays unpaid (check the pool's budget and the sharing bands)"
      case .noPoints: line += " — no points in this pool"
      case .hospitalBudgets:
        line += " — each hospital or alliance settled against its own budget (二级预算)"
      }
      if pool.yuanInBudgetFen > 0 || pool.yuanOutsideFen > 0 {
        line +=
          "; cases paid in yuan: \(Self.yuan(pool.yuanInBudgetFen)) against the budget, \(Self.yuan(pool.yuanOutsideFen)) outside it"
      }
      lines.append(line)
      if let warning { lines.append(warning) }
    }
    return lines + unitSummaryLines() + (perHead?.summaryLines() ?? []) + negativeFinalLines()
  }
}
