import Foundation

/// The hospitals synthetic cases are treated in: tertiary (三级), secondary (二级) and
/// primary (一级) hospitals of different sizes, each with its own cost and length-of-stay
/// level, so that cost comparisons between hospitals have something to find.
public struct SyntheticHospital: Sendable, Equatable {
  /// `H001`, `H002`, ….
  public var id: String
  /// 3 tertiary, 2 secondary, 1 primary.
  public var level: Int
  /// Relative case volume.
  public var volume: Double
  /// Multiplier on the cost of every case (tertiary hospitals are dearer).
  public var costFactor: Double
  /// Multiplier on the length of stay.
  public var stayFactor: Double
}

/// The hospital panel and, for each case complexity, how cases spread over it: complex
/// cases (pre-MDC, surgery with MCC) go mostly to tertiary hospitals, simple ones
/// everywhere.
struct HospitalPanel: Sendable {
  var hospitals: [SyntheticHospital]
  var idBytes: [[UInt8]]
  /// By complexity 0 simple, 1 moderate, 2 complex.
  var choosers: [AliasTable]

  /// Share of each level's volume a case of each complexity goes to (level 3, 2, 1).
  static let affinity: [[Double]] = [[1, 1, 1], [1, 0.6, 0.2], [1, 0.25, 0.03]]

  init(count: Int = 40, random: inout SynthesisRandom) {
    let tertiary = max(1, count / 5)
    let secondary = max(1, count * 9 / 20)
    var levels = (0..<count).map { $0 < tertiary ? 3 : ($0 < tertiary + secondary ? 2 : 1) }
    levels.shuffle(using: &random)
    hospitals = levels.enumerated().map { position, level in
      let number = String(position + 1)
      let id = "H" + String(repeating: "0", count: max(0, 3 - number.count)) + number
      let size: Double = level == 3 ? 3 : (level == 2 ? 1 : 0.35)
      let cost: Double = level == 3 ? 1.25 : (level == 2 ? 1 : 0.8)
      let stay: Double = level == 3 ? 1.08 : (level == 2 ? 1 : 0.9)
      return SyntheticHospital(
        id: id, level: level, volume: size * exp(0.3 * random.normal()),
        costFactor: cost * exp(0.07 * random.normal()),
        stayFactor: stay * exp(0.08 * random.normal()))
    }
    idBytes = hospitals.map { Array($0.id.utf8) }
    let hospitals = self.hospitals
    choosers = Self.affinity.map { shares in
      AliasTable(weights: hospitals.map { $0.volume * shares[3 - $0.level] })
    }
  }
}
