/// Finds a ``CaseRecipe`` for each target: solves the target's grouping path
/// (``PathSolver``), draws cases until one groups to the target with the real engine,
/// then keeps of each code pool only the codes that still land there when swapped into
/// that case, and measures how often fresh cases of the recipe hit.
///
/// Randomness comes from the target code only, so recipes do not depend on the seed.
struct RecipeBuilder: Sendable {
  let scheme: Scheme
  let index: SynthesisCodeIndex
  let departments: DepartmentTable
  let sampler: CaseSampler

  /// Paths solved per target before giving up.
  static let attempts = 40
  /// Cases drawn from a solved path to find one that hits.
  static let examples = 16
  /// Codes tried per pool (principal diagnoses get more).
  static let principalChecks = 200
  static let poolChecks = 80
  /// Cases drawn to measure a recipe's hit rate.
  static let rateSamples = 32

  init(scheme: Scheme, index: SynthesisCodeIndex, departments: DepartmentTable) {
    self.scheme = scheme
    self.index = index
    self.departments = departments
    sampler = CaseSampler(scheme: scheme, index: index, departments: departments)
  }

  /// A recipe and the share of its test cases that grouped to its target.
  struct Found: Sendable {
    var recipe: CaseRecipe
    var hitRate: Double
  }

  /// The best recipe found for `target`, or `nil` when no path was found (the target may
  /// be unreachable: shadowed by an earlier rule).
  func build(_ target: SynthesisTarget) -> Found? {
    var random = SynthesisRandom(
      seed: StableHash.of(target.code, salt: UInt64(target.kind.rawValue)), stream: 1)
    let goals = target.goals(in: scheme)
    var best: Found?
    var solved = 0
    for _ in 0..<Self.attempts {
      var solver = PathSolver(
        scheme: scheme, index: index, random: SynthesisRandom(seed: random.next()))
      guard let constraints = solver.solve(goals) else { continue }
      var recipe = makeRecipe(target, constraints, &random)
      guard !recipe.principal.isEmpty, let example = findExample(recipe, &random) else {
        continue
      }
      prune(&recipe, example: example)
      let rate = hitRate(of: recipe, &random)
      solved += 1
      if best == nil || rate > best!.hitRate { best = Found(recipe: recipe, hitRate: rate) }
      if rate >= 0.95 || solved >= 4 { break }
    }
    return best
  }

  /// Turns solved constraints into code pools and a profile.
  private func makeRecipe(
    _ target: SynthesisTarget, _ constraints: PathConstraints, _ random: inout SynthesisRandom
  ) -> CaseRecipe {
    var principal =
      constraints.principal.candidates?.rows
      ?? index.diagnoses.filter { constraints.principal.admits($0, scheme: scheme) }
    principal.shuffle(using: &random)
    var main = constraints.mainProcedure.candidates?.rows ?? []
    if main.isEmpty && constraints.needsProcedure {
      main =
        index.neutralProcedures.isEmpty
        ? index.procedures.filter { constraints.mainProcedure.admits($0, scheme: scheme) }
        : Array(index.neutralProcedures.prefix(200))
    }
    main.shuffle(using: &random)
    // Needed secondary diagnoses of a CC/MCC level the path forbids would count with most
    // principal diagnoses: keep them out where the list allows.
    func levelAllowed(_ row: UInt32) -> Bool {
      let level = scheme.complications.level[Int(row)]
      return level == 0 || (level == 1 && !constraints.forbidsCC)
        || (level == 2 && !constraints.forbidsMCC)
    }
    let secondaries = constraints.secondaries.map { position in
      let rows = position.candidates?.rows ?? []
      let allowed = rows.filter(levelAllowed)
      return (allowed.isEmpty ? rows : allowed).shuffled(using: &random)
    }
    let others = constraints.otherProcedures.map {
      ($0.candidates?.rows ?? []).shuffled(using: &random)
    }
    let mdcCode = target.mdc >= 0 ? scheme.mdcs[target.mdc].entry.code : nil
    let surgical = constraints.mainProcedure.candidates != nil || !others.isEmpty
    let profile = CaseProfile(
      target: target, constraints: constraints, mdcCode: mdcCode, hasProcedureList: surgical)
    return CaseRecipe(
      target: target, principal: principal, mainProcedure: main, secondaries: secondaries,
      otherProcedures: others, needsMCC: constraints.needsMCC, needsCC: constraints.needsCC,
      forbidsMCC: constraints.forbidsMCC, forbidsCC: constraints.forbidsCC,
      tagCounts: constraints.tagCounts.map { requirement in
        let count = requirement.count
        return (
          requirement.table, Int(max(0, count.lowest)),
          count.highest.isFinite ? Int(count.highest) : Int.max
        )
      },
      tagPools: constraints.tagCounts.map { requirement in
        index.tagGroups[requirement.table].map { group in
          group.filter { row in
            levelAllowed(row)
              && !constraints.secondaryForbidden.contains {
                scheme.membership.contains(row: row, list: $0)
              }
          }
        }
      },
      fields: constraints.fields,
      departments: departments.choices(
        for: constraints, mdcCode: mdcCode, surgical: surgical, random: &random),
      profile: profile, secondaryForbidden: constraints.secondaryForbidden)
  }

  /// A case of `recipe` that groups to its target, with unshuffled codes.
  private func findExample(_ recipe: CaseRecipe, _ random: inout SynthesisRandom)
    -> SyntheticCase?
  {
    var record = SyntheticCase()
    for _ in 0..<Self.examples {
      sampler.fill(&record, from: recipe, shuffle: false, random: &random)
      if recipe.target.isHit(record.group(in: scheme, departments: departments)) {
        return record
      }
    }
    return nil
  }

  /// Keeps of each pool the codes that still reach the target when swapped into `example`.
  private func prune(_ recipe: inout CaseRecipe, example: SyntheticCase) {
    let target = recipe.target
    func keep(_ pool: [UInt32], limit: Int, _ place: (inout SyntheticCase, UInt32) -> Void)
      -> [UInt32]
    {
      var probe = example
      var kept: [UInt32] = []
      for row in pool.prefix(limit) {
        place(&probe, row)
        if target.isHit(probe.group(in: scheme, departments: departments)) { kept.append(row) }
      }
      return kept.isEmpty ? Array(pool.prefix(1)) : kept
    }
    let principalLimit =
      target.kind == .ungroupable ? 2 * Self.principalChecks : Self.principalChecks
    recipe.principal = keep(recipe.principal, limit: principalLimit) { $0.diagnoses[0] = $1 }
    if !recipe.mainProcedure.isEmpty && !example.procedures.isEmpty {
      recipe.mainProcedure = keep(recipe.mainProcedure, limit: Self.poolChecks) {
        $0.procedures[0] = $1
      }
    }
    for slot in recipe.secondaries.indices where slot + 1 < example.diagnoses.count {
      recipe.secondaries[slot] = keep(recipe.secondaries[slot], limit: Self.poolChecks) {
        $0.diagnoses[slot + 1] = $1
      }
    }
    for slot in recipe.otherProcedures.indices where slot + 1 < example.procedures.count {
      recipe.otherProcedures[slot] = keep(recipe.otherProcedures[slot], limit: Self.poolChecks) {
        $0.procedures[slot + 1] = $1
      }
    }
  }

  /// The share of fresh cases of `recipe` that group to its target.
  private func hitRate(of recipe: CaseRecipe, _ random: inout SynthesisRandom) -> Double {
    var record = SyntheticCase()
    var hits = 0
    for _ in 0..<Self.rateSamples {
      sampler.fill(&record, from: recipe, random: &random)
      if recipe.target.isHit(record.group(in: scheme, departments: departments)) { hits += 1 }
    }
    return Double(hits) / Double(Self.rateSamples)
  }
}
