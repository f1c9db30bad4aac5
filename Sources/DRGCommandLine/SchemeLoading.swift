import DRGKit
import Foundation

extension Scheme {
  /// The scheme in `directory`, loaded as ``Scheme/init(directory:)`` loads it, with a
  /// missing table named by its path (`grouper-tables/x/drg.csv: file is missing`), so
  /// that the message says which directory was looked in.
  static func load(commandLine directory: String) throws(SchemeError) -> Scheme {
    try load(commandLine: directory, cache: .off).scheme
  }

  /// The scheme in `directory` loaded through `cache` (see
  /// ``Scheme/load(directory:cache:)``), with a missing table named by its path.
  static func load(commandLine directory: String, cache: SchemeCache) throws(SchemeError) -> (
    scheme: Scheme, cache: SchemeCacheReport
  ) {
    do {
      return try Scheme.load(directory: directory, cache: cache)
    } catch {
      var error = error
      if case .missingFile = error.kind {
        error.file = (directory as NSString).appendingPathComponent(error.file)
      }
      throw error
    }
  }
}

/// How commands load a scheme: through the standard cache of compiled schemes
/// (``SchemeCache/standard(environment:)``), with a note on standard error when a compiled
/// file was ignored or could not be written.
enum SchemeLoading {
  /// Help text shared by the commands that load a scheme.
  static let helpText = """
    Schemes load from a compiled copy kept in $DRG_CACHE_DIR, else $XDG_CACHE_HOME/drgkit,
    else ~/.cache/drgkit, checked against the checksum of the tables' bytes and rebuilt when
    they change; DRG_CACHE=off loads from the tables every time.
    """

  /// Loads the scheme in `directory`.
  static func load(_ directory: String, console: Console) throws -> Scheme {
    try loadReporting(directory, console: console).scheme
  }

  /// Loads the scheme in `directory` and says what the cache did.
  static func loadReporting(_ directory: String, console: Console) throws -> (
    scheme: Scheme, cache: SchemeCacheReport
  ) {
    let loaded = try Scheme.load(commandLine: directory, cache: .standard())
    if let note = loaded.cache.note { console.error(note) }
    return loaded
  }

  /// One line saying where the compiled form of a scheme is and what this load did.
  static func summary(_ report: SchemeCacheReport) -> String {
    guard let file = report.file else {
      return "Compiled form: not kept (DRG_CACHE=off, or no cache directory)."
    }
    if report.usedCompiledFile { return "Compiled form: \(file) (loaded from it)." }
    if report.wrote { return "Compiled form: \(file) (written now)." }
    return "Compiled form: not kept at \(file) (\(report.writeProblem ?? "not written"))."
  }
}
