import Foundation

/// Draws cases from a recipe: fields from realistic distributions narrowed to what the
/// path allows, codes from the recipe's pools plus CC/MCC codes, excluded CC pairs, extra
/// secondary diagnoses that are no CC, and routine procedures no rule reads.
struct CaseSampler: Sendable {
  let scheme: Scheme
  let index: SynthesisCodeIndex
  let departments: DepartmentTable
  /// Per code row: the sex the standard code edits restrict it to, as a diagnosis
  /// (``femaleDiagnosis``, ``maleDiagnosis``) and as a procedure (``femaleProcedure``,
  /// ``maleProcedure``), so that codes are drawn to fit the patient.
  private let sexOnly: [UInt8]
  private static let femaleDiagnosis: UInt8 = 1
  private static let maleDiagnosis: UInt8 = 2
  private static let femaleProcedure: UInt8 = 4
  private static let maleProcedure: UInt8 = 8

  init(scheme: Scheme, index: SynthesisCodeIndex, departments: DepartmentTable) {
    self.scheme = scheme
    self.index = index
    self.departments = departments
    let flags = CodeFlags(scheme: scheme, edits: .standard)
    sexOnly = zip(flags.diagnosis, flags.procedure).map { diagnosis, procedure in
      var sex: UInt8 = 0
      if diagnosis & CodeFlags.femaleOnly != 0 { sex |= Self.femaleDiagnosis }
      if diagnosis & CodeFlags.maleOnly != 0 { sex |= Self.maleDiagnosis }
      if procedure & CodeFlags.femaleOnly != 0 { sex |= Self.femaleProcedure }
      if procedure & CodeFlags.maleOnly != 0 { sex |= Self.maleProcedure }
      return sex
    }
  }

  /// Whether `row` contradicts a patient of `sex` (1 male, 2 female) as a diagnosis, or as
  /// a procedure.
  @inline(__always)
  private func contradicts(_ row: UInt32, sex: Int, procedure: Bool) -> Bool {
    let flags = sexOnly[Int(row)]
    if procedure {
      return flags & (sex == 1 ? Self.femaleProcedure : Self.maleProcedure) != 0
    }
    return flags & (sex == 1 ? Self.femaleDiagnosis : Self.maleDiagnosis) != 0
  }

  /// A code of `pool` at the index `draw` gives, drawn again (up to four times) while it
  /// contradicts the patient's sex, as codes of the other sex are rare in real records.
  @inline(__always)
  private func draw(
    _ pool: [UInt32], for record: SyntheticCase, procedure: Bool = false,
    _ random: inout SynthesisRandom, _ index: (inout SynthesisRandom) -> Int
  ) -> UInt32 {
    var code = pool[index(&random)]
    var tries = 0
    while tries < 4 && contradicts(code, sex: record.sex, procedure: procedure) {
      code = pool[index(&random)]
      tries += 1
    }
    return code
  }

  /// Discharge dispositions and their shares: 1 doctor's order, 2 transfer to hospital,
  /// 3 to a community clinic, 4 against advice, 5 death, 9 other.
  static let leavingValues: [Int] = [1, 2, 3, 4, 5, 9]
  static let leavingCumulative: [Double] = [0.885, 0.915, 0.925, 0.965, 0.98, 1.0]

  /// Fills `record` with a new case of `recipe`.
  ///
  /// - Parameters:
  ///   - stayFactor: the hospital's length-of-stay factor.
  ///   - shuffle: mix the secondary diagnoses (off when checking pools, which need the
  ///     needed secondary diagnoses right after the principal one, in order).
  func fill(
    _ record: inout SyntheticCase, from recipe: CaseRecipe, stayFactor: Double = 1,
    shuffle: Bool = true, random: inout SynthesisRandom
  ) {
    let profile = recipe.profile
    let fields = recipe.fields

    // Sex.
    let sexConstraint = fields[PathConstraints.sex]
    record.sex = random.chance(profile.femaleShare) ? 2 : 1
    if !sexConstraint.accepts(Double(record.sex)) { record.sex = 3 - record.sex }

    // Age, and for infants age in days and birth weight.
    let ageConstraint = fields[PathConstraints.age]
    let daysConstraint = fields[PathConstraints.ageDays]
    let weightConstraint = fields[PathConstraints.weight]
    if profile.isInfant {
      record.age = 0
      let neonatal =
        daysConstraint.highest <= 28
        ? true : daysConstraint.lowest > 28 ? false : random.chance(0.75)
      var days =
        neonatal ? min(28, Int(random.unit() * random.unit() * 29)) : 29 + random.below(336)
      if !daysConstraint.accepts(Double(days)) {
        days = Int(
          daysConstraint.uniformValue(
            floor: neonatal ? 0 : 29, ceiling: neonatal ? 28 : 364, &random) ?? Double(days))
      }
      record.ageDays = days
      if days <= 28 || !weightConstraint.mayBeMissing || random.chance(0.4) {
        var grams =
          random.chance(0.09)
          ? 700 + random.unit() * 1800 : 3300 + 430 * random.normal()
        grams = min(5500, max(400, (grams / 10).rounded() * 10))
        if !weightConstraint.accepts(grams) {
          grams = weightConstraint.uniformValue(floor: 500, ceiling: 5000, &random) ?? grams
        }
        record.weight = Int(grams)
      } else {
        record.weight = -1
      }
    } else {
      var age = drawAge(profile, &random)
      var tries = 0
      while !ageConstraint.accepts(Double(age)) && tries < 4 {
        age = drawAge(profile, &random)
        tries += 1
      }
      if !ageConstraint.accepts(Double(age)) {
        age = Int(ageConstraint.uniformValue(floor: 1, ceiling: 95, &random) ?? Double(age))
      }
      record.age = age
      record.ageDays =
        daysConstraint.mayBeMissing
        ? -1 : Int(daysConstraint.uniformValue(floor: 365, ceiling: 36_500, &random) ?? -1)
      record.weight =
        weightConstraint.mayBeMissing
        ? -1 : Int(weightConstraint.uniformValue(floor: 2500, ceiling: 4000, &random) ?? -1)
    }

    // Department.
    if recipe.departments.isEmpty {
      record.department = -1
    } else if recipe.departments.count == 1 || random.chance(0.8) {
      record.department = recipe.departments[0]
    } else {
      record.department = recipe.departments[random.below(recipe.departments.count)]
    }
    if record.age < 14 && !profile.isInfant && random.chance(0.5),
      let pediatrics = departments.position(of: "07"), recipe.departments.contains(pediatrics)
    {
      record.department = pediatrics
    }

    // Length of stay: log-normal around the recipe's mean, scaled by the hospital.
    let losConstraint = fields[PathConstraints.los]
    let spread = profile.staySpread
    let stay = profile.meanStay * stayFactor * exp(spread * random.normal() - spread * spread / 2)
    var los = min(180, max(1, Int(stay.rounded())))
    if !losConstraint.accepts(Double(los)) {
      los = Int(losConstraint.uniformValue(floor: 1, ceiling: 60, &random) ?? Double(los))
    }
    record.los = los

    // Discharge disposition.
    let leavingConstraint = fields[PathConstraints.leaving]
    record.leaving = drawLeaving(&random)
    if !leavingConstraint.accepts(Double(record.leaving)) {
      record.leaving = -1
      for _ in 0..<6 {
        let value = drawLeaving(&random)
        if leavingConstraint.accepts(Double(value)) {
          record.leaving = value
          break
        }
      }
      if record.leaving < 0 {
        record.leaving =
          Self.leavingValues.first { leavingConstraint.accepts(Double($0)) }
          ?? Int(leavingConstraint.uniformValue(floor: 1, ceiling: 9, &random) ?? 1)
      }
    }

    // Hours in intensive care.
    let icuConstraint = fields[PathConstraints.icuHours]
    if random.chance(profile.icuShare) || !icuConstraint.mayBeMissing {
      var hours = Double(min(2000, Int(exp(3.6 + 0.9 * random.normal()).rounded())))
      if !icuConstraint.accepts(hours) {
        hours = icuConstraint.uniformValue(floor: 1, ceiling: 400, &random) ?? -1
      }
      record.icuHours = Int(hours)
    } else {
      record.icuHours = -1
    }

    fillCodes(&record, from: recipe, shuffle: shuffle, random: &random)
  }

  /// Ages in whole years: children, adults and the elderly, or women of childbearing age.
  @inline(__always)
  private func drawAge(_ profile: CaseProfile, _ random: inout SynthesisRandom) -> Int {
    if profile.isObstetric {
      return min(50, max(16, Int((29 + 5.5 * random.normal()).rounded())))
    }
    let u = random.unit()
    if u < 0.1 {
      let v = random.unit()
      return 1 + Int(v * v.squareRoot() * 17)
    }
    if u < 0.55 { return 18 + random.below(47) }
    let v = random.unit()
    return 65 + Int(v * v.squareRoot() * 35)
  }

  @inline(__always)
  private func drawLeaving(_ random: inout SynthesisRandom) -> Int {
    let u = random.unit()
    var position = 0
    while position < Self.leavingCumulative.count - 1 && u >= Self.leavingCumulative[position] {
      position += 1
    }
    return Self.leavingValues[position]
  }

  /// Diagnoses and procedures.
  private func fillCodes(
    _ record: inout SyntheticCase, from recipe: CaseRecipe, shuffle: Bool,
    random: inout SynthesisRandom
  ) {
    record.diagnoses.removeAll(keepingCapacity: true)
    record.procedures.removeAll(keepingCapacity: true)
    let principal = draw(recipe.principal, for: record, &random) {
      $0.skewedIndex(recipe.principal.count)
    }
    record.diagnoses.append(principal)
    for pool in recipe.secondaries {
      record.diagnoses.append(draw(pool, for: record, &random) { $0.skewedIndex(pool.count) })
    }

    // CC and MCC codes: those the path needs, and at base rates where it does not care.
    let age = Double(max(record.age, 0))
    let pools = index.pools[recipe.profile.population.rawValue]
    let mccPool = pools.mcc.isEmpty ? index.mccCodes : pools.mcc
    let ccPool = pools.cc.isEmpty ? index.ccCodes : pools.cc
    if recipe.needsMCC {
      addComplication(mccPool, to: &record, principal: principal, &random)
      if !recipe.forbidsCC && random.chance(0.3) {
        addComplication(ccPool, to: &record, principal: principal, &random)
      }
    } else if recipe.needsCC {
      addComplication(ccPool, to: &record, principal: principal, &random)
    } else {
      if !recipe.forbidsMCC && random.chance(0.04 + 0.0015 * age) {
        addComplication(mccPool, to: &record, principal: principal, &random)
      }
      if !recipe.forbidsCC && random.chance(0.1 + 0.003 * age) {
        addComplication(ccPool, to: &record, principal: principal, &random)
      }
    }

    // Distinct tags for `dx_tags` (multiple trauma).
    for (position, requirement) in recipe.tagCounts.enumerated() where requirement.lowest > 0 {
      addTags(
        requirement, pools: recipe.tagPools[position], to: &record, recipe: recipe, &random)
    }

    // Comorbidities that are no CC, more with age.
    if !pools.neutral.isEmpty {
      let mean = recipe.profile.isInfant ? 0.4 : 0.5 + age / 28
      let extra = min(10, Int(-log(1 - random.unit()) * mean))
      for _ in 0..<extra {
        record.diagnoses.append(
          draw(pools.neutral, for: record, &random) {
            $0.skewedIndex(pools.neutral.count, strongly: true)
          })
      }
    }

    // A CC the principal diagnosis excludes (it must not count).
    if random.chance(0.08) {
      let tables = scheme.complications.excludedTables(by: principal)
      if !tables.isEmpty {
        let table = Int(tables[tables.startIndex + random.below(tables.count)])
        if table < index.exclusionMembers.count, !index.exclusionMembers[table].isEmpty {
          let members = index.exclusionMembers[table]
          record.diagnoses.append(
            draw(members, for: record, &random) { $0.below(members.count) })
        }
      }
    }

    if shuffle && record.diagnoses.count > 2 {
      var position = record.diagnoses.count - 1
      while position > 1 {
        let other = 1 + random.below(position)
        record.diagnoses.swapAt(position, other)
        position -= 1
      }
    }

    // Procedures: the path's, or (for medical cases) routine ones no rule reads.
    let neutral = index.neutralProcedures
    if !recipe.mainProcedure.isEmpty {
      record.procedures.append(
        draw(recipe.mainProcedure, for: record, procedure: true, &random) {
          $0.skewedIndex(recipe.mainProcedure.count)
        })
    } else if !neutral.isEmpty && random.chance(0.45) {
      record.procedures.append(
        draw(neutral, for: record, procedure: true, &random) {
          $0.skewedIndex(neutral.count, strongly: true)
        })
    }
    for pool in recipe.otherProcedures {
      record.procedures.append(
        draw(pool, for: record, procedure: true, &random) { $0.skewedIndex(pool.count) })
    }
    if !record.procedures.isEmpty && !neutral.isEmpty && random.chance(0.3) {
      for _ in 0..<(1 + random.below(2)) {
        record.procedures.append(
          draw(neutral, for: record, procedure: true, &random) {
            $0.skewedIndex(neutral.count, strongly: true)
          })
      }
    }
  }

  /// Adds a code of `pool` that the principal diagnosis does not exclude and that fits the
  /// patient's sex (a few tries).
  @inline(__always)
  private func addComplication(
    _ pool: [UInt32], to record: inout SyntheticCase, principal: UInt32,
    _ random: inout SynthesisRandom
  ) {
    guard !pool.isEmpty else { return }
    var code = pool[random.below(pool.count)]
    var tries = 0
    while tries < 8
      && (scheme.tables.isExcluded(code, principal: principal)
        || contradicts(code, sex: record.sex, procedure: false))
    {
      code = pool[random.below(pool.count)]
      tries += 1
    }
    record.diagnoses.append(code)
  }

  /// Adds diagnoses with new tags until the case has the required number of distinct tags.
  private func addTags(
    _ requirement: (table: Int, lowest: Int, highest: Int), pools: [[UInt32]],
    to record: inout SyntheticCase, recipe: CaseRecipe, _ random: inout SynthesisRandom
  ) {
    let table = scheme.tagTables[requirement.table]
    let groups = index.tagGroups[requirement.table]
    guard !groups.isEmpty else { return }
    var present: [UInt16] = []
    for row in record.diagnoses {
      if let tag = table[row], !present.contains(tag) { present.append(tag) }
    }
    // Codes of a level the path allows in any case, from tags not yet present.
    while present.count < requirement.lowest {
      var open: [Int] = []
      for (position, pool) in pools.enumerated()
      where !pool.isEmpty && !present.contains(UInt16(position + 1)) {
        open.append(position)
      }
      guard !open.isEmpty else { break }
      let position = open[random.below(open.count)]
      record.diagnoses.append(pools[position][random.below(pools[position].count)])
      present.append(UInt16(position + 1))
    }
    // Then any code of a new tag that the principal diagnosis makes count at a level the
    // path allows.
    let principal = record.diagnoses[0]
    var tries = 0
    while present.count < requirement.lowest && tries < 64 {
      tries += 1
      let tag = UInt16(1 + random.below(groups.count))
      let group = groups[Int(tag) - 1]
      guard !present.contains(tag), !group.isEmpty else { continue }
      let code = group[random.below(group.count)]
      // Trauma codes are often MCCs: keep out those the path forbids.
      let level = scheme.tables.effectiveLevel(of: code, principal: principal)
      if (level == 2 && recipe.forbidsMCC) || (level == 1 && recipe.forbidsCC) { continue }
      guard
        !recipe.secondaryForbidden.contains(where: {
          scheme.membership.contains(row: code, list: $0)
        })
      else { continue }
      record.diagnoses.append(code)
      present.append(tag)
    }
  }
}
