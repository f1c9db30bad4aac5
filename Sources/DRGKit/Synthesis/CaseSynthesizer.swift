import Foundation

/// A deterministic generator of realistic synthetic discharge cases for any scheme.
///
/// At start-up it reads the scheme's own rules and lists and finds, for every DRG (and
/// every ambiguous group, and "ungroupable"), a *recipe*: code pools and field constraints
/// under which a case follows the grouping path to that target, checked with the real
/// grouping engine. It then writes cases in the canonical input format plus
/// `patient_id, admit_date, discharge_date, insurance`:
///
/// - a skewed mix of DRGs in which every DRG with a recipe has a floor share, about 2.5 %
///   ambiguous cases (when the scheme has ambiguous groups), 2 % ungroupable cases and
///   1.5 % rows that fail an input check (missing sex or age, newborn without weight, no
///   diagnosis, …);
/// - ages by category (newborns with age in days and birth weight), CC/MCC codes at the
///   rates the paths need and at base rates elsewhere, CC codes the principal diagnosis
///   excludes, comorbidities that are no CC, routine procedures;
/// - lengths of stay and costs drawn from log-normal distributions per DRG, with cost
///   following the length of stay, in 40 hospitals of three levels with their own cost and
///   stay levels; some patients readmitted within 15 days.
///
/// The same scheme and seed give the same bytes.
///
/// ```swift
/// let scheme = try Scheme(directory: "grouper-tables/demo")
/// let synthesizer = CaseSynthesizer(scheme: scheme, seed: 42)
/// let summary = try synthesizer.write(count: 1000, to: "demo-synth.csv")
/// print(synthesizer.coverage.description, summary.description)
/// ```
public struct CaseSynthesizer: Sendable {
  /// The scheme the cases are made for.
  public let scheme: Scheme
  /// The seed: the same seed gives the same cases.
  public let seed: UInt64
  let plan: SynthesisPlan
  let panel: HospitalPanel

  /// The columns written after the canonical ones.
  public static let extraColumns = ["patient_id", "admit_date", "discharge_date", "insurance"]
  /// Changes whenever the same seed starts to give other cases, so that files kept for
  /// reuse (`drg-bench`'s) are made anew. 2: codes are drawn to fit the patient's sex.
  public static let generatorVersion = 2
  /// The column `write(count:to:withTarget:)` adds with `withTarget`.
  public static let targetColumn = "target_drg"

  /// Finds the recipes of `scheme` (the slow part: from well under a second for the demo
  /// scheme to a few seconds for a national one) and sets up the hospitals for `seed`.
  public init(scheme: Scheme, seed: UInt64 = 1) {
    self.init(scheme: scheme, seed: seed, plan: SynthesisPlan(scheme: scheme))
  }

  init(scheme: Scheme, seed: UInt64, plan: SynthesisPlan) {
    self.scheme = scheme
    self.seed = seed
    self.plan = plan
    var random = SynthesisRandom(seed: seed, stream: 1)
    panel = HospitalPanel(random: &random)
  }

  /// The same recipes with another seed (no recipe search).
  public func reseeded(_ seed: UInt64) -> CaseSynthesizer {
    CaseSynthesizer(scheme: scheme, seed: seed, plan: plan)
  }

  /// Which DRGs have recipes.
  public var coverage: SynthesisCoverage { plan.coverage }

  /// The hospitals cases are spread over.
  public var hospitals: [SyntheticHospital] { panel.hospitals }

  /// The header `write(count:to:withTarget:)` writes.
  public static func header(withTarget: Bool) -> [String] {
    CaseColumns.canonical + extraColumns + (withTarget ? [targetColumn] : [])
  }

  /// Writes the hospital panel as CSV: `hospital_id,level,volume,cost_factor,stay_factor`.
  /// - Throws: ``FileError`` when the file cannot be written.
  public func writeHospitals(to path: String) throws(FileError) {
    let writer = try CSVWriter(path: path)
    var text = "hospital_id,level,volume,cost_factor,stay_factor\n"
    for hospital in panel.hospitals {
      text += "\(hospital.id),\(hospital.level),"
      text += String(
        format: "%.3f,%.3f,%.3f\n", hospital.volume, hospital.costFactor, hospital.stayFactor)
    }
    writer.buffer.append(contentsOf: Array(text.utf8))
    try writer.finish()
  }
}
