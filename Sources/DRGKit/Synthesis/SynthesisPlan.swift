import Dispatch
import Foundation

/// Everything about synthesizing cases for one scheme that does not depend on the seed:
/// the recipes of all targets, the mix of targets, and the coverage report.
struct SynthesisPlan: Sendable {
  var recipes: [CaseRecipe]
  var sampler: CaseSampler
  /// Draws a recipe index with the target mix (every recipe has a floor share).
  var mix: AliasTable
  /// Recipes of infants (for the newborn input-check failures).
  var infantRecipes: [Int]
  var coverage: SynthesisCoverage

  /// Share of cases aimed at ambiguous groups (when the scheme has any) and at
  /// "ungroupable", and share of rows that fail an input check.
  static let ambiguousShare = 0.025
  static let ungroupableShare = 0.02
  static let invalidShare = 0.015
  /// Every DRG gets at least this fraction of an even share of the DRG cases.
  static let floorFraction = 0.1

  init(scheme: Scheme) {
    let start = ContinuousClock.now
    let index = SynthesisCodeIndex(scheme: scheme)
    let departments = DepartmentTable(scheme: scheme)
    let builder = RecipeBuilder(scheme: scheme, index: index, departments: departments)
    let targets = SynthesisTarget.all(of: scheme)

    // Targets are independent and each draws from its own stream, so building them in
    // parallel gives the same recipes as building them in turn.
    let found = UnsafeMutableBufferPointer<RecipeBuilder.Found?>.allocate(
      capacity: targets.count)
    found.initialize(repeating: nil)
    defer { found.deallocate() }
    let results = RecipeResultSlots(pointer: found)
    DispatchQueue.concurrentPerform(iterations: targets.count) { position in
      results.pointer[position] = builder.build(targets[position])
    }

    var coverage = SynthesisCoverage()
    coverage.drgCount = scheme.drgs.count
    coverage.ambiguousGroupCount = scheme.adrgs.filter(\.isAmbiguous).count
    var recipes: [CaseRecipe] = []
    var rates: [Double] = []
    for (target, result) in zip(targets, found) {
      switch target.kind {
      case .drg:
        if let result {
          coverage.reachedDRGs.append(target.code)
          rates.append(result.hitRate)
          if result.hitRate < 0.5 { coverage.weakDRGs.append(target.code) }
        } else {
          coverage.unreachedDRGs.append(target.code)
        }
      case .ambiguous:
        if result != nil { coverage.reachedAmbiguousGroups.append(target.code) }
      case .ungroupable:
        coverage.hasUngroupableRecipe = result != nil
      }
      if let result { recipes.append(result.recipe) }
    }
    coverage.meanHitRate = rates.isEmpty ? 0 : rates.reduce(0, +) / Double(rates.count)
    self.recipes = recipes
    self.coverage = coverage
    sampler = builder.sampler
    infantRecipes = recipes.indices.filter { recipes[$0].profile.isInfant }
    mix = Self.mix(recipes)
    let elapsed = ContinuousClock.now - start
    self.coverage.seconds = elapsed.inSeconds
  }

  /// Weights of the recipes: DRGs by a skewed (log-normal) popularity fixed by their code,
  /// rarer for pre-MDC, surgical, MCC and newborn groups, each with a floor share;
  /// ambiguous groups and "ungroupable" with fixed shares.
  private static func mix(_ recipes: [CaseRecipe]) -> AliasTable {
    guard !recipes.isEmpty else { return AliasTable(weights: [1]) }
    let drgs = recipes.indices.filter { recipes[$0].target.kind == .drg }
    let ambiguous = recipes.indices.filter { recipes[$0].target.kind == .ambiguous }
    let ungroupable = recipes.indices.filter { recipes[$0].target.kind == .ungroupable }
    var weights = Array(repeating: 0.0, count: recipes.count)
    let ambiguousShare = ambiguous.isEmpty ? 0 : Self.ambiguousShare
    let ungroupableShare = ungroupable.isEmpty ? 0 : Self.ungroupableShare
    let drgShare = drgs.isEmpty ? 0 : 1 - ambiguousShare - ungroupableShare
    var popularity = drgs.map { position -> Double in
      let recipe = recipes[position]
      let profile = recipe.profile
      var weight = exp(1.2 * min(3, max(-3, StableHash.normal(recipe.target.code, salt: 3))))
      if profile.complexity == 2 { weight *= 0.15 }
      if profile.isSurgical { weight *= 0.5 }
      if recipe.needsMCC { weight *= 0.6 }
      if profile.isInfant { weight *= 0.5 }
      return weight
    }
    let total = popularity.reduce(0, +)
    let floor = Self.floorFraction / Double(max(1, drgs.count))
    popularity = popularity.map { max($0 / total, floor) }
    let floored = popularity.reduce(0, +)
    for (position, weight) in zip(drgs, popularity) {
      weights[position] = drgShare * weight / floored
    }
    let groupWeights = ambiguous.map {
      exp(0.8 * StableHash.normal(recipes[$0].target.code, salt: 3))
    }
    let groupTotal = groupWeights.reduce(0, +)
    for (position, weight) in zip(ambiguous, groupWeights) {
      weights[position] = ambiguousShare * weight / groupTotal
    }
    for position in ungroupable { weights[position] = ungroupableShare / Double(ungroupable.count) }
    if weights.allSatisfy({ $0 == 0 }) { weights = weights.map { _ in 1 } }
    return AliasTable(weights: weights)
  }
}

/// Result slots written by concurrent workers, each at its own index.
private struct RecipeResultSlots: @unchecked Sendable {
  let pointer: UnsafeMutableBufferPointer<RecipeBuilder.Found?>
}
