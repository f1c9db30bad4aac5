import Foundation

/// Finds a scheme directory from what a user typed after `--scheme`: a path, or the bare id
/// of a scheme in one of the places schemes are kept.
///
/// A reference that names an existing directory, or that contains a `/`, is a path and is
/// taken as it is. Any other reference is a bare id (`chs-drg-1.1`), looked for as
/// `<place>/<id>` in each place in order:
/// 1. `$DRG_TABLES` (one directory, or several separated by `:`),
/// 2. `./grouper-tables` in the current directory,
/// 3. the `grouper-tables` of the package this library was built from.
///
/// ```swift
/// let directory = try SchemeLocator.standard().directory(for: "chs-drg-1.1")
/// let scheme = try Scheme(directory: directory)
/// ```
public struct SchemeLocator: Sendable {
  /// A directory that holds scheme directories, with the label shown to users.
  public struct Place: Sendable, Equatable {
    /// How the place is named in messages and the catalogue (`$DRG_TABLES`,
    /// `./grouper-tables`, `package`).
    public var label: String
    /// The directory's path.
    public var path: String

    /// A place named `label` at `path`.
    public init(label: String, path: String) {
      self.label = label
      self.path = path
    }
  }

  /// The places searched for a bare id, in order.
  public var places: [Place]

  /// A locator searching `places` in order.
  public init(places: [Place]) {
    self.places = places
  }

  /// The `grouper-tables` directory of the package this library was compiled from (it holds
  /// the schemes that ship with DRGKit).
  public static let packageTables: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Scheme
    .deletingLastPathComponent()  // DRGKit
    .deletingLastPathComponent()  // Sources
    .deletingLastPathComponent()  // package root
    .appendingPathComponent("grouper-tables").path

  /// The standard places: `$DRG_TABLES`, `./grouper-tables`, then the package's tables.
  /// Places that do not exist are kept, so a message can say they were searched.
  public static func standard(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath
  ) -> SchemeLocator {
    var places: [Place] = []
    if let tables = environment["DRG_TABLES"], !tables.isEmpty {
      for path in tables.split(separator: ":") where !path.isEmpty {
        places.append(Place(label: "$DRG_TABLES", path: String(path)))
      }
    }
    places.append(
      Place(
        label: "./grouper-tables",
        path: URL(fileURLWithPath: currentDirectory).appendingPathComponent("grouper-tables").path
      ))
    places.append(Place(label: "package", path: packageTables))
    return SchemeLocator(places: places)
  }

  /// Whether `reference` is taken as a path rather than a bare id.
  public static func isPath(_ reference: String) -> Bool {
    var isDirectory: ObjCBool = false
    return reference.contains("/")
      || (FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory)
        && isDirectory.boolValue)
  }

  /// The scheme directory `reference` names.
  /// - Throws: ``SchemeLookupError`` when a bare id is in none of the places; it lists the
  ///   ids available and the places searched.
  public func directory(for reference: String) throws(SchemeLookupError) -> String {
    if Self.isPath(reference) { return reference }
    for place in places {
      let candidate = URL(fileURLWithPath: place.path).appendingPathComponent(reference)
      if Self.isSchemeDirectory(candidate.path) { return candidate.path }
    }
    throw SchemeLookupError(
      reference: reference, searched: places, available: availableSchemes().map(\.id))
  }

  /// Every scheme directory found in the places: one per id, the first place's winning,
  /// sorted by id. A place that appears twice (the current directory is the package) is
  /// searched once.
  public func availableSchemes() -> [(id: String, place: Place, path: String)] {
    var found: [String: (id: String, place: Place, path: String)] = [:]
    var seenPlaces: Set<String> = []
    for place in places {
      let resolved = URL(fileURLWithPath: place.path).standardizedFileURL.resolvingSymlinksInPath()
        .path
      guard seenPlaces.insert(resolved).inserted,
        let names = try? FileManager.default.contentsOfDirectory(atPath: place.path)
      else { continue }
      for name in names where found[name] == nil {
        let path = URL(fileURLWithPath: place.path).appendingPathComponent(name).path
        if Self.isSchemeDirectory(path) { found[name] = (name, place, path) }
      }
    }
    return found.values.sorted { $0.id < $1.id }
  }

  /// Whether `path` is a directory holding a `scheme.json`.
  static func isSchemeDirectory(_ path: String) -> Bool {
    FileManager.default.fileExists(
      atPath: URL(fileURLWithPath: path).appendingPathComponent("scheme.json").path)
  }
}

/// A bare scheme id that is in none of the places searched (exit status 66).
public struct SchemeLookupError: Error, Sendable, CustomStringConvertible {
  /// What the user typed.
  public var reference: String
  /// The places searched, in order.
  public var searched: [SchemeLocator.Place]
  /// The ids that are available.
  public var available: [String]

  /// The id not found and the schemes that are available.
  public var description: String {
    var text = "no scheme named '\(reference)'. Searched:\n"
    for place in searched { text += "  \(place.label): \(place.path)\n" }
    if available.isEmpty {
      text += "No scheme was found in these places."
    } else {
      text += "Available: \(available.joined(separator: ", "))"
    }
    return text
      + "\nGive a scheme directory's path, or one of these ids ('drg schemes' lists them)."
  }
}
