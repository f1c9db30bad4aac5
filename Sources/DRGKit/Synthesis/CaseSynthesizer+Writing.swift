import Foundation

extension CaseSynthesizer {
  /// Share of stays that are readmissions within 15 days, and later returns.
  static let readmissionShare = 0.05
  static let laterReturnShare = 0.015

  /// Ways a row is made to fail the input checks, with the check it fails.
  static let defects: [InputProblem] = [
    .sexInvalid, .sexInvalid, .ageMissing, .ageDaysMissing, .birthWeightMissing, .noDiagnosis,
    .principalDiagnosisEmpty,
  ]

  /// Writes `count` cases to `path` (`-` for standard output).
  ///
  /// - Parameters:
  ///   - withTarget: add a `target_drg` column with the code `drg group` should report for
  ///     the row (empty for rows built to fail an input check), to measure how often the
  ///     generator hits.
  ///   - progress: called now and then with the number of rows written.
  /// - Returns: counts of the rows written.
  /// - Throws: ``FileError`` when the file cannot be written.
  /// - Complexity: O(`count`); about a microsecond per case in a release build.
  public func write(
    count: Int, to path: String, withTarget: Bool = false, progress: ((Int) -> Void)? = nil
  ) throws(FileError) -> SynthesisSummary {
    let start = ContinuousClock.now
    let writer = try CSVWriter(path: path)
    let flushSize = 1 << 20
    var out = ByteSink(capacity: flushSize + (1 << 16))
    defer { out.deallocate() }
    out.append(Array(Self.header(withTarget: withTarget).joined(separator: ",").utf8))
    out.append(ByteSink.newline)

    var summary = SynthesisSummary()
    summary.hospitals = panel.hospitals.count
    guard !plan.recipes.isEmpty else {
      writer.buffer.append(contentsOf: out.bytes)
      try writer.finish()
      return summary
    }
    // Borrowed through pointers in the loop, so that reading a recipe or a code's bytes
    // does not retain and release arrays.
    let recipes = UnsafeMutableBufferPointer<CaseRecipe>.allocate(capacity: plan.recipes.count)
    _ = recipes.initialize(from: plan.recipes)
    let codeBytes = UnsafeMutableBufferPointer<UInt8>.allocate(
      capacity: plan.sampler.index.bytes.count)
    _ = codeBytes.initialize(from: plan.sampler.index.bytes)
    let codeOffsets = UnsafeMutableBufferPointer<Int32>.allocate(
      capacity: plan.sampler.index.offsets.count)
    _ = codeOffsets.initialize(from: plan.sampler.index.offsets)
    defer {
      recipes.deinitialize().deallocate()
      codeBytes.deallocate()
      codeOffsets.deallocate()
    }
    let sampler = plan.sampler
    let departments = sampler.departments
    let targetBytes = plan.recipes.map { Array($0.target.code.utf8) }
    let employee = Array("employee".utf8)
    let resident = Array("resident".utf8)
    let idWidth = max(7, String(count).count)

    var random = SynthesisRandom(seed: seed, stream: 2)
    var registry = PatientRegistry()
    var record = SyntheticCase()

    /// Codes separated by `|`.
    func appendCodes(_ rows: [UInt32]) {
      for (position, row) in rows.enumerated() {
        if position > 0 { out.append(ByteSink.pipe) }
        let start = Int(codeOffsets[Int(row)])
        let end = Int(codeOffsets[Int(row) + 1])
        out.append(UnsafeBufferPointer(rebasing: codeBytes[start..<end]))
      }
    }
    func appendOptional(_ value: Int) {
      if value >= 0 { out.appendInteger(value) }
    }

    for row in 0..<count {
      // What to make: a recipe, perhaps broken on purpose.
      var recipeIndex = plan.mix.draw(&random)
      var defect: InputProblem?
      if random.chance(SynthesisPlan.invalidShare) {
        let problem = Self.defects[random.below(Self.defects.count)]
        defect = problem
        if problem == .ageDaysMissing || problem == .birthWeightMissing,
          !plan.infantRecipes.isEmpty
        {
          recipeIndex = plan.infantRecipes[random.below(plan.infantRecipes.count)]
        }
      }

      // Who: a recent patient coming back, or a new one.
      var slot = -1
      var admit = 0
      let returning = random.unit()
      if defect == nil && !registry.isEmpty
        && returning < Self.readmissionShare + Self.laterReturnShare
      {
        let candidate = registry.randomSlot(&random)
        let patient = registry[candidate]
        if random.chance(0.5) { recipeIndex = Int(patient.recipe) }
        if accepts(recipes[recipeIndex], sex: Int(patient.sex), age: Int(patient.age)) {
          slot = candidate
          let within = returning < Self.readmissionShare
          admit = Int(patient.discharge) + (within ? 1 + random.below(15) : 16 + random.below(105))
          if within {
            summary.readmissionsWithin15Days += 1
          } else {
            summary.laterReturns += 1
          }
        }
      }
      let hospital: Int
      if slot >= 0 && random.chance(0.85) {
        hospital = Int(registry[slot].hospital)
      } else {
        hospital = panel.choosers[recipes[recipeIndex].profile.complexity].draw(&random)
      }
      let costFactor = panel.hospitals[hospital].costFactor
      let stayFactor = panel.hospitals[hospital].stayFactor
      sampler.fill(&record, from: recipes[recipeIndex], stayFactor: stayFactor, random: &random)

      let patientNumber: Int
      let insurance: UInt8
      if slot >= 0 {
        let patient = registry[slot]
        record.sex = Int(patient.sex)
        record.age = Int(patient.age)
        patientNumber = patient.number
        insurance = patient.insurance
      } else {
        summary.patients += 1
        patientNumber = summary.patients
        let employeeShare = record.age < 18 ? 0.03 : (record.age < 60 ? 0.65 : 0.4)
        insurance = random.chance(employeeShare) ? 1 : 0
        admit = random.below(366)
      }
      let discharge = admit + record.los
      if defect == nil {
        let patient = PatientRegistry.Patient(
          number: patientNumber, sex: Int8(record.sex), age: Int16(record.age),
          insurance: insurance, hospital: Int16(hospital), recipe: Int32(recipeIndex),
          discharge: Int32(discharge))
        if slot >= 0 { registry[slot] = patient } else { registry.add(patient) }
      }

      // Cost: log-normal around the DRG's level, following the length of stay.
      let baseCost = recipes[recipeIndex].profile.baseCost
      let meanStay = recipes[recipeIndex].profile.meanStay
      let spread = recipes[recipeIndex].profile.costSpread
      let stayRatio = Double(record.los) / (meanStay * stayFactor)
      var cost =
        baseCost * costFactor * pow(max(stayRatio, 0.05), 0.6)
        * exp(spread * random.normal() - spread * spread / 2)
      if record.icuHours > 0 { cost += Double(record.icuHours) * 180 * costFactor }
      if record.leaving == 5 { cost *= 1.2 }

      // Break the row on purpose.
      var principalEmpty = false
      if let defect {
        summary.invalidByProblem[Int(defect.rawValue)] += 1
        switch defect {
        case .sexInvalid: record.sex = random.chance(0.5) ? -1 : 9
        case .ageMissing: record.age = -1
        case .ageDaysMissing:
          record.age = 0
          record.ageDays = -1
        case .birthWeightMissing:
          record.age = 0
          record.ageDays = random.below(29)
          record.weight = -1
        case .noDiagnosis: record.diagnoses.removeAll(keepingCapacity: true)
        case .principalDiagnosisEmpty: principalEmpty = true
        }
      } else {
        switch recipes[recipeIndex].target.kind {
        case .drg: summary.aimedAtDRG += 1
        case .ambiguous: summary.aimedAmbiguous += 1
        case .ungroupable: summary.aimedUngroupable += 1
        }
      }

      // The row.
      if out.space < 1 << 15 {
        summary.bytesWritten += out.count
        writer.buffer.append(contentsOf: out.bytes)
        out.removeAll()
        try writer.flush()
        progress?(row)
      }
      out.append(UInt8(ascii: "C"))
      out.appendPadded(row + 1, width: idWidth)
      out.append(ByteSink.comma)
      out.append(panel.idBytes[hospital])
      out.append(ByteSink.comma)
      appendOptional(record.sex)
      out.append(ByteSink.comma)
      appendOptional(record.age)
      out.append(ByteSink.comma)
      appendOptional(record.ageDays)
      out.append(ByteSink.comma)
      appendOptional(record.weight)
      out.append(ByteSink.comma)
      if record.department >= 0 { out.append(departments.bytes[record.department]) }
      out.append(ByteSink.comma)
      out.appendInteger(record.los)
      out.append(ByteSink.comma)
      out.appendInteger(record.leaving)
      out.append(ByteSink.comma)
      appendOptional(record.icuHours)
      out.append(ByteSink.comma)
      if principalEmpty { out.append(ByteSink.pipe) }
      appendCodes(record.diagnoses)
      out.append(ByteSink.comma)
      appendCodes(record.procedures)
      out.append(ByteSink.comma)
      out.appendCents(Int((cost * 100).rounded()))
      out.append(ByteSink.comma)
      out.append(UInt8(ascii: "P"))
      out.appendPadded(patientNumber, width: 8)
      out.append(ByteSink.comma)
      out.appendDate(day: admit)
      out.append(ByteSink.comma)
      out.appendDate(day: discharge)
      out.append(ByteSink.comma)
      out.append(insurance == 1 ? employee : resident)
      if withTarget {
        out.append(ByteSink.comma)
        if defect == nil { out.append(targetBytes[recipeIndex]) }
      }
      out.append(ByteSink.newline)
    }
    summary.cases = count
    summary.bytesWritten += out.count
    writer.buffer.append(contentsOf: out.bytes)
    try writer.finish()
    progress?(count)
    let elapsed = ContinuousClock.now - start
    summary.seconds = elapsed.inSeconds
    return summary
  }

  /// Whether a returning patient (sex, age) fits a recipe.
  private func accepts(_ recipe: CaseRecipe, sex: Int, age: Int) -> Bool {
    let profile = recipe.profile
    guard !profile.isInfant, age >= 1 else { return false }
    if profile.femaleShare == 1 && sex != 2 { return false }
    if profile.femaleShare == 0 && sex != 1 { return false }
    if profile.isObstetric && (age < 16 || age > 50) { return false }
    return recipe.fields[PathConstraints.sex].accepts(Double(sex))
      && recipe.fields[PathConstraints.age].accepts(Double(age))
  }
}
