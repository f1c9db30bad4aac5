import Foundation

/// The kind of patient and stay a recipe makes, beyond what the rules force: who the
/// patients are (sex, age), how often they have procedures or an ICU stay, and what a
/// stay costs. Derived from the path and the target code only, so it does not depend on
/// the seed.
struct CaseProfile: Sendable {
  /// The rules force age 0.
  var isInfant = false
  /// Share of women among the cases (pregnancy, female genital organs: all).
  var femaleShare = 0.5
  /// Ages of childbearing women rather than the general age mix.
  var isObstetric = false
  /// A procedure from a rule's list is part of the recipe.
  var isSurgical = false
  /// Chance of an ICU stay.
  var icuShare = 0.03
  /// Which extra secondary diagnoses suit the patients.
  var population: Population { isInfant ? .infant : (isObstetric ? .obstetric : .general) }
  /// 0 simple, 1 moderate, 2 complex: which hospitals treat such cases (see
  /// ``HospitalPanel``).
  var complexity = 0
  /// Mean cost in yuan at an average hospital for an average stay.
  var baseCost = 7000.0
  /// Geometric mean length of stay in days at an average hospital.
  var meanStay = 7.0
  /// Log-scale spread of the length of stay and of the cost beyond it.
  var staySpread = 0.5
  var costSpread = 0.28

  init(
    target: SynthesisTarget, constraints: PathConstraints, mdcCode: String?,
    hasProcedureList: Bool
  ) {
    let letter = mdcCode?.last
    isInfant = constraints.isInfant
    isSurgical = hasProcedureList
    switch letter {
    case "O", "N": femaleShare = 1
    case "M": femaleShare = 0
    default: femaleShare = 0.5
    }
    isObstetric = letter == "O"
    let preMDC = mdcCode == "MDCA"
    let withMCC = constraints.needsMCC
    let withCC = constraints.needsCC

    var cost = isSurgical ? 24_000.0 : 7_000.0
    var stay = isSurgical ? 9.0 : 7.0
    if preMDC {
      cost *= 5
      stay *= 2.8
    }
    if isInfant {
      let weight = constraints.fields[PathConstraints.weight].highest
      let factor = weight < 1500 ? 6.0 : weight < 2000 ? 3.0 : weight < 2500 ? 1.8 : 1.0
      cost = (isSurgical ? 30_000 : 4_500) * factor
      stay = 4.5 * (factor > 1 ? factor * 0.8 : 1)
    }
    if withMCC {
      cost *= 1.6
      stay *= 1.35
    } else if withCC {
      cost *= 1.25
      stay *= 1.15
    }
    switch target.kind {
    case .ambiguous:
      cost *= 1.3
      stay *= 1.1
    case .ungroupable:
      cost *= 0.8
    case .drg: break
    }
    baseCost = cost * exp(0.5 * StableHash.normal(target.code, salt: 1))
    meanStay = stay * exp(0.3 * StableHash.normal(target.code, salt: 2))
    // A path that requires a length of stay is centred on it.
    let los = constraints.fields[PathConstraints.los]
    if los.lowest.isFinite, los.lowest > meanStay {
      meanStay = los.highest.isFinite ? (los.lowest + los.highest) / 2 : los.lowest * 1.3
    } else if los.highest.isFinite, los.highest < meanStay {
      meanStay = max(1, (max(los.lowest, 1) + los.highest) / 2)
    }
    icuShare = preMDC ? 0.7 : (isSurgical ? 0.12 : 0.03) + (withMCC ? 0.15 : 0)
    complexity = preMDC || (isSurgical && withMCC) ? 2 : (isSurgical || withMCC ? 1 : 0)
  }
}
