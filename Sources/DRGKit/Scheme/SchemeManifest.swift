import Foundation

/// The contents of `scheme.json`: identity of the scheme and the extensions it switches on.
public struct SchemeManifest: Sendable, Equatable {
  /// The codes reported for an ungroupable case.
  public struct UngroupableCodes: Sendable, Equatable {
    public var mdc: String
    public var adrg: String
    public var drg: String
  }

  public var formatVersion: Int
  public var id: String
  public var name: String
  public var diagnosisCoding: String
  public var procedureCoding: String
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
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    } catch {
      throw SchemeError(.manifest("is not valid JSON: \(error.localizedDescription)"), file: file)
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
    guard let version = json["formatVersion"] as? Int else {
      throw SchemeError(.manifest("'formatVersion' is missing or not a number"), file: file)
    }
    guard version == 1 else {
      throw SchemeError(.manifest("formatVersion \(version) is not supported (only 1)"), file: file)
    }
    func string(_ key: String) throws(SchemeError) -> String {
      guard let value = json[key] else { return "" }
      guard let text = value as? String else {
        throw SchemeError(.manifest("'\(key)' must be a string"), file: file)
      }
      return text
    }
    var ungroupable = UngroupableCodes(mdc: "0000", adrg: "00", drg: "0000")
    if let value = json["ungroupable"] {
      guard let codes = value as? [String: Any], let mdc = codes["mdc"] as? String,
        let adrg = codes["adrg"] as? String, let drg = codes["drg"] as? String
      else {
        throw SchemeError(
          .manifest("'ungroupable' must be {\"mdc\": …, \"adrg\": …, \"drg\": …} with strings"),
          file: file)
      }
      ungroupable = UngroupableCodes(mdc: mdc, adrg: adrg, drg: drg)
    }
    var retry = false
    if let value = json["retryWithEachOtherProcedure"] {
      guard let flag = value as? Bool else {
        throw SchemeError(
          .manifest("'retryWithEachOtherProcedure' must be true or false"), file: file)
      }
      retry = flag
    }
    let id = try string("id")
    guard !id.isEmpty else { throw SchemeError(.manifest("'id' is missing"), file: file) }
    return SchemeManifest(
      formatVersion: version, id: id, name: try string("name"),
      diagnosisCoding: try string("diagnosisCoding"),
      procedureCoding: try string("procedureCoding"),
      source: try string("source"), ungroupable: ungroupable, retryWithEachOtherProcedure: retry)
  }
}
