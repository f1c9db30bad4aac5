import Foundation

/// The contents of `scheme.json`: identity of the scheme and the extensions it switches on.
public struct SchemeManifest: Sendable, Equatable {
  /// The codes reported for an ungroupable case.
  public struct UngroupableCodes: Sendable, Equatable {
    /// The MDC code reported.
    public var mdc: String
    /// The ADRG code reported.
    public var adrg: String
    /// The DRG code reported.
    public var drg: String
  }

  /// The version of the scheme format the directory is written in.
  public var formatVersion: Int
  /// The scheme's id (its directory name in `grouper-tables/`).
  public var id: String
  /// The scheme's name.
  public var name: String
  /// The diagnosis code set the scheme is written for.
  public var diagnosisCoding: String
  /// The procedure code set the scheme is written for.
  public var procedureCoding: String
  /// Where the scheme's tables come from.
  public var source: String
  /// `ungroupable` extension; `0000`/`00`/`0000` when absent.
  public var ungroupable: UngroupableCodes
  /// `retryWithEachOtherProcedure` extension.
  public var retryWithEachOtherProcedure: Bool

  static let knownKeys: Set<String> = [
    "formatVersion", "id", "name", "diagnosisCoding", "procedureCoding", "source",
    "ungroupable", "retryWithEachOtherProcedure",
  ]

  /// Reads and checks `scheme.json` in `directory`.
  ///
  /// Unknown keys are rejected: the format says a loader must not ignore an extension it
  /// does not implement.
  static func load(from directory: URL) throws(SchemeError) -> SchemeManifest {
    let file = "scheme.json"
    let url = directory.appendingPathComponent(file)
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw SchemeError(.missingFile, file: file)
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw SchemeError(.unreadableFile(reason: "permission denied or not a file"), file: file)
    }
    if let problem = JSONText(data).problem() {
      throw SchemeError(
        .manifest("is not valid JSON: \(problem.message)"), file: file, line: problem.line,
        column: problem.column)
    }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw SchemeError(.manifest("is not valid JSON"), file: file)
    }
    guard let json = object as? [String: Any] else {
      throw SchemeError(.manifest("must hold one JSON object"), file: file)
    }
    for key in json.keys.sorted() where !knownKeys.contains(key) {
      throw SchemeError(
        .manifest(
          "unknown key '\(key)': this version implements \(knownKeys.sorted().joined(separator: ", "))"
        ), file: file)
    }
    // Typed decoding: JSONDecoder rejects `1` for a boolean and `true` for a number,
    // which Foundation's bridging on Linux would accept.
    struct Raw: Decodable {
      struct Codes: Decodable {
        var mdc: String
        var adrg: String
        var drg: String
      }
      var formatVersion: Double?
      var id: String?
      var name: String?
      var diagnosisCoding: String?
      var procedureCoding: String?
      var source: String?
      var ungroupable: Codes?
      var retryWithEachOtherProcedure: Bool?
    }
    let raw: Raw
    do {
      raw = try JSONDecoder().decode(Raw.self, from: Data(contentsOf: url))
    } catch let DecodingError.typeMismatch(_, context), let DecodingError.keyNotFound(_, context),
      let DecodingError.valueNotFound(_, context), let DecodingError.dataCorrupted(context)
    {
      let key = context.codingPath.map(\.stringValue).joined(separator: ".")
      let expected: String =
        switch key {
        case "formatVersion": "'formatVersion' is missing or not a number"
        case "retryWithEachOtherProcedure": "'retryWithEachOtherProcedure' must be true or false"
        case let path where path.hasPrefix("ungroupable"):
          "'ungroupable' must be {\"mdc\": …, \"adrg\": …, \"drg\": …} with strings"
        default: "'\(key)' must be a string"
        }
      throw SchemeError(.manifest(expected), file: file)
    } catch {
      throw SchemeError(.manifest("cannot be read as a scheme manifest"), file: file)
    }
    guard let number = raw.formatVersion, number == number.rounded(), abs(number) < 1e9 else {
      throw SchemeError(.manifest("'formatVersion' is missing or not a number"), file: file)
    }
    let version = Int(number)
    guard version == 1 else {
      throw SchemeError(.manifest("formatVersion \(version) is not supported (only 1)"), file: file)
    }
    let ungroupable =
      raw.ungroupable.map { UngroupableCodes(mdc: $0.mdc, adrg: $0.adrg, drg: $0.drg) }
      ?? UngroupableCodes(mdc: "0000", adrg: "00", drg: "0000")
    let retry = raw.retryWithEachOtherProcedure ?? false
    let id = raw.id ?? ""
    guard !id.isEmpty else { throw SchemeError(.manifest("'id' is missing"), file: file) }
    return SchemeManifest(
      formatVersion: version, id: id, name: raw.name ?? "",
      diagnosisCoding: raw.diagnosisCoding ?? "", procedureCoding: raw.procedureCoding ?? "",
      source: raw.source ?? "", ungroupable: ungroupable, retryWithEachOtherProcedure: retry)
  }
}
