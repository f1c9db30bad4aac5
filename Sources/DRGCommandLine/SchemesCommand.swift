import DRGKit
import Foundation

/// `drg schemes`: the catalogue of schemes that `--scheme ID` can name.
enum SchemesCommand: Subcommand {
  static let spec = CommandSpec(
    name: "schemes",
    abstract: "List the schemes --scheme can name: id, size, code editions, lint warnings.",
    usage: "drg schemes [--json | --markdown] [--tables DIR]",
    discussion: """
      A bare id given to --scheme (e.g. chs-drg-1.1) is looked for in these places, in order:
        1. $DRG_TABLES (a directory of scheme directories; several separated by ':')
        2. ./grouper-tables in the current directory
        3. the grouper-tables directory of the DRGKit package drg was built from
      A scheme directory's path (anything containing '/', or an existing directory) is used
      as it is. Each scheme is loaded and linted as 'drg scheme check' does; a scheme that
      cannot be loaded is listed with the reason and makes the exit status 65. The plain
      table ends with where compiled schemes are kept. The listing uses a scheme's compiled
      file when there is one but writes none (that would add a file of up to ~12 MB per
      scheme to the cache); a scheme without one is read from its tables.
      """ + "\n" + SchemeLoading.helpText,
    options: [
      .init(names: ["--json"], value: nil, help: "Print a JSON array, one object per scheme."),
      .init(names: ["--markdown"], value: nil, help: "Print a Markdown table."),
      .init(
        names: ["--tables"], value: "DIR",
        help: "List only the schemes in DIR instead of the standard places."),
    ],
    examples: [
      "drg schemes",
      "drg schemes --json > schemes.json",
      "DRG_TABLES=$HOME/my-tables drg schemes",
      "drg schemes --markdown --tables grouper-tables",
    ],
    positional: 0...0)

  static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
    if arguments.flag("--json") && arguments.flag("--markdown") {
      throw arguments.usageError("give --json or --markdown, not both")
    }
    let locator: SchemeLocator
    if let tables = arguments.value("--tables") {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: tables, isDirectory: &isDirectory),
        isDirectory.boolValue
      else {
        throw FileError(path: tables, operation: .open, code: ENOENT)
      }
      locator = SchemeLocator(places: [.init(label: tables, path: tables)])
    } else {
      locator = .standard()
    }
    let catalogue = SchemeCatalogue(locator: locator)
    if arguments.flag("--json") {
      console.out(catalogue.json)
    } else if arguments.flag("--markdown") {
      console.out(catalogue.markdown)
    } else if catalogue.entries.isEmpty {
      console.out("No schemes found. Searched:")
      for place in locator.places { console.out("  \(place.label): \(place.path)") }
    } else {
      console.out(catalogue.table)
      console.out(
        SchemeCache.standard().directory.map { "Compiled schemes are kept in \($0)." }
          ?? "Compiled schemes are not kept (DRG_CACHE=off, or no cache directory).")
    }
    let broken = catalogue.entries.filter { $0.loadError != nil }
    for entry in broken {
      console.error(
        "error: scheme \(entry.id) (\(entry.path)) cannot be loaded: \(entry.loadError ?? "")")
    }
    return broken.isEmpty ? ExitStatus.success : ExitStatus.dataError
  }
}
