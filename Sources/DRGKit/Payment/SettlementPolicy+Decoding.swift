import Foundation

// Decoding with defaults: a missing key keeps the documented default; an unknown key is an
// error.

extension KeyedDecodingContainer {
  fileprivate func value<T: Decodable>(_ key: Key, _ fallback: T) throws -> T {
    try decodeIfPresent(T.self, forKey: key) ?? fallback
  }
}

extension SettlementPolicy.Coefficients {
  private enum CodingKeys: String, CodingKey, CaseIterable {
    case method, hospitals, levels, byLevel, `default`, floor, cap, history, hospitalWeight
    case levelWeight, levelOrder, higherLevelShare, lowerLevelShare
  }

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

  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    leaving = try c.value(.leaving, leaving)
  }
}

extension SettlementPolicy.Ungroupable {
  private enum CodingKeys: String, CodingKey, CaseIterable { case points, factor }

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

  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    days = try c.value(.days, days)
    factor = try c.value(.factor, factor)
    exempt = try c.value(.exempt, exempt)
    enabled = try c.value(.enabled, enabled)
  }
}

extension SettlementPolicy.CaseSelector {
  private enum CodingKeys: String, CodingKey, CaseIterable { case drgs, adrgs }

  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(drgs: try c.value(.drgs, []), adrgs: try c.value(.adrgs, []))
  }
}

extension SettlementPolicy.DaySegment {
  private enum CodingKeys: String, CodingKey, CaseIterable { case fromDay, toDay, pointsPerDay }

  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      fromDay: try c.value(.fromDay, 1), toDay: try c.decodeIfPresent(Int.self, forKey: .toDay),
      pointsPerDay: try c.decode(Double.self, forKey: .pointsPerDay))
  }
}

extension SettlementPolicy.PerDiemCategory {
  private enum CodingKeys: String, CodingKey, CaseIterable { case name, drgs, adrgs, segments }

  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      name: try c.value(.name, "per_diem"), drgs: try c.value(.drgs, []),
      adrgs: try c.value(.adrgs, []),
      segments: try c.decode([SettlementPolicy.DaySegment].self, forKey: .segments))
  }
}

extension SettlementPolicy.SingleDisease {
  private enum CodingKeys: String, CodingKey, CaseIterable {
    case name, drgs, adrgs, diagnoses, procedures, points
  }

  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      name: try c.value(.name, "single_disease"), drgs: try c.value(.drgs, []),
      adrgs: try c.value(.adrgs, []), diagnoses: try c.value(.diagnoses, []),
      procedures: try c.value(.procedures, []), points: try c.decode(Double.self, forKey: .points))
  }
}

extension SettlementPolicy.Pool {
  private enum CodingKeys: String, CodingKey, CaseIterable { case name, budget, insurance }

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
  /// - Throws: ``RecordError`` with a message naming the field for bad JSON or values.
  public static func load(path: String) throws(RecordError) -> SettlementPolicy {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw RecordError(file: path, line: 0, message: "cannot read the policy file")
    }
    let policy: SettlementPolicy
    do {
      policy = try JSONDecoder().decode(SettlementPolicy.self, from: data)
    } catch let error as DecodingError {
      throw RecordError(file: path, line: 0, message: Self.describe(error))
    } catch {
      throw RecordError(file: path, line: 0, message: "\(error)")
    }
    let problems = policy.problems()
    if !problems.isEmpty {
      throw RecordError(file: path, line: 0, message: problems.joined(separator: "; "))
    }
    return policy
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
