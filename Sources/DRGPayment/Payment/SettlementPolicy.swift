import DRGKit
import Foundation

/// A city's point-method payment rules (`drg settle --policy`), read from JSON.
///
/// Every field is optional in the file; a missing field takes the default documented on it.
/// Defaults tagged [U] in `payment-formulas.md` (common practice, no primary source) are
/// policy options, never constants: confirm them against the city's 实施细则. Unknown keys
/// are an error, so a misspelt field cannot silently fall back to its default.
///
/// ```json
/// { "name": "Example", "budget": 820000000, "highOutlier": { "brackets": [{ "multiple": 3 }] } }
/// ```
public struct SettlementPolicy: Sendable, Equatable, Decodable {
  /// A label for outputs.
  public var name = "policy"
  /// Free text (sources, which values are illustrative); not used.
  public var notes: String?
  /// Path of a `drg weights` output giving RW (base points = RW × ``pointsPerAverageCase``)
  /// and mean costs; relative to the policy file. `--weights` overrides it.
  public var weights: String?
  /// Points of one average case: base points = RW × this (default 100, [V] 金华, 自贡).
  public var pointsPerAverageCase = 100.0
  /// Base points given per DRG; they replace RW × 100 for the DRGs listed.
  public var basePoints: [String: Double] = [:]
  /// Mean cost of all cases (yuan) used to turn costs into points (fee-for-service, special
  /// review, ungroupable: cost / mean × 100). Default: from the weights file (the case-kept
  /// weighted mean of the DRG means).
  public var meanCostAllCases: Double?

  /// Hospital coefficients.
  public var coefficients = Coefficients()
  /// High-cost cases (高倍率).
  public var highOutlier = HighOutlier()
  /// Low-cost cases (低倍率).
  public var lowOutlier = LowOutlier()
  /// Incomplete stays (住院过程不完整).
  public var incompleteStay = IncompleteStay()
  /// Cases without a DRG (status `ungroupable` or `ambiguous`).
  public var ungroupable = Ungroupable()
  /// Points set by special review (特病单议), by case id; they replace the computed points.
  public var specialReview: [String: Double] = [:]
  /// Readmission to the same DRG (分解住院).
  public var readmission = Readmission()
  /// Per-diem (床日) categories, checked before the DRG rules.
  public var perDiem: [PerDiemCategory] = []
  /// Day surgery (日间手术), checked after per-diem.
  public var daySurgery: [DaySurgery] = []
  /// Single-disease (单病种) fixed points or yuan prices, checked after day surgery.
  public var singleDisease: [SingleDisease] = []
  /// New-technology exemption (新技术除外支付) by main procedure, checked after special
  /// review and before every other rule.
  public var newTechnology: [NewTechnology] = []
  /// Cases paid by item (按项目), converted to points as cost / mean of all × 100 ([D] §3.4).
  public var feeForService = CaseSelector()

  /// The settlement year (e.g. 2024): cases discharged in another year are excluded and
  /// counted; `--year` overrides it. `nil`: every case is settled.
  public var year: Int?
  /// The annual budget in yuan when there is a single pool.
  public var budget: Double?
  /// Pools with their own budget and point value (e.g. 职工 / 居民). When empty, one pool
  /// `all` with ``budget`` holds every case.
  public var pools: [Pool] = []
  /// Share of the budget kept back as a reserve (调剂金) and not distributed (default 0.05,
  /// [V] 某市 5 %).
  public var reserveShare = 0.05
  /// Monthly prepayment ratio (default 0.85, [V] 浙江 ≥ 85 %).
  public var prepaymentRatio = 0.85
  /// Point-value limits.
  public var pointValue = PointValueLimits()
  /// Surplus retention and overspend sharing; `null` pays each hospital points × PV.
  public var sharing: SharingBands? = SharingBands()
  /// Quality deposit held back and returned by assessment score (考核).
  public var quality = Quality()
  /// Where review deductions (违规扣款, `--deductions`) go.
  public var deductions = Deductions()
  /// Per-hospital budgets (二级预算) settled against at year end, one section per budgeted
  /// pool (the policy's `hospitalBudgets`: an object, or a list of them); empty: none.
  public var budgetSections: [HospitalBudgets] = []
  /// The first (usually the only) section of ``budgetSections``; `nil`: none.
  public var hospitalBudgets: HospitalBudgets? {
    get { budgetSections.first }
    set {
      if let newValue {
        if budgetSections.isEmpty {
          budgetSections = [newValue]
        } else {
          budgetSections[0] = newValue
        }
      } else {
        budgetSections = []
      }
    }
  }
  /// Medical alliances (医共体) settled as one.
  public var alliances = Alliances()
  /// Per-head payment (按人头), a pool of its own; `nil`: none.
  public var perHead: PerHead?

  /// A share of each hospital's payment held back (`withholdShare`) and returned by its
  /// assessment score s (`--assessment`): returned share = clamp((s − zeroReturnScore) /
  /// (fullReturnScore − zeroReturnScore), 0, 1); with the defaults 0 and 100, s / 100.
  /// What is not returned stays with the fund (reported per pool).
  public struct Quality: Sendable, Equatable, Decodable {
    /// Default 0 (nothing withheld).
    public var withholdShare = 0.0
    /// Score at or above which all is returned (default 100).
    public var fullReturnScore = 100.0
    /// Score at or below which nothing is returned (default 0).
    public var zeroReturnScore = 0.0
    /// Whether the deposit is also held back from each hospital's per-head payment
    /// (``PerHead``), with the same share and return rule (default `false`: DRG money only).
    public var coversPerHead = false
    /// No deposit: the defaults above.
    public init() {}

    /// The share of the withheld amount returned at `score`.
    public func returnedShare(score: Double) -> Double {
      guard fullReturnScore > zeroReturnScore else { return score >= fullReturnScore ? 1 : 0 }
      return min(1, max(0, (score - zeroReturnScore) / (fullReturnScore - zeroReturnScore)))
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
      case withholdShare, fullReturnScore, zeroReturnScore, coversPerHead
    }

    /// Reads the policy's `quality` object; a missing field keeps its default, an unknown key
    /// is an error.
    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
      let c = try decoder.container(keyedBy: CodingKeys.self)
      withholdShare = try c.decodeIfPresent(Double.self, forKey: .withholdShare) ?? 0
      fullReturnScore = try c.decodeIfPresent(Double.self, forKey: .fullReturnScore) ?? 100
      zeroReturnScore = try c.decodeIfPresent(Double.self, forKey: .zeroReturnScore) ?? 0
      coversPerHead = try c.decodeIfPresent(Bool.self, forKey: .coversPerHead) ?? false
    }
  }

  /// Where deducted money goes: `pool` (stays in the pool's fund, unspent) or `reserve`
  /// (added to the pool's reserve, 调剂金). The point value is not changed by either.
  public struct Deductions: Sendable, Equatable, Decodable {
    /// `pool` (default) or `reserve`.
    public var destination = Destination.pool
    /// Deductions left in the pool (the default).
    public init() {}

    /// Where deducted money goes.
    public enum Destination: String, Sendable, Equatable, Decodable, CaseIterable {
      case pool
      case reserve
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case destination }

    /// Reads the policy's `deductions` object (`destination`); an unknown destination or key is
    /// an error.
    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
      let c = try decoder.container(keyedBy: CodingKeys.self)
      if let text = try c.decodeIfPresent(String.self, forKey: .destination) {
        guard let value = Destination(rawValue: text) else {
          throw DecodingError.dataCorruptedError(
            forKey: .destination, in: c,
            debugDescription: "unknown destination '\(text)'; use pool or reserve")
        }
        destination = value
      }
    }
  }

  /// The default policy: every field at the default documented on it, no budget and no pools.
  public init() {}

  /// Hospital coefficients, by ``method``:
  /// - `given`: a hospital's own value, else its level's, else ``default``;
  /// - `hospitalCost` (金华 病组成本系数): per hospital and DRG, the hospital's mean cost in
  ///   the DRG ÷ the city's mean cost in it; a DRG new to the hospital gets 1;
  /// - `blend` (自贡 病组调整系数): ``hospitalWeight`` × that hospital ratio +
  ///   ``levelWeight`` × the level ratio (mean of the hospital's level in the DRG ÷ city
  ///   mean); a level without cases in the DRG takes ``higherLevelShare`` × the next-higher
  ///   level's value, else ``lowerLevelShare`` × the next-lower one's (``levelOrder``).
  ///
  /// The means come from ``history`` (a `drg group` output) when given, else from the cases
  /// being settled. Every coefficient is then clamped to ``floor`` … ``cap`` when given.
  public struct Coefficients: Sendable, Equatable, Decodable {
    /// `given` (default), `hospitalCost` or `blend`.
    public var method = Method.given
    /// Coefficient by hospital id.
    public var hospitals: [String: Double] = [:]
    /// Level by hospital id (e.g. `"3"`, `"2"`, `"A"`).
    public var levels: [String: String] = [:]
    /// Coefficient by level ([U] typical 1.0 / 0.85–0.9 / 0.7–0.8).
    public var byLevel: [String: Double] = [:]
    /// Coefficient of a hospital with neither its own value nor its level's (`given`; default 1).
    public var `default` = 1.0
    /// Lowest coefficient after computing (`nil`: no floor), e.g. 0.8.
    public var floor: Double?
    /// Highest coefficient after computing (`nil`: no cap), e.g. 1.2.
    public var cap: Double?
    /// Path of a grouped file (relative to the policy) whose cases give the means of the
    /// computed methods; `--history` overrides it; default: the cases being settled.
    public var history: String?
    /// `blend`: w1, the weight of the hospital's own ratio (自贡's value not published;
    /// default 0.5, [U]).
    public var hospitalWeight = 0.5
    /// `blend`: w2, the weight of the level ratio (default 0.5, [U]).
    public var levelWeight = 0.5
    /// `blend`: levels from highest to lowest (default 自贡's A 三甲, B 三乙, C 二甲,
    /// D 二乙, E 二级以下).
    public var levelOrder = ["A", "B", "C", "D", "E"]
    /// `blend`: share of the next-higher level's value for a level without cases (0.9 [V]).
    public var higherLevelShare = 0.9
    /// `blend`: share of the next-lower level's value when no higher level has one
    /// (1.1 [V]).
    public var lowerLevelShare = 1.1
    /// The `given` method with no values: every coefficient 1.
    public init() {}

    /// How coefficients are found.
    public enum Method: String, Sendable, Equatable, Decodable, CaseIterable {
      case given
      case hospitalCost
      case blend
    }
  }

  /// An outlier threshold: `multiple` × the DRG's mean cost; the bracket applies to DRGs
  /// with base points ≤ `maxBasePoints` (`nil`: no upper limit) at hospitals whose level
  /// (``Coefficients/levels``) is in `levels` (empty: every hospital).
  public struct Bracket: Sendable, Equatable, Decodable {
    /// The bracket takes DRGs with base points ≤ this (`nil`: every DRG).
    public var maxBasePoints: Double?
    /// The threshold as a multiple of the DRG's mean cost (e.g. 3 for 3×).
    public var multiple: Double
    /// Hospital levels the bracket applies to (empty: every hospital).
    public var levels: [String]
    /// A bracket of `multiple` × the mean cost, for base points ≤ `maxBasePoints` (`nil`: any)
    /// and hospitals of `levels` (empty: any).
    public init(maxBasePoints: Double? = nil, multiple: Double, levels: [String] = []) {
      self.maxBasePoints = maxBasePoints
      self.multiple = multiple
      self.levels = levels
    }

    func applies(basePoints: Double, level: String) -> Bool {
      (maxBasePoints.map { basePoints <= $0 } ?? true)
        && (levels.isEmpty || levels.contains(level))
    }
  }

  /// 高倍率: ratio = cost / mean cost of the DRG; when ratio > T (the first bracket that
  /// applies to the DRG's base points and the hospital's level; when none does, the last
  /// bracket), points = BP × coef + (ratio − T) × BP × ``addOnShare``.
  public struct HighOutlier: Sendable, Equatable, Decodable {
    /// Default one bracket, 3× ([S] CHS-DRG 三级; 2× for 二级 — give a bracket list).
    public var brackets = [Bracket(multiple: 3)]
    /// Share of the excess paid ([U] 0.7–1.0 seen; default 1).
    public var addOnShare = 1.0
    /// `false` prices high-cost cases as normal ones (default `true`).
    public var enabled = true
    /// One 3× bracket, the whole excess paid.
    public init() {}
  }

  /// 低倍率: ratio < L → points = BP × coef × ratio; L is the first of ``brackets`` that
  /// applies to the DRG's base points and the hospital's level, else ``multiple``.
  public struct LowOutlier: Sendable, Equatable, Decodable {
    /// Default 0.3 ([U] CHS-DRG ~30 %).
    public var multiple = 0.3
    /// Thresholds by base points and level (default none: ``multiple`` for every case).
    public var brackets: [Bracket] = []
    /// `false` prices low-cost cases as normal ones (default `true`).
    public var enabled = true
    /// A 0.3 threshold for every case.
    public init() {}
  }

  /// Incomplete stays: `leaving` codes listed → points = BP × coef × ratio, at most BP
  /// ([V] 浙江).
  public struct IncompleteStay: Sendable, Equatable, Decodable {
    /// 离院方式 codes counted as incomplete (default `["2", "4"]` transfer, against advice:
    /// [U]).
    public var leaving = ["2", "4"]
    /// Leaving codes `2` and `4` incomplete.
    public init() {}
  }

  /// Ungroupable cases: cost / mean of all × 100 × ``factor`` ([D]), or fixed ``points``.
  public struct Ungroupable: Sendable, Equatable, Decodable {
    /// Fixed points per ungroupable case, in place of cost / mean × 100 × ``factor`` (`nil`:
    /// priced by cost).
    public var points: Double?
    /// Default 1 ([U]).
    public var factor = 1.0
    /// Priced by cost with factor 1.
    public init() {}
  }

  /// Readmission within ``days`` to the same DRG: the earlier stay's points × ``factor``.
  public struct Readmission: Sendable, Equatable, Decodable {
    /// Default 15 days ([V] 浙江; 金华 10).
    public var days = 15
    /// Default 0.5 ([V] 浙江 halving).
    public var factor = 0.5
    /// DRGs or ADRGs exempt (e.g. tumour chemo/radiotherapy); a code matches a DRG equal
    /// to it or an ADRG equal to it.
    public var exempt: [String] = []
    /// `false` leaves readmissions at their full points (default `true`).
    public var enabled = true
    /// 15 days, factor 0.5, nothing exempt.
    public init() {}
  }

  /// Which cases a rule takes: by DRG code or ADRG code.
  public struct CaseSelector: Sendable, Equatable, Decodable {
    /// DRG codes taken (exact match).
    public var drgs: [String] = []
    /// ADRG codes taken: every DRG of these ADRGs.
    public var adrgs: [String] = []
    /// The cases of the DRGs `drgs` and of the ADRGs `adrgs` (both empty: none).
    public init(drgs: [String] = [], adrgs: [String] = []) {
      self.drgs = drgs
      self.adrgs = adrgs
    }
    func matches(drg: String, adrg: String) -> Bool {
      (!drg.isEmpty && drgs.contains(drg)) || (!adrg.isEmpty && adrgs.contains(adrg))
    }
  }

  /// One bed-day segment: days `fromDay` … `toDay` (1-based, inclusive; `nil` no end),
  /// with a rate per day in points or in yuan, each optionally by hospital level (the
  /// level's rate, else the plain one).
  public struct DaySegment: Sendable, Equatable, Decodable {
    /// First day of the stay the rate applies to (1-based).
    public var fromDay: Int
    /// Last day (inclusive); `nil`: to the end of the stay.
    public var toDay: Int?
    /// Points per day (`nil`: only levels' rates, or the rate is in yuan).
    public var pointsPerDay: Double?
    /// Points per day by hospital level.
    public var pointsPerDayByLevel: [String: Double] = [:]
    /// Yuan per day (the category's ``PerDiemCategory/pool`` says where the money comes
    /// from).
    public var yuanPerDay: Double?
    /// Yuan per day by hospital level.
    public var yuanPerDayByLevel: [String: Double] = [:]
    /// A segment of days `fromDay` … `toDay` (`nil`: no end) with its rates; give points or yuan.
    public init(
      fromDay: Int, toDay: Int?, pointsPerDay: Double? = nil,
      pointsPerDayByLevel: [String: Double] = [:], yuanPerDay: Double? = nil,
      yuanPerDayByLevel: [String: Double] = [:]
    ) {
      self.fromDay = fromDay
      self.toDay = toDay
      self.pointsPerDay = pointsPerDay
      self.pointsPerDayByLevel = pointsPerDayByLevel
      self.yuanPerDay = yuanPerDay
      self.yuanPerDayByLevel = yuanPerDayByLevel
    }

    /// Whether the rates are in yuan (else in points).
    var inYuan: Bool { yuanPerDay != nil || !yuanPerDayByLevel.isEmpty }

    /// The rate per day at a hospital of `level`, or `nil` when neither the level nor a
    /// plain rate has one.
    func rate(level: String) -> Double? {
      inYuan
        ? yuanPerDayByLevel[level] ?? yuanPerDay : pointsPerDayByLevel[level] ?? pointsPerDay
    }
  }

  /// Per-diem category: amount = Σ over segments of (days of the stay in it) × the rate at
  /// the hospital's level, in points or (all segments alike) in yuan.
  public struct PerDiemCategory: Sendable, Equatable, Decodable {
    /// The category's name, written as the reason of its cases.
    public var name: String
    /// DRG codes paid per diem.
    public var drgs: [String] = []
    /// ADRG codes paid per diem (every DRG of them).
    public var adrgs: [String] = []
    /// The bed-day segments, in order of days.
    public var segments: [DaySegment]
    /// Where yuan rates are paid from (default `outside`; see ``YuanPool``).
    public var pool = YuanPool.outside
    /// A per-diem category for the cases of `drgs` and `adrgs`, paid by `segments`.
    public init(
      name: String, drgs: [String], adrgs: [String], segments: [DaySegment],
      pool: YuanPool = .outside
    ) {
      self.name = name
      self.drgs = drgs
      self.adrgs = adrgs
      self.segments = segments
      self.pool = pool
    }
    var selector: CaseSelector { CaseSelector(drgs: drgs, adrgs: adrgs) }
  }

  /// Single disease: fixed points, or a yuan price by hospital level, for the cases of the
  /// DRGs / ADRGs listed, or whose principal diagnosis (first code of `diagnoses`) starts
  /// with one of ``diagnoses`` — and, when ``procedures`` is given, whose main procedure
  /// (first code of `procedures`) starts with one of them.
  public struct SingleDisease: Sendable, Equatable, Decodable {
    /// The disease's name, written as the reason of its cases.
    public var name: String
    /// DRG codes paid as this single disease.
    public var drgs: [String] = []
    /// ADRG codes paid as this single disease (every DRG of them).
    public var adrgs: [String] = []
    /// ICD-10 codes or prefixes of the principal diagnosis (e.g. `"K35"`).
    public var diagnoses: [String] = []
    /// ICD-9-CM-3 codes or prefixes of the main procedure (e.g. `"47.0"`).
    public var procedures: [String] = []
    /// Fixed points (exclusive with ``price``).
    public var points: Double?
    /// A yuan price by hospital level (exclusive with ``points``).
    public var price = YuanRate()
    /// Where the yuan price is paid from (default `outside`).
    public var pool = YuanPool.outside
    /// A single-disease rule: its cases (codes and prefixes) and a price in points or in yuan.
    public init(
      name: String, drgs: [String] = [], adrgs: [String] = [], diagnoses: [String] = [],
      procedures: [String] = [], points: Double? = nil, price: YuanRate = YuanRate(),
      pool: YuanPool = .outside
    ) {
      self.name = name
      self.drgs = drgs
      self.adrgs = adrgs
      self.diagnoses = diagnoses
      self.procedures = procedures
      self.points = points
      self.price = price
      self.pool = pool
    }
    var selector: CaseSelector { CaseSelector(drgs: drgs, adrgs: adrgs) }

    /// Whether the rule takes a case with these codes.
    func matches(drg: String, adrg: String, diagnosis: String, procedure: String) -> Bool {
      if selector.matches(drg: drg, adrg: adrg) { return true }
      func starts(_ code: String, _ prefixes: [String]) -> Bool {
        !code.isEmpty && prefixes.contains { !$0.isEmpty && code.hasPrefix($0) }
      }
      if !diagnoses.isEmpty {
        return starts(diagnosis, diagnoses) && (procedures.isEmpty || starts(procedure, procedures))
      }
      return starts(procedure, procedures)
    }
  }

  /// A fund pool: cases whose `insurance` column is one of ``insurance``.
  public struct Pool: Sendable, Equatable, Decodable {
    /// The pool's name (e.g. 职工 or 居民), in the outputs.
    public var name: String
    /// The pool's annual budget B, yuan.
    public var budget: Double
    /// Values of the `insurance` column; empty takes every case not in another pool.
    public var insurance: [String] = []
    /// A pool `name` of `budget` yuan for the cases whose `insurance` column is in `insurance`.
    public init(name: String, budget: Double, insurance: [String]) {
      self.name = name
      self.budget = budget
      self.insurance = insurance
    }
  }

  /// Point-value limits, in yuan per point, absolute or as a share of the nominal point value
  /// (distributable budget / total points). [U]: no source was found.
  public struct PointValueLimits: Sendable, Equatable, Decodable {
    /// Lowest point value, yuan per point (`nil`: none).
    public var floor: Double?
    /// Highest point value, yuan per point (`nil`: none).
    public var cap: Double?
    /// Lowest point value as a share of the nominal (e.g. 0.9); with ``floor``, the higher of
    /// the two applies.
    public var floorOfNominal: Double?
    /// Highest point value as a share of the nominal (e.g. 1.1); with ``cap``, the lower of the
    /// two applies.
    public var capOfNominal: Double?
    /// No limits.
    public init() {}
  }

  private enum CodingKeys: String, CodingKey, CaseIterable {
    case name, notes, weights, pointsPerAverageCase, basePoints, meanCostAllCases, coefficients
    case highOutlier, lowOutlier, incompleteStay, ungroupable, specialReview, readmission
    case perDiem, singleDisease, feeForService, budget, pools, reserveShare, prepaymentRatio
    case pointValue, sharing, year, quality, deductions
    case hospitalBudgets, alliances, perHead
    case daySurgery, newTechnology
  }

  /// Reads a policy object (``load(path:)`` reads a file); a missing field keeps its default,
  /// an unknown key or a wrong value is an error naming the field.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decodeIfPresent(String.self, forKey: .name) ?? name
    notes = try c.decodeIfPresent(String.self, forKey: .notes)
    weights = try c.decodeIfPresent(String.self, forKey: .weights)
    pointsPerAverageCase =
      try c.decodeIfPresent(Double.self, forKey: .pointsPerAverageCase) ?? pointsPerAverageCase
    basePoints = try c.decodeIfPresent([String: Double].self, forKey: .basePoints) ?? [:]
    meanCostAllCases = try c.decodeIfPresent(Double.self, forKey: .meanCostAllCases)
    coefficients = try c.decodeIfPresent(Coefficients.self, forKey: .coefficients) ?? coefficients
    highOutlier = try c.decodeIfPresent(HighOutlier.self, forKey: .highOutlier) ?? highOutlier
    lowOutlier = try c.decodeIfPresent(LowOutlier.self, forKey: .lowOutlier) ?? lowOutlier
    incompleteStay =
      try c.decodeIfPresent(IncompleteStay.self, forKey: .incompleteStay) ?? incompleteStay
    ungroupable = try c.decodeIfPresent(Ungroupable.self, forKey: .ungroupable) ?? ungroupable
    specialReview = try c.decodeIfPresent([String: Double].self, forKey: .specialReview) ?? [:]
    readmission = try c.decodeIfPresent(Readmission.self, forKey: .readmission) ?? readmission
    perDiem = try c.decodeIfPresent([PerDiemCategory].self, forKey: .perDiem) ?? []
    singleDisease = try c.decodeIfPresent([SingleDisease].self, forKey: .singleDisease) ?? []
    daySurgery = try c.decodeIfPresent([DaySurgery].self, forKey: .daySurgery) ?? []
    newTechnology = try c.decodeIfPresent([NewTechnology].self, forKey: .newTechnology) ?? []
    feeForService =
      try c.decodeIfPresent(CaseSelector.self, forKey: .feeForService) ?? feeForService
    budget = try c.decodeIfPresent(Double.self, forKey: .budget)
    year = try c.wholeNumber(.year, in: -1_000_000_000...1_000_000_000)
    quality = try c.decodeIfPresent(Quality.self, forKey: .quality) ?? quality
    deductions = try c.decodeIfPresent(Deductions.self, forKey: .deductions) ?? deductions
    budgetSections =
      try c.decodeIfPresent(HospitalBudgetSections.self, forKey: .hospitalBudgets)?.sections ?? []
    alliances = try c.decodeIfPresent(Alliances.self, forKey: .alliances) ?? alliances
    perHead = try c.decodeIfPresent(PerHead.self, forKey: .perHead)
    pools = try c.decodeIfPresent([Pool].self, forKey: .pools) ?? []
    reserveShare = try c.decodeIfPresent(Double.self, forKey: .reserveShare) ?? reserveShare
    prepaymentRatio =
      try c.decodeIfPresent(Double.self, forKey: .prepaymentRatio) ?? prepaymentRatio
    pointValue = try c.decodeIfPresent(PointValueLimits.self, forKey: .pointValue) ?? pointValue
    if c.contains(.sharing) {
      sharing = try c.decodeIfPresent(SharingBands.self, forKey: .sharing)
    }
  }
}

struct AnyCodingKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

extension Decoder {
  /// Throws when the object has a key not in `known` (a misspelt field).
  func rejectUnknownKeys(_ known: [String]) throws {
    let container = try container(keyedBy: AnyCodingKey.self)
    for key in container.allKeys where !known.contains(key.stringValue) {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: container,
        debugDescription:
          "unknown field '\(key.stringValue)'; known fields: \(known.joined(separator: ", "))")
    }
  }
}
