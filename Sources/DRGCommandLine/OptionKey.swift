import Foundation

/// A typed option: how ``CommandSpec`` lists it (names, placeholder, help), how its text is
/// read into a `Value` with the command's usage messages, and the value it has when left
/// out. The default is written once, here: `--help` shows it from the same constant the
/// parser returns (see ``CommandSpec/Option/Default``).
///
/// Read one with ``ParsedArguments/value(_:)-(OptionKey<Value>)``: the option's text read
/// by ``read``, or ``defaultValue`` when the option is not given.
struct OptionKey<Value: Sendable>: Sendable {
  /// The option as the spec lists it; its help's default comes from this key.
  let option: CommandSpec.Option
  /// The value when the option is not given.
  let defaultValue: Value
  /// Reads the option's text; throws the command's usage error for a bad value.
  let read: @Sendable (_ text: String, _ arguments: ParsedArguments) throws(UsageError) -> Value

  /// The long spelling, the key of ``ParsedArguments/values``.
  var name: String { option.names.last ?? "" }

  /// A key whose default is `defaultValue`: `written` is that value as the option's text,
  /// and `shown` what `--help` says after `default:` (`written` itself unless given: `-,
  /// stdout`, `all three`). Without `written`, `--help` names no default.
  init(
    _ option: CommandSpec.Option, default defaultValue: Value, written: String?,
    shown: String? = nil,
    read: @escaping @Sendable (String, ParsedArguments) throws(UsageError) -> Value
  ) where Value: Equatable {
    var option = option
    if let written {
      let name = option.names.last ?? ""
      option.default = .value(
        written, shown: shown ?? written,
        readsAs: { text in
          // The option's text reads as the value the parser uses when the option is left
          // out (checked for every command by the tests).
          (try? read(text, ParsedArguments(command: name))) == defaultValue
        })
    }
    self.option = option
    self.defaultValue = defaultValue
    self.read = read
  }

  /// A key without a value default: left out, it is `nil`, and what happens then is the
  /// command's to decide, as `described` says in `--help` (`all cores`).
  init<Wrapped: Sendable>(
    _ option: CommandSpec.Option, described: String? = nil,
    read: @escaping @Sendable (String, ParsedArguments) throws(UsageError) -> Wrapped
  ) where Value == Wrapped? {
    var option = option
    option.default = described.map { .described($0) }
    self.option = option
    self.defaultValue = nil
    self.read = { (text, arguments) throws(UsageError) in try read(text, arguments) }
  }
}

// MARK: - Reading values

extension ParsedArguments {
  /// The value of a typed option: its text read by the key, or the key's default when the
  /// option is not given.
  func value<Value>(_ key: OptionKey<Value>) throws(UsageError) -> Value {
    guard let text = values[key.name] else { return key.defaultValue }
    return try key.read(text, self)
  }
}

/// The shared readers of option text: numbers with a rule, whole numbers, choices and
/// lists, each with the usage message the commands have always given.
enum OptionText {
  /// The largest magnitude a numeric option takes: 10^15 (a budget in yuan, a count, a
  /// factor). Larger values are typing mistakes, and would overflow whole numbers and fen.
  static let largestNumber = 1e15

  /// A finite number of at most ``largestNumber`` in magnitude.
  static func number(_ text: String, _ name: String, _ arguments: ParsedArguments)
    throws(UsageError) -> Double
  {
    guard let value = Double(text), value.isFinite else {
      throw arguments.usageError("\(name) must be a number, found '\(text)'")
    }
    guard abs(value) <= largestNumber else {
      throw arguments.usageError("\(name) must be at most 1e15 in size, found '\(text)'")
    }
    return value
  }

  /// A whole number of at least `minimum` (counts, thread numbers).
  static func wholeNumber(
    _ text: String, _ name: String, minimum: Int, _ arguments: ParsedArguments
  ) throws(UsageError) -> Int {
    let value = try number(text, name, arguments)
    guard value >= Double(minimum), value == value.rounded(), value < 1e9 else {
      throw arguments.usageError("\(name) must be a whole number ≥ \(minimum)")
    }
    return Int(value)
  }

  /// A comma-separated list: items trimmed, empty ones left out.
  static func list(_ text: String) -> [String] {
    text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// How a number is written in `--help` and in range messages: `5`, not `5.0`.
  static func shown(_ number: Double) -> String {
    number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
  }

  /// `a`, `a or b`, `a, b or c`.
  static func alternatives(_ names: [String]) -> String {
    names.count <= 1
      ? names.joined()
      : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
  }
}

/// What a number option must also be, beyond a finite number of at most 10^15, with the
/// message (after the option's name) when it is not.
struct NumberRule: Sendable {
  /// The message for `value` (written as `text`), or `nil` when it is allowed.
  let problem: @Sendable (_ value: Double, _ text: String) -> String?

  /// `value` must pass `test`; otherwise `\(name) \(message)`.
  static func require(_ message: String, _ test: @escaping @Sendable (Double) -> Bool)
    -> NumberRule
  {
    NumberRule { value, _ in test(value) ? nil : message }
  }

  /// From `range.lowerBound` to `range.upperBound`, both included.
  static func within(_ range: ClosedRange<Double>) -> NumberRule {
    NumberRule { value, text in
      range.contains(value)
        ? nil
        : "must be from \(OptionText.shown(range.lowerBound)) to \(OptionText.shown(range.upperBound)), found '\(text)'"
    }
  }

  /// Above 0 and below 1 (a rate: α, a false discovery rate).
  static let rate = require("must be above 0 and below 1") { $0 > 0 && $0 < 1 }
}

// MARK: - Keys of each kind

extension OptionKey where Value == String? {
  /// An option whose value is its text (a path, a name, a period), with no default.
  static func text(
    _ names: [String], _ placeholder: String, help: String, described: String? = nil,
    writes: CommandSpec.Option.Written? = nil
  ) -> OptionKey<String?> {
    OptionKey(
      CommandSpec.Option(names: names, value: placeholder, help: help, writes: writes),
      described: described
    ) { text, _ in text }
  }
}

extension OptionKey where Value == String {
  /// An option whose value is its text, `defaultValue` when left out (an output directory,
  /// `-` for standard output with the gloss `stdout`).
  static func text(
    _ names: [String], _ placeholder: String, help: String, default defaultValue: String,
    gloss: String? = nil, writes: CommandSpec.Option.Written? = nil
  ) -> OptionKey<String> {
    OptionKey(
      CommandSpec.Option(names: names, value: placeholder, help: help, writes: writes),
      default: defaultValue, written: defaultValue,
      shown: gloss.map { "\(defaultValue), \($0)" }
    ) { text, _ in text }
  }
}

extension OptionKey where Value == Double {
  /// A number, `defaultValue` when left out.
  static func number(
    _ names: [String], _ placeholder: String, help: String, default defaultValue: Double,
    rules: [NumberRule] = []
  ) -> OptionKey<Double> {
    OptionKey(
      CommandSpec.Option(names: names, value: placeholder, help: help),
      default: defaultValue, written: OptionText.shown(defaultValue)
    ) { (text, arguments) throws(UsageError) in
      try Self.checked(text, names.last ?? "", rules: rules, arguments)
    }
  }

  /// A number that passes `rules`, each with its message.
  static func checked(
    _ text: String, _ name: String, rules: [NumberRule], _ arguments: ParsedArguments
  ) throws(UsageError) -> Double {
    let value = try OptionText.number(text, name, arguments)
    for rule in rules {
      if let problem = rule.problem(value, text) {
        throw arguments.usageError("\(name) \(problem)")
      }
    }
    return value
  }
}

extension OptionKey where Value == Double? {
  /// A number without a default (`nil` when left out).
  static func number(
    _ names: [String], _ placeholder: String, help: String, described: String? = nil,
    rules: [NumberRule] = []
  ) -> OptionKey<Double?> {
    OptionKey(
      CommandSpec.Option(names: names, value: placeholder, help: help), described: described
    ) { (text, arguments) throws(UsageError) in
      try OptionKey<Double>.checked(text, names.last ?? "", rules: rules, arguments)
    }
  }
}

extension OptionKey where Value == Int {
  /// A whole number of at least `minimum`, `defaultValue` when left out.
  static func wholeNumber(
    _ names: [String], _ placeholder: String, help: String, minimum: Int,
    default defaultValue: Int
  ) -> OptionKey<Int> {
    OptionKey(
      CommandSpec.Option(names: names, value: placeholder, help: help),
      default: defaultValue, written: String(defaultValue)
    ) { (text, arguments) throws(UsageError) in
      try OptionText.wholeNumber(text, names.last ?? "", minimum: minimum, arguments)
    }
  }
}

extension OptionKey where Value == Int? {
  /// A whole number of at least `minimum` without a default (`nil` when left out).
  static func wholeNumber(
    _ names: [String], _ placeholder: String, help: String, minimum: Int,
    described: String? = nil
  ) -> OptionKey<Int?> {
    OptionKey(
      CommandSpec.Option(names: names, value: placeholder, help: help), described: described
    ) { (text, arguments) throws(UsageError) in
      try OptionText.wholeNumber(text, names.last ?? "", minimum: minimum, arguments)
    }
  }
}

extension OptionKey where Value: Equatable {
  /// One of a few spellings, each standing for a value; `defaultValue` when left out,
  /// shown in `--help` as the first spelling of it. Anything else is refused with
  /// `\(name) must be a, b or c, found 'x'` (the spellings, or `expected`), or with
  /// `message(text)` when given.
  static func choice(
    _ names: [String], _ placeholder: String, help: String, _ choices: [(String, Value)],
    default defaultValue: Value, expected: String? = nil,
    message: (@Sendable (String) -> String)? = nil
  ) -> OptionKey<Value> {
    let name = names.last ?? ""
    let spellings = choices.map(\.0)
    let values = choices.map(\.1)
    let listed = expected ?? OptionText.alternatives(spellings)
    return OptionKey(
      CommandSpec.Option(names: names, value: placeholder, help: help),
      default: defaultValue, written: choices.first { $0.1 == defaultValue }?.0
    ) { (text, arguments) throws(UsageError) in
      guard let index = spellings.firstIndex(of: text) else {
        throw arguments.usageError(message?(text) ?? "\(name) must be \(listed), found '\(text)'")
      }
      return values[index]
    }
  }
}
