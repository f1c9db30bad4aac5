import DRGKit
import Foundation

/// Describes a subcommand: its options, usage, and examples, from which `--help` is made.
struct CommandSpec: Sendable {
  struct Option: Sendable {
    /// Spellings, e.g. `["-o", "--output"]`.
    var names: [String]
    /// The value's placeholder (`FILE`), or `nil` for a flag.
    var value: String?
    var help: String
    /// What the option is when left out; set by the ``OptionKey`` the option is read with,
    /// so that `--help` and the parser share one constant.
    var `default`: Default? = nil
    /// What the value names as output, for ``OutputPlan``; `nil` for an option that
    /// writes nothing. A directory output without the option is its default.
    var writes: Written? = nil

    /// An output named by an option.
    enum Written: Sendable {
      /// A file (`-` for standard output).
      case file
      /// A directory and the names of the files that may be written into it.
      case directory(files: [String])
    }

    /// What an option is when left out, as `--help` shows it after `default:`.
    enum Default: Sendable {
      /// A value the parser returns: `written` as the option's text, `shown` in `--help`;
      /// `readsAs` says whether a text reads as that same value.
      case value(String, shown: String, readsAs: @Sendable (String) -> Bool)
      /// Left out, the option is absent and the command or the policy decides, as described.
      case described(String)
    }

    /// The text `--help` shows after `default:`, or `nil` without a default.
    var defaultValue: String? {
      switch self.default {
      case .value(_, let shown, _)?: shown
      case .described(let text)?: text
      case nil: nil
      }
    }

    /// The value of an output option left out: the directory of `-o DIR`, or `-` for a
    /// file output whose default is standard output; `nil` otherwise.
    var defaultOutput: String? {
      guard case .value(let written, _, _)? = self.default else { return nil }
      return written
    }

    /// `-j/--threads N`.
    static let threads = OptionKey<Int?>.threads.option
    /// `--block-size SIZE`.
    static let blockSize = OptionKey<Int>.blockSize.option
    /// `--bom`, read by ``ParsedArguments/outputEncoding()``.
    static let bom = Option(
      names: ["--bom"], value: nil,
      help: "Write CSV as UTF-8 with a byte-order mark, so Excel shows Chinese text.")
    /// `--output-encoding NAME`, read by ``ParsedArguments/outputEncoding()``.
    static let outputEncoding = OptionKey<OutputEncoding>.outputEncoding.option
  }

  var name: String
  var abstract: String
  var usage: String
  var discussion: String = ""
  var options: [Option]
  var examples: [String]
  /// Positional arguments accepted: minimum and maximum.
  var positional: ClosedRange<Int>

  var help: String {
    var text = "OVERVIEW: \(abstract)\n\nUSAGE: \(usage)\n"
    if !discussion.isEmpty { text += "\n\(discussion)\n" }
    text += "\nOPTIONS:\n"
    let all = options + [Option(names: ["-h", "--help"], value: nil, help: "Show this help.")]
    let labels = all.map { option in
      option.names.joined(separator: ", ") + (option.value.map { " \($0)" } ?? "")
    }
    let width = min(28, (labels.map(\.count).max() ?? 0) + 2)
    for (option, label) in zip(all, labels) {
      var line = "  " + label
      var help = option.help
      if let value = option.defaultValue { help += " (default: \(value))" }
      if label.count + 2 > width {
        line += "\n" + String(repeating: " ", count: width + 2)
      } else {
        line += String(repeating: " ", count: width - label.count)
      }
      text += line + help + "\n"
    }
    if !examples.isEmpty {
      text += "\nEXAMPLES:\n" + examples.map { "  \($0)" }.joined(separator: "\n") + "\n"
    }
    return text
  }

  /// Parses `arguments` (after the subcommand name).
  /// - Throws: ``UsageError`` for unknown options, missing values and wrong positional counts.
  func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
    var parsed = ParsedArguments(command: name)
    parsed.keyed = Set(options.filter { $0.default != nil }.compactMap(\.names.last))
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if argument == "--" {
        parsed.positional += arguments[index...]
        break
      }
      guard argument.hasPrefix("-"), argument != "-" else {
        parsed.positional.append(argument)
        continue
      }
      if argument == "-h" || argument == "--help" {
        parsed.wantsHelp = true
        continue
      }
      var name = argument
      var inlineValue: String?
      if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      guard let option = options.first(where: { $0.names.contains(name) }) else {
        throw UsageError(command: self.name, message: "unknown option '\(name)'")
      }
      let key = option.names.last ?? name
      if option.value == nil {
        guard inlineValue == nil else {
          throw UsageError(command: self.name, message: "\(name) takes no value")
        }
        parsed.flags.insert(key)
        continue
      }
      if let inlineValue {
        parsed.values[key] = inlineValue
      } else {
        guard index < arguments.count else {
          throw UsageError(
            command: self.name, message: "\(name) needs a value (\(option.value ?? "VALUE"))")
        }
        parsed.values[key] = arguments[index]
        index += 1
      }
    }
    if !parsed.wantsHelp && !positional.contains(parsed.positional.count) {
      let expected =
        positional.lowerBound == positional.upperBound
        ? "\(positional.lowerBound)" : "\(positional.lowerBound) to \(positional.upperBound)"
      throw UsageError(
        command: name,
        message:
          "expected \(expected) argument\(positional.upperBound == 1 ? "" : "s"), got \(parsed.positional.count)\(parsed.positional.isEmpty ? "" : ": \(parsed.positional.joined(separator: " "))")"
      )
    }
    return parsed
  }
}

/// Arguments after parsing: values keyed by the option's long name, with the name of the
/// command they were given to (for its usage errors).
struct ParsedArguments: Sendable {
  /// The command's name as typed after `drg` (`group`, `scheme check`).
  var command = ""
  var positional: [String] = []
  var values: [String: String] = [:]
  var flags: Set<String> = []
  var wantsHelp = false
  /// The options with a default, read only through their ``OptionKey`` (which knows it).
  var keyed: Set<String> = []

  /// The text of an option without a default, when given.
  func value(_ name: String) -> String? {
    assert(!keyed.contains(name), "\(name) has a default: read it with its OptionKey")
    return values[name]
  }

  /// A usage error (exit 64) of this command with `message`.
  func usageError(_ message: String) -> UsageError {
    UsageError(command: command, message: message)
  }
  func flag(_ name: String) -> Bool { flags.contains(name) }

  /// A required option.
  func required(_ name: String) throws(UsageError) -> String {
    guard let value = value(name) else {
      throw UsageError(command: command, message: "missing \(name)")
    }
    return value
  }

  /// Lowers `--threads` to four per core, the most that helps; returns the message saying
  /// so, or `nil` when the option is absent or within the bound.
  mutating func capThreads() -> String? {
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let cap = 4 * cores
    guard let text = values["--threads"], let asked = Double(text), asked.isFinite,
      asked > Double(cap), asked < 1e9, asked == asked.rounded()
    else { return nil }
    values["--threads"] = String(cap)
    return
      "-j \(text) is more than 4 threads for each of the \(cores) cores; using \(cap) threads"
  }
}

extension ParsedArguments {
  /// The scheme directory named by option `name` (a path or a bare id such as
  /// `chs-drg-1.1`, see ``SchemeLocator``).
  /// - Throws: ``UsageError`` when the option is missing, ``SchemeLookupError`` when a bare
  ///   id is not found.
  func schemeDirectory(_ name: String = "--scheme") throws -> String {
    try SchemeLocator.standard().directory(for: required(name))
  }

  /// `--threads N`, when given.
  func threads() throws(UsageError) -> Int? { try value(OptionKey.threads) }

  /// `--block-size SIZE` in bytes (4 MB when left out).
  func blockSize() throws(UsageError) -> Int { try value(OptionKey.blockSize) }
}

extension OptionKey where Value == Int? {
  /// `-j/--threads N`: worker threads, all cores when left out.
  static let threads = OptionKey<Int?>.wholeNumber(
    ["-j", "--threads"], "N", help: "Worker threads.", minimum: 1, described: "all cores")

}

extension OptionKey where Value == Int {
  /// `--block-size SIZE` in bytes: a number of megabytes, or a number with the unit `B`,
  /// `KB` or `MB` (any case); from 1 byte to 1024 MB. Left out, 4 MB, the readers' own
  /// default (`FileGrouping`, `FileWeighting`, `FileAudit`).
  static let blockSize = OptionKey<Int>(
    CommandSpec.Option(
      names: ["--block-size"], value: "SIZE",
      help:
        "Input per chunk: megabytes, or with a unit (7B, 4KB, 4MB); any size gives the same output."
    ),
    default: 4 << 20, written: "4"
  ) { (text, arguments) throws(UsageError) in
    let units: [(suffix: String, bytes: Double)] = [
      ("kb", 1024), ("mb", 1_048_576), ("k", 1024), ("m", 1_048_576), ("b", 1),
    ]
    let lower = text.lowercased()
    let unit = units.first { lower.hasSuffix($0.suffix) }
    let number = unit.map { String(lower.dropLast($0.suffix.count)) } ?? lower
    guard let amount = Double(number), amount.isFinite else {
      throw arguments.usageError(
        "--block-size must be a number, found '\(text)' (megabytes, or 4MB, 64KB, 7B)")
    }
    let bytes = amount * (unit?.bytes ?? 1_048_576)
    guard bytes >= 1, bytes <= 1024 * 1_048_576 else {
      throw arguments.usageError("--block-size must be from 1 byte (1B) to 1024 MB")
    }
    return Int(bytes)
  }
}

extension OptionKey where Value == OutputEncoding {
  /// `--output-encoding NAME`: utf8 when left out.
  static let outputEncoding = OptionKey<OutputEncoding>(
    CommandSpec.Option(
      names: ["--output-encoding"], value: "NAME",
      help: "CSV output encoding: utf8 or gb18030 (gbk)."),
    default: .utf8, written: "utf8"
  ) { (name, arguments) throws(UsageError) in
    guard let named = OutputEncoding(name: name), named != .utf8WithBOM else {
      throw arguments.usageError("unknown --output-encoding '\(name)'; use utf8 or gb18030")
    }
    return named
  }
}

extension ParsedArguments {
  /// The encoding of the CSV files the command writes (`--bom`, `--output-encoding`).
  func outputEncoding() throws(UsageError) -> OutputEncoding {
    var encoding = try value(OptionKey.outputEncoding)
    if flag("--bom") {
      guard encoding == .utf8 else {
        throw UsageError(
          command: command,
          message: "--bom writes UTF-8 and --output-encoding gb18030 writes GB18030; give one")
      }
      encoding = .utf8WithBOM
    }
    return encoding
  }
}

/// A mistake in how the command was called (exit status 64).
struct UsageError: Error, Sendable, CustomStringConvertible {
  var command: String
  var message: String
  var description: String { "\(message)\nRun 'drg \(command) --help' for usage." }
}
