import Foundation

/// Where compiled schemes are kept, so that a scheme loads in milliseconds instead of
/// being read and compiled from its tables every time.
///
/// A compiled scheme is one file per scheme directory holding everything loading computes
/// (codes, lists, CC tables, rules, the engine's tables). It is used only when it matches
/// the tables exactly: its header holds a checksum of every table file's bytes
/// (``TableChecksum``), the compiled-form version and a stamp of the program that wrote it,
/// and a checksum of its own bytes. A stale, truncated, corrupted or foreign file is never
/// trusted: the scheme is loaded from its tables and the file is written again. Files are
/// written to a temporary name and renamed into place, so processes loading at the same
/// time never see half a file.
///
/// The standard place is `$DRG_CACHE_DIR`, else `$XDG_CACHE_HOME/drgkit`, else
/// `~/.cache/drgkit`; `DRG_CACHE=off` switches caching off. When the place cannot be
/// written, schemes load from their tables as before.
///
/// ```swift
/// let loaded = try Scheme.load(directory: "grouper-tables/chs-drg-1.1", cache: .standard())
/// if let note = loaded.cache.note { print(note) }
/// ```
public struct SchemeCache: Sendable, Equatable {
  /// The directory compiled schemes are kept in; `nil` when caching is off.
  public var directory: String?

  /// A cache in `directory` (`nil`: off).
  public init(directory: String?) {
    self.directory = directory
  }

  /// No cache: every load reads the tables.
  public static let off = SchemeCache(directory: nil)

  /// The version of the compiled form; raise it whenever what is written changes.
  static let formatVersion = 3

  /// The standard place (see the type's description).
  public static func standard(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> SchemeCache {
    if let setting = environment["DRG_CACHE"]?.lowercased(),
      ["off", "0", "no", "false"].contains(setting)
    {
      return .off
    }
    if let directory = environment["DRG_CACHE_DIR"], !directory.isEmpty {
      return SchemeCache(directory: directory)
    }
    if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") {
      return SchemeCache(directory: base + "/drgkit")
    }
    if let home = environment["HOME"], !home.isEmpty {
      return SchemeCache(directory: home + "/.cache/drgkit")
    }
    return .off
  }

  /// The compiled file for the scheme in `schemeDirectory`: named after the directory, a
  /// hash of its absolute path (schemes with the same name in different places do not share
  /// a file) and a hash of the program stamp (two builds of `drg` used in turn do not
  /// rebuild each other's file; writing one removes the other builds' files of the same
  /// scheme).
  public func file(for schemeDirectory: String) -> String? {
    guard let prefix = filePrefix(for: schemeDirectory) else { return nil }
    var stamp = TableChecksum()
    stamp.add(CompiledSchemeFile.programStamp)
    return prefix + Self.hex(stamp.value >> 32, digits: 8) + ".drgscheme"
  }

  static func hex(_ value: UInt64, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }

  /// The start of the names of the compiled files of the scheme in `schemeDirectory`,
  /// whichever build wrote them.
  func filePrefix(for schemeDirectory: String) -> String? {
    guard let directory else { return nil }
    let path = URL(fileURLWithPath: schemeDirectory).standardizedFileURL.path
    var checksum = TableChecksum()
    checksum.add(path)
    let name = String(
      URL(fileURLWithPath: path).lastPathComponent.unicodeScalars.map { scalar in
        scalar.isASCII
          && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_"
            || scalar == ".")
          ? Character(scalar) : "_"
      }.prefix(64))
    return URL(fileURLWithPath: directory).appendingPathComponent(
      "\(name)-\(Self.hex(checksum.value, digits: 16))-"
    ).path
  }
}

/// What a load did with the cache (see ``Scheme/load(directory:cache:)``).
public struct SchemeCacheReport: Sendable, Equatable {
  /// The compiled file for this scheme, `nil` when caching is off.
  public var file: String?
  /// Whether the scheme came from the compiled file (`false`: from its tables).
  public var usedCompiledFile: Bool = false
  /// Why a compiled file that was there was not used (stale, truncated, corrupted, another
  /// version), `nil` when there was none or it was used.
  public var rejected: String?
  /// Whether a new compiled file was written.
  public var wrote: Bool = false
  /// Why a compiled file could not be written, `nil` when it was or was not needed.
  public var writeProblem: String?

  /// A line for standard error when something deserves a note: a compiled file was
  /// ignored, or could not be written; `nil` otherwise.
  public var note: String? {
    guard let file else { return nil }
    if let rejected {
      let after = wrote ? "rebuilt it" : "loaded from the tables"
      return "note: ignored the compiled scheme \(file) (\(rejected)); \(after)"
    }
    if let writeProblem {
      return "note: could not keep a compiled scheme at \(file) (\(writeProblem)); loaded from "
        + "the tables (set DRG_CACHE_DIR, or DRG_CACHE=off)"
    }
    return nil
  }
}

extension Scheme {
  /// Loads the scheme in `directory`, from its compiled file in `cache` when that file
  /// matches the tables, else from the tables (see ``init(directory:)``), keeping a
  /// compiled file for next time. The result is the same scheme either way.
  ///
  /// - Throws: ``SchemeError`` as ``init(directory:)`` does; a cache that cannot be read
  ///   or written is no error (see ``SchemeCacheReport``).
  public static func load(directory: String, cache: SchemeCache) throws(SchemeError) -> (
    scheme: Scheme, cache: SchemeCacheReport
  ) {
    var report = SchemeCacheReport(file: cache.file(for: directory))
    guard let file = report.file, let stamp = CompiledSchemeFile.tablesStamp(directory) else {
      return (try SchemeBuilder.load(directory: directory), report)
    }
    if FileManager.default.fileExists(atPath: file) {
      switch CompiledSchemeFile.read(file, tables: stamp, directory: directory) {
      case .success(let scheme):
        report.usedCompiledFile = true
        return (scheme, report)
      case .failure(let problem):
        report.rejected = problem.reason
      }
    }
    let scheme = try SchemeBuilder.load(directory: directory)
    // Tables edited while they were being read are not cached.
    guard CompiledSchemeFile.tablesStamp(directory) == stamp else {
      report.writeProblem = "the tables changed while they were read"
      return (scheme, report)
    }
    if let problem = CompiledSchemeFile.write(scheme, tables: stamp, to: file, directory: directory)
    {
      report.writeProblem = problem
    } else {
      report.wrote = true
      CompiledSchemeFile.removeOthers(besides: file, prefix: cache.filePrefix(for: directory))
    }
    return (scheme, report)
  }

  /// Loads the scheme in `directory` through `cache` (see ``load(directory:cache:)``),
  /// without the report.
  public init(directory: String, cache: SchemeCache) throws(SchemeError) {
    self = try Self.load(directory: directory, cache: cache).scheme
  }
}
