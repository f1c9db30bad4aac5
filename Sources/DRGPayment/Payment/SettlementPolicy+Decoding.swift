import DRGKit
import Foundation

// Decoding with defaults: a missing key keeps the documented default; an unknown key is an
// error.

extension KeyedDecodingContainer {
  fileprivate func value<T: Decodable>(_ key: Key, _ fallback: T) throws -> T {
    try decodeIfPresent(T.self, forKey: key) ?? fallback
  }

  /// A whole number read as any JSON number (`1e+20` too), so that a value out of `range`
  /// or with a fraction is an error naming the field rather than "not valid JSON".
  func wholeNumber(_ key: Key, in range: ClosedRange<Int>) throws -> Int? {
    guard let value = try decodeIfPresent(Double.self, forKey: key) else { return nil }
    guard value == value.rounded(), value >= Double(range.lowerBound),
      value <= Double(range.upperBound)
    else {
      let shown = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self,
        debugDescription:
          "must be a whole number from \(range.lowerBound) to \(range.upperBound), found \(shown)")
    }
    return Int(value)
  }
}

extension SettlementPolicy.Coefficients {
  private enum CodingKeys: String, CodingKey, CaseIterable {
    case method, hospitals, levels, byLevel, `default`, floor, cap, history, hospitalWeight
    case levelWeight, levelOrder, higherLevelShare, lowerLevelShare
  }

  /// Reads the policy's `coefficients` object; an unknown method or key is an error.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    hospitals = try c.value(.hospitals, hospitals)
    levels = try c.value(.levels, levels)
    byLevel = try c.value(.byLevel, byLevel)
    self.default = try c.value(.default, self.default)
    floor = try c.decodeIfPresent(Double.self, forKey: .floor)
    cap = try c.decodeIfPresent(Double.self, forKey: .cap)
    if let text = try c.decodeIfPresent(String.self, forKey: .method) {
      guard let value = Method(rawValue: text) else {
        throw DecodingError.dataCorruptedError(
          forKey: .method, in: c,
          debugDescription:
            "unknown method '\(text)'; use one of \(Method.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      method = value
    }
    history = try c.decodeIfPresent(String.self, forKey: .history)
    hospitalWeight = try c.value(.hospitalWeight, hospitalWeight)
    levelWeight = try c.value(.levelWeight, levelWeight)
    levelOrder = try c.value(.levelOrder, levelOrder)
    higherLevelShare = try c.value(.higherLevelShare, higherLevelShare)
    lowerLevelShare = try c.value(.lowerLevelShare, lowerLevelShare)
  }
}

extension SettlementPolicy.Bracket {
  private enum CodingKeys: String, CodingKey, CaseIterable { case maxBasePoints, multiple, levels }

  /// Reads one bracket; `multiple` is required.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      maxBasePoints: try c.decodeIfPresent(Double.self, forKey: .maxBasePoints),
      multiple: try c.decode(Double.self, forKey: .multiple), levels: try c.value(.levels, []))
  }
}

extension SettlementPolicy.HighOutlier {
  private enum CodingKeys: String, CodingKey, CaseIterable { case brackets, addOnShare, enabled }

  /// Reads the policy's `highOutlier` object; a missing field keeps its default.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    brackets = try c.value(.brackets, brackets)
    addOnShare = try c.value(.addOnShare, addOnShare)
    enabled = try c.value(.enabled, enabled)
  }
}

extension SettlementPolicy.LowOutlier {
  private enum CodingKeys: String, CodingKey, CaseIterable { case multiple, brackets, enabled }

  /// Reads the policy's `lowOutlier` object; a missing field keeps its default.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    multiple = try c.value(.multiple, multiple)
    brackets = try c.value(.brackets, brackets)
    enabled = try c.value(.enabled, enabled)
  }
}

extension SettlementPolicy.IncompleteStay {
  private enum CodingKeys: String, CodingKey, CaseIterable { case leaving }

  /// Reads the policy's `incompleteStay` object (`leaving`).
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    leaving = try c.value(.leaving, leaving)
  }
}

extension SettlementPolicy.Ungroupable {
  private enum CodingKeys: String, CodingKey, CaseIterable { case points, factor }

  /// Reads the policy's `ungroupable` object (`points`, `factor`).
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    points = try c.decodeIfPresent(Double.self, forKey: .points)
    factor = try c.value(.factor, factor)
  }
}

extension SettlementPolicy.Readmission {
  private enum CodingKeys: String, CodingKey, CaseIterable { case days, factor, exempt, enabled }

  /// Reads the policy's `readmission` object; `days` must be a whole number.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    days = try c.wholeNumber(.days, in: -1_000_000_000...1_000_000_000) ?? days
    factor = try c.value(.factor, factor)
    exempt = try c.value(.exempt, exempt)
    enabled = try c.value(.enabled, enabled)
  }
}

extension SettlementPolicy.CaseSelector {
  private enum CodingKeys: String, CodingKey, CaseIterable { case drgs, adrgs }

  /// Reads a `{ "drgs": [...], "adrgs": [...] }` object (e.g. `feeForService`).
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(drgs: try c.value(.drgs, []), adrgs: try c.value(.adrgs, []))
  }
}

extension SettlementPolicy.DaySegment {
  private enum CodingKeys: String, CodingKey, CaseIterable {
    case fromDay, toDay, pointsPerDay, pointsPerDayByLevel, yuanPerDay, yuanPerDayByLevel
  }

  /// Reads one segment; `fromDay` defaults to 1, days must be whole numbers.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      fromDay: try c.wholeNumber(.fromDay, in: -1_000_000_000...1_000_000_000) ?? 1,
      toDay: try c.wholeNumber(.toDay, in: -1_000_000_000...1_000_000_000),
      pointsPerDay: try c.decodeIfPresent(Double.self, forKey: .pointsPerDay),
      pointsPerDayByLevel: try c.value(.pointsPerDayByLevel, [:]),
      yuanPerDay: try c.decodeIfPresent(Double.self, forKey: .yuanPerDay),
      yuanPerDayByLevel: try c.value(.yuanPerDayByLevel, [:]))
  }
}

extension SettlementPolicy.PerDiemCategory {
  private enum CodingKeys: String, CodingKey, CaseIterable {
    case name, drgs, adrgs, segments, pool
  }

  /// Reads one `perDiem` entry; `segments` is required, `name` defaults to `per_diem`.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      name: try c.value(.name, "per_diem"), drgs: try c.value(.drgs, []),
      adrgs: try c.value(.adrgs, []),
      segments: try c.decode([SettlementPolicy.DaySegment].self, forKey: .segments),
      pool: try c.value(.pool, .outside))
  }
}

extension SettlementPolicy.SingleDisease {
  private enum CodingKeys: String, CodingKey, CaseIterable {
    case name, drgs, adrgs, diagnoses, procedures, points, yuan, yuanByLevel, pool
  }

  /// Reads one `singleDisease` entry (`yuan` and `yuanByLevel` give ``price``); `name`
  /// defaults to `single_disease`.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      name: try c.value(.name, "single_disease"), drgs: try c.value(.drgs, []),
      adrgs: try c.value(.adrgs, []), diagnoses: try c.value(.diagnoses, []),
      procedures: try c.value(.procedures, []),
      points: try c.decodeIfPresent(Double.self, forKey: .points),
      price: SettlementPolicy.YuanRate(
        yuan: try c.decodeIfPresent(Double.self, forKey: .yuan),
        byLevel: try c.value(.yuanByLevel, [:])),
      pool: try c.value(.pool, .outside))
  }
}

extension SettlementPolicy.Pool {
  private enum CodingKeys: String, CodingKey, CaseIterable { case name, budget, insurance }

  /// Reads one `pools` entry; `name` and `budget` are required.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      name: try c.decode(String.self, forKey: .name),
      budget: try c.decode(Double.self, forKey: .budget),
      insurance: try c.value(.insurance, []))
  }
}

extension SettlementPolicy.PointValueLimits {
  private enum CodingKeys: String, CodingKey, CaseIterable {
    case floor, cap, floorOfNominal, capOfNominal
  }

  /// Reads the policy's `pointValue` object.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    floor = try c.decodeIfPresent(Double.self, forKey: .floor)
    cap = try c.decodeIfPresent(Double.self, forKey: .cap)
    floorOfNominal = try c.decodeIfPresent(Double.self, forKey: .floorOfNominal)
    capOfNominal = try c.decodeIfPresent(Double.self, forKey: .capOfNominal)
  }
}

extension SettlementPolicy {
  /// Reads a policy file.
  /// - Throws: ``FileError`` when the file cannot be opened; ``RecordError`` with the line,
  ///   column and field for bad JSON or values.
  public static func load(path: String) throws -> SettlementPolicy {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw FileError(
        path: path, operation: .open,
        code: FileManager.default.fileExists(atPath: path) ? EACCES : ENOENT)
    }
    let text = JSONText(data)
    if let problem = text.problem() {
      throw RecordError(
        file: path, line: problem.line,
        message: "column \(problem.column): \(problem.message) (the policy is not valid JSON)")
    }
    let policy: SettlementPolicy
    do {
      policy = try JSONDecoder().decode(SettlementPolicy.self, from: data)
    } catch let error as DecodingError {
      let place = text.position(of: Self.codingPath(of: error))
      throw RecordError(
        file: path, line: place?.line ?? 0,
        message: (place.map { "column \($0.column): " } ?? "") + Self.describe(error))
    } catch {
      throw RecordError(file: path, line: 0, message: "cannot be read as a policy: \(error)")
    }
    let problems = policy.problems()
    if !problems.isEmpty {
      throw RecordError(file: path, line: 0, message: problems.joined(separator: "; "))
    }
    return policy
  }

  /// The path of the field a decoding error is about (the missing key included).
  static func codingPath(of error: DecodingError) -> [any CodingKey] {
    switch error {
    case .keyNotFound(_, let context): return context.codingPath
    case .typeMismatch(_, let context), .valueNotFound(_, let context),
      .dataCorrupted(let context):
      return context.codingPath
    @unknown default: return []
    }
  }

  static func describe(_ error: DecodingError) -> String {
    func path(_ keys: [any CodingKey]) -> String {
      keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "missing field \(path(context.codingPath + [key]))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "\(path(context.codingPath)): \(context.debugDescription)"
    case .dataCorrupted(let context):
      return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }
}
